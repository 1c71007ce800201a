import type { Locale } from '../config/configSchema.js';
import { WRITTEN_LANGUAGES, type Article, type LexiconFile, type WrittenLanguage } from '../content/contentTypes.js';
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
 * by several languages ("la", "de") gives each a share of its vote. When those words leave it
 * undecided ("ambulance number morocco" has none), the words of the articles written in each
 * language vote too.
 */
export class LanguageDetector {
  private readonly votes = new Map<string, Map<WrittenLanguage, number>>();
  /** Each word of the articles (Latin script): the languages whose articles use it, one bit per WRITTEN_LANGUAGES index. */
  private readonly articleWords = new Map<string, number>();

  constructor(files: readonly LexiconFile[] = [], articles: readonly Article[] = []) {
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
    for (const article of articles) {
      for (const t of Object.values(article.texts)) {
        if (!t || t.lang === 'ar') continue;
        const bit = 1 << WRITTEN_LANGUAGES.indexOf(t.lang);
        for (const token of normalizeText(`${t.title} ${t.summary} ${t.keywords.join(' ')} ${t.body}`).split(' ')) {
          if (!token || /^\d+$/.test(token) || isArabicScript(token)) continue;
          this.articleWords.set(token, (this.articleWords.get(token) ?? 0) | bit);
        }
      }
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
    return decided(score) ?? decided(this.withArticleWords(tokens, score));
  }

  /** The telling words' scores plus the articles' words' votes (a word used in n languages' articles gives each 1/n). */
  private withArticleWords(tokens: readonly string[], score: ReadonlyMap<WrittenLanguage, number>): Map<WrittenLanguage, number> {
    const total = new Map(score);
    for (const token of tokens) {
      const bits = this.articleWords.get(token);
      if (!bits) continue;
      const languages = WRITTEN_LANGUAGES.filter((_, i) => bits & (1 << i));
      for (const language of languages) total.set(language, (total.get(language) ?? 0) + 1 / languages.length);
    }
    return total;
  }
}

/** The language that leads the others by half a vote or more, if any (Arabic is told by its script). */
function decided(score: ReadonlyMap<WrittenLanguage, number>): WrittenLanguage | null {
  const [best, second] = [...score].filter(([l]) => l !== 'ar').sort((a, b) => b[1] - a[1]);
  if (!best || best[1] === 0 || (second && best[1] - second[1] < 0.5)) return null;
  return best[0];
}

const plain = new LanguageDetector();

/** The language of a message, from the built-in markers only (no lexicon). */
export function detectLanguage(text: string): WrittenLanguage | null {
  return plain.detect(text);
}
