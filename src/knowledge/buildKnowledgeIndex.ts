import type { Content } from '../content/contentTypes.js';
import { Lexicon } from './lexicon.js';
import { KnowledgeIndex } from './searchKnowledge.js';
import type { DecisionSettings } from './searchSettings.js';

/** The index the bot searches: the articles, read through the lexicon (knowledge/lexicon/). */
export function buildKnowledgeIndex(content: Pick<Content, 'articles' | 'lexicon'>, decision?: DecisionSettings): KnowledgeIndex {
  return new KnowledgeIndex(content.articles, { lexicon: new Lexicon(content.lexicon), ...(decision ? { decision } : {}) });
}
