/**
 * The queue in pages (Workers show 25 tickets a page: a request's CPU is limited). Here 2 a page:
 * five people waiting are read page by page, oldest first, and a ticket opened from the second
 * page has that page's neighbours.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from '../support/advisorClient.js';
import { launchBrowser, signInToConsole } from '../support/browser.js';
import { webchatAsksAdvisor } from '../support/consoleFixtures.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer({ OFFICE_HOURS: 'mon-sun 00:00-24:00' }, { queuePageSize: 2 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the queue in pages', () => {
  it('five people waiting, two a page: page by page, oldest first, and back', { timeout: 90_000 }, async () => {
    for (let i = 1; i <= 5; i++) await webchatAsksAdvisor(server.url, `queue-pages-${i}`, { language: 'Français', province: 'Tata', message: `Demande numéro ${i} de la file` });
    const advisor = await createAdvisor(server.db, 'Hind');
    const laptop = await browser.newPage({ locale: 'fr-FR' });
    await signInToConsole(laptop, server.url, advisor);
    const shown = async () => (await laptop.locator('ol.queue .ticket').allInnerTexts()).map((t) => /Demande numéro (\d)/.exec(t)?.[1]);
    expect(await shown()).toEqual(['1', '2']);
    expect(await laptop.getByRole('link', { name: '← Page précédente' }).count()).toBe(0);
    await laptop.getByRole('link', { name: 'Page suivante →' }).click();
    await laptop.waitForURL(/page=2/);
    expect(await shown()).toEqual(['3', '4']);
    await laptop.getByRole('link', { name: 'Page suivante →' }).click();
    await laptop.waitForURL(/page=3/);
    expect(await shown()).toEqual(['5']);
    expect(await laptop.getByRole('link', { name: 'Page suivante →' }).count()).toBe(0);
    await laptop.getByRole('link', { name: '← Page précédente' }).click();
    await laptop.waitForURL(/page=2/);
    // A ticket opened from page 2: "previous" is the other ticket of that page.
    await laptop.locator('ol.queue .ticket', { hasText: 'Demande numéro 4' }).getByRole('link').click();
    await laptop.locator('.history .msg', { hasText: 'Demande numéro 4' }).waitFor();
    await laptop.getByRole('link', { name: /Précédente/ }).click();
    await laptop.locator('.history .msg', { hasText: 'Demande numéro 3' }).waitFor();
    // A page that no longer exists (tickets taken meanwhile) says so, with the way back.
    await laptop.goto(`${server.url}/advisor?page=9`);
    await laptop.getByRole('link', { name: 'Revenir à la première page' }).click();
    expect(await shown()).toEqual(['1', '2']);
    await laptop.close();
  });
});
