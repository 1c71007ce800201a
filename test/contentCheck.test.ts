import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

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
  ])('fails on %s, naming the file and the reason', (_, edit, message) => {
    const r = checkWith(edit);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(message);
    expect(r.out).toMatch(/content:check FAILED/);
  });
});
