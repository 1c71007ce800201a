/**
 * Attacks on the advisor console as a real browser carries them out (headless Chromium): a page on
 * another origin signing the advisor's browser into an account of its choosing (login CSRF), and a
 * person disguising a file name with a right-to-left override.
 */
import { createServer, type Server } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdvisorClient, createAdvisor } from '../support/advisorClient.js';
import { ARTIFACTS_DIR, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { WebchatPerson } from '../support/webchatPerson.js';

let server: TestServer;
let attacker: Server;
let attackerUrl: string;
let browser: Browser;
let trap: { email: string; password: string };

beforeAll(async () => {
  server = await startTestServer({ OFFICE_HOURS: 'mon-sun 00:00-24:00' });
  // The attacker's account on the Center's console (an insider, or one they phished).
  trap = await createAdvisor(server.db, 'Attacker');
  // Another origin: the same address, another port. Its page posts, as soon as it loads, a
  // text/plain form whose body is JSON credentials: `name=value` with the name '{"email":…,"x":"'
  // and the value '"}'.
  attacker = createServer((_req, res) => {
    const name = JSON.stringify({ email: trap.email, password: trap.password, x: '' }).slice(0, -2);
    const html = `<!doctype html><title>Free visa appointment</title>
      <form id="f" method="post" action="${server.url}/advisor/api/login" enctype="text/plain"><input type="hidden" name='${name}' value='"}'></form>
      <script>document.getElementById('f').submit()</script>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  browser = await launchBrowser();
  await mkdir(ARTIFACTS_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => attacker?.close(r));
  await server?.close();
});

describe('the advisor console under attack, in Chromium', () => {
  it("a page on another origin cannot sign the advisor's browser into its account (text/plain form carrying JSON)", { timeout: 60_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const answer = page.waitForResponse((r) => r.url() === `${server.url}/advisor/api/login`);
    await page.goto(attackerUrl);
    const res = await answer;
    // The form was really sent, by the browser, with the attacker's origin.
    expect(res.request().headers()['content-type']).toContain('text/plain');
    expect(res.status()).toBe(403);
    expect((await context.cookies(server.url)).map((c) => c.name)).not.toContain('tawjih_session');
    // The advisor opens the console: asked to sign in, not shown the attacker's account.
    await page.goto(`${server.url}/advisor`);
    expect(new URL(page.url()).pathname).toBe('/advisor/login');
    await context.close();
  });

  it('a file name disguised with a right-to-left override is shown with the override visible', { timeout: 60_000 }, async () => {
    const person = new WebchatPerson(server.url, 'attack-bidi-person');
    await person.says('bonjour');
    await person.taps('Français');
    await person.taps("J'accepte");
    await person.taps('Migrant au Maroc');
    await person.taps('Tiznit');
    await person.taps('Non merci');
    await person.taps('Un conseiller humain');
    await person.says('Voici mon passeport : scan_\u202Egnp.exe');
    const amina = await createAdvisor(server.db, 'Amina');
    const api = new AdvisorClient(server.url);
    await api.login(amina.email, amina.password);
    const ticket = (await api.get('/tickets?status=waiting')).json.tickets[0];

    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/advisor/login`);
    await page.fill('input[name=email]', amina.email);
    await page.fill('input[name=password]', amina.password);
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'En attente' }).waitFor();
    await page.goto(`${server.url}/advisor/tickets/${ticket.id}`);
    const message = page.locator('.history .msg.person').last();
    const marker = message.locator('.bidi-control');
    expect(await marker.innerText()).toBe('U+202E');
    expect(await marker.getAttribute('title')).toBe('RIGHT-TO-LEFT OVERRIDE');
    // What the browser lays out holds no override: the name reads as it was typed, "gnp.exe".
    expect(await message.locator('.text').innerText()).toBe('Voici mon passeport : scan_U+202Egnp.exe');
    expect(await message.evaluate((el) => /[\u202A-\u202E\u2066-\u2069]/.test(el.textContent ?? ''))).toBe(false);
    await message.screenshot({ path: join(ARTIFACTS_DIR, 'console-bidi-override-shown.png') });
    await context.close();
  });
});
