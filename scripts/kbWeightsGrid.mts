import { readFileSync } from 'node:fs';
import { readContentDir } from '../src/runtime/readContentDir.ts';
import { parseContent } from '../src/content/parseContent.ts';
import { KnowledgeIndex, setFieldWeights } from '../src/knowledge/searchKnowledge.ts';
const { content } = parseContent(await readContentDir('.'));
const cases = readFileSync('../shared/eval/dev.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((c: any) => c.expect.length);
const res: string[] = [];
for (const title of [2, 3, 5, 8]) for (const keywords of [2, 3, 5]) for (const summary of [1, 1.5, 2]) for (const body of [0.3, 0.6, 1]) {
  setFieldWeights({ title, keywords, summary, body });
  const idx = new KnowledgeIndex(content.articles, { threshold: 0 });
  let ok = 0, ok3 = 0;
  for (const c of cases) { const r = idx.rank(c.text, 3); if (c.expect.includes(r[0]?.articleId)) ok++; if (r.some((h) => c.expect.includes(h.articleId))) ok3++; }
  res.push(`${ok} ${ok3} t=${title} k=${keywords} s=${summary} b=${body}`);
}
console.log(res.sort((a, b) => parseInt(b) - parseInt(a)).slice(0, 15).join('\n'));
