// Which questions the lexicon changes (top-1 right/wrong), per set.
import { readFileSync } from 'node:fs';
import { readContentDir } from '../src/runtime/readContentDir.ts';
import { parseContent } from '../src/content/parseContent.ts';
import { KnowledgeIndex } from '../src/knowledge/searchKnowledge.ts';
import { Lexicon } from '../src/knowledge/lexicon.ts';
import { queryTermSequence } from '../src/knowledge/queryWords.ts';
const { content } = parseContent(await readContentDir('.'));
const lex = new Lexicon(content.lexicon);
const a = new KnowledgeIndex(content.articles);
const b = new KnowledgeIndex(content.articles, { lexicon: lex });
for (const file of process.argv.slice(2)) {
  for (const c of readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l))) {
    if (!c.expect.length) continue;
    const ra = a.rank(c.text, 3).map((h) => h.articleId), rb = b.rank(c.text, 3).map((h) => h.articleId);
    const okA = c.expect.includes(ra[0]), okB = c.expect.includes(rb[0]);
    if (okA !== okB) console.log(`${okB ? 'GAIN' : 'LOSS'} [${c.lang}] ${c.text}\n   ${queryTermSequence(c.text, lex).join(' ')}\n   want ${c.expect.join('|')} before ${ra.join(',')} after ${rb.join(',')}`);
  }
}
