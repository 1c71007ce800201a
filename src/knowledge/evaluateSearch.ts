export interface EvalCase {
  text: string;
  lang: string;
  expect: string[];
}

/** What one question got: the article answered (null: none) and those offered to choose from. */
export interface EvalRow {
  case: EvalCase;
  answered: string | null;
  offered: string[];
  /** The articles in ranking order, without any decision (ranking quality). */
  ranked: string[];
}

export interface EvalCounts {
  n: number;
  inScope: number;
  /** The first article the person sees (answered, or first offered) is right. */
  top1: number;
  /** The right article answered, or among the (at most 3) offered. */
  helpful: number;
  /** An article answered that is not right. */
  wrong: number;
  outOfScope: number;
  /** Out-of-scope questions where nothing was answered nor offered. */
  abstain: number;
  /** Ranking alone: the first ranked article is right; one of the first three is. */
  rank1: number;
  rank3: number;
}

export interface EvalSummary extends EvalCounts {
  byLang: Record<string, EvalCounts>;
  byLength: Record<string, EvalCounts>;
}

/** Length buckets, in words as typed: a story is 20 words or more. */
export const LENGTHS = ['1-3', '4-9', '10-19', '20+'] as const;

export function lengthBucket(text: string): (typeof LENGTHS)[number] {
  const n = text.split(/\s+/).filter(Boolean).length;
  return n <= 3 ? '1-3' : n <= 9 ? '4-9' : n <= 19 ? '10-19' : '20+';
}

const zero = (): EvalCounts => ({ n: 0, inScope: 0, top1: 0, helpful: 0, wrong: 0, outOfScope: 0, abstain: 0, rank1: 0, rank3: 0 });

function count(c: EvalCounts, row: EvalRow): void {
  const { case: q, answered, offered, ranked } = row;
  c.n++;
  if (q.expect.length === 0) {
    c.outOfScope++;
    if (answered === null && offered.length === 0) c.abstain++;
    return;
  }
  c.inScope++;
  const right = (id: string | null | undefined) => !!id && q.expect.includes(id);
  if (right(answered ?? offered[0])) c.top1++;
  if (answered ? right(answered) : offered.slice(0, 3).some(right)) c.helpful++;
  if (answered && !right(answered)) c.wrong++;
  if (right(ranked[0])) c.rank1++;
  if (ranked.slice(0, 3).some(right)) c.rank3++;
}

/** Counts over every row, by language and by length (what the person sees, and the ranking alone). */
export function summarize(rows: EvalRow[]): EvalSummary {
  const all = zero();
  const byLang: Record<string, EvalCounts> = {};
  const byLength: Record<string, EvalCounts> = Object.fromEntries(LENGTHS.map((l) => [l, zero()]));
  for (const row of rows) {
    count(all, row);
    count((byLang[row.case.lang] ??= zero()), row);
    count(byLength[lengthBucket(row.case.text)]!, row);
  }
  return { ...all, byLang, byLength };
}

export function parseEvalFile(text: string): EvalCase[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line, i) => {
      const v = JSON.parse(line) as Partial<EvalCase>;
      if (typeof v.text !== 'string' || !Array.isArray(v.expect)) throw new Error(`line ${i + 1}: needs "text" and "expect"`);
      return { text: v.text, lang: typeof v.lang === 'string' ? v.lang : '?', expect: v.expect.map(String) };
    });
}

const share = (x: number, of: number) => (of ? x / of : 0).toFixed(3);

export function formatSummaryLine(s: EvalCounts): string {
  return `kb-eval n=${s.n} top1=${share(s.top1, s.inScope)} helpful=${share(s.helpful, s.inScope)} wrong=${share(s.wrong, s.inScope)} abstain=${share(s.abstain, s.outOfScope)} rank1=${share(s.rank1, s.inScope)} rank3=${share(s.rank3, s.inScope)}`;
}

/** A table: one line per group (language or length), what the person sees and the ranking alone. */
export function formatTable(title: string, groups: Record<string, EvalCounts>): string[] {
  const f = (x: number, of: number) => (of ? (x / of).toFixed(3) : '  -  ').padStart(8);
  const lines = [`${title.padEnd(10)} ${'n'.padStart(4)} ${'top1'.padStart(8)} ${'helpful'.padStart(8)} ${'wrong'.padStart(8)} ${'abstain'.padStart(8)} ${'rank1'.padStart(8)} ${'rank3'.padStart(8)}`];
  for (const [name, c] of Object.entries(groups)) {
    if (!c.n) continue;
    lines.push(`${name.padEnd(10)} ${String(c.n).padStart(4)} ${f(c.top1, c.inScope)} ${f(c.helpful, c.inScope)} ${f(c.wrong, c.inScope)} ${f(c.abstain, c.outOfScope)} ${f(c.rank1, c.inScope)} ${f(c.rank3, c.inScope)}`);
  }
  return lines;
}
