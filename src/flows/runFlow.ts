import type { FlowGraph, NodeAddress } from './flowGraph.js';
import type { FieldUpdate, FlowOption } from './flowSchema.js';

/** What the person is looking at, stored on the conversation. */
export interface Position {
  flow: string;
  node: string;
  /** Set while the person reads an article opened from this menu. */
  article?: string;
}

export type FlowStep =
  | { kind: 'say'; key: string }
  | { kind: 'menu'; addr: NodeAddress; prompt: string; options: FlowOption[] }
  | { kind: 'article'; articleId: string; back: NodeAddress | null }
  | { kind: 'search'; prompt: string }
  | { kind: 'handoff'; topic: string; sensitive: boolean }
  | { kind: 'events' }
  | { kind: 'end'; key?: string };

export interface FlowRun {
  steps: FlowStep[];
  /** null when the flow ended: free text then goes to knowledge search. */
  position: Position | null;
}

export interface FlowFacts {
  audience: string | null;
  consent: boolean;
  /** Whether the person's province is known (a question already answered is not asked again). */
  province?: boolean;
}

export class FlowError extends Error {
  override readonly name = 'FlowError';
}

const MAX_STEPS = 32;

/** Walks from a node until one that waits for the person (menu, search, article view) or the end. */
export function enterNode(graph: FlowGraph, start: NodeAddress, facts: FlowFacts): FlowRun {
  const steps: FlowStep[] = [];
  let addr: NodeAddress | null = start;
  for (let i = 0; addr && i < MAX_STEPS; i++) {
    const node = graph.node(addr);
    if (!node) throw new FlowError(`unknown node ${addr.flow}:${addr.node}`);
    const follow = (ref: string | undefined): NodeAddress | null => {
      if (!ref) return null;
      const next = graph.resolve(ref, addr!.flow);
      if (!next) throw new FlowError(`${addr!.flow}:${addr!.node} points to unknown node ${ref}`);
      return next;
    };
    switch (node.type) {
      case 'say':
        steps.push({ kind: 'say', key: node.text });
        if (!node.next) return { steps, position: null };
        addr = follow(node.next);
        break;
      case 'menu':
        steps.push({ kind: 'menu', addr, prompt: node.prompt, options: node.options });
        return { steps, position: { flow: addr.flow, node: addr.node } };
      case 'search':
        steps.push({ kind: 'search', prompt: node.prompt });
        return { steps, position: { flow: addr.flow, node: addr.node } };
      case 'ask':
        steps.push({ kind: 'menu', addr, prompt: node.prompt, options: node.options ?? [] });
        return { steps, position: { flow: addr.flow, node: addr.node } };
      case 'events':
        steps.push({ kind: 'events' });
        return { steps, position: { flow: addr.flow, node: addr.node } };
      case 'article':
        steps.push({ kind: 'article', articleId: node.article, back: null });
        if (!node.next) return { steps, position: { flow: addr.flow, node: addr.node, article: node.article } };
        addr = follow(node.next);
        break;
      case 'handoff':
        steps.push({ kind: 'handoff', topic: node.topic, sensitive: node.sensitive });
        return { steps, position: null };
      case 'branch': {
        const value = node.on === 'audience' ? facts.audience : node.on === 'province' ? (facts.province ? 'known' : 'unknown') : String(facts.consent);
        addr = follow((value !== null && node.cases[value]) || node.default);
        break;
      }
      case 'goto':
        addr = follow(node.to);
        break;
      case 'end':
        if (node.text) steps.push({ kind: 'end', key: node.text });
        return { steps, position: null };
    }
  }
  throw new FlowError(`flow runs more than ${MAX_STEPS} nodes without waiting (a loop?) from ${start.flow}:${start.node}`);
}

/** The person picked an option of a menu. */
export function chooseOption(
  graph: FlowGraph,
  menu: NodeAddress,
  option: FlowOption,
  facts: FlowFacts,
): { updates: FieldUpdate; run: FlowRun } {
  const updates: FieldUpdate = option.set ?? {};
  const nextFacts: FlowFacts = {
    audience: updates.audience ?? facts.audience,
    consent: updates.consent ?? facts.consent,
    province: Boolean(updates.province) || Boolean(facts.province),
  };
  if (option.article) {
    return {
      updates,
      run: {
        steps: [{ kind: 'article', articleId: option.article, back: menu }],
        position: { flow: menu.flow, node: menu.node, article: option.article },
      },
    };
  }
  const next = graph.resolve(option.next!, menu.flow);
  if (!next) throw new FlowError(`${menu.flow}:${menu.node} option ${option.id} points to unknown node ${option.next}`);
  return { updates, run: enterNode(graph, next, nextFacts) };
}

/** The menu options of a node, if it is a menu (or a question with buttons). */
export function menuOptions(graph: FlowGraph, addr: NodeAddress): FlowOption[] | null {
  const node = graph.node(addr);
  return node?.type === 'menu' ? node.options : node?.type === 'ask' ? (node.options ?? []) : null;
}
