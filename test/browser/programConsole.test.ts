import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from '../support/advisorClient.js';
import { ARTIFACTS_DIR, launchBrowser } from '../support/browser.js';
import { FakeTelegramApi } from '../support/fakeTelegramApi.js';
import { seedPeople } from '../support/programFixtures.js';
import { messageInserts } from '../../src/storage/messageInserts.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { visual } from '../support/bidiVisual.js';

let server: TestServer;
let fake: FakeTelegramApi;
let browser: Browser;

/** A month of activity, so the dashboard has something to draw. */
async function seedActivity(s: TestServer): Promise<void> {
  const channels = ['telegram', 'webchat', 'whatsapp-cloud'] as const;
  const langs = ['fr', 'ar', 'en', 'es', 'ary'];
  const statements: { sql: string; args: (string | number)[] }[] = [];
  let k = 0;
  for (const channel of channels) {
    const people = await seedPeople(s.db, 30, { channel, locale: (i) => langs[i % langs.length]!, firstId: channel === 'telegram' ? 810_000_000 : 820_000_000, topics: [] });
    people.forEach((p, i) => {
      for (let day = 0; day < 20; day++) {
        if ((i + day) % 3 !== 0) continue;
        statements.push(...(messageInserts([{ id: `m_seed_${++k}`, conversationId: p.conversationId, direction: 'in', author: 'person', text: 'bonjour', reply: null, createdAt: Date.now() - day * 86_400_000 - 3600_000 }]) as typeof statements));
      }
    });
  }
  for (const [q, times] of [['carte de séjour renouvellement Tata', 6], ['horaires du bus pour Tiznit', 3], ['مساعدة في الكراء', 4]] as const) {
    // Each asked by as many people (`person`: their part of an anonymous key).
    for (let i = 0; i < times; i++) statements.push({ sql: "INSERT INTO knowledge_gaps (query, lang, reason, person, created_at) VALUES (?, 'fr', 'abstain', ?, ?)", args: [q, `${q}-${i}`, Date.now() - i * 86_400_000] });
  }
  ['5', '5', '4', '5', '3', '4', '5'].forEach((v, i) => statements.push({ sql: "INSERT INTO survey_answers (survey, question, value, locale, channel, person, created_at) VALUES ('csat', 'advisor', ?, 'fr', 'webchat', ?, ?)", args: [v, `csat-${i}`, Date.now() - 86_400_000] }));
  await s.db.batch(statements, 'write');
}

beforeAll(async () => {
  fake = await new FakeTelegramApi().start();
  // Two messages a second on Telegram: the campaign takes a few seconds, so its progress is visible.
  server = await startTestServer({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, TELEGRAM_WEBHOOK_SECRET: 'browser-secret-0123456789', PUBLIC_URL: 'https://tawjih.example.org', TELEGRAM_RATE_PER_SECOND: '2' });
  browser = await launchBrowser();
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await seedActivity(server);
  await seedPeople(server.db, 16, { channel: 'telegram', topics: ['workshops'], firstId: 830_000_000, locale: (i) => (i % 2 ? 'ar' : 'fr') });
  await seedPeople(server.db, 4, { channel: 'webchat', topics: ['workshops'] });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fake?.stop();
});

