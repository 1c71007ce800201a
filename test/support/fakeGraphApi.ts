import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { FIXTURES } from './mediaFixtures.js';
import { FaultyServer, type Fault } from './faultyServer.js';

export interface GraphCall {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
  at: number;
  /** The Graph API took it (answered a wamid). */
  accepted?: boolean;
}

export type GraphFailure =
  /** Too many requests: HTTP 429 with Meta's code 130429 and, if given, a Retry-After header. */
  | { kind: 'rate'; retryAfterSeconds?: number }
  /** More than 24 hours since the person last wrote (131047): only a template goes through. */
  | { kind: 'reengagement' }
  | { kind: 'status'; status: number; code: number };

export const GRAPH_VERSION = 'v24.0';
export const FAKE_PHONE_NUMBER_ID = '106540352242922';
export const FAKE_WHATSAPP_TOKEN = 'EAAGfakeTokenForTestsOnly0123456789abcdef';

/** The media ids of test/support/whatsappCloudPayloads.ts's photo and voice note: served by default. */
export const IMAGE_MEDIA_ID = '1003383421387256';
export const VOICE_MEDIA_ID = '1427950838536329';

/**
 * A fake WhatsApp Cloud API: a real HTTP server on 127.0.0.1 speaking the Graph API messages
 * endpoint (POST /<version>/<phone number id>/messages with a bearer token, JSON in, Meta's JSON
 * out). It records every call and fails on demand: 429, 131047 for free-form messages to a
 * person whose 24-hour window is closed, or any error code; and it can be down (`setFault`:
 * refuse connections, stall, answer 500, reset, or answer slowly). GET /<version>/<phone number
 * id> answers the number's details (the token check at start). Media: GET /<version>/<media id>
 * answers Meta's media object (url, mime_type, sha256, file_size, id), and its `url` serves the
 * file to a request with the same bearer token (the photo and voice note of
 * whatsappCloudPayloads.ts are real files: test/fixtures/media).
 */
