import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdvisorClient, createAdvisor } from './support/advisorClient.js';
import { FakeTelegramApi } from './support/fakeTelegramApi.js';
import {ManualClock, MemoryLogger } from './support/testServer.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { WebchatPerson } from './support/webchatPerson.js';
import * as tg from './support/telegramUpdates.js';
import { PERSON_TABLE_NAMES } from '../src/privacy/personData.js';
import { LibsqlPrivacyStore } from '../src/privacy/libsqlPrivacyStore.js';

const SECRET = 'privacy-secret-0123456789';
let fake: FakeTelegramApi;
let server: TestApp;
let clock: ManualClock;
let log: MemoryLogger;

beforeAll(async () => {
  fake = await new FakeTelegramApi().start();
  clock = new ManualClock();
  log = new MemoryLogger();
  server = await startTestApp(
    { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, TELEGRAM_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://tawjih.example.org', OFFICE_HOURS: 'mon-sun 00:00-24:00' },
    { clock, background: false, log },
  );
});
afterAll(async () => {
  await server.close();
  await fake.stop();
});

const postTelegram = async (u: unknown) => {
  clock.advance(1100);
  const res = await server.request(`/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(u) });
  expect(res.status).toBe(200);
  await server.app.assistant.idle();
  await server.app.outbox.kick();
};

/** Lets the outbox send everything queued (one message per second per chat). */
async function drain(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const r = await server.db.execute("SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')");
    if (Number(r.rows[0]!.n) === 0) return;
    clock.advance(1100);
    await server.app.outbox.kick();
  }
}

/** Every byte of the database: the file and its write-ahead log. */
function databaseBytes(): string {
  const parts = [server.dbFile, `${server.dbFile}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f).toString('latin1'));
  return parts.join('\n');
}
const utf8InLatin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

describe('consent', () => {
  it('records what was agreed to, when, and which notice', async () => {
    const person = new WebchatPerson(server, 'consent-person-1');
    await person.says('bonjour');
    await person.taps('Français');
    await person.taps("J'accepte");
    const r = await server.db.execute("SELECT c.consent_at, c.consent_version, c.consent_purpose FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE v.channel_user_id = 'consent-person-1'");
    expect(r.rows[0]!.consent_at).toBeGreaterThan(0);
    expect(r.rows[0]).toMatchObject({ consent_version: '2026-11-22', consent_purpose: 'orientation by the Center; anonymous statistics' });
  });
});

describe('"delete my data"', () => {
  it('leaves no message text, phone number or chat id anywhere in the database file', async () => {
    const chat = 212661234567; // a Telegram chat id that looks like a phone number
    const secretText = 'Je m appelle Zineb Oubella, mon numero est 0612345678';
    await postTelegram(tg.textUpdate(chat, 'bonjour'));
    await postTelegram(tg.callbackUpdate(chat, 'onboarding.language.fr'));
    await postTelegram(tg.callbackUpdate(chat, 'onboarding.privacy.accept'));
    await postTelegram(tg.textUpdate(chat, 'Quel temps fera-t-il demain a Tiznit'));
    await postTelegram(tg.textUpdate(chat, 'conseiller'));
    await postTelegram(tg.textUpdate(chat, secretText));
    const advisor = await createAdvisor(server.db, 'Amina');
    const a = new AdvisorClient(server);
    await a.login(advisor.email, advisor.password);
    const ticket = await a.waitingTicketFor((t) => t.channel === 'telegram');
    await a.post(`/tickets/${ticket.id}/claim`);
    await a.post(`/tickets/${ticket.id}/notes`, { text: 'Zineb Oubella, a rappeler' });
    await a.post(`/tickets/${ticket.id}/messages`, { text: 'Bonjour Zineb, je vous aide.' });
    await drain();
    await postTelegram(tg.textUpdate(chat, 'supprimer mes données'));
    await drain();
    expect(String(fake.sent(chat).at(-1)!.payload.text)).toContain('Voulez-vous que j');
    await postTelegram(tg.callbackUpdate(chat, 'del.yes'));
    await drain();
    expect(String(fake.sent(chat).at(-1)!.payload.text)).toContain('Vos messages et votre profil sont effacés');

    const bytes = databaseBytes();
    for (const s of ['Zineb', 'Oubella', '0612345678', String(chat), 'Quel temps fera', 'je vous aide']) {
      expect(bytes.includes(s) || bytes.includes(utf8InLatin1(s)), `"${s}" is still in the database file`).toBe(false);
    }
    const left = await server.db.execute("SELECT count(*) AS n FROM conversations WHERE channel = 'telegram' AND channel_user_id = ?", [String(chat)] as never);
    expect(Number(left.rows[0]!.n)).toBe(0);
    // Anonymous counters stay.
    expect(Number((await server.db.execute('SELECT count(*) AS n FROM audit_log')).rows[0]!.n)).toBeGreaterThan(0);
  });
});

