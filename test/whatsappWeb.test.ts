import { AdvisorClient, createAdvisor } from './support/advisorClient.js';
import { receiptKey } from '../src/conversation/libsqlInbox.js';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {ManualClock, MemoryLogger } from './support/testServer.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { FakeWhatsAppWeb } from './support/whatsappWebFake.js';
import { WhatsAppWebPerson } from './support/whatsappWebPerson.js';

let fake: FakeWhatsAppWeb;
let server: TestApp;
let clock: ManualClock;
let log: MemoryLogger;
const phones: string[] = [];

const bot = (lng: string) => JSON.parse(readFileSync(`locales/${lng}/bot.json`, 'utf8')) as Record<string, Record<string, string>>;

/** Starts the real server with WHATSAPP_WEB=1 and a fake whatsapp-web.js client factory. */
async function startWithFake(f: FakeWhatsAppWeb, c: ManualClock, l: MemoryLogger): Promise<TestApp> {
  return startTestApp({ WHATSAPP_WEB: '1' }, { clock: c, log: l, whatsappWebClient: f.factory });
}

beforeAll(async () => {
  fake = new FakeWhatsAppWeb();
  clock = new ManualClock();
  log = new MemoryLogger();
  server = await startWithFake(fake, clock, log);
});
afterAll(async () => server.close());

function person(n: number): WhatsAppWebPerson {
  const phone = `2126001${String(n).padStart(5, '0')}`;
  phones.push(phone);
  return new WhatsAppWebPerson(fake, server, clock, phone);
}

async function contactOf(p: WhatsAppWebPerson) {
  const r = await server.db.execute({
    sql: "SELECT c.* FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE v.channel = 'whatsapp-web' AND v.channel_user_id = ?",
    args: [p.chatId],
  });
  return r.rows[0];
}

let adminCookie = '';
const qrPage = () => server.request(`/admin/whatsapp/qr`, { headers: { cookie: adminCookie }, redirect: 'manual' });

describe('linking the phone', () => {
  it('only admins of the console can see the QR page', async () => {
    expect((await qrPage()).status).toBe(303); // not signed in: to the login page
    const advisor = await createAdvisor(server.db, 'Nadia');
    const a = new AdvisorClient(server);
    await a.login(advisor.email, advisor.password);
    adminCookie = a.cookie;
    expect((await qrPage()).status).toBe(403);
    const admin = await createAdvisor(server.db, 'Khadija', 'admin');
    const b = new AdvisorClient(server);
    await b.login(admin.email, admin.password);
    adminCookie = b.cookie;
  });

  it('shows the QR code on the admin page until the phone is linked', async () => {
    const client = await fake.waitForClients(1);
    const before = await qrPage();
    expect(before.status).toBe(404);
    expect(await before.json()).toMatchObject({ state: 'starting' });
    client.emit('qr', '2@Yb3k0FakeQrCodeForTests,AbCdEf0123456789=,GhIjKl9876543210=,MnOpQr==');
    const shown = await qrPage();
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(shown.headers.get('cache-control')).toBe('no-store');
    expect(await shown.text()).toBe('2@Yb3k0FakeQrCodeForTests,AbCdEf0123456789=,GhIjKl9876543210=,MnOpQr==');
    client.emit('ready');
    const linked = await qrPage();
    expect(linked.status).toBe(404);
    expect(await linked.json()).toEqual({ error: 'WhatsApp is linked: no QR code to scan', state: 'ready' });
    expect(server.app.whatsappWeb?.state).toBe('ready');
  });
});

