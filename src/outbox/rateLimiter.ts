import type { Clock } from '../core/ports.js';

export interface RateLimit {
  /** Messages per window overall, on this channel. */
  global: { count: number; perMs: number };
  /** Messages per window to one person. */
  perRecipient: { count: number; perMs: number };
}

/**
 * Sliding-window limits for one channel: overall and per recipient. `reserve` says how long to
 * wait before a send is allowed (0: now, and the send is counted). `pauseUntil` holds every send
 * after the channel said "too many requests".
 */
export class RateLimiter {
  private readonly sentAll: number[] = [];
  private readonly sentTo = new Map<string, number[]>();
  private pausedUntil = 0;
  private prunedAt = -Infinity;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
  ) {}

  reserve(recipient: string, now: number = this.clock.now()): number {
    if (now < this.pausedUntil) return this.pausedUntil - now;
    const waitAll = this.waitFor(this.sentAll, this.limit.global, now);
    const list = this.sentTo.get(recipient) ?? [];
    const waitOne = this.waitFor(list, this.limit.perRecipient, now);
    const wait = Math.max(waitAll, waitOne);
    if (wait > 0) return wait;
    this.sentAll.push(now);
    list.push(now);
    this.sentTo.set(recipient, list);
    return 0;
  }

  /**
   * A send reserved at `reservedAt` finished at `at`: it now counts from `at`. The channel saw the
   * request somewhere between the two; counting from the reservation let a send that travelled
   * slowly (a busy moment) fall into the same second, for the channel, as one reserved a second
   * later that travelled fast, and the channel answered 429.
   */
  settle(recipient: string, reservedAt: number, at: number): void {
    if (at <= reservedAt) return;
    const move = (times: number[]) => {
      const i = times.lastIndexOf(reservedAt);
      if (i >= 0) times.splice(i, 1);
      let j = times.length;
      while (j > 0 && times[j - 1]! > at) j--;
      times.splice(j, 0, at);
    };
    move(this.sentAll);
    const list = this.sentTo.get(recipient) ?? [];
    move(list);
    this.sentTo.set(recipient, list);
  }

  /** Milliseconds until the channel as a whole may send again (0: now). Reserves nothing. */
  globalWait(): number {
    const now = this.clock.now();
    if (now < this.pausedUntil) return this.pausedUntil - now;
    return this.waitFor(this.sentAll, this.limit.global, now);
  }

  /** How many sends the channel as a whole allows now (0 while paused). Reserves nothing. */
  globalRoom(): number {
    if (this.globalWait() > 0) return 0;
    return Math.max(0, this.limit.global.count - this.sentAll.length);
  }

  pauseUntil(at: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, at);
  }

  private waitFor(times: number[], rule: { count: number; perMs: number }, now: number): number {
    while (times.length && times[0]! <= now - rule.perMs) times.shift();
    if (times.length < rule.count) return 0;
    return times[0]! + rule.perMs - now;
  }

  /** Forgets recipients with no recent sends (memory stays flat during a long campaign). */
  prune(): void {
    const now = this.clock.now();
    // At most once a window: a pass runs after every few sends, and this walks every recipient.
    if (now - this.prunedAt < this.limit.perRecipient.perMs) return;
    this.prunedAt = now;
    for (const [k, list] of this.sentTo) {
      while (list.length && list[0]! <= now - this.limit.perRecipient.perMs) list.shift();
      if (!list.length) this.sentTo.delete(k);
    }
  }
}
