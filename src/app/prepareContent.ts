import type { Content } from '../content/contentTypes.js';
import { ConsoleVocabulary } from '../console/consoleVocabulary.js';
import { createCommandMatcher, type CommandMatcher } from '../core/matchCommand.js';
import { FlowGraph } from '../flows/flowGraph.js';
import { createI18n, type I18n } from '../i18n/createI18n.js';
import { buildKnowledgeIndex } from '../knowledge/buildKnowledgeIndex.js';
import { LanguageDetector } from '../knowledge/detectLanguage.js';
import type { KnowledgeIndex } from '../knowledge/searchKnowledge.js';

/**
 * What the app derives from its content alone, whatever the configuration: the flow graph, the
 * translations, the knowledge index, the language detector, the commands, the console's names of
 * topics and provinces. Read-only once made, so one per content: the Worker makes it at its
 * module's start (an isolate's start-up, allowed 1 s) with the index restored from the bundle,
 * and no request pays for it (10 ms of CPU on the free plan); Node makes it once at start.
 */
export interface PreparedContent {
  graph: FlowGraph;
  i18n: I18n;
  index: KnowledgeIndex;
  languages: LanguageDetector;
  commands: CommandMatcher;
  vocab: ConsoleVocabulary;
}

export function prepareContent(content: Content, built: Partial<Pick<PreparedContent, 'index' | 'languages'>> = {}): PreparedContent {
  const i18n = createI18n(content.locales);
  return {
    graph: new FlowGraph(content.flows),
    i18n,
    index: built.index ?? buildKnowledgeIndex(content),
    languages: built.languages ?? new LanguageDetector(content.lexicon, content.articles),
    commands: createCommandMatcher(content.commands),
    vocab: new ConsoleVocabulary(i18n, content.articles),
  };
}
