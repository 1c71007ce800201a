import type { Logger } from '../core/assistantDeps.js';
import type { ChannelName } from '../core/message.js';
import { presentReply } from '../core/presentReply.js';
import type { Clock, OutboxItem, OutboxStore, SendResult } from '../core/ports.js';
import { ServiceHealth } from '../health/serviceHealth.js';
import { RateLimiter } from './rateLimiter.js';
import { isDatabaseUnavailable } from '../storage/databaseUnavailable.js';
import { backoffMs, CLAIM_LEASE_MS } from './sendTimings.js';
import type { ChannelProbe, OutboxChannel } from './outboxChannel.js';

export interface LaneOptions {
  store: OutboxStore;
  clock: Clock;
  log: Logger;
  maxAttempts: number;
  batchSize: number;
  maxInFlight: number;
}

/** One send and its result. */
type Attempt = { item: OutboxItem; result: SendResult; at: number };

/**
 * One channel's sending: its own passes, limits, sends in flight and state. While the channel is
 * down (unreachable, stalled, 5xx, a refused token, the phone not linked), its lane holds what it
 * has: nothing is tried until the wait is over, the held messages keep their attempts, and when
 * the channel is back they leave in order, once. Another channel's outage never reaches this lane:
 * no shared pass, batch or pool of sends.
 */
export class OutboxLane {
  readonly health: ServiceHealth;
  private readonly limiter: RateLimiter;
  private running: Promise<number> | null = null;
  private queued: Promise<number> | null = null;
  private nextWake = Infinity;
  /** Marks the database refused (it is down): written before anything else, so that nothing is sent twice. */
  private unsettled: (() => Promise<void>)[] = [];
  private failing = false;
  private closed = false;
  private held = false;
  private selfWaking = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The first database error of the sends being settled. */
  private databaseError: unknown = null;
  /** Sends in flight at once: 8 (plenty for 30 a second), one per 25 a second on a channel allowed more (at most 64). */
  private readonly maxInFlight: number;
  /** A person's next message waits this long after one was sent to them (their limit: 1 a second), 0: none. */
  private readonly holdNextMs: number;
  /** When the next messages of people just written to become due, in send order (the lane wakes then). */
  private holdEnds: number[] = [];
  private holdFirst = 0; // holdEnds before it are past

  constructor(
    readonly channel: ChannelName,
    private readonly ch: OutboxChannel,
    private readonly o: LaneOptions,
  ) {
    this.limiter = new RateLimiter(ch.limit, o.clock);
    const perSecond = (ch.limit.global.count * 1000) / ch.limit.global.perMs;
    this.maxInFlight = Math.min(64, Math.max(o.maxInFlight, Math.ceil(perSecond / 25)));
    this.holdNextMs = ch.limit.perRecipient.count === 1 ? ch.limit.perRecipient.perMs : 0;
    this.health = ch.health ?? new ServiceHealth(channel, { clock: o.clock, log: o.log, kind: 'channel' });
    // Back up (the connection came back, the phone was linked): what was held leaves now.
    this.health.onChange((s) => {
      if (s.state === 'up' && !this.closed && !this.held) void this.kick();
    });
  }

  /** Milliseconds until something may be sendable. */
  get wakeInMs(): number {
    return this.nextWake;
  }

