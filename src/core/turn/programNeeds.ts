import type { FlowGraph, NodeAddress } from '../../flows/flowGraph.js';
import { chooseOption, enterNode, menuOptions, type FlowFacts, type FlowRun } from '../../flows/runFlow.js';
import type { FlowPosition } from '../ports.js';
import type { ParsedChoice } from '../validateChoice.js';

const COMMAND_FLOWS: Record<string, string> = { menu: 'main', start: 'news', language: 'language', advisor: 'handoff' };
const showsEvents = (run: FlowRun) => run.steps.some((s) => s.kind === 'events');

/**
 * Whether a turn may need the program's data (workshops near the person, their registrations),
 * and for which events: read from what the person chose, before the turn decides, so that the
 * decision has everything it needs. null: not needed. A turn that reaches the program without
 * it fails loudly (ProgramNotLoadedError): the model-based test would find the missed case.
 */
export function programNeeds(graph: FlowGraph, choice: ParsedChoice | null, position: FlowPosition | null, facts: FlowFacts): string[] | null {
  // "I agree" to the notice that a registration waits for: the registration is made then.
  if (position?.resume?.kind === 'register') return [position.resume.eventId];
  if (!choice) return null;
  const enters = (addr: NodeAddress | null) => (addr ? showsEvents(enterNode(graph, addr, facts)) : false);
  switch (choice.kind) {
    case 'event':
      return choice.action === 'list' ? [] : [choice.eventId];
    case 'option': {
      const addr = { flow: choice.flow, node: choice.node };
      const option = menuOptions(graph, addr)?.find((o) => o.id === choice.optionId);
      return option && showsEvents(chooseOption(graph, addr, option, facts).run) ? [] : null;
    }
    case 'command':
      return COMMAND_FLOWS[choice.command] && enters(graph.start(COMMAND_FLOWS[choice.command]!)) ? [] : null;
    case 'back':
      return enters(position ? { flow: position.flow, node: position.node } : graph.start('main')) ? [] : null;
    default:
      return null;
  }
}
