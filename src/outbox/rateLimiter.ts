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

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
  ) {}

  reserve(recipient: string): number {
    const now = this.clock.now();
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
    for (const [k, list] of this.sentTo) {
      while (list.length && list[0]! <= now - this.limit.perRecipient.perMs) list.shift();
      if (!list.length) this.sentTo.delete(k);
    }
  }
}
