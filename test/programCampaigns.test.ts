/**
 * Campaigns end to end: the admin's forms, the background loop, the outbox and the fake Telegram
 * Bot API (a real HTTP server). Opt-in is enforced, each person gets their language, blocked people
 * are skipped, and a 2,000-person campaign keeps Telegram's limits (checked on the fake clock).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from './support/advisorClient.js';
import { FakeTelegramApi, type ApiCall } from './support/fakeTelegramApi.js';
import { ConsoleSession, seedPeople } from './support/programFixtures.js';
import {ManualClock } from './support/testServer.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { WebchatPerson } from './support/webchatPerson.js';
import * as tg from './support/telegramUpdates.js';
import { localDate, localTime } from '../src/program/centerTime.js';

const SECRET = 'program-secret-0123456789';
let fake: FakeTelegramApi;
let server: TestApp;
let clock: ManualClock;
let admin: ConsoleSession;
let advisor: ConsoleSession;
let chat = 700_000_000;

beforeAll(async () => {
  fake = await new FakeTelegramApi().start();
  clock = new ManualClock();
  server = await startTestApp(
    { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, TELEGRAM_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://tawjih.example.org', RATE_LIMIT_PER_MINUTE: '1000' },
    { clock, background: false },
  );
  const a = await createAdvisor(server.db, 'Khadija', 'admin');
  const b = await createAdvisor(server.db, 'Yassine', 'advisor');
  admin = await new ConsoleSession(server).login(a.email, a.password);
  advisor = await new ConsoleSession(server).login(b.email, b.password);
});
afterAll(async () => {
  await server.close();
  await fake.stop();
});

/** Runs the background loop on the fake clock until the campaign is sent and its outbox empty. */
async function runCampaign(id: string, maxSeconds = 300): Promise<void> {
  for (let s = 0; s < maxSeconds; s++) {
    await server.loop.runOnce();
    const p = await admin.json(`/advisor/admin/campaigns/${id}/progress.json`);
    if (p.status === 'sent' && p.counts.queued === 0) return;
    clock.advance(1000);
  }
  throw new Error(`campaign ${id} not done in ${maxSeconds} s`);
}

const textTo = (chatId: string | number) => fake.sent(chatId).map((c) => String(c.payload.text));

