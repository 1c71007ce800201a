// Which messages of the given sets the safety net and the off-topic phrases catch, and why.
// npx tsx scripts/kbSafetyReport.mts FILE.jsonl [...]   (lines marked "safety": true/false are checked)
import { readFileSync } from 'node:fs';
import { readContentDir } from '../src/runtime/readContentDir.ts';
import { parseContent } from '../src/content/parseContent.ts';
import { Lexicon } from '../src/knowledge/lexicon.ts';
import { tokenize } from '../src/knowledge/normalize.ts';
const { content } = parseContent(await readContentDir('.'));
const lex = new Lexicon(content.lexicon);
for (const file of process.argv.slice(2)) {
  let wrong = 0;
  for (const c of readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l))) {
    const t = tokenize(c.text);
    const signs = lex.dangerSigns(t);
    const off = lex.offTopicPhrases(t);
    const bad = (c.safety === true && !signs.length) || (c.safety === false && signs.length);
    if (bad) wrong++;
    if (signs.length || off.length || bad)
      console.log(`${bad ? 'WRONG ' : ''}${signs.length ? `DANGER ${signs.map((s) => `${s.kind}:"${s.phrase}"`).join(' ')}` : ''}${off.length ? ` OFF "${off.join('", "')}"` : ''} [${c.lang}] ${c.text.slice(0, 110)} => ${c.expect.join('|') || '-'}`);
  }
  console.log(`${file}: ${wrong} marked lines wrong`);
}
