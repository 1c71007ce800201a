import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegramApi } from './support/fakeTelegramApi.js';
import { startTestServer, type TestServer } from './support/testServer.js';
import { AdvisorClient, createAdvisor } from './support/advisorClient.js';
import { WebchatPerson } from './support/webchatPerson.js';

/**
 * Property-based tests: 10,000 generated requests to every public endpoint, and 2,625 more to the
 * advisor console's HTML forms (the sign-in form, a signed-in advisor's ticket forms, an admin's
 * campaign and workshop forms, with their CSRF tokens so the bodies are read) and the admin API
 * (the CSV export, the workshop and campaign actions).
 * Malformed JSON and forms, wrong types, huge strings, invalid UTF-8, control characters, unknown
 * or repeated fields, deep nesting. Every answer must be below 500, every refusal of the JSON APIs
 * a 4xx with a JSON error, and the server must keep serving. (A generated request may happen to be
 * valid: then 200 or a redirect is right.)
 */
const SECRET = 'fuzz-secret-0123456789abcdef';
const APP_SECRET = 'fuzzappsecret0123456789abcdef';
const RUNS = 2000; // per endpoint, five endpoints
const FORM_RUNS = 500; // per console form or admin endpoint
let server: TestServer;
let telegram: FakeTelegramApi;
/** An admin signed in before the fuzzing (the sign-in form's fuzzing slows down its address). */
let admin: { cookie: string; csrf: string };
/** A ticket the admin holds, and one waiting. */
let tickets: string[] = [];

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
  const a = await createAdvisor(server.db, 'Fuzz Admin', 'admin', 'fuzz admin passphrase', 1000);
  const client = new AdvisorClient(server.url);
  expect((await client.login(a.email, a.password)).status).toBe(200);
  admin = { cookie: client.cookie, csrf: client.csrf };
  for (const id of ['fuzz-ticket-person-1', 'fuzz-ticket-person-2']) {
    const person = new WebchatPerson(server.url, id);
    await person.says('bonjour');
    await person.says('conseiller');
  }
  tickets = (await client.get('/tickets?status=waiting')).json.tickets.map((t: { id: string }) => t.id);
  await client.post(`/tickets/${tickets[0]}/claim`);
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

/** A console form's answer: a page, a redirect or a JSON refusal, never a 5xx. */
async function expectAnswered(res: Response): Promise<void> {
  expect(res.status).toBeLessThan(500);
  await res.arrayBuffer();
}

