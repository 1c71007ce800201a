import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONSOLE_LANGS } from '../src/console/consoleVocabulary.js';

/**
 * The console is written in French, English and Arabic: every string a console page uses (the
 * advisor pages and the admin pages: dashboard, campaigns, workshops, survey, channels) exists in
 * all three, so no page shows a key or falls back to another language (French, right to left, in
 * the Arabic console). `npm run content:check` fails on a key missing from one of them.
 */
type Tree = { [k: string]: string | Tree };
const load = (lng: string) => JSON.parse(readFileSync(`locales/${lng}/console.json`, 'utf8')) as Tree;
const leaves = (t: Tree, prefix = ''): string[] => Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : leaves(v, `${prefix}${k}.`)));
const text = (t: Tree, key: string) => String(key.split('.').reduce<string | Tree>((node, part) => (node as Tree)[part]!, t));
const placeholders = (s: string) => [...s.matchAll(/\{\{[^}]+\}\}/g)].map((m) => m[0]).sort();
/** Latin an Arabic console string may hold: placeholders, the product's and services' names, settings, commands. */
const LATIN_KEPT = /\{\{[^}]+\}\}|tawjih|WhatsApp Cloud|Cloud API|Meta|[A-Z_]{3,}|npm run telegram:webhook -- set/g;
const CONSOLE_PAGES = readdirSync('src/console').map((f) => readFileSync(`src/console/${f}`, 'utf8'));

describe('the console in three languages', () => {
  const fr = leaves(load('fr'));

  it('the languages with a console.json are the ones the console offers', () => {
    const withConsole = readdirSync('locales', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).filter((l) => readdirSync(`locales/${l}`, { withFileTypes: true }).some((f) => f.name === 'console.json'));
    expect(withConsole.sort()).toEqual([...CONSOLE_LANGS].sort());
  });

  it.each(['en', 'ar'])('%s has every French string, and no other', (lng) => {
    expect(leaves(load(lng)).sort()).toEqual([...fr].sort());
  });

  it('the admin pages are in Arabic too (program.*, health.*), with the same placeholders', () => {
    const [ar, french] = [load('ar'), load('fr')];
    const admin = fr.filter((k) => k.startsWith('program.') || k.startsWith('health.'));
    expect(admin.length).toBeGreaterThan(190);
    expect(admin.filter((k) => placeholders(text(ar, k)).join() !== placeholders(text(french, k)).join())).toEqual([]);
    // Written in Arabic, not copied from French: no Latin word beyond names, placeholders and commands.
    expect(admin.filter((k) => /\p{Script=Latin}{4,}/u.test(text(ar, k).replace(LATIN_KEPT, '')))).toEqual([]);
  });

  it('every key the console pages name exists (t("…") with a fixed key)', () => {
    const used = new Set(CONSOLE_PAGES.flatMap((src) => [...src.matchAll(/(?<![.\w])t\('([a-z_.-]+)'/g)].map((m) => m[1]!)));
    expect(used.size).toBeGreaterThan(150);
    expect([...used].filter((k) => !fr.includes(k))).toEqual([]);
  });

  it('Arabic console strings are marked machine-written until reviewed', () => {
    const status = JSON.parse(readFileSync('locales/status.json', 'utf8')) as Record<string, Record<string, Record<string, string>>>;
    expect(Object.keys(status.ar!.console!).sort()).toEqual(leaves(load('ar')).sort());
  });
});
