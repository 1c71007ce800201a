import type { IncomingMessage } from 'node:http';
import { FIXTURES } from './mediaFixtures.js';
import { FaultyServer, type Fault } from './faultyServer.js';

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  at: number;
}

type Failure = { status: number; description: string; retryAfter?: number };

export const FAKE_BOT = { id: 7000000001, is_bot: true, first_name: 'tawjih', username: 'tawjih_test_bot', can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false };

/** The file ids of test/support/telegramUpdates.ts's photo and voice note: served by default. */
export const PHOTO_FILE_ID = 'AgACAgQAAxkBAAIBQ2Vlarge';
export const VOICE_FILE_ID = 'AwACAgQAAxkBAAIBvoice';

/**
 * A fake Telegram Bot API: a real HTTP server on 127.0.0.1 speaking the Bot API protocol
 * (POST /bot<token>/<method>, JSON in, {"ok": ...} out). It records every call and can fail
 * on demand: 429 with retry_after, 403 for a chat that blocked the bot, or a rate cap; and it can
 * be down (`setFault`: refuse connections, stall, answer 500, reset, or answer slowly). Files:
 * `getFile` gives a File with its `file_path`, downloaded from GET /file/bot<token>/<file_path>
 * (the photo and the voice note of telegramUpdates.ts are real files: test/fixtures/media).
 */
export class FakeTelegramApi {
  readonly calls: ApiCall[] = [];
  private readonly server = new FaultyServer(
    (req, res, raw) => this.handle(req, res, raw),
    (res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error_code: 500, description: 'Internal Server Error' }));
    },
  );
  /** The webhook address set with setWebhook (getWebhookInfo reports it). */
  webhookUrl = '';
  private messageId = 1000;
  private readonly failures = new Map<string, Failure[]>();
  private readonly blockedChats = new Set<string>();
  private readonly updates: unknown[] = [];
  /** When set, sendMessage answers 429 above this many calls per second. */
  ratePerSecond: number | null = null;
  readonly tooMany: number[] = [];
  /** Files by file_id: what getFile knows and /file/ serves. */
  private readonly files = new Map<string, { path: string; bytes: Uint8Array }>();
  /** File downloads (GET /file/…), in order, and how many of the next ones fail with a 502. */
  readonly downloads: string[] = [];
  failDownloads = 0;

  constructor(readonly token = '123456789:AAFakeTokenForTestsOnly_abcdefghij') {
    this.addFile(PHOTO_FILE_ID, FIXTURES.jpeg, 'photos/file_0.jpg');
    this.addFile(VOICE_FILE_ID, FIXTURES.ogg, 'voice/file_1.oga');
  }

  /** A file a person sent, as Telegram keeps it (`path`: its file_path). */
  addFile(fileId: string, bytes: Uint8Array, path = `documents/file_${this.files.size}`): void {
    this.files.set(fileId, { path, bytes });
  }

  get url(): string {
    return this.server.url;
  }

  /** `port`: where the app already looks for it (it comes up after the app); else any free port. */
  async start(port = 0): Promise<this> {
    await this.server.start(port);
    return this;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  /** The Bot API on a bad day (null: back to normal); `slowMs` for `slow`. */
  async setFault(fault: Fault | null, slowMs?: number): Promise<void> {
    if (slowMs !== undefined) this.server.slowMs = slowMs;
    await this.server.setFault(fault);
  }

  /** Requests a fault swallowed (none of them did anything). */
  get faulted(): number {
    return this.server.faulted;
  }

  /** The next `times` calls of `method` fail this way. */
  failNext(method: string, failure: Failure, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(method, list);
  }

  blockChat(chatId: number | string): void {
    this.blockedChats.add(String(chatId));
  }

  queueUpdate(update: unknown): void {
    this.updates.push(update);
  }

  sent(chatId?: number | string): ApiCall[] {
    return this.calls.filter((c) => c.method === 'sendMessage' && (chatId === undefined || String(c.payload.chat_id) === String(chatId)));
  }

  /** Waits until `predicate` holds on the recorded calls (the outbox sends in the background). */
  async waitFor(predicate: (calls: ApiCall[]) => boolean, timeoutMs = 10_000): Promise<ApiCall[]> {
    const start = Date.now();
    while (!predicate(this.calls)) {
      if (Date.now() - start > timeoutMs) throw new Error(`fake Telegram: condition not met in ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.calls;
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse, raw: string): Promise<void> {
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && download) {
      const file = download[1] === this.token ? [...this.files.values()].find((f) => f.path === download[2]) : undefined;
      this.downloads.push(download[2]!);
      if (this.failDownloads > 0) {
        this.failDownloads--;
        res.writeHead(502, { 'content-type': 'text/html' });
        return void res.end('<html><body>502 Bad Gateway</body></html>');
      }
      if (!file) {
        res.writeHead(404, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.bytes.byteLength) });
      return void res.end(Buffer.from(file.bytes));
    }
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!match || match[1] !== this.token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2]!;
    let payload: Record<string, unknown> = {};
    if (raw) {
      try {
        payload = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return reply(400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
      }
    }
    const now = Date.now();
    this.calls.push({ method, payload, at: now });
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      return reply(failure.status, {
        ok: false,
        error_code: failure.status,
        description: failure.description,
        ...(failure.retryAfter !== undefined ? { parameters: { retry_after: failure.retryAfter } } : {}),
      });
    }
    switch (method) {
      case 'getMe':
        return reply(200, { ok: true, result: FAKE_BOT });
      case 'sendMessage': {
        if (this.blockedChats.has(String(payload.chat_id))) {
          return reply(403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
        }
        if (this.ratePerSecond !== null) {
          const recent = this.calls.filter((c) => c.method === 'sendMessage' && c.at > now - 1000 && c.at <= now).length;
          if (recent > this.ratePerSecond) {
            this.tooMany.push(now);
            this.calls.pop();
            return reply(429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
          }
        }
        const message_id = ++this.messageId;
        return reply(200, {
          ok: true,
          result: { message_id, date: Math.floor(now / 1000), chat: { id: Number(payload.chat_id), type: 'private' }, from: FAKE_BOT, text: payload.text },
        });
      }
      case 'getFile': {
        const entry = this.files.get(String(payload.file_id));
        if (!entry) return reply(400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
        if (entry.bytes.byteLength > 20 * 1024 * 1024) return reply(400, { ok: false, error_code: 400, description: 'Bad Request: file is too big' });
        return reply(200, { ok: true, result: { file_id: payload.file_id, file_unique_id: `AgAD${String(payload.file_id).slice(-6)}`, file_size: entry.bytes.byteLength, file_path: entry.path } });
      }
      case 'setWebhook':
        this.webhookUrl = String(payload.url ?? '');
        return reply(200, { ok: true, result: true });
      case 'deleteWebhook':
        this.webhookUrl = '';
        return reply(200, { ok: true, result: true });
      case 'answerCallbackQuery':
        return reply(200, { ok: true, result: true });
      case 'getWebhookInfo':
        return reply(200, { ok: true, result: { url: this.webhookUrl, has_custom_certificate: false, pending_update_count: 0 } });
      case 'getUpdates': {
        const batch = this.updates.splice(0);
        if (!batch.length) await new Promise((r) => setTimeout(r, 100));
        return reply(200, { ok: true, result: batch });
      }
      default:
        return reply(400, { ok: false, error_code: 400, description: `Bad Request: method ${method} not faked` });
    }
  }
}