describe('who receives a campaign', () => {
  it('only people who opted in (consent and a topic), reachable, matching the filters', async () => {
    const base = (chat += 1000);
    const subscribed = await seedPeople(server.db, 6, { channel: 'telegram', topics: ['workshops'], firstId: base });
    const rightsOnly = await seedPeople(server.db, 3, { channel: 'telegram', topics: ['rights'], firstId: base + 100 });
    const notSubscribed = await seedPeople(server.db, 5, { channel: 'telegram', topics: [], firstId: base + 200 });
    const blocked = await seedPeople(server.db, 2, { channel: 'telegram', topics: ['workshops'], unreachable: true, firstId: base + 300 });
    const noConsent = await seedPeople(server.db, 2, { channel: 'telegram', topics: ['workshops'], consent: false, firstId: base + 400 });
    const webchat = await seedPeople(server.db, 2, { channel: 'webchat', topics: ['workshops'] });
    const mre = await seedPeople(server.db, 2, { channel: 'telegram', topics: ['workshops'], audience: 'mre', firstId: base + 500 });
    const id = await admin.createCampaign({ name: 'Atelier emploi Tiznit', text_fr: 'Atelier emploi samedi à Tiznit.', topic: 'workshops', audiences: ['migrant'], provinces: ['tiznit'] });
    const page = await (await admin.get(`/advisor/admin/campaigns/${id}`)).text();
    expect(page).toMatch(/id="audience-now">\s*\d+/);
    expect((await admin.sendCampaign(id)).status).toBe(303);
    await runCampaign(id);
    for (const p of subscribed) expect(textTo(p.channelUserId), p.channelUserId).toEqual(['Atelier emploi samedi à Tiznit.']);
    for (const p of [...rightsOnly, ...notSubscribed, ...blocked, ...noConsent, ...mre]) expect(textTo(p.channelUserId), p.channelUserId).toEqual([]);
    for (const p of webchat) {
      const replies = await new WebchatPerson(server, p.channelUserId).poll();
      expect(replies.map((r) => r.text)).toEqual(['Atelier emploi samedi à Tiznit.']);
      expect(replies[0]!.choices.map((c) => c.id)).toEqual(['cmd.menu', 'cmd.stop']);
    }
    const progress = await admin.json(`/advisor/admin/campaigns/${id}/progress.json`);
    expect(progress).toMatchObject({ status: 'sent', percent: 100, enqueued: 8, webchat: 2 });
    expect(progress.counts).toMatchObject({ queued: 0, sent: 6, failed: 0 });
  });

  it('a person who opted in through the bot gets it; after "stop" they get nothing more', async () => {
    const chatId = (chat += 1000);
    const post = async (u: unknown) => {
      const res = await server.request(`/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(u) });
      await server.app.assistant.idle(); // recorded, answered: its turn runs right after
      return res;
    };
    for (const u of [
      tg.textUpdate(chatId, 'bonjour'),
      tg.callbackUpdate(chatId, 'onboarding.language.fr'),
      tg.callbackUpdate(chatId, 'onboarding.privacy.accept'),
      tg.callbackUpdate(chatId, 'onboarding.audience.mre'),
      tg.callbackUpdate(chatId, 'onboarding.province.abroad'),
      tg.callbackUpdate(chatId, 'onboarding.news.invest'),
    ])
      expect((await post(u)).status).toBe(200);
    const first = await admin.createCampaign({ name: 'MDM Invest', text_fr: 'Réunion MDM Invest le 12 décembre.', topic: 'investment', channels: ['telegram'] });
    await admin.sendCampaign(first);
    await runCampaign(first);
    expect(textTo(chatId)).toContain('Réunion MDM Invest le 12 décembre.');
    const withStop = fake.sent(chatId).at(-1)!;
    expect(((withStop.payload.reply_markup as any).inline_keyboard as { callback_data: string }[][]).flat().map((b) => b.callback_data)).toContain('cmd.stop');
    expect((await post(tg.callbackUpdate(chatId, 'cmd.stop'))).status).toBe(200);
    clock.advance(1100); // one message per second per chat
    await server.app.outbox.kick();
    expect(textTo(chatId).at(-1)).toContain("vous ne recevrez plus d'actualités");
    const second = await admin.createCampaign({ name: 'MDM Invest 2', text_fr: 'Deuxième réunion.', topic: 'any', channels: ['telegram'] });
    await admin.sendCampaign(second);
    await runCampaign(second);
    expect(textTo(chatId)).not.toContain('Deuxième réunion.');
  });

  it('each person gets their language: ary and shi get Arabic, es falls back to French when empty', async () => {
    const base = (chat += 1000);
    const langs = ['ar', 'ary', 'shi', 'fr', 'en', 'es'];
    const people = await seedPeople(server.db, 6, { channel: 'telegram', topics: ['rights'], firstId: base, locale: (i) => langs[i]! });
    const web = await seedPeople(server.db, 1, { channel: 'webchat', topics: ['rights'], locale: 'ar' });
    const id = await admin.createCampaign({
      name: 'Régularisation',
      text_ar: 'مستجدات حول تسوية الوضعية.',
      text_fr: 'Nouveautés sur la régularisation.',
      text_en: 'News about regularization.',
      topic: 'rights',
      locales: langs,
    });
    await admin.sendCampaign(id);
    await runCampaign(id);
    const got = Object.fromEntries(people.map((p) => [p.locale, fake.sent(p.channelUserId)]));
    expect(got.ar![0]!.payload.text).toBe('مستجدات حول تسوية الوضعية.');
    expect(got.ary![0]!.payload.text).toBe('مستجدات حول تسوية الوضعية.');
    expect(got.shi![0]!.payload.text).toBe('مستجدات حول تسوية الوضعية.');
    expect(got.fr![0]!.payload.text).toBe('Nouveautés sur la régularisation.');
    expect(got.en![0]!.payload.text).toBe('News about regularization.');
    expect(got.es![0]!.payload.text).toBe('Nouveautés sur la régularisation.');
    // Buttons in the person's own language.
    const labels = (c: ApiCall) => ((c.payload.reply_markup as any).inline_keyboard as { text: string }[][]).flat().map((b) => b.text);
    expect(labels(got.ar![0]!)).toEqual(['القائمة الرئيسية', 'إيقاف الأخبار']);
    expect(labels(got.es![0]!)).toEqual(['Menú principal', 'No recibir más']);
    const [arWeb] = await new WebchatPerson(server, web[0]!.channelUserId).poll();
    expect(arWeb).toMatchObject({ text: 'مستجدات حول تسوية الوضعية.', dir: 'rtl', locale: 'ar' });
  });

  it('the preview shows how each channel renders it, with the real renderers', async () => {
    const ev = await admin.createEvent({ title_fr: 'Atelier CV', place: 'Centre', province: 'inezgane-ait-melloul', date: '2027-03-03', time: '10:00', capacity: '15', languages: ['fr'] });
    const id = await admin.createCampaign({ name: 'Annonce CV', text_fr: 'Atelier **CV** mercredi à Inezgane.', text_ar: 'ورشة السيرة الذاتية يوم الأربعاء.', topic: 'workshops', eventId: ev });
    const fr = await (await admin.get(`/advisor/admin/campaigns/${id}?preview=fr`)).text();
    for (const channel of ['webchat', 'telegram', 'whatsapp-cloud', 'whatsapp-web']) expect(fr).toContain(`data-channel="${channel}"`);
    expect(fr).toContain('Atelier <b>CV</b> mercredi'); // Telegram: bold, escaped text
    expect(fr).toContain('Atelier *CV* mercredi'); // WhatsApp: *bold*
    expect(fr).toContain('1. S&#39;inscrire'); // WhatsApp Web: numbered options
    expect(fr).toContain('Répondez avec un numéro (1-3)');
    const ar = await (await admin.get(`/advisor/admin/campaigns/${id}?preview=ary`)).text();
    expect(ar).toContain('<div class="bubble" dir="rtl">ورشة السيرة الذاتية يوم الأربعاء.');
  });

  it('a campaign can be scheduled (Agadir time) and cancelled; a cancelled one sends nothing', async () => {
    const base = (chat += 1000);
    const people = await seedPeople(server.db, 3, { channel: 'telegram', topics: ['workshops'], firstId: base });
    const id = await admin.createCampaign({ name: 'Plus tard', text_fr: 'Message programmé.', topic: 'workshops', channels: ['telegram'] });
    const past = await admin.post(`/advisor/admin/campaigns/${id}/schedule`, { date: '2020-01-01', time: '10:00' });
    expect(past.status).toBe(400);
    expect(await past.text()).toContain('dans le futur');
    // In two hours, Agadir time (the console sessions last 12 hours: the test stays well within).
    const at = clock.now() + 2 * 3600_000;
    const when = { date: localDate(at, 'Africa/Casablanca'), time: localTime(at, 'Africa/Casablanca') };
    expect((await admin.post(`/advisor/admin/campaigns/${id}/schedule`, when)).status).toBe(303);
    const row = await server.db.execute({ sql: 'SELECT scheduled_at FROM campaigns WHERE id = ?', args: [id] });
    expect(Math.abs(Number(row.rows[0]?.scheduled_at) - at)).toBeLessThan(60_000);
    await server.loop.runOnce();
    expect((await admin.json(`/advisor/admin/campaigns/${id}/progress.json`)).status).toBe('scheduled');
    expect(textTo(people[0]!.channelUserId)).toEqual([]);
    clock.advance(2 * 3600_000 + 60_000);
    await runCampaign(id);
    for (const p of people) expect(textTo(p.channelUserId)).toEqual(['Message programmé.']);
    const cancelled = await admin.createCampaign({ name: 'Annulée', text_fr: 'Ne doit pas partir.', topic: 'workshops', channels: ['telegram'] });
    expect((await admin.post(`/advisor/admin/campaigns/${cancelled}/cancel`, {})).status).toBe(303);
    expect((await admin.sendCampaign(cancelled)).status).toBe(409);
    await server.loop.runOnce();
    for (const p of people) expect(textTo(p.channelUserId)).not.toContain('Ne doit pas partir.');
  });
});

describe('a 2,000-person campaign on Telegram', () => {
  it('keeps 30 messages a second and 1 per chat a second (fake clock), and all 2,000 arrive once', { timeout: 180_000 }, async () => {
    const base = (chat += 10_000);
    const people = await seedPeople(server.db, 2000, { channel: 'telegram', topics: ['workshops'], province: 'taroudant', firstId: base, locale: (i) => ['fr', 'ar', 'en', 'es'][i % 4]! });
    const ids = new Set(people.map((p) => p.channelUserId));
    const id = await admin.createCampaign({ name: 'Forum régional', text_fr: 'Forum régional le 10 décembre.', text_ar: 'المنتدى الجهوي يوم 10 دجنبر.', text_en: 'Regional forum on 10 December.', text_es: 'Foro regional el 10 de diciembre.', topic: 'workshops', channels: ['telegram'], provinces: ['taroudant'] });
    fake.calls.length = 0;
    /** The clock's time of each sendMessage: its arrival in real time, moved by the clock's offset then. */
    const clockTimes: { chat: string; at: number }[] = [];
    let seen = 0;
    const offset = () => clock.now() - Date.now();
    const collect = () => {
      const calls = fake.calls.filter((c) => c.method === 'sendMessage');
      const off = offset();
      for (const c of calls.slice(seen)) clockTimes.push({ chat: String(c.payload.chat_id), at: c.at + off });
      seen = calls.length;
    };
    expect((await admin.sendCampaign(id)).status).toBe(303);
    // Someone in the audience writes in the middle of the campaign: their answer is not stuck behind it.
    const writer = people[1500]!;
    let answeredAfter: number | null = null;
    for (let second = 0; second < 200; second++) {
      await server.loop.runOnce();
      collect();
      if (second === 20) {
        await server.request(`/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(tg.textUpdate(Number(writer.channelUserId), 'menu')) });
        await server.app.assistant.idle();
        collect();
      }
      if (second >= 20 && answeredAfter === null && textTo(writer.channelUserId).some((t) => t.includes('Comment puis-je vous aider'))) answeredAfter = second - 20;
      const p = await admin.json(`/advisor/admin/campaigns/${id}/progress.json`);
      if (p.status === 'sent' && p.counts.queued === 0) break;
      clock.advance(1000);
    }
    const campaignCalls = clockTimes.filter((c) => ids.has(c.chat));
    const byChat = new Map<string, number[]>();
    for (const c of campaignCalls) byChat.set(c.chat, [...(byChat.get(c.chat) ?? []), c.at]);
    // All 2,000 received it, exactly once (the writer also got their answer).
    expect(byChat.size).toBe(2000);
    for (const [chatId, times] of byChat) expect(times.length, chatId).toBe(chatId === writer.channelUserId ? 2 : 1);
    // Never more than 30 sendMessage in any second of the clock.
    const times = clockTimes.map((c) => c.at).sort((a, b) => a - b);
    let maxInSecond = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      maxInSecond = Math.max(maxInSecond, i - j + 1);
    }
    expect(maxInSecond).toBeLessThanOrEqual(30);
    expect(maxInSecond).toBeGreaterThanOrEqual(25); // and the channel is used, not idle
    // One per chat per second.
    const writerTimes = byChat.get(writer.channelUserId)!.sort((a, b) => a - b);
    expect(writerTimes[1]! - writerTimes[0]!).toBeGreaterThanOrEqual(1000);
    expect(answeredAfter).not.toBeNull();
    expect(answeredAfter!).toBeLessThanOrEqual(4);
    expect(fake.tooMany).toEqual([]);
    // The right language for each, and the counts in the console.
    expect(textTo(people[1]!.channelUserId)).toEqual(['المنتدى الجهوي يوم 10 دجنبر.']);
    expect(textTo(people[3]!.channelUserId)).toEqual(['Foro regional el 10 de diciembre.']);
    const p = await admin.json(`/advisor/admin/campaigns/${id}/progress.json`);
    expect(p).toMatchObject({ status: 'sent', percent: 100, audience: 2000, enqueued: 2000, done: 2000 });
    expect(p.counts).toMatchObject({ sent: 2000, queued: 0, failed: 0 });
    // Never everyone at once in the outbox: the campaign trickles in behind the channel's rate.
    const campaign = await server.db.execute({ sql: 'SELECT version FROM campaigns WHERE id = ?', args: [id] });
    expect(campaign.rows).toHaveLength(1);
  });

  it('a person who blocked the bot meanwhile is skipped, the rest goes on', async () => {
    const base = (chat += 10_000);
    const people = await seedPeople(server.db, 5, { channel: 'telegram', topics: ['workshops'], province: 'tata', firstId: base });
    fake.blockChat(people[2]!.channelUserId);
    const id = await admin.createCampaign({ name: 'Bloqué', text_fr: 'Bonjour à tous.', topic: 'workshops', channels: ['telegram'], provinces: ['tata'] });
    await admin.sendCampaign(id);
    await runCampaign(id);
    const p = await admin.json(`/advisor/admin/campaigns/${id}/progress.json`);
    expect(p.counts).toMatchObject({ sent: 4, failed: 1 });
    const r = await server.db.execute({ sql: 'SELECT unreachable_at FROM conversations WHERE channel_user_id = ?', args: [people[2]!.channelUserId] });
    expect(r.rows[0]?.unreachable_at).not.toBeNull();
    // The next campaign does not even try.
    const again = await admin.createCampaign({ name: 'Bloqué 2', text_fr: 'Encore.', topic: 'workshops', channels: ['telegram'], provinces: ['tata'] });
    await admin.sendCampaign(again);
    await runCampaign(again);
    expect((await admin.json(`/advisor/admin/campaigns/${again}/progress.json`)).counts.failed).toBe(0);
  });
});

