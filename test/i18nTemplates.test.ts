/**
 * Strings with parameters are filled from templates i18next made once (createI18n.ts), not by
 * i18next at every call: every string of every language and namespace must read exactly as
 * i18next writes it, with plurals (counts 0, 1, 2, 3, 5, 11, 100, 1.5) and any parameter's value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../src/i18n/createI18n.js';
import { SUPPORTED_LOCALES, type Locale } from '../src/config/configSchema.js';
import { shippedContent } from './support/testApp.js';

type Tree = { [k: string]: string | Tree };
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}

describe('strings with parameters', () => {
  it('read exactly as i18next writes them, in every language and namespace, plurals included', async () => {
    const { locales } = await shippedContent();
    const fast = createI18n(locales);
    const slow = createI18n(locales, { templates: false });
    // Every key that has a parameter somewhere, plural forms under their base key.
    const keys = new Map<string, Set<string>>(); // ns|key -> parameter names
    for (const namespaces of Object.values(locales))
      for (const [ns, tree] of Object.entries(namespaces as Record<string, Tree>))
        for (const [key, text] of leaves(tree)) {
          const names = [...text.matchAll(/\{\{\s*-?\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!);
          if (!names.length) continue;
          const base = key.replace(/_(zero|one|two|few|many|other)$/, '');
          const set = keys.get(`${ns}|${base}`) ?? new Set();
          names.forEach((n) => set.add(n));
          keys.set(`${ns}|${base}`, set);
        }
    expect(keys.size).toBeGreaterThan(50);
    let compared = 0;
    for (const [nsKey, names] of keys) {
      const [ns, key] = nsKey.split('|') as [string, string];
      for (const locale of SUPPORTED_LOCALES as readonly Locale[]) {
        const counts: (number | undefined)[] = names.has('count') ? [0, 1, 2, 3, 5, 11, 100, 1.5] : [undefined];
        for (const count of counts) {
          const params: Record<string, string | number> = {};
          for (const n of names) if (n !== 'count') params[n] = `«${n} ${locale}»`;
          if (count !== undefined) params.count = count;
          // Twice: the template is made at the first call and used at the second.
          for (let i = 0; i < 2; i++) expect(fast.t(locale, key, params, ns), `${locale} ${ns}:${key} ${count}`).toBe(slow.t(locale, key, params, ns));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('any value (markers, braces, Arabic, numbers, nothing at all) is written as i18next would', async () => {
    const { locales } = await shippedContent();
    const fast = createI18n(locales);
    const slow = createI18n(locales, { templates: false });
    fc.assert(
      fc.property(fc.constantFrom<Locale>(...SUPPORTED_LOCALES), fc.oneof(fc.string(), fc.integer(), fc.constantFrom('\uE000', '\uE0001\uE000', '{{count}}', 'مرحبا $&')), (locale, value) => {
        const params = { minutes: value, q: value, where: value } as Record<string, string | number>;
        expect(fast.t(locale, 'queue.results', params, 'console')).toBe(slow.t(locale, 'queue.results', params, 'console'));
        expect(fast.t(locale, 'queue.unread', { count: 2, ...params }, 'console')).toBe(slow.t(locale, 'queue.unread', { count: 2, ...params }, 'console'));
      }),
      { numRuns: 300 },
    );
  });
});
