import { readFileSync } from 'node:fs';
import { readContentDir } from '../src/runtime/readContentDir.ts';
import { parseContent } from '../src/content/parseContent.ts';
import { KnowledgeIndex, queryTerms } from '../src/knowledge/searchKnowledge.ts';
const { content } = parseContent(await readContentDir('.'));
const idx = new KnowledgeIndex(content.articles, { threshold: 0 });
const cases = readFileSync(process.argv[2] ?? '../shared/eval/dev.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l));
for (const c of cases) {
  const r = idx.search(c.text);
  const hits = idx.rank(c.text, 3);
  const ok = c.expect.length ? c.expect.includes(hits[0]?.articleId) : false;
  console.log(`${ok ? 'OK ' : c.expect.length ? 'BAD' : 'OUT'} conf=${r.confidence.toFixed(2)} ${c.text.slice(0, 60)} | ${queryTerms(c.text).join(' ')} | ${hits.map((h) => `${h.articleId}:${h.score.toFixed(1)}/${h.coverage.toFixed(2)}`).join(' ')}`);
}
