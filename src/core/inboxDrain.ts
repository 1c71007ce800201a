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
  /** How busy the event loop was since the last call, 0 to 1 (Node's event loop utilization); none: never paced. */
  loopUtilization?: () => number;
}

/**
 * A webhook flood: recording a message costs about 0.2 ms of CPU, its turn 2-3 ms
 * (docs/performance.md). When messages arrive faster than turns can run, turns at full speed take
 * the CPU the webhook needs: Telegram's requests wait (it opens up to 40 at once), time out and
 * come again. So when the event loop is saturated and FLOOD_WAITING or more webhook requests wait
 * at once for their message to be recorded, turns get a share of the time that halves (down to
 * MIN_TURN_SHARE) every CONTROL_MS; it grows back by a tenth when either sign is gone. Every
 * message is safe on disk at once, answers keep trickling out during a flood, and all go at full
 * speed when it eases. A busy hour (hundreds of messages a second) is never paced.
 */
export const MIN_TURN_SHARE = 0.05;
export const FLOOD_WAITING = 8;
const CONTROL_MS = 100;
const now = () => performance.now();

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
  /** Webhook requests waiting for their message to be recorded, now and at most since the last control. */
  private waiting = 0;
  private mostWaiting = 0;
  /** See MIN_TURN_SHARE. */
  private share = 1;
  private controlAt = 0;

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
      for (const { seq, msg } of rows) {
        if (this.stopped) break;
        read++;
        this.cursor = Math.max(this.cursor, seq);
        if (!msg || !this.o.claim(msg)) continue;
        const share = this.turnShare();
        if (share >= 1) {
          void this.start(msg);
          continue;
        }
        // Paced: one turn at a time, then a pause so that turns take `share` of the time.
        const began = now();
        await this.start(msg);
        const took = now() - began;
        await new Promise((r) => setTimeout(r, (took * (1 - share)) / share));
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

  /** The share of time turns may take now (1: no pacing), adjusted every CONTROL_MS. */
  private turnShare(): number {
    const probe = this.o.loopUtilization;
    if (!probe) return 1;
    const t = now();
    if (t - this.controlAt < CONTROL_MS) return this.share;
    this.controlAt = t;
    const busy = probe();
    const waiting = this.mostWaiting;
    this.mostWaiting = this.waiting;
    if (busy > 0.9 && waiting >= FLOOD_WAITING) this.share = Math.max(MIN_TURN_SHARE, this.share / 2);
    else this.share = Math.min(1, this.share + 0.1);
    return this.share;
  }

  /**
   * Records a message (through `record`) and counts the webhook requests waiting at once: many
   * waiting while the event loop is saturated is what a flood looks like from here.
   */
  async recording<T>(record: () => Promise<T>): Promise<T> {
    this.waiting++;
    if (this.waiting > this.mostWaiting) this.mostWaiting = this.waiting;
    try {
      return await record();
    } finally {
      this.waiting--;
    }
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