describe('admins only', () => {
  it('an advisor gets 403 on every program page and the export; no session goes to sign-in', async () => {
    for (const path of ['/advisor/admin/dashboard', '/advisor/admin/campaigns', '/advisor/admin/workshops', '/advisor/admin/surveys', '/admin/api/analytics.csv']) {
      expect((await advisor.get(path)).status, path).toBe(403);
      const anonymous = await server.request(`${path}`, { redirect: 'manual' });
      expect([302, 303], path).toContain(anonymous.status);
      expect(anonymous.headers.get('location')).toBe('/advisor/login');
      expect((await admin.get(path)).status, path).toBe(200);
    }
    expect((await advisor.post('/advisor/admin/campaigns', { name: 'x', text_fr: 'x', topic: 'any' })).status).toBe(403);
  });

  it('forms without the CSRF token are refused', async () => {
    const res = await admin.post('/advisor/admin/campaigns', { name: 'Sans jeton', text_fr: 'x', topic: 'any' }, { csrf: false });
    expect(res.status).toBe(403);
    const r = await server.db.execute("SELECT count(*) AS n FROM campaigns WHERE name = 'Sans jeton'");
    expect(r.rows[0]?.n).toBe(0);
  });

  it('a campaign form with mistakes says what to fix, in the console language', async () => {
    const res = await admin.post('/advisor/admin/campaigns', { name: '', topic: 'nope' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Donnez un nom à la campagne');
    expect(html).toContain('Écrivez le message dans au moins une langue');
  });
});