describe('the onboarding transcript, as on the web chat, in numbered text', () => {
  it('in French, with typed numbers and typed labels', async () => {
    const p = person(1);
    await p.says('bonjour');
    p.sees('Bienvenue sur tawjih');
    p.sees('Choisissez votre langue');
    expect(p.last).toHaveLength(1);
    expect(p.options()).toEqual(['العربية', 'الدارجة', 'Taclḥit', 'Français', 'English', 'Español']);
    p.sees('Répondez avec un numéro (1-6) ou écrivez votre question.');

    await p.says('4'); // Français
    p.sees('Avant de commencer');
    p.sees('loi 09-08');
    expect(p.options()).toEqual(["J'accepte", 'Non, merci']);
    await p.says("j'accepte");
    p.sees('Êtes-vous un migrant');
    await p.says('2'); // Marocain du monde
    p.sees('Où habitez-vous');
    expect(p.options()).toContain('Inezgane-Aït Melloul');
    await p.says('a l etranger');
    await p.says('5'); // Non merci (news from the Center)
    p.sees('Comment puis-je vous aider ?');
    expect(p.options()).toEqual(['Droits et papiers', 'Services et aide', 'Investir', 'Le Centre', 'Un conseiller humain', 'Changer de langue']);
    expect(await contactOf(p)).toMatchObject({ locale: 'fr', audience: 'mre', province: 'abroad', consent_version: '2026-11-22' });

    await p.says('1');
    p.sees('Quel sujet ?');
    expect(p.text()).not.toContain('**');
  });

  it('in Arabic, with labels, a number and an Arabic-Indic digit', async () => {
    const p = person(2);
    const ar = bot('ar');
    await p.says('السلام عليكم');
    p.sees('مرحبا بك');
    expect(p.options()).toEqual(['العربية', 'الدارجة', 'Taclḥit', 'Français', 'English', 'Español']);
    await p.says('العربية');
    p.sees('قبل أن نبدأ');
    p.sees('أرسل رقما (1-2) أو اكتب سؤالك.');
    await p.says('1'); // أوافق
    p.sees('هل أنت مهاجر');
    await p.says(ar.audience!.mre!);
    p.sees('أين تسكن؟');
    await p.says('١'); // أكادير إداوتنان
    await p.says('لا شكرا');
    p.sees('كيف يمكنني مساعدتك؟');
    expect(p.options()).toEqual(['الحقوق والوثائق', 'الخدمات والمساعدة', 'الاستثمار', 'عن المركز', 'التحدث مع مستشار', 'تغيير اللغة']);
    expect(await contactOf(p)).toMatchObject({ locale: 'ar', audience: 'mre', province: 'agadir-ida-outanane' });
  });

  it('a typed number picks the option on the screen, also outside a menu', async () => {
    const p = person(3);
    await p.says('bonjour');
    await p.says('4');
    await p.says('1'); // J'accepte
    await p.says('1'); // Migrant au Maroc
    await p.says('5'); // Tiznit
    await p.sends({ type: 'location', body: '', location: { latitude: '29.7', longitude: '-9.73' } });
    p.sees("j'ai noté votre province : Tiznit");
    expect(p.options()).toEqual(['Menu principal']);
    await p.says('1'); // "Menu principal", not the first option of the main menu
    p.sees('Comment puis-je vous aider ?');
  });

  it('photos, voice notes and stickers get the polite text-only answer; a caption is still read', async () => {
    const p = person(4);
    await p.says('bonjour');
    await p.says('Français');
    await p.says('Non, merci');
    await p.sends({ type: 'image', body: '', hasMedia: true });
    p.sees('Je ne sais lire que les messages écrits');
    await p.sends({ type: 'ptt', body: '', hasMedia: true });
    p.sees('Je ne sais lire que les messages écrits');
    await p.sends({ type: 'sticker', body: '', hasMedia: true });
    p.sees('Je ne sais lire que les messages écrits');
    await p.sends({ type: 'image', body: 'numéro de la police', hasMedia: true });
    expect(p.text()).toMatch(/Je ne sais lire[\s\S]*19/);
  });
});

describe('what is not answered', () => {
  it('ignores groups, status broadcasts and the account\'s own messages', async () => {
    const me = person(5);
    const client = fake.current;
    const group = client.receive({ from: '120363041234567890@g.us', body: 'bonjour à tous' });
    const status = client.receive({ from: 'status@broadcast', isStatus: true, body: 'ma story' });
    const own = client.receive({ from: me.chatId, fromMe: true, body: 'bonjour' });
    await new Promise((r) => setTimeout(r, 100));
    await server.app.outbox.kick();
    for (const m of [group, status, own]) {
      const r = await server.db.execute({ sql: 'SELECT count(*) AS n FROM inbound_receipts WHERE channel_message_id = ?', args: [await receiptKey(m.id._serialized)] });
      expect(r.rows[0]?.n).toBe(0);
    }
    expect(fake.sentTo('120363041234567890@g.us')).toEqual([]);
    expect(fake.sentTo(me.chatId)).toEqual([]);
    expect(log.lines.filter((l) => l.event === 'whatsapp_web.ignored').map((l) => l.fields?.reason)).toEqual(expect.arrayContaining(['group', 'status broadcast', 'own message']));
  });
});

