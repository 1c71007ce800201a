import type { Logger } from '../core/assistantDeps.js';
import type { ChannelName } from '../core/message.js';
import type { Clock, OutboxStore } from '../core/ports.js';
import { OutboxLane } from './outboxLane.js';
import type { OutboxChannel } from './outboxChannel.js';

export { backoffMs } from './sendTimings.js';
export type { ChannelProbe, OutboxChannel } from './outboxChannel.js';

export interface OutboxWorkerOptions {
  store: OutboxStore;
  clock: Clock;
  log: Logger;
  channels: Partial<Record<ChannelName, OutboxChannel>>;
  /** Give up on a message after this many failed tries (an outage of its channel does not count). */
  maxAttempts?: number;
  /** How many messages a lane claims at a time, at most (it claims no more than it sends at once: MAX_IN_FLIGHT, or more on a fast channel). */
  batchSize?: number;
}

/** Sends in flight at once, per channel. */
export const MAX_IN_FLIGHT = 8;

/**
 * Sends what the outbox holds, oldest first and one message at a time per person (their order is
 * kept), within each channel's limits; retries with backoff, honours "retry after", stops for a
 * person who blocked us. Nothing is removed from the outbox until the channel accepted it.
 *
 * One lane per channel (outboxLane.ts): a channel that is down or slow holds its own messages and
 * its own sends in flight; the others go on at their pace.
 */
export class OutboxWorker {
  private readonly lanes = new Map<ChannelName, OutboxLane>();
  private held = false;
  readonly maxAttempts: number;

  constructor(opts: OutboxWorkerOptions) {
    this.maxAttempts = opts.maxAttempts ?? 8;
    const lane = { store: opts.store, clock: opts.clock, log: opts.log, maxAttempts: this.maxAttempts, batchSize: opts.batchSize ?? 200, maxInFlight: MAX_IN_FLIGHT };
    for (const [name, ch] of Object.entries(opts.channels) as [ChannelName, OutboxChannel][]) this.lanes.set(name, new OutboxLane(name, ch, lane));
  }

  /**
   * A pass of every lane that starts after this call. Resolves with how many messages they sent
   * once all have ended (tests, Workers' waitUntil); never rejects (a lane logs its own trouble).
   */
  async kick(): Promise<number> {
    if (this.held) return 0;
    const sent = await Promise.all([...this.lanes.values()].map((l) => l.kick()));
    return sent.reduce((a, b) => a + b, 0);
  }

  /**
   * The passes under way (started by whatever queued a reply: a turn, an advisor, a campaign)
   * ended, none started: what a Worker waits for after a request (Workers' waitUntil).
   */
  async settled(): Promise<number> {
    const sent = await Promise.all([...this.lanes.values()].map((l) => l.settled()));
    return sent.reduce((a, b) => a + b, 0);
  }

  /**
   * Nothing is sent until release(): at start, while what a previous process left "sending" is
   * put back in line (else a channel that connects meanwhile could send it twice).
   */
  hold(): void {
    this.held = true;
    for (const l of this.lanes.values()) l.hold(true);
  }

  release(): void {
    this.held = false;
    for (const l of this.lanes.values()) l.hold(false);
  }

  /** Milliseconds until something may be sendable on some lane, for the loop's next wake-up. */
  get wakeInMs(): number {
    return Math.min(Infinity, ...[...this.lanes.values()].map((l) => l.wakeInMs));
  }

  /** Each lane wakes itself when what it holds is due (a long-running process; not tests with a hand-moved clock, not Workers). */
  wakeItself(): void {
    for (const l of this.lanes.values()) l.wakeItself();
  }

  /** No lane wakes itself any more (a channel coming back): the process is stopping. */
  close(): void {
    for (const l of this.lanes.values()) l.close();
  }
}
