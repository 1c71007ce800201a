import { Hono } from 'hono';
import { BODY_TOO_LARGE, readRequestBody } from '../../http/readRequestBody.js';
import type { Logger } from '../../core/assistantDeps.js';
import type { Assistant } from '../../core/createAssistant.js';
import type { RateLimit } from '../../outbox/rateLimiter.js';
import type { Channel } from '../channel.js';
import type { ApiFetch } from '../apiFetch.js';
import { passToAssistant } from '../passToAssistant.js';
import type { Clock, DeliveryStore } from '../../core/ports.js';
import { timingSafeEqualText } from '../../http/timingSafeEqual.js';
import type { I18n } from '../../i18n/createI18n.js';
import { toWhatsAppCloudInbound, type WhatsAppCloudEvent } from './whatsAppCloudInbound.js';
import { REENGAGEMENT_ERROR, WhatsAppCloudSender } from './whatsAppCloudSender.js';
import { verifyMetaSignature } from './verifyMetaSignature.js';
import { whatsAppCloudMediaSource } from './whatsAppCloudMediaSource.js';
import { keepTrying, type KeepTrying } from '../../health/keepTrying.js';
import type { Backoff, ServiceHealth } from '../../health/serviceHealth.js';

export const WHATSAPP_WEBHOOK_BODY_LIMIT = 64 * 1024;
/** WhatsApp's customer-service window: free-form replies only within 24 hours of the person's last message. */
export const WINDOW_MS = 24 * 3600 * 1000;

export interface WhatsAppCloudChannelOptions {
  token: string;
  phoneNumberId: string;
  appSecret: string;
  verifyToken: string;
  apiRoot: string;
  templateName?: string;
  /** As for Telegram: answer Meta once the message is recorded (Node) or once its turn is committed (Workers). */
  acknowledge?: 'recorded' | 'answered';
  /** Sends at most this fast (overall, and to one person). */
  limit: RateLimit;
  assistant: Assistant;
  store: DeliveryStore;
  i18n: I18n;
  clock: Clock;
  log: Logger;
  /** The channel's state: fed by the check at start and by its lane of the outbox. */
  health: ServiceHealth;
  /** A Graph API call with no answer in this time fails (default GRAPH_CALL_TIMEOUT_MS). */
  callTimeoutMs?: number;
  backoff?: Backoff;
  /** The Graph API calls' HTTP client (Node: undici); the global fetch without it. */
  fetch?: ApiFetch;
}

