export interface EvalCase {
  text: string;
  lang: string;
  expect: string[];
}

export interface EvalRow {
  case: EvalCase;
  /** Ranked article ids; empty when the search abstained. */
  answer: string[];
}

export interface EvalSummary {
  n: number;
  top1: number;
  top3: number;
  abstain: number;
  byLang: Record<string, { n: number; top1: number; top3: number; abstain: number; outOfScope: number }>;
}

/** top1/top3 over in-scope cases (abstaining counts as a miss); abstain over out-of-scope cases. */
export function summarize(rows: EvalRow[]): EvalSummary {
  const byLang: EvalSummary['byLang'] = {};
  let inScope = 0, top1 = 0, top3 = 0, out = 0, abstained = 0;
  for (const { case: c, answer } of rows) {
    const l = (byLang[c.lang] ??= { n: 0, top1: 0, top3: 0, abstain: 0, outOfScope: 0 });
    l.n++;
    if (c.expect.length === 0) {
      out++;
      l.outOfScope++;
      if (answer.length === 0) {
        abstained++;
        l.abstain++;
      }
      continue;
    }
    inScope++;
    if (answer[0] && c.expect.includes(answer[0])) {
      top1++;
      l.top1++;
    }
    if (answer.slice(0, 3).some((a) => c.expect.includes(a))) {
      top3++;
      l.top3++;
    }
  }
  return { n: rows.length, top1: top1 / Math.max(1, inScope), top3: top3 / Math.max(1, inScope), abstain: abstained / Math.max(1, out), byLang };
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

export function formatSummaryLine(s: EvalSummary): string {
  return `kb-eval n=${s.n} top1=${s.top1.toFixed(3)} top3=${s.top3.toFixed(3)} abstain=${s.abstain.toFixed(3)}`;
}
