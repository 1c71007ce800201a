import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DEV = '../shared/eval/dev.jsonl';
const DEV_MESSY = '../shared/eval/dev-messy.jsonl';
const HELDOUT = 'test/fixtures/kb-heldout.jsonl';
const HELDOUT_MESSY = 'test/fixtures/kb-heldout-messy.jsonl';
const HELDOUT_MESSY_2 = 'test/fixtures/kb-heldout-messy-2.jsonl';

/** Runs `npm run kb:eval` on a file and reads its last line (what a person is shown, and the ranking alone). */
function kbEval(file: string, ...flags: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/kbEval.ts', file, ...flags], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const last = r.stdout.trim().split('\n').at(-1)!;
  const m = /^kb-eval n=(\d+) top1=(\d\.\d{3}) helpful=(\d\.\d{3}) wrong=(\d\.\d{3}) abstain=(\d\.\d{3}) rank1=(\d\.\d{3}) rank3=(\d\.\d{3})$/.exec(last);
  expect(m, last).not.toBeNull();
  const [n, top1, helpful, wrong, abstain, rank1, rank3] = m!.slice(1).map(Number) as [number, number, number, number, number, number, number];
  return { n, top1, helpful, wrong, abstain, rank1, rank3, table: r.stdout };
}

describe('npm run kb:eval', () => {
  it.skipIf(!existsSync(DEV))('tidy questions: as good as before the decision changed, and better than plain Fuse.js', { timeout: 180_000 }, () => {
    const ours = kbEval(DEV);
    expect(ours.n).toBeGreaterThan(50);
    // 0.988 before issue 17: the first article shown (answered or offered first) is right as often.
    expect(ours.top1).toBeGreaterThanOrEqual(0.98);
    expect(ours.helpful).toBeGreaterThanOrEqual(0.97);
    expect(ours.wrong).toBeLessThanOrEqual(0.02);
    expect(ours.abstain).toBeGreaterThanOrEqual(0.8);
    // Plain Fuse.js takes about 0.3 s a question over the 192 texts: both on the same half of the set.
    const fuse = kbEval(DEV, '--baseline', '--every', '2');
    const oursSample = kbEval(DEV, '--every', '2');
    expect(fuse.n).toBe(oursSample.n);
    expect(fuse.n).toBeGreaterThan(40);
    expect(oursSample.top1).toBeGreaterThan(fuse.top1);
    expect(oursSample.wrong).toBeLessThan(fuse.wrong);
    // By language and by length, what the person sees beside the ranking alone.
    expect(ours.table).toMatch(/^lang\s+n\s+top1\s+helpful\s+wrong\s+abstain\s+rank1\s+rank3$/m);
    expect(ours.table).toMatch(/^fr\s+\d+/m);
    expect(ours.table).toMatch(/^words\s+n/m);
    expect(ours.table).toMatch(/^1-3\s+\d+/m);
  });

  it.skipIf(!existsSync(DEV_MESSY))('messages as people type them: the targets of issue 17', { timeout: 60_000 }, () => {
    const messy = kbEval(DEV_MESSY);
    expect(messy.n).toBeGreaterThan(150);
    expect(messy.helpful).toBeGreaterThanOrEqual(0.9);
    expect(messy.wrong).toBeLessThanOrEqual(0.05);
    expect(messy.abstain).toBeGreaterThanOrEqual(0.9);
    // A story does not dilute the decision: long messages are helped about as often as short ones.
    const long = /^20\+\s+(\d+)\s+(\S+)\s+(\S+)/m.exec(messy.table);
    expect(long, messy.table).not.toBeNull();
    expect(Number(long![3])).toBeGreaterThanOrEqual(0.85);
  });
});

describe('search on questions written without looking at the articles, nor tuned on', () => {
  it('tidy held-out questions (test/fixtures/kb-heldout.jsonl)', () => {
    const ours = kbEval(HELDOUT);
    expect(ours.n).toBeGreaterThan(150);
    expect(ours.rank1).toBeGreaterThanOrEqual(0.85);
    expect(ours.helpful).toBeGreaterThanOrEqual(0.9);
    expect(ours.wrong).toBeLessThanOrEqual(0.03);
    expect(ours.abstain).toBeGreaterThanOrEqual(0.8);
  });

  it('messy held-out messages: stories, dialect, danger, out of scope (kb-heldout-messy*.jsonl)', () => {
    for (const file of [HELDOUT_MESSY, HELDOUT_MESSY_2]) {
      const ours = kbEval(file);
      expect(ours.n).toBeGreaterThan(60);
      expect(ours.helpful, file).toBeGreaterThanOrEqual(0.85);
      expect(ours.wrong, file).toBeLessThanOrEqual(0.08);
      expect(ours.abstain, file).toBeGreaterThanOrEqual(0.8);
    }
  });
});
