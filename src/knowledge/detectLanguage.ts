import type { Locale } from '../config/configSchema.js';
import type { LexiconFile, WrittenLanguage } from '../content/contentTypes.js';
import { isArabicScript, normalizeText } from './normalize.js';

export type { WrittenLanguage };

/** The small words that tell languages apart even without a lexicon. */
const MARKERS: Partial<Record<WrittenLanguage, string>> = {
  fr: 'bonjour salut merci il elle quel quelle au aux ce qui que ou dans sur faire peux veux le la les des du de est je vous mon ma mes pour comment pourquoi quand avec sans une un et ou carte mais suis ai',
  en: 'hello hi thanks please the is are i you my your how what where when with without an and or do does can need want for of to',
  es: 'hola gracias el los las es soy estoy mi mis como cómo donde dónde cuando por para con sin una y o puedo quiero tengo hijo',
  ary: 'wach wech kifach kifash chno achno bghit bghina dyal dial daba rah rani kayn kayna 3andi andi fin mnin ch7al bzaf m3a khasni ndir nkhdem ' +
    'واش كيفاش شنو اشنو بغيت ديال دابا راه راني كاين كاينه عندي فين منين شحال بزاف مع خاصني نجدد كيداوي',
};

/** What tawjih answers in when a message is written in a language it reads but does not speak. */
export const ANSWER_LOCALE: Record<WrittenLanguage, Locale> = { ar: 'ar', ary: 'ary', shi: 'shi', fr: 'fr', en: 'en', es: 'es', it: 'fr', nl: 'en', de: 'en' };

/**
 * Tells a message's language from its script and its telling words: the markers above, and each
 * lexicon file's stopwords and variants (knowledge/lexicon/, one language per file). A word listed
 * by several languages ("la", "de") gives each a share of its vote.
 */
export class LanguageDetector {
  private readonly votes = new Map<string, Map<WrittenLanguage, number>>();

  constructor(files: readonly LexiconFile[] = []) {
    const add = (language: WrittenLanguage, text: string) => {
      for (const token of normalizeText(text).split(' ')) {
        if (!token || /^\d+$/.test(token)) continue;
        let v = this.votes.get(token);
        if (!v) this.votes.set(token, (v = new Map()));
        v.set(language, 1);
      }
    };
    for (const [language, words] of Object.entries(MARKERS)) add(language as WrittenLanguage, words);
    for (const f of files) {
      add(f.language, f.stopwords.join(' '));
      for (const variant of Object.keys(f.words)) add(f.language, variant.replace(/\*/g, ''));
    }
  }

  detect(text: string): WrittenLanguage | null {
    const tokens = normalizeText(text).split(' ').filter(Boolean);
    if (tokens.length === 0) return null;
    const arabic = isArabicScript(text);
    const score = new Map<WrittenLanguage, number>();
    for (const token of tokens) {
      const v = this.votes.get(token);
      if (!v) continue;
      const share = 1 / v.size;
      for (const language of v.keys()) score.set(language, (score.get(language) ?? 0) + share);
    }
    if (arabic) {
      // Arabic letters: Darija if it says so more than other Arabic does (greetings are shared).
      const ary = score.get('ary') ?? 0;
      return ary > (score.get('ar') ?? 0) ? 'ary' : 'ar';
    }
    const ranked = [...score].filter(([l]) => l !== 'ar').sort((a, b) => b[1] - a[1]);
    const [best, second] = ranked;
    if (!best || best[1] === 0 || (second && best[1] - second[1] < 0.5)) return null;
    return best[0];
  }
}

const plain = new LanguageDetector();

/** The language of a message, from the built-in markers only (no lexicon). */
export function detectLanguage(text: string): WrittenLanguage | null {
  return plain.detect(text);
}
