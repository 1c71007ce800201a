import type { ContentProblem } from './validateContent.js';

/**
 * The locale checks of `npm run content:check`: every string the bot, the web chat page or an
 * advisor's canned reply shows exists in all six locales (a missing Tachelhit string used to fall
 * back to Arabic script, a missing Darija one to Modern Standard Arabic), and no sentence mixes
 * scripts (a Latin word in an Arabic-script string, Arabic letters in a Latin-script Tachelhit one).
 * Every console string exists in each language the console is written in (a missing Arabic one
 * showed French, right to left, on the admin pages).
 */

export const SIX_LOCALES = ['ar', 'fr', 'en', 'es', 'shi', 'ary'] as const;
/** What a person reads: the bot, the web chat page, an advisor's canned replies. */
export const PERSON_NAMESPACES = ['bot', 'web', 'canned'] as const;
/** What the Center's staff read, in the languages that have a `locales/<lng>/console.json` (French, English, Arabic). */
export const CONSOLE_NAMESPACE = 'console';

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

/**
 * "handoff.wait_few" -> "handoff.wait": each language has its own plural forms of one string. A
 * suffix counts as a plural form only where some locale has the string's "_other" form
 * ("login.too_many" is not a plural of "login.too").
 */
function pluralBase(lists: [string, string][][]): (key: string) => string {
  const plurals = new Set(lists.flatMap((l) => l.flatMap(([k]) => (k.endsWith('_other') ? [k.slice(0, -'_other'.length)] : []))));
  return (key) => {
    const base = key.replace(PLURAL, '');
    return base !== key && plurals.has(base) ? base : key;
  };
}

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

  /** Present in every locale (a plural string: at least its "_other" form, or the plain key). */
  const checkPresent = (file: string, strings: [string, string][], baseKey: (key: string) => string, reference: Iterable<string>, missing: (key: string) => string) => {
    const have = new Set(strings.map(([k]) => baseKey(k)));
    const keys = new Set(strings.map(([k]) => k));
    for (const key of reference) {
      if (!have.has(key)) err(file, missing(key));
      else if (!keys.has(key) && !keys.has(`${key}_other`)) err(file, `plural string "${key}" has no "${key}_other" form`);
    }
  };

  for (const ns of PERSON_NAMESPACES) {
    const byLocale = new Map(SIX_LOCALES.map((lng) => [lng, leaves(locales[lng]?.[ns])] as const));
    const baseKey = pluralBase([...byLocale.values()]);
    const reference = new Set(leaves(locales.fr?.[ns]).map(([k]) => baseKey(k)));
    for (const lng of SIX_LOCALES) {
      const file = `locales/${lng}/${ns}.json`;
      const strings = byLocale.get(lng)!;
      checkPresent(file, strings, baseKey, reference, (key) => `missing key "${key}"`);
      for (const [key, text] of strings) {
        if (!reference.has(baseKey(key))) err(file, `key "${key}" does not exist in French`);
        if (MULTILINGUAL_KEYS.some((re) => re.test(key))) continue;
        const wrong = mixedScript(lng, text);
        if (wrong) err(file, `"${key}" mixes scripts: "${wrong}" in ${ARABIC_SCRIPT.has(lng) ? 'an Arabic-script' : 'a Latin-script'} string: "${text}"`);
        if (status?.[lng]?.[ns] && !status[lng][ns][key]) warn('locales/status.json', `${lng}/${ns} "${key}" is not marked machine or reviewed`);
      }
    }
  }

  // The console: a key in one of its languages is in all of them (no reference language: a key
  // added to English only is as wrong as one missing from Arabic).
  const consoleLocales = SIX_LOCALES.filter((lng) => locales[lng]?.[CONSOLE_NAMESPACE]);
  const consoleStrings = new Map(consoleLocales.map((lng) => [lng, leaves(locales[lng]![CONSOLE_NAMESPACE])] as const));
  const consoleBase = pluralBase([...consoleStrings.values()]);
  for (const lng of consoleLocales) {
    const file = `locales/${lng}/${CONSOLE_NAMESPACE}.json`;
    const others = consoleLocales.filter((o) => o !== lng);
    const reference = new Set(others.flatMap((o) => consoleStrings.get(o)!.map(([k]) => consoleBase(k))));
    const holders = (key: string) => others.filter((o) => consoleStrings.get(o)!.some(([k]) => consoleBase(k) === key)).map((o) => `locales/${o}/${CONSOLE_NAMESPACE}.json`);
    checkPresent(file, consoleStrings.get(lng)!, consoleBase, reference, (key) => `missing console key "${key}" (present in ${holders(key).join(', ')})`);
    for (const [key] of consoleStrings.get(lng)!) {
      if (status?.[lng]?.[CONSOLE_NAMESPACE] && !status[lng][CONSOLE_NAMESPACE][key]) warn('locales/status.json', `${lng}/${CONSOLE_NAMESPACE} "${key}" is not marked machine or reviewed`);
    }
  }
  return problems;
}
