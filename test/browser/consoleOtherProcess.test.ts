/**
 * Two processes on one database, as a Worker's isolates are (or the WhatsApp Web process beside a
 * Worker): the person writes to one, the advisor's console is open on the other. What the person
 * does reaches the advisor's open page, through the database, without a reload.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createAdvisor } from '../support/advisorClient.js';
import { launchBrowser, signInToConsole } from '../support/browser.js';
import { webchatAsksAdvisor } from '../support/consoleFixtures.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

let advisorSide: TestServer;
let shortStreams: TestServer;
let personSide: TestServer;
let browser: Browser;
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tawjih-two-'));
  const env = { OFFICE_HOURS: 'mon-sun 00:00-24:00' };
  // The live stream checks the database every 500 ms here (Node: 25 s, Workers: 10 s).
  advisorSide = await startTestServer(env, { dir, liveStream: { pingMs: 500 } });
  // As on Workers, streams that end (here after 1.5 s, with no check before): the browser opens the next.
  shortStreams = await startTestServer(env, { dir, liveStream: { pingMs: 60_000, maxMs: 1500 } });
  personSide = await startTestServer(env, { dir });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await personSide?.close();
  await shortStreams?.close();
  await advisorSide?.close();
});

describe('the console open on one process, the person on another', () => {
  it('a new request, then the person’s next message, appear on the open console without a reload', { timeout: 90_000 }, async () => {
    const advisor = await createAdvisor(advisorSide.db, 'Amina');
    const laptop = await browser.newPage({ locale: 'fr-FR' });
    await signInToConsole(laptop, advisorSide.url, advisor);
    const person = await webchatAsksAdvisor(personSide.url, 'other-process-1', { language: 'Français', province: 'Tiznit', message: 'Mon employeur ne me paie plus depuis deux mois' });
    const card = laptop.locator('ol.queue .ticket', { hasText: 'Mon employeur ne me paie plus' });
    await card.waitFor({ timeout: 15_000 });
    await card.getByRole('link').click();
    await laptop.locator('.history .msg', { hasText: 'Mon employeur ne me paie plus' }).waitFor();
    await person.says('Et il a gardé mon passeport');
    await laptop.locator('.history .msg', { hasText: 'Et il a gardé mon passeport' }).waitFor({ timeout: 15_000 });
    await laptop.close();
  });

  it('with streams that end and start again (Workers), a new request appears at the next one', { timeout: 90_000 }, async () => {
    const advisor = await createAdvisor(shortStreams.db, 'Youssef');
    const laptop = await browser.newPage({ locale: 'fr-FR' });
    await signInToConsole(laptop, shortStreams.url, advisor);
    await webchatAsksAdvisor(personSide.url, 'other-process-2', { language: 'Français', province: 'Tata', message: 'On m’a volé mon téléphone et mes papiers' });
    await laptop.locator('ol.queue .ticket', { hasText: 'On m’a volé mon téléphone' }).waitFor({ timeout: 15_000 });
    await laptop.close();
  });
});