export interface WhatsAppCloudChannel extends Channel {
  sender: WhatsAppCloudSender;
  health: ServiceHealth;
  /** Checks in the background that the Graph API takes our token (retried with capped backoff); resolves at once. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The WhatsApp Cloud API adapter (fetch and WebCrypto only: Node and Workers). Webhook messages
 * become InboundMessages for the core; status reports update the outbox; replies leave through
 * the outbox (WhatsAppCloudSender). Only a message that could not be recorded gets a 5xx, so that
 * Meta delivers it again; a redelivery is answered once (the receipt is the wamid).
 */
export function createWhatsAppCloudChannel(o: WhatsAppCloudChannelOptions): WhatsAppCloudChannel {
  const { log } = o;
  const sender = new WhatsAppCloudSender({
    apiRoot: o.apiRoot,
    phoneNumberId: o.phoneNumberId,
    token: o.token,
    ...(o.templateName ? { templateName: o.templateName } : {}),
    i18n: o.i18n,
    store: o.store,
    clock: o.clock,
    log,
    ...(o.callTimeoutMs ? { timeoutMs: o.callTimeoutMs } : {}),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  /** Whether the Graph API answers and takes our token: reported to the channel's health. */
  const check = async () => {
    const checked = await sender.check();
    if (checked.ok) o.health.ok();
    else o.health.failed(checked.reason, checked.error);
    return checked.ok;
  };
  let checking: KeepTrying | null = null;

  async function onEvent(e: WhatsAppCloudEvent): Promise<void> {
    if (e.kind === 'ignore') {
      log.info('whatsapp_cloud.ignored', { reason: e.reason });
      return;
    }
    if (e.phoneNumberId !== undefined && e.phoneNumberId !== o.phoneNumberId) {
      log.info('whatsapp_cloud.ignored', { reason: 'another business number' });
      return;
    }
    if (e.kind === 'status') return onStatus(e);
    if (o.clock.now() - e.sentAt < WINDOW_MS) {
      // The person wrote: free-form replies are allowed again (a late redelivery does not count).
      await o.store.markWindowOpen('whatsapp-cloud', e.msg.channelUserId).catch(() => log.error('whatsapp_cloud.window_update_failed'));
    }
    await passToAssistant(o.assistant, e.msg, o.acknowledge ?? 'answered', log, 'whatsapp_cloud');
  }

  async function onStatus(e: Extract<WhatsAppCloudEvent, { kind: 'status' }>): Promise<void> {
    try {
      const error = e.errorCode !== undefined ? `whatsapp code ${e.errorCode}` : undefined;
      const found = await o.store.markDelivery('whatsapp-cloud', e.providerMessageId, e.status, error);
      if (!found) {
        log.info('whatsapp_cloud.status_unknown', { status: e.status });
        return;
      }
      if (e.status !== 'failed' || !found.changed) return;
      log.warn('whatsapp_cloud.delivery_failed', { code: e.errorCode });
      if (e.errorCode === REENGAGEMENT_ERROR) await sender.reengage(found.recipient, found.locale);
    } catch (error) {
      // A report we could not record is not worth a redelivery of the whole payload.
      log.error('whatsapp_cloud.status_failed', { error: error instanceof Error ? error.name : 'unknown' });
    }
  }

  const routes = new Hono();
  routes.get('/webhook', (c) => {
    const challenge = c.req.query('hub.challenge');
    if (c.req.query('hub.mode') !== 'subscribe' || !challenge || !/^[A-Za-z0-9_-]{1,256}$/.test(challenge)) {
      return c.json({ error: 'not a webhook verification request' }, 400);
    }
    if (!timingSafeEqualText(c.req.query('hub.verify_token') ?? '', o.verifyToken)) {
      log.warn('whatsapp_cloud.verify_bad_token');
      return c.json({ error: 'wrong verify token' }, 403);
    }
    log.info('whatsapp_cloud.webhook_verified');
    return c.text(challenge, 200);
  });

  routes.post(
    '/webhook',
    async (c) => {
      const raw = await readRequestBody(c, WHATSAPP_WEBHOOK_BODY_LIMIT);
      if (raw === BODY_TOO_LARGE) return c.json({ error: 'body too large' }, 413);
      if (!(await verifyMetaSignature(raw, c.req.header('x-hub-signature-256'), o.appSecret))) {
        log.warn('whatsapp_cloud.webhook_bad_signature');
        return c.json({ error: 'bad or missing X-Hub-Signature-256' }, 401);
      }
      let payload: unknown;
      try {
        payload = JSON.parse(new TextDecoder().decode(raw));
      } catch {
        log.warn('whatsapp_cloud.webhook_bad_json');
        return c.json({ error: 'body must be JSON' }, 400);
      }
      if ((payload as { object?: unknown } | null)?.object !== 'whatsapp_business_account') {
        return c.json({ error: 'not a WhatsApp Business Account webhook' }, 400);
      }
      // In order: a person's messages of one payload are answered in the order they were written.
      for (const event of toWhatsAppCloudInbound(payload, o.clock.now())) await onEvent(event);
      return c.json({ status: 'ok' });
    },
  );

  return {
    name: 'whatsapp-cloud',
    delivery: 'push',
    outbox: { sender, limit: o.limit, health: o.health, probe: () => sender.check() },
    media: whatsAppCloudMediaSource({ apiRoot: o.apiRoot, token: o.token, phoneNumberId: o.phoneNumberId }),
    routes: { path: '/whatsapp', app: routes },
    sender,
    health: o.health,
    async start() {
      checking ??= keepTrying(check, o.backoff);
    },
    async stop() {
      checking?.stop();
      checking = null;
      o.health.stopped();
    },
  };
}