export class FakeGraphApi {
  readonly calls: GraphCall[] = [];
  private readonly server = new FaultyServer(
    (req, res, raw) => this.handle(req, res, raw),
    (res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1, fbtrace_id: 'AFakeTraceId' } }));
    },
  );
  private wamid = 0;
  private readonly failures: GraphFailure[] = [];
  /** People who last wrote over 24 hours ago: free-form messages get 131047, templates pass. */
  private readonly windowClosed = new Set<string>();
  private readonly media = new Map<string, { bytes: Uint8Array; mime: string }>();
  /** File downloads (GET /download/…), in order, and how many of the next ones fail with a 500. */
  readonly downloads: string[] = [];
  failDownloads = 0;

  constructor(
    readonly token = FAKE_WHATSAPP_TOKEN,
    readonly phoneNumberId = FAKE_PHONE_NUMBER_ID,
  ) {
    this.addMedia(IMAGE_MEDIA_ID, FIXTURES.jpeg, 'image/jpeg');
    this.addMedia(VOICE_MEDIA_ID, FIXTURES.ogg, 'audio/ogg; codecs=opus');
  }

  /** A file a person sent, as Meta keeps it (`mime`: what Meta says it is). */
  addMedia(id: string, bytes: Uint8Array, mime: string): void {
    this.media.set(id, { bytes, mime });
  }

  get url(): string {
    return this.server.url;
  }

  /** What WHATSAPP_API_ROOT should be. */
  get apiRoot(): string {
    return `${this.url}/${GRAPH_VERSION}`;
  }

  /** `port`: where the app already looks for it (it comes up after the app); else any free port. */
  async start(port = 0): Promise<this> {
    await this.server.start(port);
    return this;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  /** The Graph API on a bad day (null: back to normal); `slowMs` for `slow`. */
  async setFault(fault: Fault | null, slowMs?: number): Promise<void> {
    if (slowMs !== undefined) this.server.slowMs = slowMs;
    await this.server.setFault(fault);
  }

  /** The messages the Graph API accepted (a wamid given), to anyone. */
  accepted(): GraphCall[] {
    return this.calls.filter((c) => c.accepted);
  }

  failNext(failure: GraphFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  closeWindow(to: string): void {
    this.windowClosed.add(to);
  }

  openWindow(to: string): void {
    this.windowClosed.delete(to);
  }

  /** The messages sent to one person, by phone number (`to`) or business-scoped user id (`recipient`): every call, refused ones included. */
  sent(to: string): GraphCall[] {
    return this.calls.filter((c) => (c.body.to ?? c.body.recipient) === to);
  }

  /** The wamid the fake gave the n-th accepted message (1-based). */
  static wamid(n: number): string {
    return `wamid.HBgLFAKE${String(n).padStart(8, '0')}FQIAERgSFAKE`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, code: number, message: string, type = 'OAuthException') =>
      reply(status, { error: { message, type, code, error_data: { messaging_product: 'whatsapp', details: message }, fbtrace_id: 'AFakeTraceId' } });

    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return error(400, 100, 'Invalid parameter');
    }
    const call: GraphCall = { method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, body, at: Date.now() };
    this.calls.push(call);
    if (req.headers.authorization !== `Bearer ${this.token}`) return error(401, 190, 'Error validating access token: Session has expired.');
    // The phone number's details (GET /<version>/<phone number id>?fields=…): what the token check reads.
    if (req.method === 'GET' && new URL(req.url ?? '/', 'http://x').pathname === `/${GRAPH_VERSION}/${this.phoneNumberId}`) {
      const failure = this.failures[0]?.kind === 'status' ? this.failures.shift() : undefined;
      if (failure?.kind === 'status') return error(failure.status, failure.code, `(#${failure.code}) Failure`);
      return reply(200, { verified_name: 'Centre Souss-Massa (test)', display_phone_number: '+212 5 28 00 00 00', quality_rating: 'GREEN', id: this.phoneNumberId });
    }
    if (req.method === 'GET') return this.serveMedia(req, res, error);
    if (req.method !== 'POST' || req.url !== `/${GRAPH_VERSION}/${this.phoneNumberId}/messages`) {
      return error(400, 100, 'Unsupported post request. Object does not exist, cannot be loaded due to missing permissions, or does not support this operation.', 'GraphMethodException');
    }
    if (body.messaging_product !== 'whatsapp') return error(400, 100, 'The parameter messaging_product is required.');
    // A phone number in `to`, or a business-scoped user id (BSUID, e.g. "MA.1502576394655843") in
    // `recipient`; with both, `to` wins (Meta's business-scoped user IDs guide).
    const to = typeof body.to === 'string' ? body.to : typeof body.recipient === 'string' ? body.recipient : null;
    if (!to) return error(400, 100, 'The parameter to is required.');
    if (typeof body.to === 'string' && !/^\+?\d{6,20}$/.test(body.to)) return error(400, 100, '(#100) Invalid parameter: to must be a phone number');
    const byUserId = typeof body.to !== 'string';
    if (byUserId && !/^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}$/.test(to)) return error(400, 100, '(#100) Invalid parameter: recipient');

    const failure = this.failures.shift();
    if (failure?.kind === 'rate') {
      return reply(
        429,
        { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429, error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' }, fbtrace_id: 'AFakeTraceId' } },
        failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {},
      );
    }
    if (failure?.kind === 'status') return error(failure.status, failure.code, `(#${failure.code}) Failure`);
    if ((failure?.kind === 'reengagement' || this.windowClosed.has(to)) && body.type !== 'template') {
      return error(400, 131047, '(#131047) Re-engagement message');
    }
    const id = FakeGraphApi.wamid(++this.wamid);
    call.accepted = true;
    return reply(200, { messaging_product: 'whatsapp', contacts: [byUserId ? { input: to, user_id: to } : { input: to, wa_id: to }], messages: [{ id, message_status: 'accepted' }] });
  }

  /** GET /<version>/<media id>: the media object; GET /download/<media id>: the file (both with the bearer token). */
  private serveMedia(req: IncomingMessage, res: ServerResponse, error: (status: number, code: number, message: string, type?: string) => void): void {
    const url = new URL(req.url ?? '/', this.url);
    const object = new RegExp(`^/${GRAPH_VERSION}/(\\d+)$`).exec(url.pathname);
    const download = /^\/download\/(\d+)$/.exec(url.pathname);
    const id = object?.[1] ?? download?.[1];
    const file = id ? this.media.get(id) : undefined;
    if (!file) return error(400, 100, `Unsupported get request. Object with ID '${id ?? ''}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 'GraphMethodException');
    if (object) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(
        JSON.stringify({
          messaging_product: 'whatsapp',
          url: `${this.url}/download/${id}?ext=${Math.floor(Date.now() / 1000) + 300}&hash=ATuFakeHash`,
          mime_type: file.mime,
          sha256: createHash('sha256').update(file.bytes).digest('hex'),
          file_size: file.bytes.byteLength,
          id,
        }),
      );
    }
    this.downloads.push(id!);
    if (this.failDownloads > 0) {
      this.failDownloads--;
      return error(500, 131016, 'Service unavailable');
    }
    res.writeHead(200, { 'content-type': file.mime, 'content-length': String(file.bytes.byteLength) });
    res.end(Buffer.from(file.bytes));
  }
}
