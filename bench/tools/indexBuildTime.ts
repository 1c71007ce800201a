/**
 * Times the knowledge index's build on the bench's generated corpus, several builds in one
 * process (the first one meets a cold compiler), wall and CPU time (the collector's threads
 * included), to compare a change to the build back to back with the code before it:
 *   npx tsx bench/tools/indexBuildTime.ts [articles=10000] [builds=3]
 */
import { readContentDir } from '../../src/runtime/readContentDir.js';
import { parseContent } from '../../src/content/parseContent.js';
import { KnowledgeIndex } from '../../src/knowledge/searchKnowledge.js';
import { Lexicon } from '../../src/knowledge/lexicon.js';
import { loadavg } from 'node:os';
import { ROOT } from '../lib/child.js';
import { syntheticCorpus } from '../lib/syntheticCorpus.js';

const size = Number(process.argv[2] ?? 10_000);
const builds = Number(process.argv[3] ?? 3);
const { content } = parseContent(await readContentDir(ROOT));
const lexicon = new Lexicon(content.lexicon);
const corpus = size <= content.articles.length ? content.articles : syntheticCorpus(content.articles, { size });
const times: string[] = [];
for (let r = 0; r < builds; r++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  new KnowledgeIndex(corpus, { lexicon });
  const cpu = process.cpuUsage(cpu0);
  times.push(`${Math.round(performance.now() - t0)} ms (${Math.round((cpu.user + cpu.system) / 1000)} ms CPU)`);
}
console.log(`${corpus.length} articles, load average ${loadavg()[0]!.toFixed(2)}: ${times.join(', ')}`);