describe('retention', () => {
  it('purges conversations older than RETENTION_DAYS (180), keeps recent ones', async () => {
    const old = new WebchatPerson(server, 'retention-old-person');
    await old.says('une vieille question sur ma carte de sejour');
    clock.advance(100 * 24 * 3600_000);
    const recent = new WebchatPerson(server, 'retention-recent-person');
    await recent.says('une question récente');
    clock.advance(81 * 24 * 3600_000);
    await server.loop.runOnce();
    const count = async (id: string) =>
      Number((await server.db.execute({ sql: 'SELECT count(*) AS n FROM messages m JOIN conversations v ON v.id = m.conversation_id WHERE v.channel_user_id = ?', args: [id] })).rows[0]!.n);
    expect(await count('retention-old-person')).toBe(0);
    expect(Number((await server.db.execute("SELECT count(*) AS n FROM conversations WHERE channel_user_id = 'retention-old-person'")).rows[0]!.n)).toBe(0);
    expect(await count('retention-recent-person')).toBeGreaterThan(0);
  });
});

describe('npm run privacy:export', () => {
  it("prints every table's rows for one person, found by the pseudonym advisors see", async () => {
    const chat = 31337000;
    await postTelegram(tg.textUpdate(chat, 'bonjour'));
    await postTelegram(tg.callbackUpdate(chat, 'onboarding.language.fr'));
    await postTelegram(tg.textUpdate(chat, 'conseiller'));
    const advisor = await createAdvisor(server.db, 'Yassine');
    const a = new AdvisorClient(server);
    await a.login(advisor.email, advisor.password);
    const ticket = await a.waitingTicketFor((t) => t.channel === 'telegram');
    await a.post(`/tickets/${ticket.id}/claim`);
    await a.post(`/tickets/${ticket.id}/notes`, { text: 'note interne' });
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/privacyExport.ts', '--contact', ticket.pseudonym], {
      env: { ...process.env, DATABASE_URL: `file:${server.dbFile}` },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const exported = JSON.parse(r.stdout) as { pseudonym: string; tables: Record<string, Record<string, unknown>[]> };
    expect(exported.pseudonym).toBe(ticket.pseudonym);
    // Every table that can hold something about a person is in the export (and so in erasure and
    // the purge: one list); every other table of the schema is known to hold nothing of anyone.
    expect(Object.keys(exported.tables).sort()).toEqual([...PERSON_TABLE_NAMES].sort());
    const tables = (await server.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\'")).rows.map((r) => String(r.name));
    const ANONYMOUS = ['advisors', 'advisor_sessions', 'campaigns', 'events', 'health_checks'];
    expect(tables.filter((t) => !PERSON_TABLE_NAMES.includes(t) && !ANONYMOUS.includes(t)), 'tables that are neither a person\'s nor known anonymous').toEqual([]);
    // …and this person (a conversation, a ticket with a note, no news subscription) has rows in these.
    for (const table of ['contacts', 'conversations', 'messages', 'inbound_receipts', 'outbox', 'tickets', 'ticket_events', 'audit_log'])
      expect(exported.tables[table]?.length, table).toBeGreaterThan(0);
    expect(exported.tables.messages!.map((m) => m.text)).toContain('conseiller');
    expect(exported.tables.ticket_events!.map((e) => e.text)).toContain('note interne');
    const unknown = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/privacyExport.ts', '--contact', 'P-NONE-00'], { env: { ...process.env, DATABASE_URL: `file:${server.dbFile}` }, encoding: 'utf8' });
    expect(unknown.status).toBe(1);
  });
});

describe("a person's questions without an answer", () => {
  // The access request's own export (what npm run privacy:export prints, tested above), in this
  // process: a CLI closing its connection between the app's writes would race this test's own.
  const exportOf = (contactId: string) => new LibsqlPrivacyStore(server.db).exportContact(contactId);
  const contactOf = async (id: string) => String((await server.db.execute({ sql: 'SELECT contact_id FROM conversations WHERE channel_user_id = ?', args: [id] })).rows[0]!.contact_id);

  it('are in their access request, and only theirs (someone else asking the same stays someone else\'s), and go with their erasure', async () => {
    const question = 'Le musée de Tiznit ouvre quand ? 0661234567 merci';
    const amal = new WebchatPerson(server, 'gaps-export-amal');
    const omar = new WebchatPerson(server, 'gaps-export-omar');
    for (const p of [amal, omar]) {
      await p.says('bonjour');
      await p.taps('Français');
      await p.taps("J'accepte");
      await p.says(question);
      p.sees("Je ne suis pas sûr d'avoir compris");
    }
    await amal.says('Et la piscine municipale de Tiznit ouvre quand ?');
    const a = await exportOf(await contactOf('gaps-export-amal'));
    expect(a.knowledge_gaps!.map((g) => g.query)).toEqual(['Le musée de Tiznit ouvre quand ? ### merci', 'Et la piscine municipale de Tiznit ouvre quand ?']);
    const o = await exportOf(await contactOf('gaps-export-omar'));
    expect(o.knowledge_gaps!.map((g) => g.query)).toEqual(['Le musée de Tiznit ouvre quand ? ### merci']);
    // Amal erases her data: her questions go, Omar's stays.
    await amal.says('supprimer mes données');
    await amal.taps(/^Oui/);
    const left = await server.db.execute("SELECT query FROM knowledge_gaps WHERE query LIKE 'Le musée%' OR query LIKE 'Et la piscine%'");
    expect(left.rows.map((r) => r.query)).toEqual(['Le musée de Tiznit ouvre quand ? ### merci']);
    expect((await exportOf(await contactOf('gaps-export-omar'))).knowledge_gaps).toHaveLength(1);
  });
});

describe('one person sending too fast', () => {
  it('is asked kindly to slow down once; every message is still recorded', async () => {
    const person = new WebchatPerson(server, 'too-fast-person');
    for (let i = 0; i < 20; i++) await person.says(`message ${i}`);
    const warned = await person.says('message 20');
    expect(warned.map((r) => r.text)).toEqual(["Vous envoyez beaucoup de messages d'un coup. Attendez une minute s'il vous plaît : je lis tout et je réponds dans l'ordre."]);
    expect(await person.says('message 21')).toEqual([]);
    const stored = await server.db.execute("SELECT count(*) AS n FROM messages m JOIN conversations v ON v.id = m.conversation_id WHERE v.channel_user_id = 'too-fast-person' AND m.direction = 'in'");
    expect(Number(stored.rows[0]!.n)).toBe(22);
    clock.advance(61_000);
    await person.says('menu');
    person.sees('Comment puis-je vous aider ?');
  });
});

describe('logs', () => {
  it('carry ids, never phone numbers or message text', () => {
    const all = JSON.stringify(log.lines);
    for (const s of ['Zineb', '0612345678', '212661234567', 'bonjour', 'carte de sejour', 'conseiller']) expect(all).not.toContain(s);
    expect(log.lines.length).toBeGreaterThan(0);
  });
});

describe('shutting down on SIGTERM', () => {
  it('finishes, closes the database and exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
      env: { ...process.env, PORT: '0', DATABASE_URL: `file:${server.dir}/sigterm.db`, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no start: ${out}`)), 20_000);
      child.stdout.on('data', () => {
        if (out.includes('tawjih is running')) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    const url = /open (http:\S+)/.exec(out)![1]!.replace('localhost', '127.0.0.1');
    const answer = fetch(`${url}/webchat/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: 'sigterm-person', text: 'bonjour' }) });
    const res = await answer;
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(res.status).toBe(200);
    expect(code).toBe(0);
    expect(out).toContain('SIGTERM received, stopping');
  });
});
