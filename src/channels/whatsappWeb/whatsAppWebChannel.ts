import { Hono } from 'hono';
import type { Logger } from '../../core/assistantDeps.js';
import type { Assistant } from '../../core/createAssistant.js';
import type { Clock } from '../../core/ports.js';
import type { RateLimit } from '../../outbox/rateLimiter.js';
import type { Channel } from '../channel.js';
import type { I18n } from '../../i18n/createI18n.js';
import type { WhatsAppWebClient, WhatsAppWebClientFactory, WhatsAppWebMessage } from './whatsAppWebClient.js';
import { toWhatsAppWebInbound } from './whatsAppWebInbound.js';
import { WhatsAppWebSender } from './whatsAppWebSender.js';
import { whatsAppWebMediaSource } from './whatsAppWebMediaSource.js';
import { recordInOrder } from './recordInOrder.js';
import { backoffDelay, DEFAULT_BACKOFF, type Backoff, type ServiceHealth } from '../../health/serviceHealth.js';

export type WhatsAppWebState = 'stopped' | 'starting' | 'qr' | 'ready' | 'reconnecting';

export interface WhatsAppWebChannelOptions {
  createClient: WhatsAppWebClientFactory;
  /** Sends at most this fast (a linked phone that sends faster gets banned). */
  limit: RateLimit;
  assistant: Assistant;
  i18n: I18n;
  clock: Clock;
  log: Logger;
  /** The channel's state (a phone to link, a browser that crashed): logged once per change. */
  health: ServiceHealth;
  /** Wait before the n-th reconnection in a row (default: 1 s, 2 s, 4 s… up to a minute). */
  backoff?: Backoff;
  /** A send with no answer in this time fails (a browser that hangs). */
  sendTimeoutMs?: number;
  /** A client that shows neither a QR code nor "ready" in this time is started again (default LINK_TIMEOUT_MS). */
  linkTimeoutMs?: number;
}

/** Chromium and WhatsApp Web load in well under this; longer, the browser hangs. */
export const LINK_TIMEOUT_MS = 120_000;

export interface WhatsAppWebChannel extends Channel {
  sender: WhatsAppWebSender;
  health: ServiceHealth;
  readonly state: WhatsAppWebState;
  /** The QR code to scan, while the phone is not linked. */
  readonly qr: string | null;
  /** Connects in the background (linking the phone may take a while): resolves at once. */
  start(): Promise<void>;
  stop(): Promise<void>;
}


/**
 * The whatsapp-web.js adapter (Node only): a phone linked by QR code. Messages become
 * InboundMessages for the core; replies leave through the outbox as numbered text. After a
 * disconnect, a crash or a failed start the client is destroyed and a new one connects, with
 * capped backoff; its lane of the outbox holds the replies meanwhile, and the rest of tawjih goes
 * on. The state (linking, down, up) is logged once per change and shown to admins.
 */
export function createWhatsAppWebChannel(o: WhatsAppWebChannelOptions): WhatsAppWebChannel {
  const { log } = o;
  let client: WhatsAppWebClient | null = null;
  let state: WhatsAppWebState = 'stopped';
  let qr: string | null = null;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = true;
  let watchdog: ReturnType<typeof setTimeout> | undefined;

  const { health } = o;
  const sender = new WhatsAppWebSender({ connected: () => (state === 'ready' ? client : null), i18n: o.i18n, ...(o.sendTimeoutMs ? { timeoutMs: o.sendTimeoutMs } : {}) });
  const errorName = (error: unknown) => (error instanceof Error ? error.name : 'unknown');
  const inbox = recordInOrder({ assistant: o.assistant, log, ...(o.backoff ? { backoff: o.backoff } : {}) });

  async function connect(): Promise<void> {
    timer = null;
    state = 'starting';
    let c: WhatsAppWebClient;
    try {
      c = await o.createClient();
    } catch (error) {
      health.failed('crashed', errorName(error));
      return scheduleReconnect();
    }
    if (stopped) return void (await c.destroy().catch(() => undefined));
    client = c;
    c.on('qr', (code) => {
      if (client !== c) return;
      qr = code;
      state = 'qr';
      health.needsAction('not_linked');
    });
    c.on('ready', () => {
      if (client !== c) return;
      qr = null;
      state = 'ready';
      failures = 0;
      health.resolved('not_linked');
      health.ok();
    });
    c.on('auth_failure', () => {
      if (client !== c) return;
      // The saved session was refused: a new QR code follows.
      health.needsAction('not_linked', 'session refused');
      void reconnect(c);
    });
    c.on('disconnected', (reason) => {
      if (client !== c) return;
      health.failed('crashed', /^[A-Z_]{1,30}$/.test(String(reason)) ? String(reason) : 'disconnected');
      void reconnect(c);
    });
    c.on('message', (m) => void onMessage(m));
    // A browser that neither shows a QR code nor gets ready (hung) is started again.
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      if (client !== c || state !== 'starting') return;
      health.failed('timeout', 'not ready');
      void reconnect(c);
    }, o.linkTimeoutMs ?? LINK_TIMEOUT_MS);
    try {
      await c.initialize();
    } catch (error) {
      health.failed('crashed', errorName(error));
      void reconnect(c);
    }
  }

  /** Drops a client that lost its connection and connects a new one after a pause. */
  async function reconnect(c: WhatsAppWebClient): Promise<void> {
    if (client !== c) return; // already replaced
    client = null;
    qr = null;
    state = 'reconnecting';
    clearTimeout(watchdog);
    await c.destroy().catch(() => undefined);
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (stopped) return;
    state = 'reconnecting';
    timer = setTimeout(() => void connect(), backoffDelay(++failures, o.backoff ?? DEFAULT_BACKOFF));
  }

  async function onMessage(m: WhatsAppWebMessage): Promise<void> {
    const event = toWhatsAppWebInbound(m, o.clock.now());
    if (event.kind === 'ignore') {
      log.info('whatsapp_web.ignored', { reason: event.reason });
      return;
    }
    // "2" or a label of the options on the person's screen is read by the core, as on every channel.
    await inbox.handle(event.msg);
  }

  const routes = new Hono();
  // This page lets whoever reads it link a phone to this server: composeApp mounts it under
  // /admin, which only the console's admins reach.
  routes.get('/qr', (c) => {
    c.header('cache-control', 'no-store');
    if (!qr) {
      const error = state === 'ready' ? 'WhatsApp is linked: no QR code to scan' : `no QR code yet (WhatsApp is ${state})`;
      return c.json({ error, state }, 404);
    }
    return c.text(qr);
  });

  return {
    name: 'whatsapp-web',
    delivery: 'push',
    outbox: {
      sender,
      limit: o.limit,
      health,
      probe: async () => (state === 'ready' ? { ok: true } : { ok: false, reason: 'unreachable', error: `whatsapp-web ${state}` }),
    },
    media: whatsAppWebMediaSource(() => (state === 'ready' ? client : null)),
    // This page lets whoever reads it link a phone: under /admin, which only the console's admins reach.
    routes: { path: '/admin/whatsapp', app: routes },
    sender,
    health,
    get state() {
      return state;
    },
    get qr() {
      return qr;
    },
    async start() {
      if (!stopped) return;
      stopped = false;
      failures = 0;
      void connect();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      clearTimeout(watchdog);
      const c = client;
      client = null;
      qr = null;
      state = 'stopped';
      health.stopped();
      inbox.stop();
      if (c) await c.destroy().catch(() => undefined);
    },
  };
}
