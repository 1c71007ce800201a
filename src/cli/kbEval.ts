import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readContentDir } from '../runtime/readContentDir.js';
import { parseContent } from '../content/parseContent.js';
import { buildKnowledgeIndex } from '../knowledge/buildKnowledgeIndex.js';
import { createBaselineSearch } from '../knowledge/baselineFuse.js';
import { formatSummaryLine, parseEvalFile, summarize, type EvalRow } from '../knowledge/evaluateSearch.js';
import { processEnvironment } from '../runtime/environment.js';

const args = process.argv.slice(2);
const baseline = args.includes('--baseline');
const verbose = args.includes('--verbose');
const everyAt = args.indexOf('--every');
const every = everyAt >= 0 ? Number(args[everyAt + 1]) : 1;
const file = args.find((a, i) => !a.startsWith('--') && (everyAt < 0 || i !== everyAt + 1));
if (!file || !(Number.isInteger(every) && every >= 1)) {
  console.error('usage: npm run kb:eval -- FILE.jsonl [--baseline] [--verbose] [--every N]');
  process.exit(2);
}
// --every N: one question in N (plain Fuse.js takes about 0.3 s a question).
const cases = parseEvalFile(await readFile(resolve(file), 'utf8')).filter((_, i) => i % every === 0);
const { content } = parseContent(await readContentDir(processEnvironment().root));
let answer: (q: string) => string[];
if (baseline) {
  answer = createBaselineSearch(content.articles);
} else {
  const index = buildKnowledgeIndex(content);
  answer = (q) => {
    const r = index.search(q);
    return r.kind === 'answer' ? [r.best.articleId, ...r.others.map((o) => o.articleId)] : [];
  };
}
const rows: EvalRow[] = cases.map((c) => ({ case: c, answer: answer(c.text) }));
const s = summarize(rows);
if (verbose) {
  for (const r of rows) {
    const ok = r.case.expect.length === 0 ? r.answer.length === 0 : r.case.expect.includes(r.answer[0] ?? '');
    if (!ok) console.log(`MISS [${r.case.lang}] ${r.case.text}\n   expected ${r.case.expect.join('|') || '(abstain)'} got ${r.answer.join(', ') || '(abstain)'}`);
  }
}
console.log(`${'lang'.padEnd(10)} ${'n'.padStart(4)} ${'top1'.padStart(6)} ${'top3'.padStart(6)} ${'abstain'.padStart(8)}`);
for (const [lang, l] of Object.entries(s.byLang).sort()) {
  const inScope = l.n - l.outOfScope;
  const f = (x: number, d: number) => (d ? (x / d).toFixed(3) : '  -  ').padStart(6);
  console.log(`${lang.padEnd(10)} ${String(l.n).padStart(4)} ${f(l.top1, inScope)} ${f(l.top3, inScope)} ${(l.outOfScope ? (l.abstain / l.outOfScope).toFixed(3) : '  -  ').padStart(8)}`);
}
console.log(formatSummaryLine(s));
