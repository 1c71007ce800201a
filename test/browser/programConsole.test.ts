import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from '../support/advisorClient.js';
import { ARTIFACTS_DIR, launchBrowser } from '../support/browser.js';
import { FakeTelegramApi } from '../support/fakeTelegramApi.js';
import { seedPeople } from '../support/programFixtures.js';
import { messageInserts } from '../../src/storage/messageInserts.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

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
    expect(await page.locator('#confirm-channels li').allInnerTexts()).toEqual(['telegram: 16', 'webchat: 4']);
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
});