type FormType = 'urlencoded' | 'multipart' | 'json' | 'none';
/** A form body: URL-encoded or multipart with hostile (repeated, huge, binary) fields, or not a form at all. */
function formBodies(keys: string[]): fc.Arbitrary<[FormType, string | Uint8Array | FormData]> {
  const value = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 100 }), fc.string({ minLength: 5000, maxLength: 70_000 }), fc.constantFrom('', '\u0000', '\u202e', 'answered', 'referred', '2026-12-24', '10:00', '25', 'news', 'survey', 'workshops', 'fr', 'telegram', 'tata'));
  const fields = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 10 })), value), { maxLength: 12 });
  return fc.oneof(
    fields.map((f) => ['urlencoded', new URLSearchParams(f).toString()] as [FormType, string]),
    fields.map((f) => {
      const data = new FormData();
      for (const [k, v] of f) data.append(k, v);
      return ['multipart', data] as [FormType, FormData];
    }),
    fc.uint8Array({ maxLength: 300 }).map((b) => ['urlencoded', b] as [FormType, Uint8Array]),
    fc.json().map((j) => ['json', j] as [FormType, string]),
    fc.string({ maxLength: 300 }).map((t) => ['none', t] as [FormType, string]),
  );
}
/** The same body with one more field (the CSRF token), when it is a form. */
function withField(type: FormType, body: string | Uint8Array | FormData, name: string, value: string): string | Uint8Array | FormData {
  if (body instanceof FormData) {
    body.append(name, value);
    return body;
  }
  if (type === 'urlencoded' && typeof body === 'string') return `${body}${body ? '&' : ''}${new URLSearchParams({ [name]: value })}`;
  return body;
}
function postForm(path: string, type: FormType, body: string | Uint8Array | FormData, cookie: string): Promise<Response> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  if (type === 'urlencoded') headers['content-type'] = 'application/x-www-form-urlencoded';
  if (type === 'json') headers['content-type'] = 'application/json';
  return fetch(`${server.url}${path}`, { method: 'POST', headers, body: body as BodyInit, redirect: 'manual' });
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

  it('advisor console: the sign-in form (unauthenticated), with and without its CSRF token', async () => {
    const page = await fetch(`${server.url}/advisor/login`);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    await fc.assert(
      fc.asyncProperty(formBodies(['email', 'password', '_csrf']), fc.boolean(), async ([type, body], withToken) => {
        const res = await postForm('/advisor/login', type, withToken ? withField(type, body, '_csrf', csrf) : body, withToken ? cookie : '');
        await expectAnswered(res);
      }),
      { numRuns: FORM_RUNS },
    );
  });

  it("advisor console: a signed-in admin's ticket forms (claim, reply, note, transfer, close)", async () => {
    const actions = ['claim', 'reply', 'note', 'transfer', 'close'];
    await fc.assert(
      fc.asyncProperty(formBodies(['text', 'outcome', 'advisorId']), fc.constantFrom(...actions), fc.oneof(fc.constantFrom(...tickets), fc.string({ maxLength: 40 })), async ([type, body], action, ticket) => {
        const res = await postForm(`/advisor/tickets/${encodeURIComponent(ticket)}/${action}`, type, withField(type, body, '_csrf', admin.csrf), admin.cookie);
        await expectAnswered(res);
      }),
      { numRuns: FORM_RUNS },
    );
  });

  it("advisor console: an admin's campaign and workshop forms", async () => {
    const fields = ['name', 'kind', 'survey', 'text_fr', 'text_ar', 'topic', 'locales', 'channels', 'audiences', 'provinces', 'eventId', 'title_fr', 'place', 'province', 'date', 'time', 'capacity', 'languages'];
    const paths = ['/advisor/admin/campaigns', '/advisor/admin/workshops', '/advisor/admin/campaigns/c_none/schedule', '/advisor/admin/campaigns/c_none/send', '/advisor/admin/workshops/e_none/cancel'];
    await fc.assert(
      fc.asyncProperty(formBodies(fields), fc.constantFrom(...paths), async ([type, body], path) => {
        await expectAnswered(await postForm(path, type, withField(type, body, '_csrf', admin.csrf), admin.cookie));
      }),
      { numRuns: FORM_RUNS },
    );
  });

  it('admin API: GET /admin/api/analytics.csv with any query', async () => {
    const param = fc.oneof(fc.string({ maxLength: 30 }), fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.constantFrom('2026-13-40', '0000-00-00', 'tata', 'paris', ''));
    await fc.assert(
      fc.asyncProperty(param, param, param, async (from, to, province) => {
        const res = await fetch(`${server.url}/admin/api/analytics.csv?${new URLSearchParams({ from, to, province })}`, { headers: { cookie: admin.cookie } });
        await expectHandled(res);
      }),
      { numRuns: FORM_RUNS },
    );
  });

  it('admin API: the workshop and campaign actions (JSON, with the CSRF header so the bodies are read)', async () => {
    const keys = ['name', 'kind', 'survey', 'texts', 'topic', 'locales', 'channels', 'audiences', 'provinces', 'eventId', 'titles', 'place', 'province', 'date', 'time', 'capacity', 'languages', 'audience'];
    const routes: [string, string][] = [
      ['POST', '/admin/api/workshops'],
      ['PATCH', '/admin/api/workshops/e_none'],
      ['POST', '/admin/api/workshops/e_none/cancel'],
      ['POST', '/admin/api/campaigns'],
      ['POST', '/admin/api/campaigns/c_none/send'],
      ['POST', '/admin/api/campaigns/c_none/schedule'],
      ['POST', '/admin/api/campaigns/c_none/cancel'],
    ];
    await fc.assert(
      fc.asyncProperty(bodies(keys), fc.constantFrom(...routes), async (body, [method, path]) => {
        const res = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf }, body: body as BodyInit });
        // A refusal says why: {"error"} or, for a form's fields, {"errors": [{key, message}]}.
        expect(res.status).toBeLessThan(500);
        const json = (await res.json()) as { error?: unknown; errors?: unknown };
        if (res.status >= 400) expect(typeof json.error === 'string' || Array.isArray(json.errors), JSON.stringify(json)).toBe(true);
      }),
      { numRuns: FORM_RUNS },
    );
  });

  it("admin pages' filters: the dashboard and the survey results with any query", async () => {
    const param = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('2026-02-30', '2026-03-01', '9999-12-31', 'tata'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/advisor/admin/dashboard', '/advisor/admin/surveys'), param, param, param, async (path, from, to, province) => {
        await expectAnswered(await fetch(`${server.url}${path}?${new URLSearchParams({ from, to, province })}`, { headers: { cookie: admin.cookie } }));
      }),
      { numRuns: FORM_RUNS / 4 }, // a valid range draws up to a year of charts: slower
    );
  });

  it('keeps serving afterwards', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const res = await post('/webchat/api/messages', JSON.stringify({ conversationId: 'after-fuzz-1', text: 'bonjour' }));
    expect(res.status).toBe(200);
  });
});
