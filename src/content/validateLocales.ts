import type { ContentProblem } from './validateContent.js';

/**
 * The locale checks of `npm run content:check`: every string the bot, the web chat page or an
 * advisor's canned reply shows exists in all six locales (a missing Tachelhit string used to fall
 * back to Arabic script, a missing Darija one to Modern Standard Arabic), and no sentence mixes
 * scripts (a Latin word in an Arabic-script string, Arabic letters in a Latin-script Tachelhit one).
 */

export const SIX_LOCALES = ['ar', 'fr', 'en', 'es', 'shi', 'ary'] as const;
/** What a person reads: the bot, the web chat page, an advisor's canned replies. (The console is for the Center's staff, in French and English.) */
export const PERSON_NAMESPACES = ['bot', 'web', 'canned'] as const;

const ARABIC_SCRIPT: ReadonlySet<string> = new Set(['ar', 'ary']);

/** Strings that list every language in its own script on purpose. */
const MULTILINGUAL_KEYS = [/^onboarding\.language$/, /^languages\./];

/**
 * Latin that belongs in an Arabic-script sentence: placeholders, URLs, e-mail addresses, acronyms
 * (UNHCR, MRE, CNDP, "BRA"), and names written in Latin letters by their owners.
 */
export const LATIN_ALLOWED_IN_ARABIC = [
  /\{\{[^}]+\}\}/g,
  /https?:\/\/\S+/g,
  /[\w.+-]+@[\w-]+(\.[\w-]+)+/g,
  /[\w-]+\.(ma|org|com|int|net)\b/g,
  /\b(WhatsApp|Telegram|MDM Invest|Marhaba|Fondation Hassan II)\b/g,
  /\btawjih\b/g,
  /\b[A-Z][A-Z0-9]+\b/g,
];

const PLURAL = /_(zero|one|two|few|many|other)$/;

type Tree = Record<string, unknown>;

function leaves(tree: unknown, prefix = ''): [string, string][] {
  if (typeof tree === 'string') return [[prefix, tree]];
  if (!tree || typeof tree !== 'object' || Array.isArray(tree)) return [];
  return Object.entries(tree as Tree).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

/** "handoff.wait_few" -> "handoff.wait": each language has its own plural forms of one string. */
const baseKey = (key: string) => key.replace(PLURAL, '');

/** What in `text` is written in the wrong script for `lng`, or null. */
export function mixedScript(lng: string, text: string): string | null {
  if (ARABIC_SCRIPT.has(lng)) {
    let rest = text;
    for (const re of LATIN_ALLOWED_IN_ARABIC) rest = rest.replace(re, ' ');
    return /\p{Script=Latin}{2,}/u.exec(rest)?.[0] ?? null;
  }
  return /\p{Script=Arabic}+/u.exec(text.replace(/\{\{[^}]+\}\}/g, ' '))?.[0] ?? null;
}

export function validateLocales(locales: Record<string, Record<string, unknown>>, status?: Record<string, Record<string, Record<string, string>>>): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const err = (file: string, message: string) => problems.push({ file, message, severity: 'error' });
  const warn = (file: string, message: string) => problems.push({ file, message, severity: 'warning' });

  for (const ns of PERSON_NAMESPACES) {
    const reference = new Set(leaves(locales.fr?.[ns]).map(([k]) => baseKey(k)));
    for (const lng of SIX_LOCALES) {
      const file = `locales/${lng}/${ns}.json`;
      const strings = leaves(locales[lng]?.[ns]);
      const have = new Set(strings.map(([k]) => baseKey(k)));
      // Present in every locale (a plural string: at least its "_other" form, or the plain key).
      for (const key of reference) if (!have.has(key)) err(file, `missing key "${key}"`);
      const keys = new Set(strings.map(([k]) => k));
      for (const key of reference) if (have.has(key) && !keys.has(key) && !keys.has(`${key}_other`)) err(file, `plural string "${key}" has no "${key}_other" form`);
      for (const [key, text] of strings) {
        if (!reference.has(baseKey(key))) err(file, `key "${key}" does not exist in French`);
        if (MULTILINGUAL_KEYS.some((re) => re.test(key))) continue;
        const wrong = mixedScript(lng, text);
        if (wrong) err(file, `"${key}" mixes scripts: "${wrong}" in ${ARABIC_SCRIPT.has(lng) ? 'an Arabic-script' : 'a Latin-script'} string: "${text}"`);
        if (status?.[lng]?.[ns] && !status[lng][ns][key]) warn('locales/status.json', `${lng}/${ns} "${key}" is not marked machine or reviewed`);
      }
    }
  }
  return problems;
}
