import type { Locale } from '../../config/configSchema.js';
import type { Logger } from '../../core/assistantDeps.js';
import type { Reply } from '../../core/message.js';
import type { ChannelSender, Clock, DeliveryStore, OutageReason, SendResult } from '../../core/ports.js';
import type { I18n } from '../../i18n/createI18n.js';
import type { ApiFetch, ApiResponse } from '../apiFetch.js';
import { renderWhatsAppCloudReply, renderWhatsAppTemplate, TEMPLATE_LANGUAGE, type GraphMessage } from './renderWhatsAppCloudReply.js';

/** More than 24 hours since the person last wrote: only a template may be sent. */
export const REENGAGEMENT_ERROR = 131047;
/** Throughput limits: Cloud API rate (130429), pair rate (131056), business use case rate (80007). */
const RATE_LIMIT_ERRORS = new Set([130429, 131056, 80007, 4]);
/** Meta's own trouble: worth another try. */
const TRANSIENT_ERRORS = new Set([1, 2, 131000, 131016]);
/** An invalid or expired token (190) or a missing permission (10, 200). */
const TOKEN_ERRORS = new Set([190, 10, 200]);

export interface WhatsAppCloudSenderOptions {
  apiRoot: string;
  phoneNumberId: string;
  token: string;
  templateName?: string;
  i18n: I18n;
  store: DeliveryStore;
  clock: Clock;
  log: Logger;
  /** The HTTP client (Node: undici); the global fetch without it. */
  fetch?: ApiFetch;
  /** Default GRAPH_CALL_TIMEOUT_MS. */
  timeoutMs?: number;
}

const WINDOW_CLOSED: SendResult = { ok: false, kind: 'rejected', error: 'whatsapp 24-hour window closed: waiting for the person to write' };

type Posted = { ok: true; id?: string } | { ok: false; status: number; code?: number; retryAfterMs?: number; timedOut?: boolean };

/** A Graph API call with no answer in this time has failed. */
export const GRAPH_CALL_TIMEOUT_MS = 20_000;

/** Sends replies through the Graph API messages endpoint and turns its errors into outbox decisions. */
export class WhatsAppCloudSender implements ChannelSender {
  private readonly url: string;
  private readonly fetch: ApiFetch;

  constructor(private readonly o: WhatsAppCloudSenderOptions) {
    this.url = `${o.apiRoot.replace(/\/+$/, '')}/${o.phoneNumberId}/messages`;
    this.fetch = o.fetch ?? ((input, init) => fetch(input, init as RequestInit));
  }

  async send(recipient: string, reply: Reply, from = 0): Promise<SendResult> {
    // The template already went out when the window closed; Meta would refuse this one too.
    if ((await this.o.store.windowClosedAt('whatsapp-cloud', recipient)) !== null) return WINDOW_CLOSED;
    let lastId: string | undefined;
    const messages = renderWhatsAppCloudReply(reply, recipient, this.o.i18n);
    for (let i = from; i < messages.length; i++) {
      const posted = await this.post(messages[i]!);
      if (!posted.ok) {
        if (posted.code === REENGAGEMENT_ERROR) return this.reengage(recipient, reply.locale);
        const failed = this.classify(posted);
        return i > from && !failed.ok ? { ...failed, partsSent: i } : failed;
      }
      lastId = posted.id ?? lastId;
    }
    return { ok: true, ...(lastId ? { providerMessageId: lastId } : {}) };
  }

