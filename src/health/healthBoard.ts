import type { Logger } from '../core/assistantDeps.js';
import type { ChannelName } from '../core/message.js';
import type { Clock } from '../core/ports.js';
import { ServiceHealth, type Backoff, type HealthSnapshot, type HealthState } from './serviceHealth.js';

/** How the process meets the services it depends on: waits between tries, and how long a call may take. */
export interface Resilience {
  /** Waits between tries after a failure (connections, held sends, a remote database). */
  backoff?: Backoff;
  /** A call to a channel's API with no answer in this time fails (default: 20 s). */
  callTimeoutMs?: number;
  /** A call to a remote database with no answer in this time fails (default: 10 s). */
  databaseTimeoutMs?: number;
}

/** One service as monitoring sees it: no secret, no detail beyond an enumerated reason. */
export interface PublicHealth {
  state: HealthState;
  reason?: string;
  since: string;
  retryInSeconds?: number;
  lastOkAt?: string;
}

/** States that need someone's attention (an alert): the rest is working or on its way. */
const TROUBLE: HealthState[] = ['down', 'action_needed'];

/**
 * The state of every remote service this process depends on: each channel's API and, when it is
 * remote, the database. One per process (per isolate on Workers); the channels, their outbox
 * lanes and the database client report to it; /healthz/channels and the admin's status page read it.
 */
export class HealthBoard {
  private readonly channels = new Map<ChannelName, ServiceHealth>();
  /** The database's state, when it is remote (a local file has no outage of its own to report). */
  readonly database: ServiceHealth;
  private databaseTracked = false;

  constructor(private readonly o: { clock: Clock; log: Logger; backoff?: Backoff }) {
    this.database = new ServiceHealth('database', { ...this.opts(), kind: 'database' });
  }

  get backoff(): Backoff | undefined {
    return this.o.backoff;
  }

  /** The channel's health (made on first use). */
  channel(name: ChannelName): ServiceHealth {
    let h = this.channels.get(name);
    if (!h) {
      h = new ServiceHealth(name, { ...this.opts(), kind: 'channel' });
      this.channels.set(name, h);
    }
    return h;
  }

  /** The database is remote: its state is part of the report. */
  trackDatabase(): ServiceHealth {
    this.databaseTracked = true;
    return this.database;
  }

  snapshots(): { database: HealthSnapshot | null; channels: HealthSnapshot[] } {
    const now = this.o.clock.now();
    return { database: this.databaseTracked ? this.database.snapshot(now) : null, channels: [...this.channels.values()].map((h) => h.snapshot(now)) };
  }

  /** For monitoring (GET /healthz/channels): `degraded` when a channel or the database is down or needs someone. */
  report(): { status: 'ok' | 'degraded'; database?: PublicHealth; channels: Record<string, PublicHealth> } {
    const { database, channels } = this.snapshots();
    const all = [...channels, ...(database ? [database] : [])];
    return {
      status: all.some((s) => TROUBLE.includes(s.state)) ? 'degraded' : 'ok',
      ...(database ? { database: toPublic(database) } : {}),
      channels: Object.fromEntries(channels.map((s) => [s.name, toPublic(s)])),
    };
  }

  private opts() {
    return { clock: this.o.clock, log: this.o.log, ...(this.o.backoff ? { backoff: this.o.backoff } : {}) };
  }
}

function toPublic(s: HealthSnapshot): PublicHealth {
  return {
    state: s.state,
    ...(s.reason ? { reason: s.reason } : {}),
    since: new Date(s.since).toISOString(),
    ...(s.retryInMs !== null ? { retryInSeconds: Math.ceil(s.retryInMs / 1000) } : {}),
    ...(s.lastOkAt !== null ? { lastOkAt: new Date(s.lastOkAt).toISOString() } : {}),
  };
}
