/**
 * A minimal fake Bot API for the latency measurement, in the benchmark's own process so that the
 * time an update is posted and the time its reply arrives come from the same clock
 * (performance.now(), sub-millisecond). It answers getMe, answerCallbackQuery and sendMessage
 * like test/support/fakeTelegramApi.ts, without any rate limit, and getWebhookInfo with the
 * server's webhook address registered (without it the server counted Telegram as failing at start
 * and held its sends for its backoff: seconds of latency that were the benchmark's, not tawjih's),
 * and calls `onSend` with the chat
 * and the arrival time of every sendMessage (after its body was read, as the real API would).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FAKE_BOT } from '../../test/support/fakeTelegramApi.js';
import { BENCH_BOT_TOKEN, BENCH_WEBHOOK_URL } from './workload.js';

export class RecordingBotApi {
  private server: Server | null = null;
  private messageId = 1;
  readonly counts: Record<string, number> = {};

  constructor(private readonly onSend: (chatId: number, at: number) => void) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = performance.now();
        const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (!m || m[1] !== BENCH_BOT_TOKEN) return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
        const method = m[2]!;
        this.counts[method] = (this.counts[method] ?? 0) + 1;
        const payload = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
        if (method === 'getMe') return send(200, { ok: true, result: FAKE_BOT });
        if (method === 'answerCallbackQuery') return send(200, { ok: true, result: true });
        if (method === 'getWebhookInfo') return send(200, { ok: true, result: { url: BENCH_WEBHOOK_URL, has_custom_certificate: false, pending_update_count: 0 } });
        if (method === 'sendMessage') {
          const chatId = Number(payload.chat_id);
          this.onSend(chatId, at);
          return send(200, { ok: true, result: { message_id: ++this.messageId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from: FAKE_BOT, text: payload.text } });
        }
        return send(400, { ok: false, error_code: 400, description: `Bad Request: method ${method} not faked` });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
