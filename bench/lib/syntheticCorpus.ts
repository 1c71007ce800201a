/**
 * A generated knowledge base of any size, for measuring search at 10,000 articles.
 *
 * Every synthetic article recombines real ones: its title, keywords, summary and body are taken
 * from a "base" article and a "donor" article (same language), sentences are reshuffled, and about
 * one word in six is replaced, half by a word of the real vocabulary of that language and half by
 * an invented word (place names, organisations, jargon a real knowledge base of that size would
 * have). So common words ("carte", "séjour", "بطاقة") appear in thousands of articles, as they
 * would, and the vocabulary grows with the corpus. Bodies are shorter than the real ones (a few
 * sentences) and each synthetic article has two or three languages, to keep the benchmark's
 * run time reasonable; the real articles are included unchanged.
 *
 * Deterministic: the same seed gives the same corpus.
 */
import type { Article, ArticleLang, ArticleText } from '../../src/content/contentTypes.js';
import { seeded } from './stats.js';

const LATIN_ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'ch', 'tr', 'br', 'gl', 'kh', 'sl'];
const LATIN_VOWELS = ['a', 'e', 'i', 'o', 'u', 'ou', 'ai', 'ia'];
const ARABIC_LETTERS = [...'بتثجحخدذرزسشصضطظعغفقكلمنهوي'];
const ARABIC_LONG = ['ا', 'و', 'ي'];

function inventWord(rnd: () => number, lang: ArticleLang): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  if (lang === 'ar') {
    let w = '';
    const n = 3 + Math.floor(rnd() * 3);
    for (let i = 0; i < n; i++) w += rnd() < 0.25 && i > 0 ? pick(ARABIC_LONG) : pick(ARABIC_LETTERS);
    return w;
  }
  let w = '';
  const n = 2 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) w += pick(LATIN_ONSETS) + pick(LATIN_VOWELS);
  return rnd() < 0.3 ? w + pick(['n', 'r', 's', 't', 'l']) : w;
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?؟:])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 20);
}

export interface SyntheticOptions {
  size: number;
  seed?: number;
  /** Invented words per language. */
  inventedPerLang?: number;
}

/** The real articles plus synthetic ones, `size` articles in all. */
export function syntheticCorpus(real: readonly Article[], opts: SyntheticOptions): Article[] {
  const rnd = seeded(opts.seed ?? 20261122);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const langs = ['fr', 'ar', 'en', 'es'] as const;
  const vocabulary = new Map<ArticleLang, string[]>();
  const invented = new Map<ArticleLang, string[]>();
  const sentencesByLang = new Map<ArticleLang, string[]>();
  for (const lang of langs) {
    const vocab = new Set<string>();
    const sents: string[] = [];
    for (const a of real) {
      const t = a.texts[lang];
      if (!t) continue;
      for (const w of words(`${t.title} ${t.summary} ${t.body}`)) if (/^\p{L}{4,}$/u.test(w)) vocab.add(w);
      sents.push(...sentences(t.body));
    }
    vocabulary.set(lang, [...vocab].sort());
    sentencesByLang.set(lang, sents);
    const made = new Set<string>();
    while (made.size < (opts.inventedPerLang ?? 4000)) made.add(inventWord(rnd, lang));
    invented.set(lang, [...made]);
  }
  /** About one word in six replaced: half by a real word of the language, half by an invented one. */
  const vary = (text: string, lang: ArticleLang, rate = 1 / 6): string =>
    words(text)
      .map((w) => (rnd() < rate ? (rnd() < 0.5 ? pick(vocabulary.get(lang)!) : pick(invented.get(lang)!)) : w))
      .join(' ');
  const withLangs = real.filter((a) => a.texts.fr);
  const out: Article[] = [...real];
  for (let i = 0; out.length < opts.size; i++) {
    const base = pick(withLangs);
    const donor = pick(withLangs);
    const chosen: ArticleLang[] = ['fr', ...langs.filter((l) => l !== 'fr' && rnd() < 0.45)];
    if (chosen.length === 1) chosen.push(pick(['ar', 'en', 'es'] as const));
    const texts: Partial<Record<ArticleLang, ArticleText>> = {};
    for (const lang of chosen) {
      const b = base.texts[lang] ?? base.texts.fr!;
      const d = donor.texts[lang] ?? donor.texts.fr!;
      const name = `${pick(invented.get(lang)!)} ${pick(invented.get(lang)!)}`;
      const titleWords = words(b.title);
      const keep = titleWords.slice(0, Math.max(2, Math.ceil(titleWords.length / 2)));
      const title = `${keep.join(' ')} ${words(d.title).slice(-2).join(' ')} ${name}`;
      const keywords = [
        ...[...b.keywords].sort(() => rnd() - 0.5).slice(0, 3),
        ...[...d.keywords].sort(() => rnd() - 0.5).slice(0, 2),
        name,
        pick(invented.get(lang)!),
      ];
      const summary = vary(sentences(b.summary).slice(0, 2).join(' ') || b.summary, lang);
      const pool = [...sentences(b.body), ...sentences(d.body)];
      const body: string[] = [];
      const n = 4 + Math.floor(rnd() * 4);
      for (let s = 0; s < n; s++) body.push(vary(rnd() < 0.8 && pool.length ? pick(pool) : pick(sentencesByLang.get(lang)!), lang));
      texts[lang] = { ...b, lang, title, keywords, summary, body: body.join(' ') };
    }
    out.push({ id: `syn-${String(i).padStart(5, '0')}-${base.id}`, meta: { ...base.meta, related: [] }, texts });
  }
  return out;
}
