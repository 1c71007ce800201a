import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from '../support/advisorClient.js';
import { ARTIFACTS_DIR, launchBrowser } from '../support/browser.js';
import { glyphsOf, readsLeftToRight } from '../support/glyphOrder.js';
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

/** The phone numbers the Arabic emergency article gives ("+212 5 37 54 54 00", "0801 000 180"…), read from the article itself. */
async function emergencyNumbers(): Promise<string[]> {
  const body = (await readFile('knowledge/emergency-numbers/ar.md', 'utf8')).split(/^---$/m).at(-1)!;
  return [...new Set([...body.matchAll(/\+?\d[\d ]{6,}\d/g)].map((m) => m[0]))];
}

async function onboardInArabic(page: Page): Promise<void> {
  await page.goto(`${server.url}/?lang=ar`);
  await page.click('#start');
  await tap(page, 'العربية');
  await tap(page, 'أوافق');
  await tap(page, 'مهاجر في المغرب');
  await tap(page, 'إنزكان آيت ملول');
  await tap(page, 'لا شكرا');
  await page.locator('.msg.bot').last().locator('button:enabled').first().waitFor();
}

/** `needle` is shown in `selector` (the last one showing it), on one line, left to right. */
async function expectLeftToRight(page: Page, selector: string, needle: string): Promise<void> {
  const glyphs = await glyphsOf(page, selector, needle);
  expect(glyphs, `"${needle}" in ${selector}`).not.toBeNull();
  expect(glyphs!.map((g) => g.ch).join(''), needle).toBe(needle.replace(/ /g, ''));
  expect(readsLeftToRight(glyphs!), `${needle}: ${JSON.stringify(glyphs)}`).toBe(true);
}

/** Taps a button of the bot's last message. */
const tap = (page: Page, name: string) => page.locator('.msg.bot').last().getByRole('button', { name }).click();

async function ask(page: Page, text: string): Promise<void> {
  const before = await page.locator('.msg.bot').count();
  // Messages the server has (data-id): the question counts once it is there too.
  const mine = await page.locator('.msg.me[data-id]').count();
  await page.fill('#text', text);
  await page.click('#send');
  await expect.poll(() => page.locator('.msg.me[data-id]').count()).toBeGreaterThan(mine);
  await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(before);
}

