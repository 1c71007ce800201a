import type { Content } from '../content/contentTypes.js';
import { Lexicon } from './lexicon.js';
import { KnowledgeIndex } from './searchKnowledge.js';
import { SEARCH_THRESHOLD } from './searchSettings.js';

/** The index the bot searches: the articles, read through the lexicon (knowledge/lexicon/). */
export function buildKnowledgeIndex(content: Pick<Content, 'articles' | 'lexicon'>, threshold = SEARCH_THRESHOLD): KnowledgeIndex {
  return new KnowledgeIndex(content.articles, { threshold, lexicon: new Lexicon(content.lexicon) });
}
