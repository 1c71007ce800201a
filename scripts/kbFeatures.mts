// Dumps the decision's features for every question of the given sets (TSV), to study the decision.
import { readFileSync } from 'node:fs';
import { readContentDir } from '../src/runtime/readContentDir.ts';
import { parseContent } from '../src/content/parseContent.ts';
import { buildKnowledgeIndex } from '../src/knowledge/buildKnowledgeIndex.ts';
import { queryWords } from '../src/knowledge/queryWords.ts';
import { Lexicon } from '../src/knowledge/lexicon.ts';
import { tokenize } from '../src/knowledge/normalize.ts';
const { content } = parseContent(await readContentDir('.'));
const idx = buildKnowledgeIndex(content, 0);
const lex = new Lexicon(content.lexicon);
console.log(['set', 'label', 'n', 'c1', 'e1', 'r2', 'r3', 'e2', 'anch', 'off', 'pos', 'lang', 'text'].join('\t'));
for (const file of process.argv.slice(2)) {
  const set = file.split('/').at(-1)!.replace('.jsonl', '');
  for (const c of readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l))) {
    const h = idx.rank(c.text, 5);
    const n = queryWords(c.text, lex).length;
    const b = h[0];
    const label = !c.expect.length ? 'OUT' : b && c.expect.includes(b.articleId) ? 'TOP1' : h.slice(0, 3).some((x) => c.expect.includes(x.articleId)) ? 'TOP3' : 'MISS';
    const off = lex.offTopicPhrases(tokenize(c.text)).length + (idx.dangerSigns(c.text).length ? 100 : 0);
    console.log([set, label, n, b?.coverage.toFixed(2) ?? 0, b?.evidence.toFixed(2) ?? 0, h[1] && b ? (h[1].score / b.score).toFixed(2) : 0, h[2] && b ? (h[2].score / b.score).toFixed(2) : 0, h[1]?.evidence.toFixed(2) ?? 0, b?.anchored ? 1 : 0, off, h.findIndex((x) => c.expect.includes(x.articleId)), c.lang, c.text.slice(0, 70)].join('\t'));
  }
}
