/**
 * Writes every search result (rank top 5 and the search decision) for every evaluation question,
 * on the shipped corpus and on a synthetic one, to compare the ranking before and after a change:
 *   npx tsx bench/tools/rankSnapshot.ts > before.json; (change); ... > after.json; cmp before.json after.json
 */
import { readContentDir } from '../../src/runtime/readContentDir.js';
import { parseContent } from '../../src/content/parseContent.js';
import { KnowledgeIndex } from '../../src/knowledge/searchKnowledge.js';
import { Lexicon } from '../../src/knowledge/lexicon.js';
import { ROOT } from '../lib/child.js';
import { allQuestions } from '../lib/workload.js';
import { syntheticCorpus } from '../lib/syntheticCorpus.js';

const { content } = parseContent(await readContentDir(ROOT));
const questions = allQuestions().map((c) => c.text);
// Typos, truncations and word drops: more of the fuzzy paths.
const variants = questions.flatMap((q, i) => [q.slice(0, Math.max(3, q.length - (i % 7))), q.replace(/(\p{L})(\p{L})/u, '$2$1'), q.split(' ').filter((_, j) => j % 3 !== 1).join(' ')]);
const out: Record<string, unknown> = {};
for (const [name, articles] of [
  ['shipped', content.articles],
  ['synthetic', syntheticCorpus(content.articles, { size: Number(process.env.SIZE ?? 3000) })],
] as const) {
  const index = new KnowledgeIndex(articles, { lexicon: new Lexicon(content.lexicon) });
  out[name] = [...questions, ...variants].map((q) => ({ q, rank: index.rank(q, 8), search: index.search(q) }));
}
process.stdout.write(JSON.stringify(out, null, 1));
