import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegramApi } from './support/fakeTelegramApi.js';
import { startTestServer, type TestServer } from './support/testServer.js';

/**
 * Property-based tests: 10,000 generated requests to every public endpoint. Malformed JSON, wrong
 * types, huge strings, invalid UTF-8, control characters, unknown fields, deep nesting. Every answer
 * must be below 500, every refusal a 4xx with a JSON error, and the server must keep serving.
 * (A generated request may happen to be valid: then 200 is right.)
 */
const SECRET = 'fuzz-secret-0123456789abcdef';
const APP_SECRET = 'fuzzappsecret0123456789abcdef';
const RUNS = 2000; // per endpoint, five endpoints
let server: TestServer;
let telegram: FakeTelegramApi;

beforeAll(async () => {
  telegram = await new FakeTelegramApi().start();
  server = await startTestServer(
    {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://tawjih.example.org',
      WHATSAPP_TOKEN: 'EAAFuzzTokenForTestsOnly0123456789',
      WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'fuzz-verify-token-0123456789',
      WHATSAPP_API_ROOT: telegram.url, // never reached: nothing valid is sent
    },
    { background: false },
  );
});
afterAll(async () => {
  await server.close();
  await telegram.stop();
});

const deep = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, fc.jsonValue(), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 3 })),
})).node;
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e', 'null', '-1', '1e309', 'DROP TABLE messages;', '<script>alert(1)</script>', '../../etc/passwd'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ minLength: 5000, maxLength: 20000 }),
  deep,
);
/** A body: valid-looking objects with hostile values, random JSON, broken JSON, invalid UTF-8. */
function bodies(keys: string[]): fc.Arbitrary<string | Uint8Array> {
  const obj = fc.record(Object.fromEntries(keys.map((k) => [k, hostile])), { requiredKeys: [] });
  const withExtra = fc.tuple(obj, fc.dictionary(fc.string({ maxLength: 10 }), hostile, { maxKeys: 3 })).map(([a, b]) => ({ ...b, ...a }));
  return fc.oneof(
    withExtra.map((o) => JSON.stringify(o)),
    fc.json(),
    fc.string({ maxLength: 300 }),
    fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1))), // truncated JSON
    fc.uint8Array({ maxLength: 300 }), // not UTF-8 at all
    deep.map((d) => JSON.stringify(d)),
  );
}

async function expectHandled(res: Response): Promise<void> {
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get('content-type') ?? '').toContain('application/json');
    const body = (await res.json()) as { error?: unknown };
    expect(typeof body.error).toBe('string');
  } else await res.arrayBuffer();
}

const post = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body as BodyInit });

describe('no request can break the server', { timeout: 240_000 }, () => {
  it('web chat: POST /webchat/api/messages', async () => {
    await fc.assert(
      fc.asyncProperty(bodies(['conversationId', 'text', 'choice', 'locale', 'messageId']), async (body) => expectHandled(await post('/webchat/api/messages', body))),
      { numRuns: RUNS },
    );
  });

  it('web chat: GET /webchat/api/messages with any query', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), async (id, after) => {
        const q = new URLSearchParams({ conversationId: id, after });
        await expectHandled(await fetch(`${server.url}/webchat/api/messages?${q}`));
      }),
      { numRuns: RUNS },
    );
  });

  it('Telegram webhook, with the right secret (so the body is parsed)', async () => {
    await fc.assert(
      fc.asyncProperty(bodies(['update_id', 'message', 'edited_message', 'callback_query', 'my_chat_member']), async (body) =>
        expectHandled(await post('/telegram/webhook', body, { 'x-telegram-bot-api-secret-token': SECRET })),
      ),
      { numRuns: RUNS },
    );
  });

  it('WhatsApp Cloud webhook, correctly signed (so the body is parsed)', async () => {
    await fc.assert(
      fc.asyncProperty(bodies(['object', 'entry']), async (body) => {
        const signature = `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;
        await expectHandled(await post('/whatsapp/webhook', body, { 'x-hub-signature-256': signature }));
      }),
      { numRuns: RUNS },
    );
  });

  it('advisor login', async () => {
    await fc.assert(
      fc.asyncProperty(bodies(['email', 'password']), async (body) => expectHandled(await post('/advisor/api/login', body))),
      { numRuns: RUNS },
    );
  });

  it('keeps serving afterwards', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const res = await post('/webchat/api/messages', JSON.stringify({ conversationId: 'after-fuzz-1', text: 'bonjour' }));
    expect(res.status).toBe(200);
  });
});
