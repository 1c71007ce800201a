import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readContentDir } from '../runtime/readContentDir.js';
import { parseContent } from '../content/parseContent.js';
import { buildKnowledgeIndex } from '../knowledge/buildKnowledgeIndex.js';
import { createBaselineSearch } from '../knowledge/baselineFuse.js';
import { readMessage, shownBy } from '../knowledge/readMessage.js';
import { formatSummaryLine, formatTable, parseEvalFile, summarize, type EvalRow } from '../knowledge/evaluateSearch.js';
import { processEnvironment } from '../runtime/environment.js';

/**
 * npm run kb:eval -- FILE.jsonl: what a person is shown for each question (the safety net, then
 * the search's decision: an answer, two or three articles to choose from, or nothing), by language
 * and by length; with --baseline, plain Fuse.js on the same questions (it always answers its first
 * result). The last line is the summary (docs/search.md says what each number means).
 */
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
let rows: EvalRow[];
if (baseline) {
  const fuse = createBaselineSearch(content.articles);
  rows = cases.map((c) => {
    const ranked = fuse(c.text);
    return { case: c, answered: ranked[0] ?? null, offered: [], ranked };
  });
} else {
  const index = buildKnowledgeIndex(content);
  const ids = new Set(content.articles.map((a) => a.id));
  rows = cases.map((c) => {
    const outcome = readMessage(index, content.safety, (id) => ids.has(id), c.text);
    return { case: c, ...shownBy(outcome), ranked: index.rank(c.text, 3).map((h) => h.articleId) };
  });
}
const s = summarize(rows);
if (verbose) {
  for (const r of rows) {
    const { expect } = r.case;
    const shown = r.answered ? `answered ${r.answered}` : r.offered.length ? `offered ${r.offered.join(', ')}` : 'nothing';
    const ok = expect.length === 0 ? !r.answered && !r.offered.length : r.answered ? expect.includes(r.answered) : r.offered.some((o) => expect.includes(o));
    if (!ok) console.log(`MISS [${r.case.lang}] ${r.case.text}\n   expected ${expect.join('|') || '(nothing)'}; ${shown}`);
  }
}
console.log(formatTable('lang', Object.fromEntries(Object.entries(s.byLang).sort())).join('\n'));
console.log(formatTable('words', s.byLength).join('\n'));
console.log(formatSummaryLine(s));