describe('Arabic that reads right, with its numbers left to right', () => {
  it('the emergency-numbers article on a 390 px phone: every phone number shows left to right, the date in words, sources by name', { timeout: 90_000 }, async () => {
    const numbers = await emergencyNumbers();
    expect(numbers.length).toBeGreaterThanOrEqual(2);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'ar' });
    page.setDefaultTimeout(10_000);
    await onboardInArabic(page);
    await ask(page, 'أرقام الطوارئ');
    const summary = page.locator('.msg.bot').last();
    expect(await summary.getAttribute('dir')).toBe('rtl');
    expect(await summary.getAttribute('lang')).toBe('ar');
    // The review date in words, Moroccan month and standard month; the source by its publisher, linked.
    expect(await summary.innerText()).toMatch(/آخر مراجعة: \d{1,2} \p{Script=Arabic}+ \(\p{Script=Arabic}+\) \d{4}/u);
    const link = summary.locator('.text a').first();
    expect(await link.getAttribute('href')).toMatch(/^https:\/\//);
    expect(await link.innerText()).not.toMatch(/^https?:/);

    const bubbles = await page.locator('.msg.bot').count();
    await page.getByRole('button', { name: 'اقرأ المزيد' }).last().click();
    // The summary names its sources too: wait for the article itself.
    await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(bubbles);
    await expect.poll(async () => (await page.locator('.msg.bot').last().innerText()).includes('المصادر')).toBe(true);
    const body = page.locator('.msg.bot').last();
    expect(await body.getAttribute('dir')).toBe('rtl');
    for (const n of numbers) await expectLeftToRight(page, '.msg.bot .text', n);
    // Times too ("من 9:00 إلى 15:00").
    await expectLeftToRight(page, '.msg.bot .text', '15:00');
    // The test can fail: the same line written without isolates, in the same bubble style, shows the number reversed.
    await page.evaluate(`(() => { const d = document.createElement('div'); d.className = 'msg bot'; d.dir = 'rtl'; d.id = 'control';
      d.textContent = 'المفوضية: الخط ${numbers[0]}، واتساب'; document.getElementById('log').appendChild(d); })()`);
    const reversed = await glyphsOf(page, '#control', numbers[0]!);
    expect(readsLeftToRight(reversed!)).toBe(false);
    await page.evaluate(`document.getElementById('control').remove()`);
    // Sources are names, linked; none shows a raw URL.
    const sources = await body.locator('.text a').allInnerTexts();
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect(s).not.toMatch(/^https?:|\//);
    // What the phone shows around the UNHCR line, then the end of the article (sources and date).
    await body.locator('.iso', { hasText: numbers[0]! }).first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-arabic-emergency-numbers.png') });
    await body.locator('.text a').last().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-arabic-emergency-sources.png') });

    // The person asks for an advisor and writes their own number and an appointment date.
    await page.getByRole('button', { name: 'التحدث مع مستشار' }).last().click();
    await ask(page, 'رقمي هو +212 6 12 34 56 78 وعندي موعد يوم 2026-11-24');
    const mine = page.locator('.msg.me').last();
    expect(await mine.getAttribute('dir')).toBe('rtl');
    await expectLeftToRight(page, '.msg.me', '+212 6 12 34 56 78');
    await expectLeftToRight(page, '.msg.me', '2026-11-24');

    // The advisor's console shows the same conversation: numbers left to right, bold rendered, sources named.
    const advisor = await createAdvisor(server.db, 'Amina');
    const laptop = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    laptop.setDefaultTimeout(10_000);
    await laptop.goto(`${server.url}/advisor/login`);
    await laptop.fill('input[name=email]', advisor.email);
    await laptop.fill('input[name=password]', advisor.password);
    await laptop.click('button[type=submit]');
    await laptop.locator('ol.queue .ticket').first().locator('a').click();
    await laptop.locator('.history').waitFor();
    for (const n of numbers) await expectLeftToRight(laptop, '.history .msg.bot .text', n);
    await expectLeftToRight(laptop, '.history .msg.person .text', '+212 6 12 34 56 78');
    await expectLeftToRight(laptop, '.history .msg.person .text', '2026-11-24');
    const history = await laptop.locator('.history').innerText();
    expect(history).not.toContain('**');
    expect(await laptop.locator('.history .msg.bot strong').count()).toBeGreaterThan(0);
    expect(await laptop.locator('.history .msg.bot a[href^="https://"]').count()).toBeGreaterThan(0);
    await laptop.locator('.history .msg.person').last().scrollIntoViewIfNeeded();
    await laptop.screenshot({ path: join(ARTIFACTS_DIR, 'console-arabic-numbers.png') });
    await laptop.close();
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-arabic-advisor-request.png') });
    await page.close();
  });

  it('Tachelhit on a 390 px phone: the page in Latin script, every prompt in Tachelhit, Arabic articles still right to left', { timeout: 90_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'fr-MA' });
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/`);
    await page.click('#start');
    await tap(page, 'Taclḥit');
    await page.getByRole('button', { name: 'Ih, qblɣ' }).waitFor();
    // The page chrome switched to Tachelhit in Latin script, left to right.
    expect(await page.getAttribute('html', 'lang')).toBe('shi-Latn');
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    expect(await page.getAttribute('#text', 'placeholder')).toBe('Ari asqsi nnek…');
    expect(await page.innerText('#send')).toBe('Azn');
    const chrome = `${await page.innerText('header')} ${await page.title()}`;
    expect(chrome).not.toMatch(/\p{Script=Arabic}/u);
    await tap(page, 'Ih, qblɣ');
    await tap(page, 'Amuhajir ɣ Lmɣrib');
    await tap(page, 'Tiznit');
    await page.locator('.msg.bot').last().getByText('Is trit ad ak d lkmn lexbar').waitFor();
    await tap(page, 'Uhu, tanmmirt');
    await page.locator('.msg.bot').last().locator('button:enabled').first().waitFor();
    const prompts = await page.locator('.msg.bot[lang=shi-Latn]').allInnerTexts();
    expect(prompts.length).toBeGreaterThan(3);
    for (const p of prompts.slice(1)) expect(p).not.toMatch(/\p{Script=Arabic}/u);
    // A question: Tachelhit readers get the Arabic article (no Tachelhit text yet), right to left, with Tachelhit buttons.
    await ask(page, 'bolis 19 ambulance');
    const answer = page.locator('.msg.bot').last();
    expect(await answer.getAttribute('dir')).toBe('rtl');
    // Its text is Arabic (so a screen reader reads it with an Arabic voice), its buttons Tachelhit.
    expect(await answer.getAttribute('lang')).toBe('ar');
    expect(await answer.locator('.choices').getAttribute('lang')).toBe('shi-Latn');
    await expect.poll(() => answer.getByRole('button').allInnerTexts()).toContain('Ɣr uggar');
    // The review line is Tachelhit, in Latin script, with a Tachelhit month name, read left to right inside the Arabic.
    expect(await answer.innerText()).toMatch(/Ittuẓra ɣ \d{1,2} [\p{Script=Latin}]+ \d{4}/u);
    const reviewed = (await answer.innerText()).match(/Ittuẓra ɣ \d{1,2} [\p{Script=Latin}]+ \d{4}/u)![0];
    await expectLeftToRight(page, '.msg.bot .text', reviewed);
    await page.getByRole('button', { name: 'Sawl d lmustacar' }).last().click();
    await expect.poll(async () => page.locator('.msg.bot').last().innerText()).toContain('Ssifḍɣ asuter nnek');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-tachelhit.png'), fullPage: true });
    await page.close();
  });
});
