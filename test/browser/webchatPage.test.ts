import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { ARTIFACTS_DIR, launchBrowser } from '../support/browser.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  await mkdir(ARTIFACTS_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the web chat page in a real browser', () => {
  it('goes through onboarding to the main menu in Arabic, right to left, on a phone screen', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    await page.goto(server.url + '/');
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    await page.click('#start');
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.getByRole('button', { name: 'أوافق' }).click();
    await page.getByRole('button', { name: 'مهاجر في المغرب' }).click();
    await page.getByRole('button', { name: 'إنزكان آيت ملول' }).click();
    await page.getByRole('button', { name: 'لا شكرا' }).click();
    const menuButton = page.getByRole('button', { name: 'الحقوق والوثائق' });
    await menuButton.waitFor();
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('ar');
    const lastBot = page.locator('.msg.bot').last();
    expect(await lastBot.getAttribute('dir')).toBe('rtl');
    expect(await lastBot.innerText()).toContain('كيف يمكنني مساعدتك؟');
    // Right to left for real: the bot's bubble sits on the right of a 360 px screen.
    const box = (await lastBot.boundingBox())!;
    expect(box.x + box.width).toBeGreaterThan(300);
    expect(await page.getAttribute('#text', 'placeholder')).toBe('اكتب سؤالك…');
    // Typed text works too.
    await page.fill('#text', 'القائمة');
    await page.click('#send');
    await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(5);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-arabic-main-menu.png'), fullPage: true });
    // Old buttons are disabled once answered; the last menu's are not.
    expect(await page.locator('.choices button:disabled').count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'الحقوق والوثائق' }).last().isEnabled()).toBe(true);
    // A question typed in Arabic: the article's summary reads right to left.
    const before = await page.locator('.msg.bot').count();
    await page.fill('#text', 'كيف أجدد بطاقة الإقامة؟');
    await page.click('#send');
    await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(before);
    const article = page.locator('.msg.bot').last();
    expect(await article.getAttribute('dir')).toBe('rtl');
    expect(await article.locator('strong').first().innerText()).toMatch(/[\u0600-\u06FF]/);
    await page.getByRole('button', { name: 'اقرأ المزيد' }).last().click();
    await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(before + 1);
    expect(await page.locator('.msg.bot').last().getAttribute('dir')).toBe('rtl');
    expect(await page.locator('.msg.bot').last().innerText()).toContain('الخطوة التالية');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-arabic-article.png') });
    await page.close();
  });

  it('answers a question typed as the first message, then asks to confirm the language, on a phone screen', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    await page.goto(server.url + '/');
    await page.getByRole('button', { name: 'Commencer' }).waitFor();
    await page.fill('#text', 'salam, kifach nsejjel wlidi f lmadrasa? ma3ndnach lwra9');
    await page.click('#send');
    // The answer (or the articles to choose from) in Darija, right to left, then the language to confirm.
    await page.getByRole('button', { name: 'إيه، بالدارجة' }).waitFor();
    // The "start" button went with the first message.
    expect(await page.locator('#start').count()).toBe(0);
    const bubbles = page.locator('.msg.bot');
    expect(await bubbles.count()).toBeGreaterThanOrEqual(2);
    for (const dir of await bubbles.evaluateAll((els) => els.map((e) => e.getAttribute('dir')))) expect(dir).toBe('rtl');
    expect(await bubbles.last().innerText()).toContain('جاوبتك بالدارجة');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-first-message-darija.png'), fullPage: true });
    await page.getByRole('button', { name: 'إيه، بالدارجة' }).click();
    await expect.poll(() => page.locator('.msg.bot').last().innerText()).toMatch(/09-08/);
    await page.close();
  });

  it('meets danger written as the first message with the safety reply and a specialist advisor', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    await page.goto(server.url + '/');
    await page.getByRole('button', { name: 'Commencer' }).waitFor();
    await page.fill('#text', 'mon mari me bastonne, je suis enfermée');
    await page.click('#send');
    await page.getByRole('button', { name: "Parler à quelqu'un" }).waitFor();
    expect(await page.locator('.msg.bot').last().innerText()).toContain('Votre sécurité passe avant tout');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-first-message-danger.png'), fullPage: true });
    await page.getByRole('button', { name: "Parler à quelqu'un" }).click();
    await expect.poll(() => page.locator('.msg.bot').last().innerText()).toContain("J'ai transmis votre demande");
    await page.close();
  });

  it('keeps the conversation after a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'en-US' });
    await page.goto(server.url + '/');
    await page.click('#start');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'I agree' }).waitFor();
    const before = await page.locator('.msg').allInnerTexts();
    await page.reload();
    await page.getByRole('button', { name: 'I agree' }).waitFor();
    // Both sides come back, in order: the person's own messages (the tap as its label) too.
    expect(await page.locator('.msg').allInnerTexts()).toEqual(before);
    expect(await page.locator('.msg.bot').count()).toBe(2); // welcome + languages, then the privacy notice
    // Each bubble says who wrote it, in the page's language (read aloud, not shown).
    expect(await page.locator('.msg.me .sr-only').allInnerTexts()).toEqual(['You', 'You']);
    expect(await page.locator('.msg.bot .sr-only').first().innerText()).toBe('tawjih');
    expect(await page.locator('.msg.me .text').allInnerTexts()).toEqual(['Start', 'English']);
    expect(await page.locator('#start').count()).toBe(0);
    // Only the last message's buttons work: the language menu is no longer tappable.
    expect(await page.getByRole('button', { name: 'English' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'I agree' }).isEnabled()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-after-reload.png') });
    // The conversation goes on from there.
    await page.getByRole('button', { name: 'I agree' }).click();
    await page.getByRole('button', { name: 'Migrant in Morocco' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Migrant in Morocco' }).waitFor();
    expect(await page.locator('.msg.me .text').allInnerTexts()).toEqual(['Start', 'English', 'I agree']);
    expect(await page.getByRole('button', { name: 'I agree' }).isDisabled()).toBe(true);
    await page.close();
  });
});