describe('the program pages in a real browser', () => {
  it('shows the dashboard, then a campaign: preview, send, and its progress bar filling up', { timeout: 120_000 }, async () => {
    const admin = await createAdvisor(server.db, 'Khadija', 'admin');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    page.setDefaultTimeout(10_000);
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(`${server.url}/advisor/login`);
    await page.fill('input[name=email]', admin.email);
    await page.fill('input[name=password]', admin.password);
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'En attente' }).waitFor();

    // The dashboard: SVG charts drawn on the server.
    await page.goto(`${server.url}/advisor/admin/dashboard`);
    await page.getByRole('heading', { name: 'Tableau de bord' }).waitFor();
    expect(await page.locator('svg#chart-channels rect').count()).toBeGreaterThan(20);
    expect(await page.locator('svg#chart-languages rect').count()).toBeGreaterThan(20);
    expect(await page.locator('#gaps tbody tr').first().innerText()).toContain('carte de séjour renouvellement Tata');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'program-dashboard.png'), fullPage: true });

    // A campaign, written in French and Arabic, for the people who chose the workshops.
    await page.getByRole('link', { name: 'Campagnes' }).click();
    await page.getByRole('link', { name: 'Nouvelle campagne' }).click();
    await page.fill('input[name=name]', 'Atelier droits au travail — Tiznit');
    await page.fill('textarea[name=text_fr]', 'Atelier **droits au travail** samedi 10:00 à la Maison des jeunes de Tiznit. Gratuit.');
    await page.fill('textarea[name=text_ar]', 'ورشة **حقوق العمل** يوم السبت على الساعة 10:00 بدار الشباب تيزنيت. بالمجان.');
    await page.selectOption('select[name=topic]', 'workshops');
    await page.click('#campaign-form button[type=submit]');
    await page.getByRole('heading', { name: 'Atelier droits au travail — Tiznit' }).waitFor();
    expect(await page.locator('#audience-now').innerText()).toMatch(/^20 /);
    expect(await page.locator('[data-channel=telegram] .bubble b').first().innerText()).toBe('droits au travail');
    await page.getByRole('link', { name: 'Arabe' }).click();
    expect(await page.locator('[data-channel=whatsapp-web] .bubble').first().getAttribute('dir')).toBe('rtl');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'program-campaign-preview.png'), fullPage: true });

    // Send now asks first: how many people, on which channel; "No" sends nothing.
    await page.click('#send-now');
    await page.getByRole('heading', { name: 'Envoyer « Atelier droits au travail — Tiznit » maintenant ?' }).waitFor();
    expect(await page.locator('#confirm-audience').innerText()).toBe('Le message part maintenant vers 20 personnes :');
    expect(await page.locator('#confirm-channels li').allInnerTexts()).toEqual(['Telegram: 16', 'Chat web: 4']);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'program-campaign-confirm.png'), fullPage: true });
    await page.click('#confirm-back');
    await page.getByRole('heading', { name: 'Atelier droits au travail — Tiznit' }).waitFor();
    expect(await page.locator('#campaign-status').innerText()).toBe('brouillon');
    expect(fake.sent().length).toBe(0);
    // Send now: the progress bar and the counts follow the outbox (polling, no inline script).
    await page.click('#send-now');
    await page.click('#confirm-send');
    const bar = page.locator('progress#campaign-progress');
    await bar.waitFor();
    await expect.poll(async () => Number(await bar.getAttribute('value') ?? (await bar.evaluate((el) => (el as HTMLProgressElement).value))), { timeout: 20_000 }).toBeGreaterThan(0);
    const midway = await bar.evaluate((el) => (el as HTMLProgressElement).value);
    expect(midway).toBeLessThan(100);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'program-campaign-progress.png'), fullPage: true });
    await expect.poll(() => page.locator('#campaign-percent').innerText(), { timeout: 40_000 }).toBe('100 %');
    expect(await page.locator('[data-count=sent]').innerText()).toBe('16');
    expect(await page.locator('[data-count=webchat]').innerText()).toBe('4');
    expect(await page.locator('#campaign-status').innerText()).toBe('envoyée');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'program-campaign-sent.png'), fullPage: true });
    expect(fake.sent().length).toBe(16);
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it('a workshop is edited in its form; the people registered are told; a campaign announcing a full workshop says it goes without "Register"', { timeout: 120_000 }, async () => {
    const admin = await createAdvisor(server.db, 'Hassan', 'admin');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/advisor/login`);
    await page.fill('input[name=email]', admin.email);
    await page.fill('input[name=password]', admin.password);
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'En attente' }).waitFor();
    await page.goto(`${server.url}/advisor/admin/workshops/new`);
    await page.fill('input[name=title_fr]', 'Permanence juridique');
    await page.fill('input[name=title_ar]', 'مداومة قانونية');
    await page.fill('input[name=place]', 'Centre, salle 2');
    await page.selectOption('select[name=province]', 'tiznit');
    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('input[name=date]', day);
    await page.fill('input[name=time]', '10:00');
    await page.fill('input[name=capacity]', '2');
    await page.click('#event-form button[type=submit]');
    await page.getByRole('heading', { name: 'Permanence juridique' }).waitFor();
    const eventId = page.url().split('/').pop()!;
    // Two people register (the seats are now all taken).
    const people = await seedPeople(server.db, 2, { channel: 'webchat', topics: [], locale: (i) => (i ? 'ar' : 'fr') });
    for (const p of people) await server.db.execute({ sql: "INSERT INTO registrations (event_id, contact_id, status, created_at, updated_at) VALUES (?, ?, 'registered', ?, ?)", args: [eventId, p.contactId, Date.now(), Date.now()] });

    await page.reload();
    await page.click('#edit-event');
    await page.getByRole('heading', { name: "Modifier l'atelier" }).waitFor();
    expect(await page.inputValue('input[name=date]')).toBe(day);
    expect(await page.inputValue('input[name=place]')).toBe('Centre, salle 2');
    expect(await page.locator('#event-form .warning').innerText()).toContain('les 2 personnes inscrites sont prévenues');
    await page.fill('input[name=place]', 'Maison des associations');
    await page.fill('input[name=time]', '14:30');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'program-workshop-edit.png'), fullPage: true });
    await page.click('#event-form button[type=submit]');
    await page.locator('#event-saved').waitFor();
    expect(await page.locator('#event-saved').innerText()).toBe('Enregistré. Personnes inscrites prévenues du changement : 2.');
    expect(await page.locator('dl').innerText()).toContain('Maison des associations (Tiznit)');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'program-workshop-saved.png'), fullPage: true });
    const told = await server.db.execute({ sql: "SELECT m.text FROM messages m WHERE m.conversation_id IN (?, ?) AND m.direction = 'out' ORDER BY m.conversation_id", args: [people[0]!.conversationId, people[1]!.conversationId] });
    expect(told.rows.map((r) => String(r.text))).toEqual([expect.stringContaining('Changement pour « Permanence juridique »'), expect.stringContaining('تغيير في «مداومة قانونية»')]);

    // Announcing it now that it is full: the admin is told before sending.
    await page.goto(`${server.url}/advisor/admin/campaigns/new?eventId=${eventId}&topic=workshops`);
    expect(await page.locator('select[name=eventId] option:checked').innerText()).toContain('complet');
    await page.fill('input[name=name]', 'Annonce permanence');
    await page.fill('textarea[name=text_fr]', 'Permanence juridique gratuite.');
    await page.click('#campaign-form button[type=submit]');
    await page.locator('#event-full').waitFor();
    expect(await page.locator('[data-channel=telegram] .keys').innerText()).not.toContain("S'inscrire");
    await page.click('#send-now');
    await page.locator('#confirm-event-full').waitFor();
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'program-campaign-confirm-full.png'), fullPage: true });
    await page.close();
  });

  it('the admin pages in Arabic: right to left, no French string of the console left, numbers and dates left to right', { timeout: 120_000 }, async () => {
    const admin = await createAdvisor(server.db, 'Amina', 'admin');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/advisor/login`);
    await page.fill('input[name=email]', admin.email);
    await page.fill('input[name=password]', admin.password);
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'En attente' }).waitFor();
    // The footer's language link; the admin pages follow the choice (a cookie).
    await page.click('a[hreflang=ar]');
    await page.getByRole('heading', { name: 'في الانتظار' }).waitFor();

    // Every French sentence of the console (its longest run between placeholders, 10 characters or more).
    type Tree = { [k: string]: string | Tree };
    const values = (t: Tree): string[] => Object.values(t).flatMap((v) => (typeof v === 'string' ? [v] : values(v)));
    const french = values(JSON.parse(await readFile('locales/fr/console.json', 'utf8')) as Tree)
      .map((v) => v.split(/\{\{[^}]+\}\}/).sort((a, b) => b.length - a.length)[0]!.trim())
      .filter((v) => v.length >= 10);
    expect(french.length).toBeGreaterThan(150);
    const frenchLeft = async () => {
      const text = await page.innerText('body');
      return french.filter((f) => text.includes(f));
    };

    const pages = [
      ['dashboard', 'لوحة القيادة'],
      ['campaigns', 'الحملات'],
      ['campaigns/new', 'حملة جديدة'],
      ['workshops', 'الورشات والفعاليات'],
      ['surveys', 'استبيان الأثر'],
      ['status', 'حالة القنوات'],
    ] as const;
    for (const [path, heading] of pages) {
      await page.goto(`${server.url}/advisor/admin/${path}`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      expect([path, await page.getAttribute('html', 'dir'), await page.getAttribute('html', 'lang')]).toEqual([path, 'rtl', 'ar']);
      expect([path, await frenchLeft()]).toEqual([path, []]);
      await page.screenshot({ path: join(ARTIFACTS_DIR, `program-ar-${path.replace('/', '-')}.png`), fullPage: true });
    }
    // The channel status: the command to type stays one left-to-right piece inside the Arabic sentence.
    await page.goto(`${server.url}/advisor/admin/status`);
    const command = page.locator('tr[data-service=telegram] code');
    expect(await command.allInnerTexts()).toEqual(['npm run telegram:webhook -- set']);
    expect(await command.evaluate((el) => el.getClientRects().length)).toBe(1);

    // The dashboard's median wait and satisfaction read in Arabic ("من 5", not "5 / 5" turned around).
    await page.goto(`${server.url}/advisor/admin/dashboard`);
    expect(await page.locator('svg#chart-csat').textContent()).toContain('5 من 5');

    // A workshop created in Arabic: its errors, then its page, seats and date.
    await page.goto(`${server.url}/advisor/admin/workshops/new`);
    await page.evaluate(() => document.querySelectorAll('[required]').forEach((e) => e.removeAttribute('required')));
    await page.click('#event-form button[type=submit]');
    expect(await page.locator('.error li').allInnerTexts()).toEqual(['اكتب العنوان بلغة واحدة على الأقل.', 'حدد المكان.', 'أدخل تاريخا وساعة صحيحين.', 'عدد المقاعد عدد صحيح من 1 إلى 10000.']);
    await page.fill('input[name=title_ar]', 'ورشة: تجديد بطاقة الإقامة');
    await page.fill('input[name=place]', 'مقر المركز، أكادير');
    const day = new Date(Date.now() + 12 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('input[name=date]', day);
    await page.fill('input[name=time]', '10:30');
    await page.fill('input[name=capacity]', '12');
    await page.click('#event-form button[type=submit]');
    await page.getByRole('heading', { name: 'ورشة: تجديد بطاقة الإقامة' }).waitFor();
    expect(await page.locator('#event-taken').innerText()).toBe('0 من 12');
    const [y, m, d] = day.split('-').map(Number);
    // The date in Latin digits as ar-MA writes it: day/month/year with right-to-left marks (read from the right, the day first), then the Center's time.
    expect(await page.locator('dl').innerText()).toContain(`${d}\u200f/${m}\u200f/${y}، 10:30`);
    expect(await frenchLeft()).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'program-ar-workshop.png'), fullPage: true });

    // One person registers: the dashboard says "<5" (fewer than 5 people), which must not turn into "5>" right to left.
    const eventId = page.url().split('/').pop()!;
    const [person] = await seedPeople(server.db, 1, { channel: 'webchat', topics: [], locale: () => 'ar' });
    await server.db.execute({ sql: "INSERT INTO registrations (event_id, contact_id, status, created_at, updated_at) VALUES (?, ?, 'registered', ?, ?)", args: [eventId, person!.contactId, Date.now(), Date.now()] });
    await page.reload();
    expect(visual(await page.locator('#event-taken').innerText(), 'rtl')).toBe('12 نم 1');
    await page.goto(`${server.url}/advisor/admin/dashboard?to=${day}`);
    const row = page.locator('tr', { hasText: 'ورشة: تجديد بطاقة الإقامة' });
    expect(visual(await row.locator('td.num').first().innerText(), 'rtl')).toBe('<5');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'program-ar-dashboard-registrations.png'), fullPage: true });
    await page.close();
  });
});
