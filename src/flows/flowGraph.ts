import type { Flow, FlowNode } from './flowSchema.js';

export interface NodeAddress {
  flow: string;
  node: string;
}

/** All flows, addressable by "flow:node". Built once by the content loader. */
export class FlowGraph {
  private readonly flows = new Map<string, Flow>();

  constructor(flows: Flow[]) {
    for (const f of flows) this.flows.set(f.id, f);
  }

  flowIds(): string[] {
    return [...this.flows.keys()];
  }

  flow(id: string): Flow | undefined {
    return this.flows.get(id);
  }

  /** Resolves "node" (relative to `from`) or "flow:node"; a bare flow id means its start node. */
  resolve(ref: string, from: string): NodeAddress | null {
    const [a, b] = ref.split(':') as [string, string | undefined];
    if (b !== undefined) return this.flows.get(a)?.nodes[b] ? { flow: a, node: b } : null;
    const local = this.flows.get(from);
    if (local?.nodes[a]) return { flow: from, node: a };
    const other = this.flows.get(a);
    return other ? { flow: a, node: other.start } : null;
  }

  node(addr: NodeAddress): FlowNode | undefined {
    return this.flows.get(addr.flow)?.nodes[addr.node];
  }

  start(flowId: string): NodeAddress | null {
    const f = this.flows.get(flowId);
    return f ? { flow: f.id, node: f.start } : null;
  }
}