  /**
   * The 24-hour window is closed (Meta said 131047, now or in a status report): sends the
   * approved template in the person's language instead, once, and records the window closed.
   */
  async reengage(recipient: string, locale: Locale): Promise<SendResult> {
    const closed: SendResult = { ok: false, kind: 'rejected', error: `whatsapp ${REENGAGEMENT_ERROR}: 24-hour window closed; template sent` };
    if ((await this.o.store.windowClosedAt('whatsapp-cloud', recipient)) !== null) return WINDOW_CLOSED;
    if (!this.o.templateName) {
      this.o.log.warn('whatsapp_cloud.window_closed_no_template');
      await this.o.store.markWindowClosed('whatsapp-cloud', recipient, this.o.clock.now());
      return { ok: false, kind: 'rejected', error: `whatsapp ${REENGAGEMENT_ERROR}: 24-hour window closed; no WHATSAPP_TEMPLATE_NAME` };
    }
    const posted = await this.post(renderWhatsAppTemplate(recipient, this.o.templateName, locale));
    if (!posted.ok) {
      const result = this.classify(posted);
      if (result.ok || result.kind === 'retry') return result; // the reply is tried again, then the template
      this.o.log.error('whatsapp_cloud.template_refused', { status: posted.status, code: posted.code });
      await this.o.store.markWindowClosed('whatsapp-cloud', recipient, this.o.clock.now());
      return { ok: false, kind: 'rejected', error: `whatsapp ${REENGAGEMENT_ERROR}: 24-hour window closed; template refused (${result.error})` };
    }
    await this.o.store.markWindowClosed('whatsapp-cloud', recipient, this.o.clock.now());
    this.o.log.info('whatsapp_cloud.template_sent', { language: TEMPLATE_LANGUAGE[locale] });
    return closed;
  }

  /**
   * Whether the Graph API takes our token for this number (GET /<phone number id>): at start, and
   * to tell when it is back after an outage, without sending anyone anything.
   */
  async check(): Promise<{ ok: true } | { ok: false; reason: OutageReason; error: string }> {
    const posted = await this.call('GET', `${this.url.slice(0, -'/messages'.length)}?fields=id`);
    if (posted.ok) return { ok: true };
    const result = this.classify(posted);
    return !result.ok && result.kind === 'unavailable' ? { ok: false, reason: result.reason, error: result.error } : { ok: false, reason: 'server_error', error: result.ok ? 'unexpected' : result.error };
  }

  private post(message: GraphMessage): Promise<Posted> {
    return this.call('POST', this.url, JSON.stringify(message));
  }

  private async call(method: 'GET' | 'POST', url: string, body?: string): Promise<Posted> {
    let res: ApiResponse;
    try {
      res = await this.fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.o.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? GRAPH_CALL_TIMEOUT_MS),
      });
    } catch (error) {
      return { ok: false, status: 0, timedOut: error instanceof Error && error.name === 'TimeoutError' };
    }
    const json = (await res.json().catch(() => null)) as { messages?: { id?: string }[]; error?: { code?: number } } | null;
    if (res.ok) return { ok: true, ...(json?.messages?.[0]?.id ? { id: json.messages[0].id } : {}) };
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.o.clock.now());
    return { ok: false, status: res.status, ...(typeof json?.error?.code === 'number' ? { code: json.error.code } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }

  private classify(p: Extract<Posted, { ok: false }>): SendResult {
    // Meta's message text is not kept: it may quote the recipient.
    const error = p.status ? `whatsapp http ${p.status}${p.code !== undefined ? ` code ${p.code}` : ''}` : p.timedOut ? 'whatsapp timeout' : 'whatsapp unreachable';
    // Meta down, stalled or failing on its side, or our token refused: the channel's outage (its lane holds everything).
    if (p.status === 0) return { ok: false, kind: 'unavailable', reason: p.timedOut ? 'timeout' : 'unreachable', error };
    if (p.status >= 500 || (p.code !== undefined && TRANSIENT_ERRORS.has(p.code))) return { ok: false, kind: 'unavailable', reason: 'server_error', error };
    if (p.status === 429 || (p.code !== undefined && RATE_LIMIT_ERRORS.has(p.code))) {
      return { ok: false, kind: 'retry', error, ...(p.retryAfterMs !== undefined ? { retryAfterMs: p.retryAfterMs } : {}) };
    }
    if (p.status === 401 || p.status === 403 || (p.code !== undefined && TOKEN_ERRORS.has(p.code))) return { ok: false, kind: 'unavailable', reason: 'token_refused', error };
    return { ok: false, kind: 'rejected', error };
  }
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