  /** A pass that starts after this call: now, or right after the one under way. Never rejects. */
  kick(): Promise<number> {
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.kick();
    });
    return this.queued;
  }

  /** The pass under way and the one queued after it, if any (none started). Never rejects. */
  settled(): Promise<number> {
    return this.queued ?? this.running ?? Promise.resolve(0);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  /** A long-running process: after a pass that left something waiting (a person's 1 message per
   * second, an outage's retry), the lane wakes itself when due, not at the loop's next round. */
  wakeItself(): void {
    this.selfWaking = true;
  }

  /** While held (the start), no pass runs; a channel coming back does not wake the lane. */
  hold(on: boolean): void {
    this.held = on;
  }

  private async drain(): Promise<number> {
    let sent = 0;
    this.nextWake = Infinity;
    try {
      await this.settleMarks();
      for (;;) {
        if (!(await this.channelReady())) break;
        const globalWait = this.limiter.globalWait();
        if (globalWait > 0) {
          this.nextWake = Math.min(this.nextWake, globalWait);
          break;
        }
        // Right after an outage with no probe, one message tells whether the channel is back.
        // Claimed a few at a time, sent together: no more than the channel allows now, and few
        // messages held from other processes should this one die (see CLAIM_LEASE_MS).
        const probing = this.health.down;
        const due = await this.o.store.claimDue(this.channel, this.o.clock.now(), Math.min(probing ? 1 : this.maxInFlight, this.o.batchSize, this.limiter.globalRoom()), CLAIM_LEASE_MS);
        if (!due.length) break;
        const chunk: Promise<Attempt>[] = [];
        /** Claimed and not sent now (the person's own limit): waiting again, due when their wait is over. */
        const unsent: { id: string; at: number }[] = [];
        for (const item of due) {
          const reservedAt = this.o.clock.now();
          const wait = this.limiter.reserve(item.recipient, reservedAt);
          if (wait > 0) {
            this.nextWake = Math.min(this.nextWake, wait);
            unsent.push({ id: item.id, at: reservedAt + wait });
          } else chunk.push(this.sendOne(item, reservedAt));
        }
        sent += await this.settle(chunk);
        if (unsent.length) await this.mark(() => this.o.store.releaseClaims(unsent));
        // The database refused a mark: the pass stops there (the mark is written first at the next).
        this.throwDatabaseError();
        if (!chunk.length || this.health.down) break;
      }
      if (this.failing) this.o.log.info('outbox.pass_recovered', { channel: this.channel });
      this.failing = false;
    } catch (error) {
      // The database (the marks above keep what was sent): logged once until a pass goes through,
      // and not at all when it is a remote database's outage (its own state says so, once).
      if (!this.failing && !isDatabaseUnavailable(error)) this.o.log.error('outbox.pass_failed', { channel: this.channel, error: error instanceof Error ? error.name : 'unknown' });
      this.failing = true;
      this.nextWake = Math.min(this.nextWake, 1000);
    }
    if (this.health.down) this.nextWake = Math.min(this.nextWake, Math.max(20, this.health.retryInMs()));
    // People just written to: their next message (not read meanwhile, see markSent) is due then.
    const now = this.o.clock.now();
    while (this.holdFirst < this.holdEnds.length && this.holdEnds[this.holdFirst]! <= now) this.holdFirst++;
    if (this.holdFirst > 1024 || this.holdFirst === this.holdEnds.length) {
      this.holdEnds = this.holdEnds.slice(this.holdFirst);
      this.holdFirst = 0;
    }
    if (this.holdEnds.length) this.nextWake = Math.min(this.nextWake, this.holdEnds[this.holdFirst]! - now);
    this.limiter.prune();
    if (this.selfWaking && !this.closed && Number.isFinite(this.nextWake)) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.kick(), Math.max(20, this.nextWake));
      this.timer.unref?.();
    }
    return sent;
  }

  /** Whether sends may go now: no outage, or its wait is over and the probe (if any) says the channel is back. */
  private async channelReady(): Promise<boolean> {
    const wait = this.health.retryInMs();
    if (wait > 0) {
      this.nextWake = Math.min(this.nextWake, wait);
      return false;
    }
    if (!this.health.down || !this.ch.probe) return true;
    let probed: Awaited<ReturnType<ChannelProbe>>;
    try {
      probed = await this.ch.probe();
    } catch {
      probed = { ok: false, reason: 'unreachable', error: 'probe failed' };
    }
    if (probed.ok) {
      this.health.ok();
      return true;
    }
    this.health.failed(probed.reason, probed.error);
    return false;
  }

  /** The message was claimed ("sending"): a crash from now on leaves it to be sent again (at least once). */
  private async sendOne(item: OutboxItem, reservedAt: number): Promise<Attempt> {
    let result: SendResult;
    try {
      // Presented here, once for every push channel: right-to-left replies get their isolates.
      result = await this.ch.sender.send(item.recipient, presentReply(item.reply), item.partsSent);
    } catch (error) {
      result = { ok: false, kind: 'retry', error: error instanceof Error ? error.name : 'send failed' };
    }
    const at = this.o.clock.now();
    // The limits count this send from when it came back, the latest moment the channel saw it.
    this.limiter.settle(item.recipient, reservedAt, at);
    if (result.ok) {
      if (this.holdNextMs) this.holdEnds.push(at + this.holdNextMs);
      await this.mark(() => this.o.store.markSent(item.id, at, result.providerMessageId, this.holdNextMs));
    }
    return { item, result, at };
  }

  /**
   * The outcome of sends made together. "Unavailable" from all of them is the channel's outage:
   * they are held (attempts unchanged) and the lane waits. From some while others went through, the
   * channel works and those messages failed on their own: retried with their own backoff (so that
   * one message the channel keeps refusing with a 5xx cannot hold everyone forever).
   */
  private async settle(chunk: Promise<Attempt>[]): Promise<number> {
    if (!chunk.length) return 0;
    const attempts = await Promise.all(chunk);
    const through = attempts.filter((a) => a.result?.ok).length;
    if (through) this.health.ok();
    // One outage per batch, however many of its sends met it (the backoff grows once).
    const outage = through ? undefined : attempts.find((a) => !a.result.ok && a.result.kind === 'unavailable')?.result;
    if (outage && !outage.ok && outage.kind === 'unavailable') this.health.failed(outage.reason, outage.error);
    for (const { item, result, at } of attempts) {
      if (result.ok) continue;
      if (result.kind === 'unavailable' && !through) {
        await this.mark(() => this.o.store.markRetry(item.id, item.attempts, at, result.error, result.partsSent));
      } else await this.failed(item, result.kind === 'unavailable' ? { ok: false, kind: 'retry', error: result.error, ...(result.partsSent ? { partsSent: result.partsSent } : {}) } : result, at);
    }
    return through;
  }

  /** The first mark the database refused in this pass: the pass stops there (the marks are kept for the next). */
  private throwDatabaseError(): void {
    const error = this.databaseError;
    this.databaseError = null;
    if (error) throw error;
  }

  private async failed(item: OutboxItem, result: Exclude<SendResult, { ok: true } | { kind: 'unavailable' }>, now: number): Promise<void> {
    const { store, log } = this.o;
    const attempts = item.attempts + 1;
    if (result.kind === 'unreachable') {
      log.warn('outbox.unreachable', { channel: item.channel, outbox: item.id });
      await this.mark(() => store.markUnreachable(item.channel, item.recipient, now));
    } else if (result.kind === 'rejected' || attempts >= this.o.maxAttempts) {
      log.error('outbox.failed', { channel: item.channel, outbox: item.id, attempts, error: result.error });
      await this.mark(() => store.markFailed(item.id, result.error));
    } else {
      const wait = result.retryAfterMs ?? backoffMs(attempts);
      if (result.retryAfterMs !== undefined) this.limiter.pauseUntil(now + result.retryAfterMs);
      log.warn('outbox.retry', { channel: item.channel, outbox: item.id, attempts, waitMs: wait });
      await this.mark(() => store.markRetry(item.id, attempts, now + wait, result.error, result.partsSent));
      this.nextWake = Math.min(this.nextWake, wait);
    }
  }

  /** Writes a mark; when the database refuses it, keeps it for the next pass (and this pass stops). */
  private async mark(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.unsettled.push(write);
      this.databaseError ??= error;
    }
  }

  private async settleMarks(): Promise<void> {
    while (this.unsettled.length) {
      await this.unsettled[0]!();
      this.unsettled.shift();
    }
  }
}
