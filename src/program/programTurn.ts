/**
 * The program's vocabulary: news topics, the languages its texts are written in, and how a text
 * is picked for a person. Its types for the turn are the core's port (core/programPort.ts).
 */
import type { NewsTopic, ProgramLang, Texts } from '../core/programPort.js';

export type { NewsTopic, ProgramContext, ProgramEffects, ProgramEvent, ProgramLang, Texts } from '../core/programPort.js';

export const NEWS_TOPICS: readonly NewsTopic[] = ['workshops', 'rights', 'investment'];
export const PROGRAM_LANGS: readonly ProgramLang[] = ['ar', 'fr', 'en', 'es'];

/** The text in the person's language, else its fallbacks (ary, shi → ar → fr; es → fr → en), else any. */
export function pickText(texts: Texts, locale: string): { text: string; lang: ProgramLang } | null {
  const chain: string[] = [locale];
  if (locale === 'ary' || locale === 'shi') chain.push('ar', 'fr');
  else if (locale === 'es') chain.push('fr', 'en');
  else chain.push('fr');
  chain.push('en', 'ar', 'es', 'fr');
  for (const l of chain) {
    const t = texts[l as ProgramLang]?.trim();
    if (t) return { text: t, lang: l as ProgramLang };
  }
  return null;
}
