import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from '../support/advisorClient.js';
import { ARTIFACTS_DIR, launchBrowser, signInToConsole } from '../support/browser.js';
import { axeViolations, contrastFailures } from '../support/pageChecks.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { WebchatPerson } from '../support/webchatPerson.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer({ OFFICE_HOURS: 'mon-sun 00:00-24:00', RATE_LIMIT_PER_MINUTE: '200' });
  browser = await launchBrowser();
  await mkdir(ARTIFACTS_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

let n = 0;
/** A person on the web chat who asked for an advisor, then wrote `messages` more lines. */
async function personWaiting(messages: string[]): Promise<WebchatPerson> {
  const person = new WebchatPerson(server.url, `console-a11y-${++n}`);
  await person.says('bonjour');
  for (const label of ['Français', "J'accepte", 'Migrant au Maroc', 'Tiznit', 'Non merci', 'Un conseiller humain']) await person.taps(label);
  for (const m of messages) await person.says(m);
  return person;
}

async function signIn(page: Page, who: { email: string; password: string }) {
  await signInToConsole(page, server.url, who);
  await page.locator('ol.queue').waitFor();
}

/** axe-core's WCAG 2.1 A/AA rules and the contrast of every text and control border, on the page as it is. */
async function expectAccessible(page: Page, what: string) {
  expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
  expect(await contrastFailures(page), `contrast on ${what}`).toEqual([]);
}

describe('the console for advisors and admins (WCAG 2.1 AA)', () => {
  it('the queue, a ticket and the admin pages: axe finds nothing, every text and border at AA contrast', { timeout: 120_000 }, async () => {
    await personWaiting(['Bonjour, mon passeport a été volé à Inezgane, que faire ?']);
    const admin = await createAdvisor(server.db, 'Khadija', 'admin');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/advisor/login`);
    await expectAccessible(page, 'the sign-in page');
    await signIn(page, admin);
    await expectAccessible(page, 'the queue');
    // Its style and script have their content's hash in their names and are kept for a year; the page itself is never kept.
    const assets = await page.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet], script[src]')].map((e) => e.getAttribute('href') ?? e.getAttribute('src')));
    expect(assets).toEqual([expect.stringMatching(/^\/advisor\/assets\/console\.\w+\.css$/), expect.stringMatching(/^\/advisor\/assets\/console\.\w+\.js$/)]);
    for (const a of assets) expect((await fetch(server.url + a!)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await page.request.get(server.url + '/advisor')).headers()['cache-control']).toBe('no-store');
    await page.locator('ol.queue .ticket a').first().click();
    await page.locator('.history').waitFor();
    await expectAccessible(page, 'a waiting ticket');
    await page.click('#claim');
    await page.locator('#reply-text').waitFor();
    await expectAccessible(page, 'a claimed ticket with its reply box');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'console-a11y-ticket.png'), fullPage: true });
    for (const path of ['/advisor/admin/dashboard', '/advisor/admin/campaigns', '/advisor/admin/campaigns/new', '/advisor/admin/workshops', '/advisor/admin/workshops/new', '/advisor/admin/surveys', '/advisor/admin/status', '/advisor/audit']) {
      await page.goto(server.url + path);
      await expectAccessible(page, path);
    }
    // The same in Arabic, right to left.
    await page.goto(`${server.url}/advisor?lang=ar&status=mine`);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await expectAccessible(page, 'the queue in Arabic');
    await page.locator('ol.queue .ticket a').first().click();
    await page.locator('.history').waitFor();
    await expectAccessible(page, 'a ticket in Arabic');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'console-a11y-ticket-ar.png'), fullPage: true });
    await page.close();
  });

  it('the ticket history is reached with Tab and scrolled with the keyboard', { timeout: 120_000 }, async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `Message ${i + 1} : je reprends mon histoire depuis le début, pardon pour les fautes`);
    await personWaiting(lines);
    const advisor = await createAdvisor(server.db, 'Youssef');
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    page.setDefaultTimeout(15_000);
    await signIn(page, advisor);
    await page.locator('ol.queue .ticket', { hasText: 'Message 30' }).getByRole('link').first().click();
    const history = page.locator('.history');
    await history.waitFor();
    // The history scrolls (it is longer than its box) and starts at its end, the newest message.
    const box = await history.evaluate((h) => ({ scroll: h.scrollHeight, client: h.clientHeight, top: h.scrollTop }));
    expect(box.scroll).toBeGreaterThan(box.client);
    // Tab from the top of the page reaches it, with a name a screen reader says.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await history.evaluate((h) => document.activeElement === h);
    }
    expect(reached).toBe(true);
    expect(await history.getAttribute('aria-label')).toBeTruthy();
    // A visible focus ring.
    expect(await history.evaluate((h) => getComputedStyle(h).outlineStyle)).not.toBe('none');
    // Home goes to the first message, End back to the last, the arrows move it.
    await page.keyboard.press('Home');
    await expect.poll(() => history.evaluate((h) => h.scrollTop)).toBe(0);
    // The arrow moves it. On a loaded machine Chromium sometimes drops the keyboard scroll that
    // follows Home's (1 run in 5 under load: the history had the focus, the keys reached it, none
    // was prevented, nothing in the page changed or scrolled): pressed again, as a person would.
    await expect
      .poll(
        async () => {
          await page.keyboard.press('ArrowDown');
          return history.evaluate((h) => h.scrollTop);
        },
        { interval: 300, timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    await page.keyboard.press('End');
    await expect.poll(() => history.evaluate((h) => h.scrollTop + h.clientHeight >= h.scrollHeight - 2)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'console-a11y-history-focused.png') });
    await page.close();
  });
});
