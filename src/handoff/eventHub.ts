/** Live updates for the advisor console (server-sent events), in this process. */
export interface ConsoleEvent {
  kind: 'ticket' | 'message';
  ticketId: string;
  conversationId?: string;
}

export class EventHub {
  private readonly listeners = new Set<(e: ConsoleEvent) => void>();

  subscribe(listener: (e: ConsoleEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(e: ConsoleEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a broken listener must not stop the others
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
