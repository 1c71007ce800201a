import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from '../support/advisorClient.js';
import { ARTIFACTS_DIR, launchBrowser, signInToConsole } from '../support/browser.js';
import { FakeTelegramApi, FAKE_BOT } from '../support/fakeTelegramApi.js';
import { FIXTURES } from '../support/mediaFixtures.js';
import * as tg from '../support/telegramUpdates.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const SECRET = 'browser-media-secret-0123';
let server: TestServer;
let telegram: FakeTelegramApi;
let browser: Browser;

beforeAll(async () => {
  telegram = await new FakeTelegramApi().start();
  server = await startTestServer({
    OFFICE_HOURS: 'mon-sun 00:00-24:00',
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.url,
    TELEGRAM_BOT_INFO: JSON.stringify(FAKE_BOT),
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    PUBLIC_URL: 'https://tawjih.example.org',
  });
  browser = await launchBrowser();
  await mkdir(ARTIFACTS_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await telegram?.stop();
});

/** Telegram posts an update to the webhook, over HTTP. */
async function telegramSays(update: unknown): Promise<void> {
  const res = await fetch(`${server.url}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
  expect(res.status).toBe(200);
}
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not in time: ${what}`);
}
const stored = (kind: string, n = 1) => until(async () => Number((await server.db.execute({ sql: "SELECT count(*) AS n FROM media WHERE kind = ? AND status = 'stored'", args: [kind] })).rows[0]!.n) >= n, `${n} ${kind} stored`);


describe('photos, voice notes and documents in the advisor console', () => {
  it('the photo is shown, the voice note plays (and keeps playing through live updates), the PDF downloads, a failed download is retried', { timeout: 120_000 }, async () => {
    const amina = await createAdvisor(server.db, 'Amina');
    const chat = 6_600_001;
    await telegramSays(tg.textUpdate(chat, 'bonjour'));
    await telegramSays(tg.callbackUpdate(chat, 'onboarding.language.fr'));
    await telegramSays(tg.textUpdate(chat, 'conseiller'));
    await telegramSays(tg.photoUpdate(chat, 'mon récépissé'));
    await telegramSays(tg.voiceUpdate(chat));
    telegram.addFile('BQACAgQAAxkBAAIBbrowserpdf', FIXTURES.pdf, 'documents/file_3.pdf');
    await telegramSays(tg.documentUpdate(chat, { fileId: 'BQACAgQAAxkBAAIBbrowserpdf', mime: 'application/pdf', size: FIXTURES.pdf.byteLength }));
    await stored('image');
    await stored('audio');
    await stored('document');

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await signInToConsole(page, server.url, amina);
    await page.getByRole('heading', { name: 'En attente' }).waitFor();
    await page.locator('ol.queue .ticket').first().locator('a').click();
    const history = page.locator('.history');

    // The photo: the real JPEG, decoded by the browser.
    const img = history.locator('.attachment.image img');
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(240);
    const photoBubble = history.locator('.msg.person', { hasText: 'mon récépissé' });
    expect(await photoBubble.locator('img').count()).toBe(1);
    await photoBubble.scrollIntoViewIfNeeded();
    await photoBubble.screenshot({ path: join(ARTIFACTS_DIR, 'console-media-photo.png') });

    // The voice note: Ogg Opus, played by Chromium (muted: no sound card in a test).
    const audio = history.locator('.attachment.audio audio');
    await audio.evaluate(async (el) => {
      const a = el as HTMLAudioElement & { marked?: boolean };
      a.marked = true;
      a.muted = true;
      await a.play();
    });
    await expect.poll(() => audio.evaluate((el) => (el as HTMLAudioElement).currentTime)).toBeGreaterThan(0.1);
    expect(await audio.evaluate((el) => Math.round((el as HTMLAudioElement).duration * 10) / 10)).toBeCloseTo(1.6, 0);

    // The PDF: a download link, served as an attachment.
    const link = history.locator('.attachment.document a.download');
    expect(await link.innerText()).toBe('Télécharger le document (PDF, 1 KB)');
    const pdf = await page.request.get(await link.getAttribute('href').then((h) => `${server.url}${h}`));
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdf.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(new Uint8Array(await pdf.body())).toEqual(FIXTURES.pdf);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'console-media-ticket.png'), fullPage: true });

    // A new photo arrives while the voice note plays: the page updates live, the voice note goes on.
    telegram.failDownloads = 100;
    await audio.evaluate(async (el) => {
      const a = el as HTMLAudioElement;
      a.currentTime = 0;
      a.playbackRate = 0.25; // 6.4 s of playing: longer than the live update takes
      await a.play();
    });
    await telegramSays(tg.photoUpdate(chat, 'la deuxième page'));
    await history.locator('.msg.person', { hasText: 'la deuxième page' }).waitFor();
    // The same element, still playing (a new one would be unmarked, at 0; a moved one paused).
    expect(await audio.evaluate((el) => ({ marked: (el as HTMLAudioElement & { marked?: boolean }).marked, playing: !(el as HTMLAudioElement).paused }))).toEqual({ marked: true, playing: true });

    // Its download fails (the Bot API keeps answering 502): after the retries, "could not be downloaded", with a retry.
    const second = history.locator('.msg.person', { hasText: 'la deuxième page' });
    await server.db.execute("UPDATE media SET next_attempt_at = 0, attempts = 3 WHERE status = 'pending'");
    await server.app.media.kick();
    await second.getByText("Le fichier n'a pas pu être téléchargé.").waitFor();
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'console-media-failed.png'), fullPage: true });
    telegram.failDownloads = 0;
    await second.getByRole('button', { name: 'Réessayer' }).click();
    await expect.poll(() => second.locator('img').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => second.locator('img').evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(240);

    // Opened in its own tab: shown, in a sandbox.
    const tab = await browser.newPage({ viewport: { width: 600, height: 400 } });
    const direct = await tab.goto(`${server.url}${await img.first().getAttribute('src')}`, { waitUntil: 'load' }).catch(() => null);
    // Another browser (no session): sent to the sign-in page, not served the file.
    expect(direct?.url()).toContain('/advisor/login');
    await tab.close();
    const same = await context.newPage();
    const response = await same.goto(`${server.url}${await img.first().getAttribute('src')}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toBe("default-src 'none'; sandbox");
    await same.screenshot({ path: join(ARTIFACTS_DIR, 'console-media-photo-tab.png') });
    await same.close();

    // On a 390 px phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await img.first().waitFor();
    const width = await img.first().evaluate((el) => el.getBoundingClientRect().width);
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'console-media-390.png'), fullPage: true });
    expect(cspErrors).toEqual([]);
    await context.close();
  });
});
