import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../src/storage/openDatabase.js';
import worker from '../src/runtime/worker.js';
import { FakeHranaServer } from './support/fakeHranaServer.js';
import { FIXTURES } from './support/mediaFixtures.js';
import { hranaHttpClient } from '../src/storage/hranaHttpClient.js';
import { d1OverLibsql } from '../src/storage/d1OverLibsql.js';
import { d1SqlClient } from '../src/storage/sqlClient.js';
import { LibsqlMediaStore } from '../src/media/libsqlMediaStore.js';
import { clientKey, hashPassword } from '../src/advisors/passwords.js';

/**
 * The Worker on a remote libSQL database (DATABASE_URL=libsql://…): its own Hrana-over-HTTP client
 * against a libSQL server speaking the protocol on 127.0.0.1 (Turso lies beyond this machine).
 */
let dir: string;
let server: FakeHranaServer;
let close: () => void;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tawjih-hrana-'));
  const migrated = await openDatabase(`file:${join(dir, 'remote.db')}`);
  await migrateDatabase(migrated.db);
  migrated.client.close();
  // The server side: libSQL's own client (interactive transactions, as a libSQL server has).
  const client = createClient({ url: `file:${join(dir, 'remote.db')}` });
  close = () => client.close();
  server = await new FakeHranaServer(client).start();
});
afterAll(async () => {
  await server.stop();
  close();
  await rm(dir, { recursive: true, force: true });
});

