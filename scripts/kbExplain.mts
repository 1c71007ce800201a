// Explains a query: its terms, how each is matched, and the top articles. npx tsx scripts/kbExplain.mts "question"
import { readContentDir } from '../src/runtime/readContentDir.ts';
import { parseContent } from '../src/content/parseContent.ts';
import { KnowledgeIndex, queryTermSequence } from '../src/knowledge/searchKnowledge.ts';
const { content } = parseContent(await readContentDir('.'));
const idx = new KnowledgeIndex(content.articles, { threshold: 0 }) as any;
const q = process.argv[2]!;
for (const t of queryTermSequence(q)) console.log(t, '->', idx.vocabulary.lookup(t).map((x: any) => `${x.term}(${x.weight}, df ${idx.postings.count(idx.termIds.get(x.term))})`).join(' '));
const r = idx.search(q);
console.log('confidence', r.confidence.toFixed(3));
for (const h of idx.rank(q, 5)) console.log(`  ${h.articleId} score=${h.score.toFixed(2)} coverage=${h.coverage.toFixed(2)} anchored=${h.anchored}`);
