// Ranking compared with MiniSearch 7 given the same normalization, stemmer, stopwords, lexicon and
// field weights (docs/search.md). Ranking only (rank1: the first article is right; rank3: one of the
// first three), and the time per question on the shipped articles.
// npx tsx scripts/kbCompareMiniSearch.mts FILE.jsonl [...]
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { readContentDir } from '../src/runtime/readContentDir.ts';
import { parseContent } from '../src/content/parseContent.ts';
import { KnowledgeIndex } from '../src/knowledge/searchKnowledge.ts';
import { Lexicon } from '../src/knowledge/lexicon.ts';
import { tokenize } from '../src/knowledge/normalize.ts';
import { stem } from '../src/knowledge/stem.ts';
import { STOPWORDS } from '../src/knowledge/stopwords.ts';
import { FIELD_WEIGHTS } from '../src/knowledge/bm25f.ts';

const { content } = parseContent(await readContentDir('.'));
const lexicon = new Lexicon(content.lexicon);
const engines: Record<string, (q: string) => string[]> = {};
for (const withLexicon of [false, true]) {
  const ours = new KnowledgeIndex(content.articles, withLexicon ? { lexicon } : {});
  const mini = new MiniSearch<{ id: string; title: string; keywords: string; summary: string; body: string }>({
    fields: ['title', 'keywords', 'summary', 'body'],
    tokenize: (text) => tokenize(text),
    processTerm: (term) => (STOPWORDS.has(term) ? null : stem(term)),
    searchOptions: { boost: FIELD_WEIGHTS, fuzzy: 0.2, prefix: true, combineWith: 'OR' },
  });
  mini.addAll(
    content.articles.map((a) => {
      const texts = Object.values(a.texts);
      return { id: a.id, title: texts.map((t) => t!.title).join(' \n '), keywords: texts.map((t) => t!.keywords.join(' , ')).join(' \n '), summary: texts.map((t) => t!.summary).join(' \n '), body: texts.map((t) => t!.body).join(' \n ') };
    }),
  );
  const suffix = withLexicon ? ' + lexicon' : '';
  engines[`tawjih${suffix}`] = (q) => ours.rank(q, 3).map((h) => h.articleId);
  // The same query words tawjih reads (the lexicon's rewriting and stopwords), then MiniSearch's own processing.
  engines[`MiniSearch${suffix}`] = (q) => mini.search(ours.readWords(q).map((w) => w.raw).join(' ')).slice(0, 3).map((r) => String(r.id));
}

console.log(`${'set'.padEnd(28)} ${'engine'.padEnd(22)} ${'n'.padStart(4)} ${'rank1'.padStart(6)} ${'rank3'.padStart(6)} ${'mean ms'.padStart(8)} ${'p99 ms'.padStart(7)}`);
for (const file of process.argv.slice(2)) {
  const cases = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; expect: string[] }).filter((c) => c.expect.length);
  for (const [name, rank] of Object.entries(engines)) {
    for (const c of cases) rank(c.text); // warm-up
    let r1 = 0, r3 = 0;
    const times: number[] = [];
    for (const c of cases) {
      const t0 = performance.now();
      const ids = rank(c.text);
      times.push(performance.now() - t0);
      if (c.expect.includes(ids[0]!)) r1++;
      if (ids.some((id) => c.expect.includes(id))) r3++;
    }
    times.sort((a, b) => a - b);
    const mean = times.reduce((s, x) => s + x, 0) / times.length;
    const p99 = times[Math.min(times.length - 1, Math.floor(times.length * 0.99))]!;
    console.log(`${file.split('/').at(-1)!.padEnd(28)} ${name.padEnd(22)} ${String(cases.length).padStart(4)} ${(r1 / cases.length).toFixed(3).padStart(6)} ${(r3 / cases.length).toFixed(3).padStart(6)} ${mean.toFixed(3).padStart(8)} ${p99.toFixed(3).padStart(7)}`);
  }
}
