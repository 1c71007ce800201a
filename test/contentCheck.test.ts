import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSources, isOfficialSource, parseSourcePolicy } from '../src/content/checkSources.js';
import type { Article, ArticleLang } from '../src/content/contentTypes.js';

/** Runs content:check on a copy of the content with one thing broken. */
let dir = '';
function checkWith(edit: (root: string) => void): { status: number | null; out: string } {
  dir = mkdtempSync(join(tmpdir(), 'tawjih-content-'));
  for (const d of ['flows', 'locales', 'knowledge']) cpSync(d, join(dir, d), { recursive: true });
  edit(dir);
  const r = spawnSync(join(process.cwd(), 'node_modules/.bin/tsx'), [join(process.cwd(), 'src/cli/contentCheck.ts')], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}
const patch = (root: string, file: string, from: string | RegExp, to: string) => {
  const p = join(root, file);
  const before = readFileSync(p, 'utf8');
  const after = before.replace(from, to);
  expect(after).not.toBe(before);
  writeFileSync(p, after);
};
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run content:check', () => {
  it('passes on the shipped content', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/contentCheck.ts'], { encoding: 'utf8' });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/content:check ok: \d+ flows, 48 articles \(192 texts\), 6 locales, 0 error/);
  });

  it.each([
    ['a flow pointing to a missing node', (root: string) => patch(root, 'flows/services.yaml', 'next: main }', 'next: nowhere }'), /flows\/services\.yaml: node "menu" points to missing node "nowhere"/],
    ['a missing locale string', (root: string) => patch(root, 'locales/es/bot.json', /"rights": "[^"]+",/, ''), /locales\/es\/bot\.json: missing key "main\.rights"/],
    ['a menu option showing a missing article', (root: string) => patch(root, 'flows/investment.yaml', 'article: mdm-invest }', 'article: mdm-invest-2 }'), /shows missing article "mdm-invest-2"/],
    ['an unreachable node', (root: string) => patch(root, 'flows/about.yaml', 'nodes:\n', 'nodes:\n  orphan:\n    type: say\n    text: common.back\n'), /node "orphan" is unreachable/],
    ['a button label over 20 characters', (root: string) => patch(root, 'locales/ary/bot.json', /"back": "[^"]+"/, '"back": "رجوع للقائمة اللي قبل هادي"'), /button label "common\.back" is \d+ characters \(max 20\)/],
    ['an article with a summary over 600 characters', (root: string) => patch(root, 'knowledge/mdm-invest/en.md', 'summary: >-\n', `summary: >-\n  ${'x'.repeat(600)}\n`), /knowledge\/mdm-invest\/en\.md: summary is \d+ characters \(max 600\)/],
    ['a related id that does not exist', (root: string) => patch(root, 'knowledge/mdm-invest/meta.yaml', /related: \[/, 'related: [no-such-article, '), /related id "no-such-article"/],
    ['a missing translation', (root: string) => rmSync(join(root, 'knowledge/legal-aid/es.md')), /knowledge\/legal-aid\/es\.md: missing translation/],
    ['a source on a refused domain (a blog)', (root: string) => patch(root, 'knowledge/legal-aid/en.md', /sources:\n/, 'sources:\n  - https://help.unhcr.org/morocco/en/\n  - https://someone.blogspot.com/2019/03/aide.html\n'), /knowledge\/legal-aid\/en\.md: source on a refused domain \(blogspot\.com/],
    ['an article with no official source', (root: string) => patch(root, 'knowledge/legal-aid/fr.md', /sources:\n(  - .*\n)+/, 'sources:\n  - https://medias24.com/2023/01/20/tout-ce-quil-faut-savoir-sur-lassistance-judiciaire/\n'), /knowledge\/legal-aid\/fr\.md: no official source/],
    ['a press source shown first, before the official one', (root: string) => patch(root, 'knowledge/legal-aid/es.md', /sources:\n/, 'sources:\n  - https://medias24.com/2023/01/20/tout-ce-quil-faut-savoir-sur-lassistance-judiciaire/\n'), /knowledge\/legal-aid\/es\.md: the first source is shown with the short answer and must be official: https:\/\/medias24/],
    ['a console string missing from Arabic (the admin page would show French, right to left)', (root: string) => patch(root, 'locales/ar/console.json', '"heading": "حالة القنوات",', ''), /locales\/ar\/console\.json: missing console key "health\.heading" \(present in locales\/fr\/console\.json, locales\/en\/console\.json\)/],
    ['a console string added in English only', (root: string) => patch(root, 'locales/en/console.json', '"open": "Open",', '"open": "Open",\n    "retry_now": "Retry now",'), /locales\/ar\/console\.json: missing console key "health\.retry_now" \(present in locales\/en\/console\.json\)[\s\S]*locales\/fr\/console\.json: missing console key "health\.retry_now" \(present in locales\/en\/console\.json\)/],
    ['a missing source policy', (root: string) => rmSync(join(root, 'knowledge/source-policy.yaml')), /knowledge\/source-policy\.yaml: missing/],
  ])('fails on %s, naming the file and the reason', (_, edit, message) => {
    const r = checkWith(edit);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(message);
    expect(r.out).toMatch(/content:check FAILED/);
  });
});

describe('the source policy (knowledge/source-policy.yaml)', () => {
  const parsed = parseSourcePolicy(readFileSync('knowledge/source-policy.yaml', 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  const { policy } = parsed;

  it('counts a page of a listed domain or of its subdomains as official, and nothing that only looks like one', () => {
    expect(isOfficialSource('https://cnclt.justice.gov.ma/fr/?p=155', policy)).toBe(true);
    expect(isOfficialSource('https://help.unhcr.org/morocco/en/seeking-asylum-in-morocco/rights', policy)).toBe(true);
    expect(isOfficialSource('http://www.service-public.ma/fr/web/guest/home', policy)).toBe(true);
    expect(isOfficialSource('https://www.fdfa.admin.ch/countries/morocco/fr/home.html', policy)).toBe(true);
    expect(isOfficialSource('https://notgov.ma/page', policy)).toBe(false);
    expect(isOfficialSource('https://gov.ma.example.com/page', policy)).toBe(false);
    expect(isOfficialSource('https://fr.le360.ma/societe/x', policy)).toBe(false);
    expect(isOfficialSource('not a url', policy)).toBe(false);
  });

  const article = (id: string, sources: string[]): Article => ({
    id,
    meta: { category: 'rights', audience: 'both', related: [], sensitive: false },
    texts: Object.fromEntries(
      (['ar', 'fr', 'en', 'es'] as ArticleLang[]).map((lang) => [lang, { lang, title: 't', summary: 's', keywords: ['k'], updated: '2026-12-06', reviewBy: '2027-06-06', sources, body: 'b' }]),
    ),
  });

  it('lets an article wait for an official source only while it is listed, with a warning, and fails once it cites one', () => {
    const base = { ...policy, awaitingOfficial: {} };
    const waiting = { ...policy, awaitingOfficial: { 'farm-land': 'only press sources found so far' } };
    const press = article('farm-land', ['https://www.challenge.ma/acquisition-de-terres-agricoles']);
    expect(checkSources([press], waiting).map((p) => p.severity)).toEqual(['warning', 'warning', 'warning', 'warning']);
    expect(checkSources([press], base).map((p) => p.severity)).toEqual(['error', 'error', 'error', 'error']);
    const official = article('farm-land', ['https://www.service-public.ma/fr/procedure']);
    expect(checkSources([official], waiting)).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining('remove it from awaiting_official') })]);
    expect(checkSources([official], { ...base, awaitingOfficial: { 'no-such-article': 'a reason long enough' } })).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringContaining('"no-such-article", which is not an article') }),
    ]);
  });

  it('refuses a policy that lists a domain as both official and refused, or a list entry that is not a domain', () => {
    expect(parseSourcePolicy('official: [gov.ma, scribd.com]\nrefused: [scribd.com]\n')).toMatchObject({ ok: false, message: expect.stringContaining('scribd.com') });
    expect(parseSourcePolicy('official: ["https://gov.ma/"]\n')).toMatchObject({ ok: false, message: expect.stringContaining('must be a domain') });
    expect(parseSourcePolicy('official: []\n')).toMatchObject({ ok: false });
  });
});
