// Is a word one the articles use? Prints each word's normalized stem, its document frequency and where.
// npx tsx scripts/kbVocab.mts word [word...]   (or --prefix stem: terms starting with it)
import { readContentDir } from '../src/runtime/readContentDir.ts';
import { parseContent } from '../src/content/parseContent.ts';
import { documentTerms } from '../src/knowledge/queryWords.ts';
import { stem } from '../src/knowledge/stem.ts';
import { normalizeText } from '../src/knowledge/normalize.ts';
const { content } = parseContent(await readContentDir('.'));
const where = new Map<string, Set<string>>();
const kw = new Map<string, Set<string>>();
for (const a of content.articles) for (const t of Object.values(a.texts)) {
  for (const w of documentTerms([t!.title, t!.summary, t!.body].join(' '))) (where.get(w) ?? where.set(w, new Set()).get(w)!).add(a.id);
  for (const w of documentTerms([t!.title, t!.keywords.join(' , ')].join(' '))) (kw.get(w) ?? kw.set(w, new Set()).get(w)!).add(a.id);
}
const args = process.argv.slice(2);
if (args[0] === '--prefix') {
  for (const p of args.slice(1)) { const s = normalizeText(p); console.log(p, [...where.keys(), ...kw.keys()].filter((t) => t.startsWith(s)).filter((v, i, a) => a.indexOf(v) === i).join(' ')); }
} else for (const w of args) {
  const terms = normalizeText(w).split(' ').map(stem);
  for (const t of terms) {
    const docs = new Set([...(where.get(t) ?? []), ...(kw.get(t) ?? [])]);
    console.log(`${w} -> ${t}: ${docs.size} articles${kw.get(t)?.size ? ` (title/keywords: ${[...kw.get(t)!].slice(0, 6).join(', ')})` : docs.size ? ` (body: ${[...docs].slice(0, 6).join(', ')})` : ' UNKNOWN'}`);
  }
}
