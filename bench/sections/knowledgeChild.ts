/**
 * 3. Knowledge search, in a fresh process (the 10,000-article index takes hundreds of MB).
 *
 * Shipped corpus: every question of the dev and held-out sets, tidy and messy, once per round, each round on a
 * new index (so a question never hits the typo cache filled by its own earlier run), after a
 * warm-up round; plain Fuse.js on the same questions (all in a full run, a sample with --quick).
 * Top-1 on the dev set for both, computed as `npm run kb:eval` does.
 *
 * 10,000 articles: the real ones plus synthetic ones (bench/lib/syntheticCorpus.ts), one index,
 * warmed up with other queries (300 titles of synthetic articles, and the questions with their
 * words reversed and a typo), then every question once per round. Fuse.js scans every document
 * for every query: on the full corpus it is timed on a few questions (a full run), or on a
 * 500-article slice and scaled by the corpus size (--quick).
 *
 * Arguments: `quick` or `full`, then `shipped` or `10k`: each part runs in its own fresh process
 * (a search timed right after a 600 MB index was dropped meets the garbage collector). Reports
 * @result with that part.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { readContentDir } from '../../src/runtime/readContentDir.js';
import { parseContent } from '../../src/content/parseContent.js';
import type { Article } from '../../src/content/contentTypes.js';
import { KnowledgeIndex } from '../../src/knowledge/searchKnowledge.js';
import { createBaselineSearch } from '../../src/knowledge/baselineFuse.js';
import { Lexicon } from '../../src/knowledge/lexicon.js';
import { readMessage, shownBy } from '../../src/knowledge/readMessage.js';
import { formatSummaryLine, summarize as summarizeEval, type EvalCase } from '../../src/knowledge/evaluateSearch.js';
import { BENCH_DIR, ROOT, report } from '../lib/child.js';
import { round, seeded, summarize, type Summary } from '../lib/stats.js';
import { DEV_MESSY_SET, DEV_SET, HELDOUT_MESSY_SET, HELDOUT_SET, loadCases } from '../lib/workload.js';
import { syntheticCorpus } from '../lib/syntheticCorpus.js';

const quick = process.argv[2] === 'quick';
const part = process.argv[3] === '10k' ? '10k' : 'shipped';
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const log = (s: string) => process.stderr.write(`  ${s}\n`);

const dev = loadCases(DEV_SET);
const heldout = loadCases(HELDOUT_SET);
// Messy messages too: long stories are the slowest inputs of the search.
const questions = [...dev, ...heldout, ...loadCases(DEV_MESSY_SET), ...loadCases(HELDOUT_MESSY_SET)];
const { content } = parseContent(await readContentDir(ROOT));
const shipped = content.articles;
// The bot's path: the lexicon rewrites the question, the safety net reads it, then the search.
const lexicon = new Lexicon(content.lexicon);

/** What the person is shown first, as kb:eval counts it: the article answered (the safety reply's included), or the ones offered. */
const articleIds = new Set(shipped.map((a) => a.id));
const ours = (index: KnowledgeIndex) => (q: string) => {
  const { answered, offered } = shownBy(readMessage(index, content.safety, (id) => articleIds.has(id), q));
  return answered ? [answered] : offered;
};

/** One question as the bot handles it: the safety net, then the search. */
const handle = (index: KnowledgeIndex) => (q: string) => {
  index.dangerSigns(q);
  return index.search(q);
};

function timeEach(texts: readonly string[], fn: (q: string) => unknown): number[] {
  return texts.map((q) => {
    const t0 = performance.now();
    fn(q);
    return performance.now() - t0;
  });
}

function rounded(s: Summary): Summary {
  return { n: s.n, mean: round(s.mean), p50: round(s.p50), p90: round(s.p90), p99: round(s.p99), max: round(s.max) };
}

/** Every k-th question, spread over both sets (deterministic). */
function sample(cases: readonly EvalCase[], n: number): EvalCase[] {
  if (n >= cases.length) return [...cases];
  const step = cases.length / n;
  return Array.from({ length: n }, (_, i) => cases[Math.floor(i * step)]!);
}

