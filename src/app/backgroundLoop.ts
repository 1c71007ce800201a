import type { Assistant } from '../core/createAssistant.js';
import type { Logger } from '../core/assistantDeps.js';
import type { Clock } from '../core/ports.js';
import type { OutboxWorker } from '../outbox/outboxWorker.js';
import { INBOUND_RETRY_AFTER_MS } from '../core/ports.js';
import { isDatabaseUnavailable } from '../storage/databaseUnavailable.js';

export interface BackgroundLoopOptions {
  outbox: OutboxWorker;
  assistant: Assistant;
  clock: Clock;
  log: Logger;
  /** Longest sleep between outbox passes. */
  pollMs?: number;
  /** How often unanswered messages are looked for. */
  resumeEveryMs?: number;
  /** Deletes conversations older than the retention period (checked every hour). */
  retention?: { days: number; purge(cutoff: number): Promise<{ conversations: number }> };
  /** Escalation of unclaimed tickets and the usual wait. */
  handoff?: { service: { escalateDue(): Promise<number> }; status: { refresh(): Promise<void> } };
  /** The Center's program: scheduled campaigns, campaign batches, event reminders. */
  program?: { tick(): Promise<void> } | null;
  /** Files people sent during a handoff: fetched, and erased when their ticket closes or after the retention period. */
  media?: { tick(): Promise<void> } | null;
}

/**
 * The long-running side of the Node process: sends the outbox (woken at once by every turn, and
 * at least every `pollMs`), and handles again messages that were recorded but never answered.
 */
export class BackgroundLoop {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private lastResume = 0;
  private lastPurge = 0;
  private failing = false;

  constructor(private readonly o: BackgroundLoopOptions) {}

  start(): void {
    this.stopped = false;
    this.o.outbox.wakeItself();
    this.schedule(0);
  }

  /**
   * One full pass: resume unanswered messages, then send what is due. `sends: 'wait'` (the
   * default: Workers' cron, tests) resolves once the outbox's lanes and the file downloads have
   * ended their passes; Node's timer does not wait for them (they call the channels' APIs), so that
   * a channel whose API stalls never delays escalations, campaigns or the other work of this loop.
   */
  async runOnce(o: { sends: 'wait' | 'start' } = { sends: 'wait' }): Promise<void> {
    const now = this.o.clock.now();
    if (now - this.lastResume >= (this.o.resumeEveryMs ?? 10_000)) {
      this.lastResume = now;
      await this.o.assistant.resumePending(now - INBOUND_RETRY_AFTER_MS);
      await this.o.handoff?.status.refresh();
    }
    await this.o.handoff?.service.escalateDue();
    await this.o.program?.tick();
    if (o.sends === 'wait') await this.o.media?.tick();
    else
      void this.o.media?.tick().catch((error: unknown) => {
        if (!isDatabaseUnavailable(error)) this.o.log.error('media.sweep_failed', { error: error instanceof Error ? error.name : 'unknown' });
      });
    if (this.o.retention && now - this.lastPurge >= 3600_000) {
      this.lastPurge = now;
      const purged = await this.o.retention.purge(now - this.o.retention.days * 24 * 3600_000);
      if (purged.conversations) this.o.log.info('retention.purged', purged);
    }
    if (o.sends === 'wait') await this.o.outbox.kick();
    else void this.o.outbox.kick();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      try {
        await this.runOnce({ sends: 'start' });
        if (this.failing) this.o.log.info('loop.recovered');
        this.failing = false;
      } catch (error) {
        // Once per streak (a database outage would otherwise log every second); the database's own state is logged apart.
        if (!this.failing && !isDatabaseUnavailable(error)) this.o.log.error('loop.failed', { error: error instanceof Error ? error.name : 'unknown' });
        this.failing = true;
      }
      this.schedule(Math.max(20, Math.min(this.o.pollMs ?? 1000, this.o.outbox.wakeInMs)));
    }, ms);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.o.outbox.kick();
    this.o.outbox.close();
  }
}
