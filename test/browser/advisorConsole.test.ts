import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from '../support/advisorClient.js';
import { ARTIFACTS_DIR, launchBrowser, signInToConsole } from '../support/browser.js';
import { webchatAsksAdvisor } from '../support/consoleFixtures.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer({ OFFICE_HOURS: 'mon-sun 00:00-24:00' });
  browser = await launchBrowser();
  await mkdir(ARTIFACTS_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the advisor console in a real browser', () => {
  it('logs in, sees a ticket opened from the web chat, claims it, replies, and the reply appears in the web chat', { timeout: 90_000 }, async () => {
    const advisor = await createAdvisor(server.db, 'Amina');
    // The person, on a phone, in Arabic.
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'ar' });
    phone.setDefaultTimeout(8000);
    await phone.goto(`${server.url}/?lang=ar`);
    await phone.click('#start');
    await phone.getByRole('button', { name: 'العربية' }).click();
    await phone.getByRole('button', { name: 'أوافق' }).click();
    await phone.getByRole('button', { name: 'مهاجر في المغرب' }).click();
    await phone.getByRole('button', { name: 'إنزكان آيت ملول' }).click();
    await phone.getByRole('button', { name: 'لا شكرا' }).click();
    await phone.getByRole('button', { name: 'التحدث مع مستشار' }).last().click();
    await phone.getByText('مستشار من المركز', { exact: false }).waitFor({ state: 'detached', timeout: 100 }).catch(() => undefined);
    await phone.fill('#text', 'ضاع مني جواز السفر، ماذا أفعل؟');
    await phone.click('#send');

    // The advisor, on a laptop, in French.
    const laptop = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    laptop.setDefaultTimeout(8000);
    await laptop.goto(`${server.url}/advisor`);
    expect(laptop.url()).toContain('/advisor/login');
    await laptop.fill('input[name=email]', advisor.email);
    await laptop.fill('input[name=password]', 'wrong password');
    await laptop.click('button[type=submit]');
    await laptop.getByText('E-mail ou mot de passe incorrect.').waitFor();
    await laptop.fill('input[name=password]', advisor.password);
    await laptop.click('button[type=submit]');
    await laptop.getByRole('heading', { name: 'En attente' }).waitFor();
    const row = laptop.locator('ol.queue .ticket').first();
    expect(await row.innerText()).toContain('Arabe');
    expect(await row.innerText()).toContain('ضاع مني جواز السفر');
    await laptop.screenshot({ path: join(ARTIFACTS_DIR, 'console-fr-queue.png'), fullPage: true });
    await row.getByRole('link').click();
    const personMessage = laptop.locator('.history .msg.person').last();
    expect(await personMessage.innerText()).toContain('ضاع مني جواز السفر');
    expect(await personMessage.getAttribute('dir')).toBe('rtl');
    await laptop.click('#claim');
    await laptop.locator('#reply-text').waitFor();
    await laptop.click('#canned summary');
    await laptop.getByRole('button', { name: /Salutation/ }).click();
    expect(await laptop.inputValue('#reply-text')).toContain('مرحبا، أنا مستشار');
    await laptop.fill('#reply-text', 'مرحبا، توجه إلى مركز الشرطة للتصريح بالضياع، ثم إلى قنصلية بلدك.');
    await laptop.getByRole('button', { name: 'Envoyer' }).click();
    await laptop.locator('.history .msg.advisor').last().waitFor();
    expect(await laptop.locator('.history .msg.advisor').last().getAttribute('dir')).toBe('rtl');
    await laptop.screenshot({ path: join(ARTIFACTS_DIR, 'console-fr-arabic-conversation.png'), fullPage: true });

    // The reply reaches the web chat page (it polls for new messages).
    const bubble = phone.locator('.msg.advisor').last();
    await bubble.waitFor({ timeout: 15_000 });
    expect(await bubble.innerText()).toContain('توجه إلى مركز الشرطة');
    expect(await bubble.getAttribute('dir')).toBe('rtl');
    await phone.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-arabic-advisor-reply.png'), fullPage: true });

    // Closing asks the person how satisfied they are.
    await laptop.selectOption('select[name=outcome]', 'answered');
    await laptop.getByRole('button', { name: 'Clôturer' }).click();
    await phone.getByRole('button', { name: '5 - راض جدا' }).waitFor({ timeout: 15_000 });
    await laptop.close();
    await phone.close();
  });

  it('a ticket that arrives between the queue page and its live stream still appears (the stream says what changed before it opened)', { timeout: 60_000 }, async () => {
    const advisor = await createAdvisor(server.db, 'Youssef');
    const laptop = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    laptop.setDefaultTimeout(8000);
    await signInToConsole(laptop, server.url, advisor);
    // A slow network: the page is there, its live stream connects only once the person has asked.
    let asked!: () => void;
    const personAsked = new Promise<void>((resolve) => (asked = resolve));
    await laptop.route('**/advisor/events', async (route) => {
      await personAsked;
      await route.continue();
    });
    await laptop.reload();
    await laptop.getByRole('heading', { name: 'En attente' }).waitFor();
    await webchatAsksAdvisor(server.url, 'stream-late-1', { language: 'Français', province: 'Tiznit', message: 'Mon patron garde mon passeport depuis deux semaines' });
    expect(await laptop.locator('ol.queue .ticket', { hasText: 'Mon patron garde mon passeport' }).count()).toBe(0);
    asked();
    await laptop.locator('ol.queue .ticket', { hasText: 'Mon patron garde mon passeport' }).waitFor({ timeout: 10_000 });
    await laptop.close();
  });

  it('the console is not framed and sends a strict Content-Security-Policy', async () => {
    const res = await fetch(`${server.url}/advisor/login`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});
