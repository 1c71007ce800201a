import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The console is written in French, English and Arabic: every string an advisor page uses exists
 * in all three (the admin pages, the program's and the channels' state, are French and English;
 * Arabic names the program's languages and provinces), so no advisor page shows a key or falls
 * back to another language.
 */
type Tree = { [k: string]: string | Tree };
const load = (lng: string) => JSON.parse(readFileSync(`locales/${lng}/console.json`, 'utf8')) as Tree;
const leaves = (t: Tree, prefix = ''): string[] => Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : leaves(v, `${prefix}${k}.`)));
const ADVISOR_PAGES = readdirSync('src/console').filter((f) => !f.startsWith('admin')).map((f) => readFileSync(`src/console/${f}`, 'utf8'));
/** What the advisor pages read (the admin pages' own sections, `program.*` and `health.*`, are French and English). */
const ADVISOR_SECTIONS = ['title', 'login', 'nav', 'queue', 'status', 'ticket', 'outcome', 'audience', 'errors', 'audit', 'channels', 'topics', 'canned', 'shortcuts', 'program.langs', 'program.provinces'];
const advisorKeys = (keys: string[]) => keys.filter((k) => ADVISOR_SECTIONS.some((s) => k === s || k.startsWith(`${s}.`)));

describe('the console in three languages', () => {
  const fr = leaves(load('fr'));
  it('English has every French string, and no other', () => {
    expect(leaves(load('en')).sort()).toEqual([...fr].sort());
  });

  it("Arabic has every advisor page's string, and only strings French has", () => {
    const ar = leaves(load('ar'));
    expect(advisorKeys(fr).filter((k) => !ar.includes(k))).toEqual([]);
    expect(ar.filter((k) => !fr.includes(k))).toEqual([]);
    expect(advisorKeys(fr).length).toBeGreaterThan(200);
  });

  it('every key the advisor pages name exists (t("…") with a fixed key)', () => {
    const used = new Set(ADVISOR_PAGES.flatMap((src) => [...src.matchAll(/\bt\('([a-z_.]+)'/g)].map((m) => m[1]!)));
    expect(used.size).toBeGreaterThan(60);
    expect([...used].filter((k) => !fr.includes(k))).toEqual([]);
  });

  it('Arabic console strings are marked machine-written until reviewed', () => {
    const status = JSON.parse(readFileSync('locales/status.json', 'utf8')) as Record<string, Record<string, Record<string, string>>>;
    expect(Object.keys(status.ar!.console!).sort()).toEqual(leaves(load('ar')).sort());
  });
});
