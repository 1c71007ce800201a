import type { FlowGraph } from '../flows/flowGraph.js';
import { parseChoiceId, type ParsedChoiceId } from './choiceIds.js';

export type ParsedChoice = ParsedChoiceId;

/** A button's choice id, if it names something that exists: a flow's menu option, a command, an article. */
export function parseChoice(choice: string, graph: FlowGraph, hasArticle: (id: string) => boolean): ParsedChoice | null {
  const parsed = parseChoiceId(choice);
  if (!parsed) return null;
  if (parsed.kind === 'article') return hasArticle(parsed.articleId) ? parsed : null;
  if (parsed.kind !== 'option') return parsed;
  const node = graph.node({ flow: parsed.flow, node: parsed.node });
  const options = node?.type === 'menu' ? node.options : node?.type === 'ask' ? (node.options ?? []) : [];
  return options.some((o) => o.id === parsed.optionId) ? parsed : null;
}