describe('the rate that keeps the number safe', () => {
  it('sends at most 20 messages a minute overall', async () => {
    clock.advance(61_000); // earlier tests' sends leave the window
    const people = Array.from({ length: 22 }, (_, i) => person(100 + i));
    const before = fake.current.sent.length;
    for (const p of people) {
      const m = fake.current.receive({ from: p.chatId, body: 'bonjour' });
      await p.handled(m.id._serialized);
    }
    await server.app.outbox.kick();
    expect(fake.current.sent.length - before).toBe(20);
    clock.advance(30_000);
    await server.app.outbox.kick();
    expect(fake.current.sent.length - before).toBe(20);
    clock.advance(31_000);
    await server.app.outbox.kick();
    expect(fake.current.sent.length - before).toBe(22);
  });
});

describe('reconnection', () => {
  it('after "disconnected", destroys the client, connects a new one, and delivers what waited', async () => {
    const p = person(6);
    await p.says('bonjour');
    const first = fake.current;
    const clients = fake.clients.length;
    first.emit('disconnected', 'NAVIGATION');
    expect(first.destroyed).toBe(true);
    expect(server.app.whatsappWeb?.state).toBe('reconnecting');

    // A reply queued meanwhile waits, its attempts untouched: nothing is sent without a linked phone.
    await server.db.execute({
      sql: "INSERT INTO outbox (id, message_id, channel, recipient, payload, status, attempts, next_attempt_at, created_at) VALUES ('o_wweb_wait', 'm_wweb_wait', 'whatsapp-web', ?, ?, 'pending', 0, 0, 0)",
      args: [p.chatId, JSON.stringify({ kind: 'text', text: 'Votre rendez-vous est confirmé.', dir: 'ltr', locale: 'fr' })],
    });
    clock.advance(1100);
    await server.app.outbox.kick();
    expect((await server.db.execute("SELECT status, attempts FROM outbox WHERE id = 'o_wweb_wait'")).rows[0]).toMatchObject({ status: 'pending', attempts: 0 });

    const second = await fake.waitForClients(clients + 1);
    // Said once, with the channel and the reason.
    expect(log.lines.filter((l) => l.event === 'channel.down' && l.fields?.channel === 'whatsapp-web')).toEqual([
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ channel: 'whatsapp-web', reason: 'crashed', detail: 'NAVIGATION' }) }),
    ]);
    second.emit('ready');
    await p.drain();
    expect(second.sent.map((s) => s.text)).toEqual(['Votre rendez-vous est confirmé.']);
    await p.says('menu');
    p.sees('Comment puis-je vous aider ?');
  });

  it('stops cleanly: the client is destroyed on shutdown', async () => {
    const f = new FakeWhatsAppWeb();
    const s = await startWithFake(f, new ManualClock(), new MemoryLogger());
    const client = await f.waitForClients(1);
    client.emit('ready');
    await s.close();
    expect(client.destroyed).toBe(true);
    await new Promise((r) => setTimeout(r, 1200));
    expect(f.clients).toHaveLength(1); // no reconnection after a shutdown
  });
});

describe('privacy', () => {
  it('logs carry no phone number, chat id or message text', async () => {
    // A conversation of its own: the test holds even when it runs alone.
    const p = person(90);
    await p.says('bonjour');
    await p.says('numéro de la police');
    expect(log.lines.length).toBeGreaterThan(0);
    expect(phones.length).toBeGreaterThan(0);
    const all = JSON.stringify(log.lines);
    for (const phone of phones) expect(all).not.toContain(phone);
    expect(all).not.toContain('@c.us');
    expect(all).not.toContain('bonjour');
    expect(all).not.toContain('numéro de la police');
  });
});
