import i18next, { type i18n as I18nInstance } from 'i18next';
import { SUPPORTED_LOCALES, type Locale } from '../config/configSchema.js';

export type LocaleResources = Record<string, Record<string, unknown>>; // lng -> ns -> tree

/** Fallbacks from DESIGN.md: shi, ary -> ar -> fr; es -> fr -> en; everything else -> fr. */
export const LOCALE_FALLBACKS: Record<string, string[]> = {
  shi: ['ar', 'fr'],
  ary: ['ar', 'fr'],
  es: ['fr', 'en'],
  ar: ['fr'],
  en: ['fr'],
  default: ['fr'],
};

/** Strings without parameters kept, at most (the six locales' keys are ~3,000 today). */
const PLAIN_CACHE_MAX = 20_000;
/** Templates of strings with parameters (one per key, count and parameter names), at most. */
const TEMPLATE_CACHE_MAX = 20_000;
/** Stands for a parameter while i18next makes a template (a private-use character). */
const MARK = '\uE000';
/** Parameters i18next reads as options, not as values: such a call goes to i18next itself. */
const I18NEXT_OPTIONS = new Set(['context', 'ordinal', 'defaultValue', 'lng', 'lngs', 'ns', 'replace', 'returnObjects', 'returnDetails', 'joinArrays', 'postProcess', 'interpolation', 'skipInterpolation', 'keySeparator', 'nsSeparator', 'fallbackLng']);

const RTL = new Set<string>(['ar', 'ary']);

/** Languages whose plural forms follow another's: keys "_zero … _other" as in Arabic. */
const PLURAL_RULES_OF: Record<string, string> = { ary: 'ar' };

export interface I18n {
  t(locale: Locale, key: string, params?: Record<string, string | number>, ns?: string): string;
  /** True when the key exists in this locale or one of its fallbacks. */
  has(locale: Locale, key: string, ns?: string): boolean;
  dir(locale: Locale): 'rtl' | 'ltr';
}

/**
 * One i18next instance per app (no global singleton). Resources come from the content loader.
 * `templates: false`: every string with parameters straight from i18next (the tests compare).
 */
export function createI18n(resources: LocaleResources, options: { templates?: boolean } = {}): I18n {
  const instance: I18nInstance = i18next.createInstance();
  void instance.init({
    resources: resources as never,
    lng: 'fr',
    fallbackLng: LOCALE_FALLBACKS,
    supportedLngs: [...SUPPORTED_LOCALES],
    ns: ['bot', 'web', 'console', 'canned'],
    defaultNS: 'bot',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  } as never);
  // Darija has no plural rules in CLDR (Intl gives English "one/other"); it counts as Arabic does:
  // "دقيقة وحدة، جوج دقايق، 6 دقايق، 15 دقيقة". i18next picks the rule by language code.
  const plurals = instance.services.pluralResolver as { getRule(code: string, options?: object): unknown };
  const ruleOf = plurals.getRule.bind(plurals);
  plurals.getRule = (code, options) => ruleOf(PLURAL_RULES_OF[code] ?? code, options);
  const fixed = new Map<string, ReturnType<I18nInstance['getFixedT']>>();
  const tFor = (locale: string, ns: string) => {
    const k = `${locale}|${ns}`;
    let f = fixed.get(k);
    if (!f) {
      f = instance.getFixedT(locale, ns);
      fixed.set(k, f);
    }
    return f;
  };
  // A string without parameters is the same at every call (the resources never change after
  // start): kept once asked. i18next's lookup was a tenth of a turn's allocations.
  const plain = new Map<string, string>();
  // With parameters, i18next costs ~11 µs a call (a console queue of 60 tickets: a third of its
  // rendering). What it makes depends on the key and the count, not on the other values: it is
  // asked once with markers in their place, and the markers are then replaced.
  const templates = new Map<string, { parts: string[]; names: string[] } | null>();
  const filled = (locale: string, ns: string, key: string, params: Record<string, string | number>): string => {
    const names = Object.keys(params).filter((n) => n !== 'count');
    if (options.templates === false || names.some((n) => I18NEXT_OPTIONS.has(n) || params[n] === undefined || params[n] === null)) return String(tFor(locale, ns)(key, params as never));
    const count = params.count;
    const k = `${locale}|${ns}|${key}|${count === undefined ? '' : typeof count}:${count ?? ''}|${names.join(',')}`;
    let template = templates.get(k);
    if (template === undefined) {
      const marked: Record<string, string | number> = count === undefined ? {} : { count };
      names.forEach((n, i) => (marked[n] = `${MARK}${i}${MARK}`));
      const out = String(tFor(locale, ns)(key, marked as never));
      const pieces = out.split(MARK);
      // Markers as i18next left them: text, index, text, index… (anything else: no template).
      const ok = pieces.length % 2 === 1 && pieces.every((p, i) => i % 2 === 0 || /^\d+$/.test(p));
      template = ok ? { parts: pieces, names } : null;
      if (templates.size < TEMPLATE_CACHE_MAX) templates.set(k, template);
    }
    if (!template) return String(tFor(locale, ns)(key, params as never));
    let s = template.parts[0]!;
    for (let i = 1; i < template.parts.length; i += 2) s += String(params[template.names[Number(template.parts[i])]!]) + template.parts[i + 1]!;
    return s;
  };
  return {
    t: (locale, key, params, ns = 'bot') => {
      if (params) return filled(locale, ns, key, params);
      const k = `${locale}|${ns}|${key}`;
      let s = plain.get(k);
      if (s === undefined) {
        s = String(tFor(locale, ns)(key));
        // Bounded: a key made from what a person sent (an unknown button) must not grow it.
        if (plain.size < PLAIN_CACHE_MAX) plain.set(k, s);
      }
      return s;
    },
    has: (locale, key, ns = 'bot') => instance.exists(key, { lng: locale, ns }),
    dir: (locale) => (RTL.has(locale) ? 'rtl' : 'ltr'),
  };
}

/** Maps a channel hint such as "ar-MA" or "en_US" to a supported locale. */
export function localeFromHint(hint: string | undefined | null): Locale | null {
  if (!hint) return null;
  const base = hint.toLowerCase().replace('_', '-').split('-')[0]!;
  if (base === 'zgh' || base === 'ber' || base === 'tzm') return 'shi';
  return (SUPPORTED_LOCALES as readonly string[]).includes(base) ? (base as Locale) : null;
}
