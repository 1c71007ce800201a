import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DEV = '../shared/eval/dev.jsonl';
const HELDOUT = 'test/fixtures/kb-heldout.jsonl';

function kbEval(file: string, ...flags: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/kbEval.ts', file, ...flags], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const last = r.stdout.trim().split('\n').at(-1)!;
  const m = /^kb-eval n=(\d+) top1=(\d\.\d{3}) top3=(\d\.\d{3}) abstain=(\d\.\d{3})$/.exec(last);
  expect(m, last).not.toBeNull();
  return { n: Number(m![1]), top1: Number(m![2]), top3: Number(m![3]), abstain: Number(m![4]), table: r.stdout };
}

describe('npm run kb:eval', () => {
  it.skipIf(!existsSync(DEV))('meets the targets on the shared dev set, and beats plain Fuse.js', { timeout: 180_000 }, () => {
    const ours = kbEval(DEV);
    expect(ours.n).toBeGreaterThan(50);
    expect(ours.top1).toBeGreaterThanOrEqual(0.92);
    expect(ours.top3).toBeGreaterThanOrEqual(0.97);
    expect(ours.abstain).toBeGreaterThanOrEqual(0.8);
    // Plain Fuse.js takes about 0.3 s a question over the 192 texts: both on the same half of the set.
    const fuse = kbEval(DEV, '--baseline', '--every', '2');
    const oursSample = kbEval(DEV, '--every', '2');
    expect(fuse.n).toBe(oursSample.n);
    expect(fuse.n).toBeGreaterThan(40);
    expect(oursSample.top1).toBeGreaterThan(fuse.top1);
    expect(ours.table).toMatch(/^fr\s+\d+/m);
  });
});

describe('search on questions written without looking at the articles', () => {
  it('answers most of the held-out set right and abstains out of scope (test/fixtures/kb-heldout.jsonl)', () => {
    const ours = kbEval(HELDOUT);
    expect(ours.n).toBeGreaterThan(150);
    expect(ours.top1).toBeGreaterThanOrEqual(0.8);
    expect(ours.top3).toBeGreaterThanOrEqual(0.85);
    expect(ours.abstain).toBeGreaterThanOrEqual(0.8);
  });
});