/** The first article shown is right (kb:eval's top1): `answer` gives what is shown, first the answer or the first offered. */
function top1(cases: readonly EvalCase[], answer: (q: string) => string[]) {
  const s = summarizeEval(cases.map((c) => {
    const shown = answer(c.text);
    return { case: c, answered: shown[0] ?? null, offered: [], ranked: shown };
  }));
  return { top1: round(s.top1 / Math.max(1, s.inScope)), line: formatSummaryLine(s) };
}

const texts = questions.map((c) => c.text);
const median = (xs: number[]) => summarize(xs).p50;

/** 10,000 articles: ours and plain Fuse.js. */
function measure10k() {
  const size = 10_000;
  let t0 = performance.now();
  const corpus = syntheticCorpus(shipped, { size });
  const generateMs = performance.now() - t0;
  gc();
  // The index's postings are typed arrays: their memory is outside V8's heap (arrayBuffers).
  const held = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const heapBefore = held();
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const big = new KnowledgeIndex(corpus, { lexicon });
  const bigBuildMs = performance.now() - t0;
  // CPU time too (the garbage collector's threads included): on a loaded machine the wall time
  // counts the other processes' turns on the cores.
  const buildCpu = process.cpuUsage(cpu0);
  const bigBuildCpuMs = (buildCpu.user + buildCpu.system) / 1000;
  // Twice: the build's growing arrays are freed by the second (their memory is released after a sweep).
  gc();
  gc();
  const indexHeapMb = (held() - heapBefore) / 1e6;
  log(`10k: generated in ${Math.round(generateMs)} ms, index built in ${Math.round(bigBuildMs)} ms (${Math.round(bigBuildCpuMs)} ms of CPU; ${Math.round(indexHeapMb)} MB of heap and typed arrays)`);
  // Warm-up with other queries: titles of synthetic articles as a person would type them.
  const rnd = seeded(7);
  const warmups = Array.from({ length: 300 }, () => {
    const a = corpus[shipped.length + Math.floor(rnd() * (corpus.length - shipped.length))]!;
    const t = a.texts.fr!;
    return t.title.toLowerCase().replace(/(\p{L})(\p{L})/u, '$2$1');
  });
  // And the questions themselves with their words reversed and a typo: the same vocabulary and code
  // paths as the measured questions (a server that has been answering for a while), other queries.
  for (const c of questions) warmups.push(c.text.split(' ').reverse().join(' ').replace(/(\p{L})(\p{L})/u, '$2$1'));
  for (const q of warmups) handle(big)(q);
  gc();
  const bigRounds = quick ? 2 : 5;
  const bigTimes: number[] = [];
  const firstRound: number[] = [];
  for (let r = 0; r < bigRounds; r++) {
    const times = timeEach(texts, handle(big));
    if (r === 0) firstRound.push(...times);
    if (process.env.BENCH_DEBUG) {
      const slow = times.map((ms, i) => [ms, texts[i]!] as const).sort((a, b) => b[0] - a[0]).slice(0, 4);
      log(`round ${r} slowest: ${slow.map(([ms, q]) => `${ms.toFixed(1)} ms "${q.slice(0, 40)}"`).join('; ')}`);
    }
    bigTimes.push(...times);
  }

  // Plain Fuse.js on 10,000 articles.
  const fuseBigSample = sample(questions, quick ? 3 : 6);
  let fuseBig: { measuredOn: number; scaledBy: number; times: number[] };
  if (quick) {
    const slice: Article[] = corpus.slice(0, 500);
    const f = createBaselineSearch(slice);
    fuseBig = { measuredOn: slice.length, scaledBy: corpus.length / slice.length, times: timeEach(fuseBigSample.map((c) => c.text), f).map((ms) => (ms * corpus.length) / slice.length) };
  } else {
    log(`plain Fuse.js on ${corpus.length} articles, ${fuseBigSample.length} questions (slow: it scans every document)`);
    const f = createBaselineSearch(corpus);
    fuseBig = { measuredOn: corpus.length, scaledBy: 1, times: timeEach(fuseBigSample.map((c) => c.text), f) };
  }
  // Ours on the same questions (first round: each question once on this index).
  const oursOnSample = fuseBigSample.map((c) => firstRound[texts.indexOf(c.text)]!);
  return {
    articles: corpus.length,
    synthetic: corpus.length - shipped.length,
    generateMs: round(generateMs),
    buildMs: round(bigBuildMs),
    buildCpuMs: round(bigBuildCpuMs),
    indexHeapMb: round(indexHeapMb),
    rounds: bigRounds,
    ours: rounded(summarize(bigTimes)),
    oursFirstRound: rounded(summarize(firstRound)),
    fuse: { ...rounded(summarize(fuseBig.times)), questions: fuseBigSample.length, measuredOnArticles: fuseBig.measuredOn, scaledBy: fuseBig.scaledBy },
    oursOnFuseQuestionsP50: round(median(oursOnSample)),
    speedup: round(median(fuseBig.times) / median(oursOnSample)),
  };
}