describe('the Worker on a remote libSQL database', () => {
  it('runs a web chat conversation, every write in a transaction on the remote database', async () => {
    const env = { DATABASE_URL: server.url, DATABASE_AUTH_TOKEN: server.token, LOG_LEVEL: 'silent', OFFICE_HOURS: 'mon-sun 00:00-24:00' };
    const waits: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => void waits.push(p) };
    const say = async (body: Record<string, unknown>) => {
      const res = await worker.fetch(
        new Request('https://w/webchat/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: 'remote-person-1', ...body }) }),
        env,
        ctx,
      );
      expect(res.status).toBe(200);
      return ((await res.json()) as { replies: { text: string; choices: { id: string }[] }[] }).replies;
    };
    expect((await say({ text: 'bonjour' })).at(-1)!.text).toContain('Choisissez votre langue');
    await say({ choice: 'onboarding.language.fr' });
    await say({ choice: 'onboarding.privacy.accept' });
    await say({ choice: 'onboarding.audience.mre' });
    await say({ choice: 'onboarding.province.abroad' });
    expect((await say({ choice: 'onboarding.news.no' })).at(-1)!.text).toContain('Comment puis-je vous aider ?');
    const answer = await say({ text: 'Combien de temps ma voiture peut rester au Maroc ?' });
    expect(answer.at(-1)!.choices[0]!.id).toBe('kb.more.vehicle-temporary-admission');
    await Promise.all(waits);
    expect(server.pipelines).toBeGreaterThan(10);
    // A wrong token is refused by the server, and the Worker says so without crashing.
    const denied = await worker.fetch(new Request('https://w/healthz'), { ...env, DATABASE_AUTH_TOKEN: 'wrong' }, ctx);
    expect(denied.status).toBe(503);
    await Promise.all(waits);
  });

  it("an advisor reads a ticket's page: what happened, with its times (columns named like an array's own, such as `at`)", async () => {
    const env = { DATABASE_URL: server.url, DATABASE_AUTH_TOKEN: server.token, LOG_LEVEL: 'silent', OFFICE_HOURS: 'mon-sun 00:00-24:00', TZ_CENTER: 'Africa/Casablanca' };
    const waits: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => void waits.push(p) };
    const call = (path: string, init: RequestInit = {}) => worker.fetch(new Request(`https://w${path}`, init), env, ctx);
    for (const body of [{ text: 'bonjour' }, { choice: 'onboarding.language.fr' }, { choice: 'onboarding.privacy.accept' }, { text: 'conseiller' }, { text: 'Mon patron garde mon passeport' }]) {
      const res = await call('/webchat/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: 'remote-person-2', ...body }) });
      expect(res.status).toBe(200);
    }
    const email = 'karim@center.test';
    const sql = d1SqlClient(d1OverLibsql(hranaHttpClient(server.url, server.token) as never));
    await sql.execute({ sql: "INSERT INTO advisors (id, email, name, role, password_hash, created_at) VALUES ('a_remote', ?, 'Karim', 'advisor', ?, 0)", args: [email, await hashPassword(email, 'remote password 1', 1000)] });
    const login = await call('/advisor/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, key: await clientKey(email, 'remote password 1', 1000) }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { tickets } = (await (await call('/advisor/api/tickets?status=all&q=passeport', { headers: { cookie } })).json()) as { tickets: { id: string; createdAt: number }[] };
    const page = await call(`/advisor/tickets/${tickets[0]!.id}?lang=fr`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const opened = new Intl.DateTimeFormat('fr-MA', { timeZone: 'Africa/Casablanca', hour: '2-digit', minute: '2-digit' }).format(tickets[0]!.createdAt);
    expect(html).toContain('Mon patron garde mon passeport');
    expect(html).toMatch(new RegExp(`<time>${opened}</time> La personne a demandé un conseiller`));
    await Promise.all(waits);
  });

  it('keeps a file of a handoff as blobs in parts and reads it back byte for byte (Hrana blob values)', async () => {
    const sql = d1SqlClient(d1OverLibsql(hranaHttpClient(server.url, server.token) as never));
    const store = new LibsqlMediaStore(sql);
    await sql.execute({
      sql: "INSERT INTO tickets (id, conversation_id, topic, status, created_at) VALUES ('t_remote_1', 'v_remote_1', 'general', 'waiting', 1)",
      args: [],
    });
    // A voice note and a 700 KB scan: one part, then two.
    const scan = new Uint8Array(700 * 1024);
    scan.set(FIXTURES.pdf);
    for (let i = FIXTURES.pdf.length; i < scan.length; i++) scan[i] = (i * 31) % 251;
    for (const [id, bytes, type] of [['f_remote1', FIXTURES.ogg, 'audio/ogg'], ['f_remote2', scan, 'application/pdf']] as const) {
      await sql.execute({
        sql: "INSERT INTO media (id, message_id, conversation_id, ticket_id, channel, ref, kind, status, attempts, next_attempt_at, created_at, updated_at) VALUES (?, ?, 'v_remote_1', 't_remote_1', 'telegram', 'ref', 'document', 'pending', 0, 0, 1, 1)",
        args: [id, `m_${id}`],
      });
      expect(await store.store(id, type, bytes, 2)).toBe(true);
      expect(await store.bytes(id)).toEqual(bytes);
    }
    const parts = await sql.execute({ sql: "SELECT count(*) AS n FROM media_parts WHERE media_id = 'f_remote2'", args: [] });
    expect(Number(parts.rows[0]!.n)).toBe(2);
  });

  it('a remote database that fails (500, refused, reset): the Worker answers a clear 503, and serves again when it is back', async () => {
    // Not the env above: a new isolate's worth of state (its own deadline-bound client).
    const env = { DATABASE_URL: server.url, DATABASE_AUTH_TOKEN: server.token, LOG_LEVEL: 'silent', OFFICE_HOURS: 'mon-sun 00:00-24:00', RATE_LIMIT_PER_MINUTE: '100' };
    const ctx = { waitUntil: (p: Promise<unknown>) => void p.catch(() => undefined) };
    const say = (text: string) =>
      worker.fetch(new Request('https://w/webchat/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: 'remote-person-2', text, messageId: `m-${text.replace(/\W/g, '_')}` }) }), env, ctx);
    expect((await say('bonjour')).status).toBe(200);
    for (const fault of ['error', 'refuse', 'reset'] as const) {
      await server.setFault(fault);
      const res = await say(`pendant ${fault}`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toMatch(/database is unavailable|could not be saved/);
      await server.setFault(null);
      expect((await say(`pendant ${fault}`)).status).toBe(200);
    }
  });
});
