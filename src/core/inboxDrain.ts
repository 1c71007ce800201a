import type { InboundMessage } from './message.js';
import type { InboxStore } from './ports.js';

export interface InboxDrainOptions {
  store: InboxStore;
  /** Handles one recorded message (in its conversation's queue). Failures are the turn's business. */
  run(msg: InboundMessage): Promise<unknown>;
  /** Messages read at a time. */
  batch?: number;
  /** Whether this message is already being handled elsewhere in this process (the retry pass). */
  claim(msg: InboundMessage): boolean;
  release(msg: InboundMessage): void;
  onError(error: unknown): void;
}

/**
 * Turns started before the loop lets other work in (webhooks, sends, timers). A turn's database
 * reads and its decision run synchronously (a local SQLite file answers at once), about 1-2 ms:
 * started all at once, a batch of 100 held the event loop for a fifth of a second and a webhook
 * flood took turns' time away, or turns took the webhooks'. A few at a time, then a turn of the
 * event loop: every webhook waiting is read and recorded between two slices (Telegram and Meta
 * get their 200 in milliseconds whatever the backlog), and turns get about the time webhooks leave
 * them, flood or not. Their commits still go together (group commit, once per slice or so).
 */
export const TURNS_PER_SLICE = 4;
const nextMacrotask = (): Promise<void> => new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * Turns for the messages a webhook recorded and acknowledged at once (`Assistant.accept`): read
 * from the database in the order they were recorded, so that a rush waits on disk, not in memory,
 * and a crash loses nothing (what was recorded and not answered is handled at the next start).
 * At most two batches are in flight; each conversation's turns still run one at a time, in order.
 */
export class InboxDrain {
  private cursor: number | null = null;
  private running = false;
  private again = false;
  private stopped = false;
  private inFlight = 0;
  /** The loop, waiting for room for another batch. */
  private room: (() => void) | null = null;
  /** Callers of idle(). */
  private idlers: (() => void)[] = [];
  private readonly batch: number;

  constructor(private readonly o: InboxDrainOptions) {
    this.batch = o.batch ?? 100;
  }

  /** Something was recorded: read it (now, or after the batch being read). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.loop().catch((error: unknown) => {
      this.running = false;
      this.o.onError(error);
      this.settle();
    });
  }

  /** Resolves once every recorded message has been read and its turn has ended. */
  idle(): Promise<void> {
    if (!this.running && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  /** Reads nothing more; resolves when the turns under way have ended. The rest waits on disk. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.settle();
    await this.idle();
  }

  private async loop(): Promise<void> {
    // The first read starts at the oldest message never answered (or the newest recorded).
    this.cursor ??= await this.o.store.inboxStart();
    for (;;) {
      this.again = false;
      // Two batches in flight at most: the next is read while the last one runs.
      while (this.inFlight >= this.batch && !this.stopped) await new Promise<void>((r) => (this.room = r));
      if (this.stopped) break;
      const rows = await this.o.store.inboxAfter(this.cursor, this.batch);
      let read = 0;
      let started = 0;
      for (const { seq, msg } of rows) {
        if (this.stopped) break;
        read++;
        this.cursor = Math.max(this.cursor, seq);
        if (!msg || !this.o.claim(msg)) continue;
        void this.start(msg);
        // A slice started: let the event loop serve what waits (see TURNS_PER_SLICE).
        if (++started % TURNS_PER_SLICE === 0) await nextMacrotask();
      }
      if (read < this.batch && !this.again) break;
    }
    this.running = false;
    this.settle();
  }

  private start(msg: InboundMessage): Promise<void> {
    this.inFlight++;
    return this.o
      .run(msg)
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.o.release(msg);
        this.inFlight--;
        this.settle();
      });
  }

  /** Wakes the loop (there may be room for a batch) and, when all is done, idle() callers. */
  private settle(): void {
    const room = this.room;
    this.room = null;
    room?.();
    if (this.running || this.inFlight > 0) return;
    const idlers = this.idlers;
    this.idlers = [];
    for (const resolve of idlers) resolve();
  }
}