/** The shipped articles: ours and plain Fuse.js, speed and top-1 on the dev set. */
function measureShipped() {
  {
    const warm = new KnowledgeIndex(shipped, { lexicon });
    for (let r = 0; r < 3; r++) for (const q of texts) handle(warm)(q);
  }
  const rounds = quick ? 3 : 20;
  const shippedTimes: number[] = [];
  const buildMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const index = new KnowledgeIndex(shipped, { lexicon });
    buildMs.push(performance.now() - t0);
    gc();
    shippedTimes.push(...timeEach(texts, handle(index)));
  }
  const shippedIndex = new KnowledgeIndex(shipped, { lexicon });
  const oursDev = top1(dev, ours(shippedIndex));
  log(`shipped: ${shipped.length} articles, ${texts.length} questions x ${rounds} rounds`);

  // Plain Fuse.js on the shipped corpus: timing, and top-1 on the dev set (cached: it is slow and
  // depends only on the articles, the questions and the Fuse.js code).
  const fuse = createBaselineSearch(shipped);
  const fuseSample = quick ? sample(questions, 4) : questions;
  const fuseTimes = timeEach(
    fuseSample.map((c) => c.text),
    fuse,
  );
  const cacheFile = resolve(BENCH_DIR, 'results/fuse-dev-top1.json');
  const fuseVersion = (JSON.parse(readFileSync(resolve(ROOT, 'node_modules/fuse.js/package.json'), 'utf8')) as { version: string }).version;
  const cacheKey = createHash('sha256')
    .update(JSON.stringify(shipped))
    .update(JSON.stringify(dev))
    .update(fuseVersion)
    .update(readFileSync(resolve(ROOT, 'src/knowledge/baselineFuse.ts')))
    .digest('hex');
  let fuseDev: { top1: number; line: string; cached: boolean } | null = null;
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { key: string; top1: number; line: string };
    if (cached.key === cacheKey) fuseDev = { top1: cached.top1, line: cached.line, cached: true };
  } catch {
    /* no cache yet */
  }
  if (!fuseDev && !quick) {
    log('plain Fuse.js top-1 on the dev set (about a minute; cached afterwards)');
    const t = top1(dev, fuse);
    fuseDev = { ...t, cached: false };
    mkdirSync(resolve(BENCH_DIR, 'results'), { recursive: true });
    writeFileSync(cacheFile, JSON.stringify({ key: cacheKey, top1: t.top1, line: t.line }));
  }
  return {
    articles: shipped.length,
    questions: texts.length,
    rounds,
    buildMs: round(median(buildMs)),
    ours: rounded(summarize(shippedTimes)),
    fuse: { ...rounded(summarize(fuseTimes)), questions: fuseSample.length },
    speedupP50: round(summarize(fuseTimes).p50 / summarize(timeEach(fuseSample.map((c) => c.text), (q) => shippedIndex.search(q))).p50),
    devTop1: { ours: oursDev.top1, oursLine: oursDev.line, fuse: fuseDev?.top1 ?? null, fuseLine: fuseDev?.line ?? null, fuseCached: fuseDev?.cached ?? false },
  };
}

report('result', part === '10k' ? { corpus10k: measure10k() } : { shipped: measureShipped() });
