import type { FlowGraph } from '../flows/flowGraph.js';
import { parseOptionChoiceId } from '../flows/flowGraph.js';
import type { CommandName } from '../content/contentTypes.js';

const COMMANDS: ReadonlySet<string> = new Set<CommandName>(['menu', 'language', 'advisor', 'help', 'stop', 'start', 'delete', 'privacy']);

export type ParsedChoice =
  | { kind: 'option'; flow: string; node: string; optionId: string }
  | { kind: 'command'; command: CommandName }
  | { kind: 'article'; action: 'more' | 'yes' | 'no' | 'show'; articleId: string }
  | { kind: 'back' }
  | { kind: 'delete'; confirm: boolean }
  | { kind: 'cancel_ticket' }
  | { kind: 'event'; action: 'list' | 'reg' | 'cancel'; eventId: string };

/** Parses a button's choice id; null when no flow, command or article has it. */
export function parseChoice(choice: string, graph: FlowGraph, hasArticle: (id: string) => boolean): ParsedChoice | null {
  if (choice.length > 64) return null;
  if (choice === 'nav.back') return { kind: 'back' };
  if (choice === 'ticket.cancel') return { kind: 'cancel_ticket' };
  if (choice === 'del.yes' || choice === 'del.no') return { kind: 'delete', confirm: choice === 'del.yes' };
  const cmd = /^cmd\.([a-z]+)$/.exec(choice);
  if (cmd) return COMMANDS.has(cmd[1]!) ? { kind: 'command', command: cmd[1] as CommandName } : null;
  if (choice === 'ev.list') return { kind: 'event', action: 'list', eventId: '' };
  const ev = /^ev\.(reg|cancel)\.([a-z0-9_]{1,40})$/.exec(choice);
  if (ev) return { kind: 'event', action: ev[1] as 'reg', eventId: ev[2]! };
  const kb = /^kb\.(more|yes|no|show)\.([a-z0-9-]+)$/.exec(choice);
  if (kb) return hasArticle(kb[2]!) ? { kind: 'article', action: kb[1] as 'more', articleId: kb[2]! } : null;
  const opt = parseOptionChoiceId(choice);
  if (!opt) return null;
  const node = graph.node(opt.addr);
  const options = node?.type === 'menu' ? node.options : node?.type === 'ask' ? (node.options ?? []) : [];
  if (!options.some((o) => o.id === opt.optionId)) return null;
  return { kind: 'option', flow: opt.addr.flow, node: opt.addr.node, optionId: opt.optionId };
}
