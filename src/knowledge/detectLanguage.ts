import type { Locale } from '../config/configSchema.js';
import { isArabicScript, normalizeText } from './normalize.js';

const MARKERS: Record<'fr' | 'en' | 'es' | 'ary' | 'arDarija', string> = {
  fr: 'bonjour salut merci il elle quel quelle au aux ce qui que ou dans sur faire peux veux le la les des du de est je vous mon ma mes pour comment pourquoi quand avec sans une un et ou carte mais suis ai',
  en: 'hello hi thanks please the is are i you my your how what where when with without an and or do does can need want for of to',
  es: 'hola gracias el los las es soy estoy mi mis como cómo donde dónde cuando por para con sin una y o puedo quiero tengo hijo',
  ary: 'wach wech kifach kifash chno achno bghit bghina dyal dial daba rah rani kayn kayna 3andi andi fin mnin ch7al bzaf m3a khasni ndir nkhdem',
  arDarija: 'واش كيفاش شنو اشنو بغيت ديال دابا راه راني كاين كاينه عندي فين منين شحال بزاف مع خاصني نجدد كيداوي',
};

const SETS = Object.fromEntries(
  Object.entries(MARKERS).map(([k, v]) => [k, new Set(normalizeText(v).split(' '))]),
) as Record<keyof typeof MARKERS, Set<string>>;

/** The language a message is written in, from its script and its most telling small words. */
export function detectLanguage(text: string): Locale | null {
  const tokens = normalizeText(text).split(' ').filter(Boolean);
  if (tokens.length === 0) return null;
  if (isArabicScript(text)) return tokens.some((t) => SETS.arDarija.has(t)) ? 'ary' : 'ar';
  const scores = (['fr', 'en', 'es', 'ary'] as const).map((l) => [l, tokens.filter((t) => SETS[l].has(t)).length] as const);
  scores.sort((a, b) => b[1] - a[1]);
  const [best, second] = scores;
  if (!best || best[1] === 0 || best[1] === second?.[1]) return null;
  return best[0];
}
