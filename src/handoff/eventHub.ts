/** Live updates for the advisor console (server-sent events), in this process. */
export interface ConsoleEvent {
  kind: 'ticket' | 'message';
  ticketId: string;
  conversationId?: string;
}

export class EventHub {
  private readonly listeners = new Set<(e: ConsoleEvent) => void>();
  /**
   * When the last change was published (the app's clock; 0: none since start). A page's live
   * stream opens after the page was made: it tells the page whether something changed meanwhile
   * (or while the stream was down), which no event can, since nobody was listening.
   */
  lastChangeAt = 0;

  constructor(private readonly now: () => number = () => 0) {}

  subscribe(listener: (e: ConsoleEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(e: ConsoleEvent): void {
    this.lastChangeAt = this.now();
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
