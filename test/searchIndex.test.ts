import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Article, ArticleMeta } from '../src/content/contentTypes.js';
import { DeleteIndex } from '../src/knowledge/deleteIndex.js';
import { FuzzyVocabulary } from '../src/knowledge/fuzzyVocabulary.js';
import { KnowledgeIndex } from '../src/knowledge/searchKnowledge.js';
import { PieceTerms } from '../src/knowledge/pieceTerms.js';
import { documentTerms } from '../src/knowledge/queryWords.js';

function article(id: string, title: string, body: string, keywords: string[] = []): Article {
  const meta: ArticleMeta = { category: 'rights', audience: 'both', related: [], sensitive: false };
  return { id, meta, texts: { fr: { lang: 'fr', title, summary: '', keywords, updated: '2026-11-01', reviewBy: '2027-05-01', sources: [], body } } };
}

describe('the compact search index answers as the questions need', () => {
  const index = new KnowledgeIndex(
    [
      article('residence-card', 'Renouveler sa carte de séjour', 'Le dossier de renouvellement se dépose à la préfecture.', ['titre de séjour']),
      article('bank-card', 'Ouvrir un compte', 'La banque donne une carte. Le séjour à l’hôtel se paie par carte.'),
      article('health', 'Se soigner', 'Les urgences de l’hôpital soignent sans papiers.'),
    ],
  );

  it('"carte de sejour" finds the article where the two words stand side by side first', () => {
    const hits = index.rank('carte de sejour');
    expect(hits.map((h) => h.articleId)).toEqual(['residence-card', 'bank-card']);
    expect(index.search('carte de sejour')).toMatchObject({ kind: 'answer', best: { articleId: 'residence-card' } });
  });

  it('a typo ("renouvelement", "hopitale") still finds the article', () => {
    expect(index.rank('renouvelement carte')[0]!.articleId).toBe('residence-card');
    expect(index.rank('hopitale urgences')[0]!.articleId).toBe('health');
  });

  it('a word no article has abstains instead of guessing', () => {
    expect(index.search('xylophone zanzibar').kind).toBe('abstain');
  });
});

describe('the one-delete index', () => {
  it('finds a term from its form with one letter missing, in the order the terms came', () => {
    const terms = ['sejour', 'sejours', 'jour'];
    const deletes = (t: string) => [...new Set([...t].map((_, i) => t.slice(0, i) + t.slice(i + 1)))];
    const index = new DeleteIndex(terms, terms.map(deletes));
    expect(index.get('sejou')).toEqual(['sejour']);
    expect(index.get('sejour')).toEqual(['sejours']);
    expect(index.get('jou')).toEqual(['jour']);
    expect(index.get('carte')).toEqual([]);
  });

  it('two forms with the same 32-bit hash are told apart', () => {
    // "yaczf" and "glbpp" have the same FNV-1a hash: only the real one-delete form finds the term.
    const index = new DeleteIndex(['yaczfq'], [['aczfq', 'yczfq', 'yazfq', 'yacfq', 'yaczq', 'yaczf']]);
    expect(index.get('yaczf')).toEqual(['yaczfq']);
    expect(index.get('glbpp')).toEqual([]);
  });

  it('the vocabulary corrects a missing, wrong or swapped letter', () => {
    const vocabulary = new FuzzyVocabulary(['renouvel', 'prefecture', 'carte']);
    expect(vocabulary.lookup('renouvl').map((m) => m.term)).toEqual(['renouvel']);
    expect(vocabulary.lookup('prefetcure').map((m) => m.term)).toEqual(['prefecture']);
    expect(vocabulary.lookup('carta').map((m) => m.term)).toEqual(['carte']);
  });
});

describe('the index reads each piece of text once', () => {
  // One reader for every text, as the build has for every article: thousands of pieces, so its
  // table grows several times on the way.
  const terms: string[] = [];
  const pieces = new PieceTerms((piece) => documentTerms(piece).map((t) => (terms.push(t), terms.length - 1)));

  /** The terms of `text` read piece by piece, as the index's build reads the articles. */
  function termsByPieces(text: string): string[] {
    const out: string[] = [];
    pieces.forEach(text, (ids, from, to) => ids.subarray(from, to).forEach((id) => out.push(terms[id]!)));
    return out;
  }

  it('a text has the same terms read whole or piece by piece, whatever its characters', () => {
    // Spaces of every kind, controls, combining accents, a Greek capital sigma (lower-cased by its
    // context), a ligature NFKC splits, apostrophes, Arabic letters and diacritics, Arabizi digits.
    const chars = [' ', '  ', '\n', '\t', '\u00a0', '\u2009', '\u0001', '\u0301', '\u0308', 'Σ', 'σ', 'A', 'e', 'é', 'ﬁ', "'", '’', '-', ',', 'ou', 'sh', 'ب', 'ال', 'ة', '\u064e', 'ـ', '3', '٣', 'x', 'carte', 'séjour'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(termsByPieces(text)).toEqual(documentTerms(text));
      }),
      { numRuns: 2000 },
    );
    // Thousands of distinct pieces, each met again after the table has grown.
    const many = Array.from({ length: 6000 }, (_, i) => `Séjour${i.toString(36)}, carte${i % 97}`).join(' \n');
    expect(termsByPieces(many)).toEqual(documentTerms(many));
    expect(termsByPieces(many)).toEqual(documentTerms(many));
  });

  it('two different pieces with the same hash stay two words', () => {
    // "yaczf" and "glbpp" have the same FNV-1a hash (the one-delete index's test above).
    const index = new KnowledgeIndex([article('a', 'Yaczf', 'yaczf yaczf'), article('b', 'Glbpp', 'glbpp glbpp')]);
    expect(index.rank('yaczf').map((h) => h.articleId)).toEqual(['a']);
    expect(index.rank('glbpp').map((h) => h.articleId)).toEqual(['b']);
  });
});
