// Prints top1 and abstain for a range of thresholds on the given question sets.
// npx tsx scripts/kbThresholdSweep.mts FILE.jsonl [FILE2.jsonl ...]
import { readFileSync } from 'node:fs';
import { readContentDir } from '../src/runtime/readContentDir.ts';
import { parseContent } from '../src/content/parseContent.ts';
import { KnowledgeIndex } from '../src/knowledge/searchKnowledge.ts';
const { content } = parseContent(await readContentDir('.'));
const idx = new KnowledgeIndex(content.articles, { threshold: 0 });
for (const file of process.argv.slice(2)) {
  const cases = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const scored = cases.map((c: any) => { const r = idx.search(c.text); const top = idx.rank(c.text, 1)[0]; return { c, conf: r.confidence, top: top?.articleId }; });
  const line: string[] = [];
  for (let t = 0.2; t <= 0.5001; t += 0.025) {
    const inScope = scored.filter((s) => s.c.expect.length), out = scored.filter((s) => !s.c.expect.length);
    const top1 = inScope.filter((s) => s.conf >= t && s.c.expect.includes(s.top)).length / inScope.length;
    const abst = out.filter((s) => s.conf < t).length / Math.max(1, out.length);
    line.push(`t=${t.toFixed(3)} top1=${top1.toFixed(3)} abstain=${abst.toFixed(3)}`);
  }
  console.log(file + '\n  ' + line.join('\n  '));
}
