// Shows how a message is read and decided: its words after the lexicon, the safety net, the
// off-topic phrases, the first five articles with their score, coverage and evidence, the decision.
// npx tsx scripts/kbExplain.mts "a message" ["another"...]
import { readContentDir } from '../src/runtime/readContentDir.ts';
import { parseContent } from '../src/content/parseContent.ts';
import { buildKnowledgeIndex } from '../src/knowledge/buildKnowledgeIndex.ts';
import { Lexicon } from '../src/knowledge/lexicon.ts';
import { LanguageDetector } from '../src/knowledge/detectLanguage.ts';
import { tokenize } from '../src/knowledge/normalize.ts';
const { content } = parseContent(await readContentDir('.'));
const index = buildKnowledgeIndex(content);
const lexicon = new Lexicon(content.lexicon);
const languages = new LanguageDetector(content.lexicon, content.articles);
for (const q of process.argv.slice(2)) {
  const r = index.search(q);
  console.log(`"${q}" [${languages.detect(q) ?? '?'}]`);
  console.log(`  words: ${index.readWords(q).map((w) => (w.raw === w.term ? w.term : `${w.raw}>${w.term}`)).join(' ')}`);
  const signs = index.dangerSigns(q);
  if (signs.length) console.log(`  danger: ${signs.map((s) => `${s.kind}${s.weak ? '(weak)' : ''} "${s.phrase}"`).join(', ')}`);
  const off = lexicon.offTopicPhrases(tokenize(q));
  if (off.length) console.log(`  off-topic: ${off.join(', ')}`);
  for (const h of index.rank(q, 5)) console.log(`  ${h.articleId.padEnd(40)} score ${h.score.toFixed(2)} coverage ${h.coverage.toFixed(2)} evidence ${h.evidence.toFixed(2)}${h.anchored ? ' anchored' : ''}`);
  console.log(`  => ${r.kind}${r.kind === 'abstain' ? ` (${r.reason})` : ''} confidence ${r.confidence.toFixed(2)}${r.kind === 'clarify' ? ` [${r.candidates.map((c) => c.articleId).join(', ')}]` : r.kind === 'answer' ? ` ${r.best.articleId}` : ''}`);
}
