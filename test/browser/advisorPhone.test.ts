import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from '../support/advisorClient.js';
import { ARTIFACTS_DIR, launchBrowser } from '../support/browser.js';
import { webchatAsksAdvisor } from '../support/consoleFixtures.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

/**
 * The console on a 390 px phone, in Arabic (right to left): the queue, a ticket, a reply with a
 * canned text, a note and closing, with nothing wider than the screen. Screenshots:
 * test-artifacts/console-phone-*.png.
 */
let server: TestServer;
let browser: Browser;
let page: Page;

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS_DIR, `console-phone-${name}.png`), fullPage: true });
/** Nothing sticks out sideways: the page scrolls only up and down. */
async function fitsTheScreen() {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}

beforeAll(async () => {
  server = await startTestServer({ OFFICE_HOURS: 'mon-sun 00:00-24:00' });
  browser = await launchBrowser();
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await webchatAsksAdvisor(server.url, 'phone-fatima', { language: 'Français', province: 'Tiznit', message: "Bonjour, mon récépissé expire la semaine prochaine et la préfecture ne répond pas au téléphone depuis lundi." });
  await webchatAsksAdvisor(server.url, 'phone-omar', { language: 'العربية', province: 'إنزكان آيت ملول', message: 'ضاع مني جواز السفر، ماذا أفعل؟' });
  const amina = await createAdvisor(server.db, 'أمينة');
  page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'ar-MA', isMobile: true, hasTouch: true });
  page.setDefaultTimeout(15_000);
  await page.goto(`${server.url}/advisor/login?lang=ar`);
  await page.fill('input[name=email]', amina.email);
  await page.fill('input[name=password]', amina.password);
  await page.getByRole('button', { name: 'تسجيل الدخول' }).tap();
  await page.locator('ol.queue').waitFor();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the console on a 390 px phone, in Arabic', () => {
  it('queue, ticket, reply, note, close', { timeout: 120_000 }, async () => {
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('h1').innerText()).toBe('في الانتظار');
    const cards = page.locator('ol.queue .ticket');
    expect(await cards.count()).toBe(2);
    expect(await cards.nth(1).innerText()).toMatch(/العربية · الدردشة على الموقع · إنزكان آيت ملول · طلب عام/);
    expect(await cards.first().innerText()).toContain('الفرنسية');
    await fitsTheScreen();
    await shot('queue');

    await cards.nth(1).locator('a').tap();
    await page.locator('#claim').waitFor();
    expect(await page.locator('.history .msg.person').last().getAttribute('dir')).toBe('rtl');
    await fitsTheScreen();
    await page.locator('#claim').tap();
    await page.locator('#reply-text').waitFor();

    // A canned reply, named in the advisor's language, written in the person's.
    await page.locator('#canned summary').tap();
    const greeting = page.locator('.canned-item', { hasText: 'التحية' });
    expect(await greeting.locator('span').getAttribute('dir')).toBe('rtl');
    await greeting.tap();
    expect(await page.inputValue('#reply-text')).toContain('مرحبا، أنا مستشار');
    await page.locator('#reply-text').fill('مرحبا، توجه إلى مركز الشرطة للتصريح بالضياع، ثم إلى قنصلية بلدك.');
    await fitsTheScreen();
    await shot('reply');
    await page.getByRole('button', { name: 'إرسال', exact: true }).tap();
    await page.locator('.history .msg.advisor', { hasText: 'توجه إلى مركز الشرطة' }).waitFor();

    await page.locator('#note-text').fill('أُرسل إلى مركز الشرطة في إنزكان');
    await page.getByRole('button', { name: 'إضافة الملاحظة' }).tap();
    await page.locator('.notes li', { hasText: 'أُرسل إلى مركز الشرطة' }).waitFor();
    await fitsTheScreen();
    await shot('note');

    await page.selectOption('#close-outcome', 'referred');
    await page.getByRole('button', { name: 'إغلاق', exact: true }).tap();
    await page.locator('.ticket-head .ended').waitFor();
    expect(await page.locator('.ticket-head .ended').innerText()).toBe('أغلقها أمينة: وُجّه إلى شريك');
    await fitsTheScreen();
    await shot('closed');

    // The person got the reply.
    const res = await fetch(`${server.url}/webchat/api/messages?conversationId=phone-omar`);
    const replies = ((await res.json()) as { replies: { author: string; text: string }[] }).replies;
    expect(replies.filter((r) => r.author === 'advisor').map((r) => r.text)).toEqual(['مرحبا، توجه إلى مركز الشرطة للتصريح بالضياع، ثم إلى قنصلية بلدك.']);

    // Back in the queue: one waiting, the closed one under "all" with why it ended.
    await page.locator('.ticket-top a').first().tap();
    await page.waitForURL((u) => u.pathname === '/advisor');
    expect(await cards.count()).toBe(1);
    await page.goto(`${server.url}/advisor?status=all`);
    expect(await page.locator('body').innerText()).toContain('أغلقها أمينة: وُجّه إلى شريك');
    await fitsTheScreen();
    await shot('all');
  });
});
