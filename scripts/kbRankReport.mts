// Raw ranking quality (no threshold): top1/top3 by set, and the misses with their ranking.
// npx tsx scripts/kbRankReport.mts FILE.jsonl [...] [--misses] [--no-lexicon]
import { readFileSync } from 'node:fs';
import { readContentDir } from '../src/runtime/readContentDir.ts';
import { parseContent } from '../src/content/parseContent.ts';
import { KnowledgeIndex } from '../src/knowledge/searchKnowledge.ts';
import { Lexicon } from '../src/knowledge/lexicon.ts';
import { queryTermSequence } from '../src/knowledge/queryWords.ts';
const args = process.argv.slice(2);
const misses = args.includes('--misses');
const { content, issues } = parseContent(await readContentDir('.'));
for (const i of issues) console.log('ISSUE', i.file, i.message);
const lexicon = args.includes('--no-lexicon') ? undefined : new Lexicon(content.lexicon);
const idx = new KnowledgeIndex(content.articles, { lexicon });
for (const file of args.filter((a) => !a.startsWith('--'))) {
  const cases = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  let n = 0, t1 = 0, t3 = 0;
  for (const c of cases) {
    if (!c.expect.length) continue;
    n++;
    const r = idx.rank(c.text, 5);
    const ids = r.map((h) => h.articleId);
    if (c.expect.includes(ids[0])) t1++;
    if (ids.slice(0, 3).some((i) => c.expect.includes(i))) t3++;
    else if (misses) console.log(`MISS3 [${c.lang}] ${c.text}\n   terms ${queryTermSequence(c.text, lexicon).join(' ')}\n   want ${c.expect.join('|')} got ${r.map((h) => `${h.articleId}:${h.score.toFixed(1)}/${h.coverage.toFixed(2)}`).join(' ')}`);
  }
  console.log(`${file} n=${n} rank-top1=${(t1 / n).toFixed(3)} rank-top3=${(t3 / n).toFixed(3)}`);
}
