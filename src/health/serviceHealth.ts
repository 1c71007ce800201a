import type { Logger } from '../core/assistantDeps.js';
import type { Clock, OutageReason } from '../core/ports.js';

/**
 * connecting: not reached yet since start; up: the last call went through; down: the service
 * cannot be reached, stalls or fails on its side (it recovers by itself: tawjih tries again with
 * capped backoff); action_needed: it waits for a person (a refused token, a phone to link, a
 * webhook to register); stopped: this process stopped it.
 */
export type HealthState = 'connecting' | 'up' | 'down' | 'action_needed' | 'stopped';
/** Why a service needs an operator, beyond an outage: a person must do something. */
export type ActionReason = 'not_linked' | 'webhook_not_set';
export type HealthReason = OutageReason | ActionReason;

export interface HealthSnapshot {
  name: string;
  state: HealthState;
  /** Why it is down or waiting (null when up). */
  reason: HealthReason | null;
  /** Since when it is in this state (ms since the epoch). */
  since: number;
  /** When down: milliseconds before the next try. */
  retryInMs: number | null;
  /** The last time a call went through (null: never since start). */
  lastOkAt: number | null;
}

/** How long to wait before the n-th try in a row (n >= 1). */
export interface Backoff {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, capMs: 60_000 };

/** 1 s, 2 s, 4 s… capped (a minute by default), with ±20% jitter so that retries do not line up. */
export function backoffDelay(failures: number, b: Backoff, random: () => number = Math.random): number {
  const base = Math.min(b.capMs, b.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** What the operator can do, said once in the log line (never a secret). */
const HINTS: Partial<Record<HealthReason, string>> = {
  token_refused: 'the token was refused: check it (TELEGRAM_BOT_TOKEN, WHATSAPP_TOKEN, DATABASE_AUTH_TOKEN) and restart',
  not_linked: 'link the phone: scan the QR code at /admin/whatsapp/qr',
  webhook_not_set: 'register the webhook: npm run telegram:webhook -- set',
};

export interface ServiceHealthOptions {
  clock: Clock;
  log: Logger;
  backoff?: Backoff;
  /** The log events' prefix and the field that names the service: channel.down {channel: 'telegram'}, database.down. */
  kind: 'channel' | 'database';
}

/**
 * The state of one remote service this process depends on (a channel's API, a remote database),
 * fed by every call made to it: a failure opens an outage (calls wait for `retryInMs`, which grows
 * with each failure in a row, capped), a call that goes through closes it. Every change of state
 * is logged once (warn when it goes down or needs someone, info when it is back), whatever the
 * number of calls that failed meanwhile. Listeners hear every change (the outbox wakes a
 * channel's lane when it is back).
 */
export class ServiceHealth {
  private outage: { reason: OutageReason; detail: string | undefined; failures: number; retryAt: number } | null = null;
  private readonly actions = new Map<ActionReason, string | undefined>();
  private reached = false;
  private halted = false;
  private lastOk: number | null = null;
  private published: { state: HealthState; reason: HealthReason | null; since: number };
  private readonly listeners: ((s: HealthSnapshot) => void)[] = [];

  constructor(
    readonly name: string,
    private readonly o: ServiceHealthOptions,
  ) {
    this.published = { state: 'connecting', reason: null, since: o.clock.now() };
  }

  /** A call went through: the service is reachable and accepted us. */
  ok(): void {
    this.reached = true;
    this.lastOk = this.o.clock.now();
    if (!this.outage && this.published.state === 'up') return;
    this.outage = null;
    this.publish();
  }

  /** A call failed for a reason that is the service's, not one message's: calls wait, then try again. */
  failed(reason: OutageReason, detail?: string): void {
    const now = this.o.clock.now();
    const failures = (this.outage?.failures ?? 0) + 1;
    this.outage = { reason, detail: safeDetail(detail), failures, retryAt: now + backoffDelay(failures, this.o.backoff ?? DEFAULT_BACKOFF) };
    this.publish();
  }

  /** Waiting for a person (a phone to link, a webhook to register). */
  needsAction(reason: ActionReason, detail?: string): void {
    this.actions.set(reason, safeDetail(detail));
    this.publish();
  }

  /** That person did it. */
  resolved(reason: ActionReason): void {
    if (this.actions.delete(reason)) this.publish();
  }

  stopped(): void {
    this.halted = true;
    this.publish();
  }

  /** Milliseconds before the next try: 0 when not in an outage, or when its wait is over. */
  retryInMs(now: number = this.o.clock.now()): number {
    return this.outage ? Math.max(0, this.outage.retryAt - now) : 0;
  }

  /** In an outage (whatever the wait left). */
  get down(): boolean {
    return this.outage !== null;
  }

  get state(): HealthState {
    return this.current().state;
  }

  snapshot(now: number = this.o.clock.now()): HealthSnapshot {
    return {
      name: this.name,
      state: this.published.state,
      reason: this.published.reason,
      // A clock at 0 had not started: workerd holds time at 0 while a module starts, where the
      // Worker builds its app. Such a state reads as from now until a change gives it a time.
      since: this.published.since || now,
      retryInMs: this.outage ? this.retryInMs(now) : null,
      lastOkAt: this.lastOk,
    };
  }

  onChange(listener: (s: HealthSnapshot) => void): void {
    this.listeners.push(listener);
  }

  private current(): { state: HealthState; reason: HealthReason | null } {
    if (this.halted) return { state: 'stopped', reason: null };
    const action = [...this.actions.keys()][0];
    if (this.outage?.reason === 'token_refused') return { state: 'action_needed', reason: 'token_refused' };
    if (action) return { state: 'action_needed', reason: action };
    if (this.outage) return { state: 'down', reason: this.outage.reason };
    return { state: this.reached ? 'up' : 'connecting', reason: null };
  }

  /** Logs and tells listeners when the state (or what is needed) changed; silent otherwise. */
  private publish(): void {
    const next = this.current();
    const before = this.published;
    if (next.state === before.state && (next.state !== 'action_needed' || next.reason === before.reason)) return;
    const now = this.o.clock.now();
    this.published = { ...next, since: now };
    const { log, kind } = this.o;
    const who = kind === 'channel' ? { channel: this.name } : {};
    if (next.state === 'down') {
      log.warn(`${kind}.down`, { ...who, reason: next.reason, ...(this.outage?.detail ? { detail: this.outage.detail } : {}), retryInSeconds: Math.ceil(this.retryInMs(now) / 1000) });
    } else if (next.state === 'action_needed') {
      const detail = next.reason === 'token_refused' ? this.outage?.detail : this.actions.get(next.reason as ActionReason);
      log.warn(`${kind}.action_needed`, { ...who, reason: next.reason, ...(detail ? { detail } : {}), hint: HINTS[next.reason!] });
    } else if (next.state === 'up') {
      log.info(`${kind}.up`, { ...who, ...(before.state === 'connecting' ? {} : { afterSeconds: Math.round((now - before.since) / 1000) }) });
    }
    const snap = this.snapshot(now);
    for (const l of this.listeners) l(snap);
  }
}

/**
 * What a failure may say in a log line or on the admin page: a status or an error code ("http 502",
 * "ECONNREFUSED", "telegram 401"), never a message that could carry a URL (Telegram's has the token).
 */
function safeDetail(detail: string | undefined): string | undefined {
  if (!detail) return undefined;
  return /^[A-Za-z0-9 _.:-]{1,60}$/.test(detail) && !/\d{6,}:/.test(detail) ? detail : undefined;
}
