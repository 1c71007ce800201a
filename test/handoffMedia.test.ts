/**
 * Photos, voice notes and documents during a handoff, as transcripts: what the person sends on
 * Telegram or WhatsApp Cloud, what the bot answers, what the advisor gets (through the console's
 * API), with the fake Bot API and Graph API serving real files over HTTP on 127.0.0.1. Outside a
 * handoff the bot still reads only text and offers an advisor.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdvisorClient, createAdvisor } from './support/advisorClient.js';
import { FakeGraphApi, IMAGE_MEDIA_ID } from './support/fakeGraphApi.js';
import { FakeTelegramApi, FAKE_BOT, PHOTO_FILE_ID } from './support/fakeTelegramApi.js';
import { FIXTURES } from './support/mediaFixtures.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { eventually, ManualClock, MemoryLogger } from './support/testServer.js';
import * as tg from './support/telegramUpdates.js';
import * as wa from './support/whatsappCloudPayloads.js';

const SECRET = 'media-secret-0123456789';
const APP_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
let telegram: FakeTelegramApi;
let graph: FakeGraphApi;
let app: TestApp;
let clock: ManualClock;
let log: MemoryLogger;
let advisor: AdvisorClient;

beforeAll(async () => {
  telegram = await new FakeTelegramApi().start();
  graph = await new FakeGraphApi().start();
  clock = new ManualClock();
  log = new MemoryLogger();
  app = await startTestApp(
    {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      TELEGRAM_BOT_INFO: JSON.stringify(FAKE_BOT),
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://tawjih.example.org',
      WHATSAPP_TOKEN: graph.token,
      WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId,
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'verify-token-0123456789',
      WHATSAPP_API_ROOT: graph.apiRoot,
      OFFICE_HOURS: 'mon-sun 00:00-23:59',
    },
    { clock, log },
  );
  const amina = await createAdvisor(app.db, 'Amina');
  advisor = new AdvisorClient(app);
  await advisor.login(amina.email, amina.password);
});
afterAll(async () => {
  await app.close();
  await telegram.stop();
  await graph.stop();
});

/** The webhook answers, the turn runs, the outbox sends, the files are fetched. */
async function settle(): Promise<void> {
  await app.settle();
  await app.app.media.kick();
  clock.advance(1100);
  await app.app.outbox.kick();
}
async function telegramSays(update: unknown): Promise<void> {
  clock.advance(1100);
  const res = await app.request('/telegram/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
  expect(res.status).toBe(200);
  await settle();
}
async function whatsappSays(m: { payload: unknown }): Promise<void> {
  clock.advance(1100);
  const body = JSON.stringify(m.payload);
  const res = await app.request('/whatsapp/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': wa.sign(body, APP_SECRET) }, body });
  expect(res.status).toBe(200);
  await settle();
}
const telegramTexts = (chat: number) => telegram.sent(chat).map((c) => String(c.payload.text));
const buttonsOf = (call: { payload: Record<string, unknown> } | undefined) =>
  ((call?.payload.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat().map((b) => b.callback_data);

/** A Telegram person who asked for an advisor (in French): the ticket waits. */
async function telegramWaiting(chat: number): Promise<string> {
  await telegramSays(tg.textUpdate(chat, 'bonjour'));
  await telegramSays(tg.callbackUpdate(chat, 'onboarding.language.fr'));
  await telegramSays(tg.textUpdate(chat, 'conseiller'));
  return ticketOf(String(chat));
}
async function ticketOf(channelUserId: string): Promise<string> {
  const r = await app.db.execute({ sql: "SELECT t.id FROM tickets t JOIN conversations v ON v.id = t.conversation_id WHERE v.channel_user_id = ? AND t.status <> 'closed'", args: [channelUserId] });
  return String(r.rows[0]!.id);
}

type HistoryItem = { id: string; from: string; kind: string; text: string; media?: { id: string; status: string; contentType: string | null; reason: string | null; size: number | null } };
async function history(ticketId: string): Promise<HistoryItem[]> {
  const { status, json } = await advisor.get(`/tickets/${ticketId}`);
  expect(status).toBe(200);
  return json.ticket.history as HistoryItem[];
}
const fileOf = (id: string, headers: Record<string, string> = {}) => app.request(`/advisor/api/media/${id}`, { headers: { cookie: advisor.cookie, ...headers } });

describe('outside a handoff, the bot reads only text', () => {
  it('a photo gets "I can only read text", with an advisor offered; nothing is fetched', async () => {
    const chat = 7_700_001;
    await telegramSays(tg.textUpdate(chat, 'bonjour'));
    await telegramSays(tg.callbackUpdate(chat, 'onboarding.language.fr'));
    const calls = telegram.calls.length;
    await telegramSays(tg.photoUpdate(chat));
    expect(telegramTexts(chat).at(-1)).toContain('Je ne sais lire que les messages écrits');
    expect(telegramTexts(chat).at(-1)).toContain('demandez un conseiller');
    expect(buttonsOf(telegram.sent(chat).at(-1))).toEqual(['cmd.advisor', 'cmd.menu']);
    expect(telegram.calls.slice(calls).map((c) => c.method)).toEqual(['sendMessage']);
    // The advisor button opens a ticket.
    await telegramSays(tg.callbackUpdate(chat, 'cmd.advisor'));
    expect(telegramTexts(chat).at(-1)).toMatch(/conseiller/i);
    expect(await advisor.waitingTicketFor((t) => t.channel === 'telegram')).toBeDefined();
  });
});

describe('Telegram: a photo, a voice note and a document reach the advisor', () => {
  it('while waiting: the photo is received and passed on; the advisor sees it (the real JPEG, with safe headers)', async () => {
    const chat = 7_700_101;
    const ticket = await telegramWaiting(chat);
    await telegramSays(tg.photoUpdate(chat));
    expect(telegramTexts(chat).at(-1)).toBe('Bien reçu : le conseiller le verra avec votre demande.');
    expect(buttonsOf(telegram.sent(chat).at(-1))).toEqual(['ticket.cancel', 'cmd.menu']);
    // Fetched the Bot API way: getFile, then /file/bot<token>/<file_path>.
    expect(telegram.calls.some((c) => c.method === 'getFile' && c.payload.file_id === PHOTO_FILE_ID)).toBe(true);
    expect(telegram.downloads).toContain('photos/file_0.jpg');
    const photo = (await history(ticket)).find((m) => m.kind === 'image')!;
    expect(photo.media).toMatchObject({ status: 'stored', contentType: 'image/jpeg', size: FIXTURES.jpeg.byteLength });
    const res = await fileOf(photo.media!.id);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(FIXTURES.jpeg);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="image-f_[a-z0-9]+\.jpg"$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Signed-in advisors only: no cookie, no file.
    expect((await app.request(`/advisor/api/media/${photo.media!.id}`)).status).toBe(401);
    expect((await app.request(`/advisor/media/${photo.media!.id}`, { redirect: 'manual' })).status).toBe(303);
  });

  it('with the advisor: a voice note is played, a PDF downloaded; the bot says nothing', async () => {
    const chat = 7_700_102;
    const ticket = await telegramWaiting(chat);
    expect((await advisor.post(`/tickets/${ticket}/claim`)).status).toBe(200);
    await settle();
    const before = telegram.sent(chat).length;
    await telegramSays(tg.voiceUpdate(chat));
    telegram.addFile('BQACAgQAAxkBAAIBconvocation', FIXTURES.pdf, 'documents/file_7.pdf');
    await telegramSays(tg.documentUpdate(chat, { fileId: 'BQACAgQAAxkBAAIBconvocation', mime: 'application/pdf', size: FIXTURES.pdf.byteLength, fileName: 'convocation-prefecture.pdf', caption: 'ma convocation' }));
    expect(telegram.sent(chat).slice(before).map((c) => c.payload.text)).toEqual([]);
    const items = await history(ticket);
    const voice = items.find((m) => m.kind === 'audio')!;
    expect(voice.media).toMatchObject({ status: 'stored', contentType: 'audio/ogg' });
    const doc = items.find((m) => m.kind === 'document')!;
    expect(doc.text).toBe('ma convocation');
    expect(doc.media).toMatchObject({ status: 'stored', contentType: 'application/pdf' });
    const pdf = await fileOf(doc.media!.id);
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="document-f_[a-z0-9]+\.pdf"$/);
    expect(new Uint8Array(await pdf.arrayBuffer())).toEqual(FIXTURES.pdf);
    // An audio player asks for ranges.
    const part = await fileOf(voice.media!.id, { range: 'bytes=0-99' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-99/${FIXTURES.ogg.byteLength}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(FIXTURES.ogg.slice(0, 100));
    // The person's own file name is kept nowhere.
    for (const table of ['messages', 'media', 'inbound_receipts']) {
      expect(JSON.stringify((await app.db.execute(`SELECT * FROM ${table}`)).rows), table).not.toContain('convocation-prefecture');
    }
  });

  it('what cannot be passed on is said at once: another type, a file over the cap; a file whose bytes lie is not kept', async () => {
    const chat = 7_700_103;
    const ticket = await telegramWaiting(chat);
    const calls = telegram.calls.filter((c) => c.method === 'getFile').length;
    await telegramSays(tg.documentUpdate(chat, { fileId: 'BQACAgQAAxkBAAIBwordfile', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 20_000, fileName: 'cv.docx' }));
    expect(telegramTexts(chat).at(-1)).toContain('Je ne peux pas transmettre ceci au conseiller : seulement les photos, les messages vocaux et les documents PDF');
    await telegramSays(tg.documentUpdate(chat, { fileId: 'BQACAgQAAxkBAAIBbigscan', mime: 'application/pdf', size: 15 * 1024 * 1024 }));
    expect(telegramTexts(chat).at(-1)).toContain('Ce fichier est trop lourd pour être transmis (plus de 10 Mo)');
    expect(telegram.calls.filter((c) => c.method === 'getFile').length).toBe(calls);
    // Says it is a PDF; is a web page.
    telegram.addFile('BQACAgQAAxkBAAIBnotapdf', new TextEncoder().encode('<html><script>alert(1)</script></html>'), 'documents/file_9.pdf');
    await telegramSays(tg.documentUpdate(chat, { fileId: 'BQACAgQAAxkBAAIBnotapdf', mime: 'application/pdf', size: 40 }));
    const items = await history(ticket);
    expect(items.filter((m) => m.from === 'person' && m.kind === 'document').map((m) => m.media?.status ?? 'none')).toEqual(['none', 'none', 'refused']);
    const lying = items.filter((m) => m.kind === 'document').at(-1)!;
    expect(lying.media).toMatchObject({ reason: 'type' });
    expect((await fileOf(lying.media!.id)).status).toBe(410);
    expect(Number((await app.db.execute({ sql: 'SELECT count(*) AS n FROM media_parts WHERE media_id = ?', args: [lying.media!.id] })).rows[0]!.n)).toBe(0);
  });

  it('a download that keeps failing loses nothing: the message is there as a photo, "could not be downloaded", and a retry brings it', async () => {
    const chat = 7_700_104;
    const ticket = await telegramWaiting(chat);
    telegram.failDownloads = 100;
    await telegramSays(tg.photoUpdate(chat, 'mon récépissé'));
    let photo = (await history(ticket)).find((m) => m.kind === 'image')!;
    expect(photo).toMatchObject({ text: 'mon récépissé', media: { status: 'pending' } });
    for (const wait of [15_000, 60_000, 300_000]) {
      clock.advance(wait + 1000);
      await app.loop.runOnce();
    }
    photo = (await history(ticket)).find((m) => m.kind === 'image')!;
    expect(photo.media).toMatchObject({ status: 'failed', reason: 'download' });
    const page = await (await app.request(`/advisor/tickets/${ticket}`, { headers: { cookie: advisor.cookie } })).text();
    expect(page.replace(/&#39;/g, "'")).toContain("Le fichier n'a pas pu être téléchargé.");
    expect(page).toContain(`action="/advisor/media/${photo.media!.id}/retry"`);
    telegram.failDownloads = 0;
    expect((await advisor.post(`/media/${photo.media!.id}/retry`, {}, { csrf: null })).status).toBe(403);
    const retried = await advisor.post(`/media/${photo.media!.id}/retry`);
    expect(retried.status).toBe(200);
    await app.app.media.kick();
    photo = (await history(ticket)).find((m) => m.kind === 'image')!;
    expect(photo.media).toMatchObject({ status: 'stored', contentType: 'image/jpeg' });
    const audit = await app.db.execute({ sql: "SELECT count(*) AS n FROM audit_log WHERE action = 'media:retry' AND target = ?", args: [ticket] });
    expect(Number(audit.rows[0]!.n)).toBe(1);
  });
});

describe('a channel this process does not run', () => {
  it('its files wait for the process that runs it (the linked phone\'s, from a Worker), and hold nobody else\'s up', async () => {
    const chat = 7_700_105;
    const ticket = await telegramWaiting(chat);
    const conversation = String((await app.db.execute({ sql: 'SELECT conversation_id FROM tickets WHERE id = ?', args: [ticket] })).rows[0]!.conversation_id);
    const rows = Array.from({ length: 25 }, (_, i) => ({
      sql: "INSERT INTO media (id, message_id, conversation_id, ticket_id, channel, ref, kind, status, attempts, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'whatsapp-web', ?, 'image', 'pending', 0, 0, 0, 0)",
      args: [`f_linked${i}`, `m_linked${i}`, conversation, ticket, `false_212600000001@c.us_3EB0${i}`],
    }));
    await app.db.batch(rows, 'write');
    await telegramSays(tg.photoUpdate(chat));
    expect((await history(ticket)).find((m) => m.kind === 'image')!.media).toMatchObject({ status: 'stored' });
    const waiting = await app.db.execute("SELECT count(*) AS n FROM media WHERE channel = 'whatsapp-web' AND status = 'pending' AND attempts = 0");
    expect(Number(waiting.rows[0]!.n)).toBe(25);
    await app.db.execute("DELETE FROM media WHERE channel = 'whatsapp-web'");
  });
});

describe('a channel whose API stalls holds only its own files', () => {
  it('the Bot API hangs on a Telegram photo: a WhatsApp photo reaches its advisor meanwhile; the Telegram one follows once Telegram answers', async () => {
    const chat = 7_700_301;
    const phone = '212677000301';
    const tgTicket = await telegramWaiting(chat);
    await whatsappSays(wa.textMessage(phone, 'bonjour'));
    await whatsappSays(wa.buttonReply(phone, 'onboarding.language.fr', 'Français'));
    await whatsappSays(wa.textMessage(phone, 'conseiller'));
    const waTicket = await ticketOf(phone);
    await telegram.setFault('stall');
    try {
      // Both photos recorded with their turns (no file is fetched on a turn's path).
      const post = (path: string, body: string, headers: Record<string, string>) => app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      expect((await post('/telegram/webhook', JSON.stringify(tg.photoUpdate(chat)), { 'x-telegram-bot-api-secret-token': SECRET })).status).toBe(200);
      const waBody = JSON.stringify(wa.imageMessage(phone).payload);
      expect((await post('/whatsapp/webhook', waBody, { 'x-hub-signature-256': wa.sign(waBody, APP_SECRET) })).status).toBe(200);
      await app.app.assistant.idle();
      const pass = app.app.media.kick(); // Telegram's getFile hangs in there
      const photoOf = async (ticket: string) => (await history(ticket)).find((m) => m.kind === 'image')?.media?.status;
      await eventually(async () => (await photoOf(waTicket)) === 'stored', 'the WhatsApp photo stored');
      expect(await photoOf(tgTicket)).toBe('pending');
      await telegram.setFault(null); // the hung call is dropped: a failed try
      await pass;
    } finally {
      await telegram.setFault(null);
    }
    clock.advance(16_000);
    await app.app.media.kick();
    expect((await history(tgTicket)).find((m) => m.kind === 'image')?.media).toMatchObject({ status: 'stored', contentType: 'image/jpeg' });
  });
});

describe('WhatsApp Cloud: the Graph API media endpoint', () => {
  it('a photo and a PDF reach the advisor (GET /<media id>, then its url with the token); one over the cap is refused unread', async () => {
    const phone = '212677000201';
    await whatsappSays(wa.textMessage(phone, 'bonjour'));
    await whatsappSays(wa.buttonReply(phone, 'onboarding.language.fr', 'Français'));
    await whatsappSays(wa.textMessage(phone, 'conseiller'));
    const ticket = { id: await ticketOf(phone) };
    await whatsappSays(wa.imageMessage(phone));
    graph.addMedia('2077000000000001', FIXTURES.webp, 'image/webp');
    await whatsappSays(wa.photoMessage(phone, { id: '2077000000000001', mime: 'image/webp' }));
    graph.addMedia('2077000000000002', FIXTURES.pdf, 'application/pdf');
    await whatsappSays(wa.documentMessage(phone, { id: '2077000000000002', mime: 'application/pdf', filename: 'attestation.pdf' }));
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(new TextEncoder().encode('%PDF-1.4\n'));
    graph.addMedia('2077000000000003', big, 'application/pdf');
    await whatsappSays(wa.documentMessage(phone, { id: '2077000000000003', mime: 'application/pdf' }));
    const gets = graph.calls.filter((c) => c.method === 'GET');
    expect(gets.map((c) => c.path.split('?')[0])).toEqual(expect.arrayContaining([`/v24.0/${IMAGE_MEDIA_ID}`, `/v24.0/2077000000000001`, '/v24.0/2077000000000002', '/v24.0/2077000000000003']));
    expect(gets.every((c) => c.authorization === `Bearer ${graph.token}`)).toBe(true);
    expect(graph.downloads).not.toContain('2077000000000003');
    const items = (await history(ticket.id)).filter((m) => m.from === 'person' && m.media);
    expect(items.map((m) => [m.kind, m.media!.status, m.media!.contentType ?? m.media!.reason])).toEqual([
      ['image', 'stored', 'image/jpeg'],
      ['image', 'stored', 'image/webp'],
      ['document', 'stored', 'application/pdf'],
      ['document', 'refused', 'too_large'],
    ]);
    expect(new Uint8Array(await (await fileOf(items[1]!.media!.id)).arrayBuffer())).toEqual(FIXTURES.webp);
  });
});

describe('kept no longer than the ticket, erased with the person, never logged', () => {
  it('closing the ticket erases the bytes; the history says so', async () => {
    const chat = 7_700_301;
    const ticket = await telegramWaiting(chat);
    await telegramSays(tg.photoUpdate(chat));
    const id = (await history(ticket)).find((m) => m.kind === 'image')!.media!.id;
    expect((await fileOf(id)).status).toBe(200);
    // An advisor closes a ticket they hold (docs/security.md, "Who may do what").
    expect((await advisor.post(`/tickets/${ticket}/claim`)).status).toBe(200);
    expect((await advisor.post(`/tickets/${ticket}/close`, { outcome: 'answered' })).status).toBe(200);
    // Closed: not served any more, even before the sweep.
    expect((await fileOf(id)).status).toBe(410);
    clock.advance(61_000);
    await app.loop.runOnce();
    expect(Number((await app.db.execute({ sql: 'SELECT count(*) AS n FROM media_parts WHERE media_id = ?', args: [id] })).rows[0]!.n)).toBe(0);
    expect((await history(ticket)).find((m) => m.kind === 'image')!.media).toMatchObject({ status: 'erased', reason: 'ticket_closed' });
  });

  it('"delete my data" erases the files with the rest; the retention purge too', async () => {
    const chat = 7_700_302;
    await telegramWaiting(chat);
    // A letter only this person has: after the erasure, its bytes are nowhere in the database file.
    const unique = new Uint8Array(4096);
    unique.set(new TextEncoder().encode('%PDF-1.4\n'));
    for (let i = 9; i < unique.length; i++) unique[i] = 33 + ((i * 7919) % 90);
    telegram.addFile('BQACAgQAAxkBAAIBuniqueletter', unique, 'documents/file_42.pdf');
    await telegramSays(tg.documentUpdate(chat, { fileId: 'BQACAgQAAxkBAAIBuniqueletter', mime: 'application/pdf', size: unique.length }));
    const mine = "SELECT count(*) AS n FROM media m JOIN conversations v ON v.id = m.conversation_id WHERE v.channel_user_id = ?";
    expect(Number((await app.db.execute({ sql: mine, args: [String(chat)] })).rows[0]!.n)).toBe(1);
    const needle = Buffer.from(unique.slice(1000, 1100));
    const inFiles = async () => {
      let found = false;
      for (const file of [app.dbFile, `${app.dbFile}-wal`]) found ||= (await readFile(file).catch(() => Buffer.alloc(0))).includes(needle);
      return found;
    };
    expect(await inFiles()).toBe(true);
    await telegramSays(tg.textUpdate(chat, 'supprimer mes données'));
    await telegramSays(tg.callbackUpdate(chat, 'del.yes'));
    expect(telegramTexts(chat).at(-1)).toMatch(/effacé/);
    const orphans = await app.db.execute('SELECT count(*) AS n FROM media WHERE conversation_id NOT IN (SELECT id FROM conversations)');
    expect(Number(orphans.rows[0]!.n)).toBe(0);
    const parts = await app.db.execute('SELECT count(*) AS n FROM media_parts WHERE media_id NOT IN (SELECT id FROM media)');
    expect(Number(parts.rows[0]!.n)).toBe(0);
    expect(await inFiles()).toBe(false);

    // Retention: a conversation untouched for RETENTION_DAYS goes with its files.
    const other = 7_700_303;
    await telegramWaiting(other);
    await telegramSays(tg.photoUpdate(other));
    expect(Number((await app.db.execute({ sql: mine, args: [String(other)] })).rows[0]!.n)).toBe(1);
    clock.advance(181 * 86_400_000);
    await app.loop.runOnce();
    expect(Number((await app.db.execute({ sql: mine, args: [String(other)] })).rows[0]!.n)).toBe(0);
  });

  it('no file name, file path, file id, token or content in the logs', () => {
    const logs = JSON.stringify(log.lines);
    expect(log.lines.some((l) => l.event === 'media.stored')).toBe(true);
    for (const secret of [PHOTO_FILE_ID, 'file_0.jpg', 'convocation', 'attestation', telegram.token, graph.token, 'récépissé', IMAGE_MEDIA_ID, 'lookaside', '/download/']) {
      expect(logs, secret).not.toContain(secret);
    }
  });
});
