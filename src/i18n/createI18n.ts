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

const RTL = new Set<string>(['ar', 'ary']);

/** Languages whose plural forms follow another's: keys "_zero … _other" as in Arabic. */
const PLURAL_RULES_OF: Record<string, string> = { ary: 'ar' };

export interface I18n {
  t(locale: Locale, key: string, params?: Record<string, string | number>, ns?: string): string;
  /** True when the key exists in this locale or one of its fallbacks. */
  has(locale: Locale, key: string, ns?: string): boolean;
  dir(locale: Locale): 'rtl' | 'ltr';
}

/** One i18next instance per app (no global singleton). Resources come from the content loader. */
export function createI18n(resources: LocaleResources): I18n {
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
  return {
    t: (locale, key, params, ns = 'bot') => {
      if (params) return String(tFor(locale, ns)(key, params as never));
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
