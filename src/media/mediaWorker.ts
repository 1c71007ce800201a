import type { Logger } from '../core/assistantDeps.js';
import type { Clock } from '../core/ports.js';
import type { DueMedia, LibsqlMediaStore } from './libsqlMediaStore.js';
import type { FetchedMedia, MediaSources } from './mediaPorts.js';
import { sniffMediaType } from './sniffMediaType.js';
import { isDatabaseUnavailable } from '../storage/databaseUnavailable.js';

/** Waits between tries of one file (then it is marked "could not be downloaded"; an advisor can ask again). */
const BACKOFF_MS = [15_000, 60_000, 5 * 60_000];
/** One try may take this long (a slow phone network on the channel's side), then it counts as failed. */
const FETCH_TIMEOUT_MS = 60_000;
const SWEEP_EVERY_MS = 60_000;

export interface MediaWorkerOptions {
  store: LibsqlMediaStore;
  /** How each channel fetches a file (those this runtime runs). */
  sources: MediaSources;
  clock: Clock;
  log: Logger;
  maxBytes: number;
  retentionDays: number;
  /** A file changed (stored, refused, failed): the console refreshes that conversation. */
  onChange?: (conversationId: string) => void;
}

/**
 * Fetches the files people sent during a handoff, off the turn's path: the turn only records the
 * message and the file's reference, so a channel that is slow or down never loses a message. Each
 * file is fetched with a size cap, its type read from its bytes (never its name or its claimed
 * type), then kept or refused. Nothing about a file but its id, channel, kind and size is logged.
 * The sweep erases the bytes of files whose ticket closed, or older than RETENTION_DAYS.
 */
export class MediaWorker {
  private readonly lanes = new Map<string, { running: Promise<void> | null; again: Promise<void> | null }>();
  private lastSweep = -Infinity;

  constructor(private readonly o: MediaWorkerOptions) {}

  /**
   * Fetches what is due now, each channel on its own (a channel whose API stalls holds its own
   * files, not the others'); a kick during a channel's pass runs one more pass of it after.
   */
  async kick(): Promise<void> {
    await Promise.all(Object.keys(this.o.sources).map((channel) => this.kickChannel(channel)));
  }

  private kickChannel(channel: string): Promise<void> {
    const lane = this.lanes.get(channel) ?? { running: null, again: null };
    this.lanes.set(channel, lane);
    if (!lane.running) {
      lane.running = this.pass(channel)
        // A remote database's outage is logged once by its state, not at every pass.
        .catch((error) => void (isDatabaseUnavailable(error) || this.o.log.error('media.pass_failed', { channel, error: error instanceof Error ? error.name : 'unknown' })))
        .finally(() => (lane.running = null));
      return lane.running;
    }
    lane.again ??= lane.running.then(() => ((lane.again = null), this.kickChannel(channel)));
    return lane.again;
  }

  /**
   * Resolves when the passes under way, and those asked for meanwhile, have ended; starts none
   * (Workers: what a request's turn started is awaited, without a query to the database at every
   * request; a file whose fetch failed is tried again by the cron's `tick`).
   */
  async settled(): Promise<void> {
    await Promise.all([...this.lanes.values()].map((lane) => lane.again ?? lane.running));
  }

  /** The background loop's pass: what is due, and the sweep (at most once a minute). */
  async tick(): Promise<void> {
    await this.kick();
    const now = this.o.clock.now();
    if (Math.abs(now - this.lastSweep) < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    const erased = await this.o.store.sweep(now - this.o.retentionDays * 86_400_000, now);
    if (erased) this.o.log.info('media.erased', { count: erased });
  }

  private async pass(channel: string): Promise<void> {
    for (let round = 0; round < 20; round++) {
      // Only the channels this process runs: the linked phone's files wait for its own process.
      const due = await this.o.store.due(this.o.clock.now(), 10, [channel]);
      if (!due.length) return;
      for (const m of due) await this.fetchOne(m);
    }
  }

  private async fetchOne(m: DueMedia): Promise<void> {
    const now = this.o.clock.now();
    const source = this.o.sources[m.channel];
    if (!source) return;
    if (!(await this.o.store.claim(m, now + FETCH_TIMEOUT_MS + 5_000))) return;
    let got: FetchedMedia;
    try {
      got = await source.fetch(m.ref, this.o.maxBytes, AbortSignal.timeout(FETCH_TIMEOUT_MS));
    } catch (error) {
      got = { ok: false, reason: 'retry', error: error instanceof Error ? error.name : 'unknown' };
    }
    const at = this.o.clock.now();
    const fields = { media: m.id, channel: m.channel, kind: m.kind };
    if (got.ok) {
      const type = sniffMediaType(got.bytes, m.kind);
      if (!type) {
        await this.o.store.refuse(m.id, 'type', got.bytes.byteLength, at);
        this.o.log.warn('media.refused', { ...fields, reason: 'type' });
      } else if (got.bytes.byteLength > this.o.maxBytes) {
        await this.o.store.refuse(m.id, 'too_large', got.bytes.byteLength, at);
        this.o.log.warn('media.refused', { ...fields, reason: 'too_large' });
      } else {
        await this.o.store.store(m.id, type, got.bytes, at);
        this.o.log.info('media.stored', { ...fields, type, bytes: got.bytes.byteLength });
      }
    } else if (got.reason === 'too_large') {
      await this.o.store.refuse(m.id, 'too_large', null, at);
      this.o.log.warn('media.refused', { ...fields, reason: 'too_large' });
    } else {
      const wait = got.reason === 'retry' ? BACKOFF_MS[m.attempts] : undefined;
      await this.o.store.fail(m.id, wait === undefined ? null : at + wait, at);
      this.o.log.warn(wait === undefined ? 'media.failed' : 'media.retry', { ...fields, attempt: m.attempts + 1, error: got.error });
      if (wait !== undefined) return;
    }
    this.o.onChange?.(m.conversationId);
  }
}
