import type { Logger } from '../core/assistantDeps.js';
import type { ChannelName } from '../core/message.js';
import { presentReply } from '../core/presentReply.js';
import type { ChannelSender, Clock, OutboxItem, OutboxStore } from '../core/ports.js';
import { RateLimiter, type RateLimit } from './rateLimiter.js';

export interface OutboxChannel {
  sender: ChannelSender;
  limit: RateLimit;
}

export interface OutboxWorkerOptions {
  store: OutboxStore;
  clock: Clock;
  log: Logger;
  channels: Partial<Record<ChannelName, OutboxChannel>>;
  /** Give up on a message after this many failed tries. */
  maxAttempts?: number;
  /** How many messages one pass may look at. */
  batchSize?: number;
}

/** Sends in flight at once, across recipients. */
export const MAX_IN_FLIGHT = 8;

/** Backoff after a failed send: 2 s, 4 s, 8 s… capped at 5 minutes, with jitter. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(300_000, 2000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Sends what the outbox holds, oldest first and one message at a time per person (their order is
 * kept), within each channel's limits; retries with backoff, honours "retry after", stops for a
 * person who blocked us. Nothing is removed from the outbox until the channel accepted it.
 */
export class OutboxWorker {
  private readonly limiters = new Map<ChannelName, RateLimiter>();
  private running: Promise<number> | null = null;
  private queued: Promise<number> | null = null;
  readonly maxAttempts: number;

  constructor(private readonly opts: OutboxWorkerOptions) {
    this.maxAttempts = opts.maxAttempts ?? 8;
    for (const [name, ch] of Object.entries(opts.channels) as [ChannelName, OutboxChannel][]) {
      this.limiters.set(name, new RateLimiter(ch.limit, opts.clock));
    }
  }

  /**
   * Runs a pass that starts after this call: now, or right after the pass in progress (callers
   * meanwhile share that next pass). Resolves with how many messages it sent.
   */
  kick(): Promise<number> {
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued ??= this.running.then(
      () => {
        this.queued = null;
        return this.kick();
      },
      () => {
        this.queued = null;
        return this.kick();
      },
    );
    return this.queued;
  }

  /** Milliseconds until something may be sendable, for the loop's next wake-up. */
  private nextWake = Infinity;

  get wakeInMs(): number {
    return this.nextWake;
  }

  private async drain(): Promise<number> {
    let sent = 0;
    this.nextWake = Infinity;
    for (;;) {
      // Every channel is at its overall limit: nothing could go out, so the outbox is not read
      // (during a rush that read grows with the backlog, and every turn asks for a pass).
      const globalWaits = [...this.limiters.values()].map((l) => l.globalWait());
      if (globalWaits.length && Math.min(...globalWaits) > 0) {
        this.nextWake = Math.min(this.nextWake, ...globalWaits);
        break;
      }
      const due = await this.opts.store.dueOutbox(this.opts.clock.now(), this.opts.batchSize ?? 200);
      if (!due.length) break;
      let progressed = false;
      const sends: Promise<void>[] = [];
      for (const item of due) {
        const channel = this.opts.channels[item.channel];
        const limiter = this.limiters.get(item.channel);
        if (!channel || !limiter) continue; // a channel not configured on this runtime
        const reservedAt = this.opts.clock.now();
        const wait = limiter.reserve(item.recipient, reservedAt);
        if (wait > 0) {
          this.nextWake = Math.min(this.nextWake, wait);
          continue;
        }
        progressed = true;
        sends.push(
          this.sendOne(item, channel, limiter, reservedAt).then((ok) => {
            if (ok) sent++;
          }),
        );
        // A few sends in flight at once: enough for the channels' rates, and few messages whose
        // fate a crash leaves unknown (those are sent again: at least once).
        if (sends.length >= MAX_IN_FLIGHT) await Promise.all(sends.splice(0));
      }
      await Promise.all(sends);
      if (!progressed) break;
    }
    for (const l of this.limiters.values()) l.prune();
    return sent;
  }

  private async sendOne(item: OutboxItem, channel: OutboxChannel, limiter: RateLimiter, reservedAt: number): Promise<boolean> {
    const { store, clock, log } = this.opts;
    let result;
    try {
      await store.markSending(item.id);
      // Presented here, once for every push channel: right-to-left replies get their isolates.
      result = await channel.sender.send(item.recipient, presentReply(item.reply));
    } catch (error) {
      result = { ok: false as const, kind: 'retry' as const, error: error instanceof Error ? error.message : 'send failed' };
    }
    const now = clock.now();
    // The limits count this send from when it came back, the latest moment the channel saw it.
    limiter.settle(item.recipient, reservedAt, now);
    if (result.ok) {
      await store.markSent(item.id, now, result.providerMessageId);
      return true;
    }
    const attempts = item.attempts + 1;
    if (result.kind === 'unreachable') {
      log.warn('outbox.unreachable', { channel: item.channel, outbox: item.id });
      await store.markUnreachable(item.channel, item.recipient, now);
    } else if (result.kind === 'rejected' || attempts >= this.maxAttempts) {
      log.error('outbox.failed', { channel: item.channel, outbox: item.id, attempts, error: result.error });
      await store.markFailed(item.id, result.error);
    } else {
      const wait = result.retryAfterMs ?? backoffMs(attempts);
      if (result.retryAfterMs !== undefined) limiter.pauseUntil(now + result.retryAfterMs);
      log.warn('outbox.retry', { channel: item.channel, outbox: item.id, attempts, waitMs: wait });
      await store.markRetry(item.id, attempts, now + wait, result.error);
      this.nextWake = Math.min(this.nextWake, wait);
    }
    return false;
  }
}
