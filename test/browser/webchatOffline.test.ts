import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

async function frenchPhone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(server.url + '/');
  await page.click('#start');
  for (const name of ['Français', "J'accepte", 'Migrant au Maroc', 'Agadir Ida-Outanane', 'Non merci']) {
    await page.locator('.msg.bot').last().getByRole('button', { name, exact: true }).click();
  }
  await page.locator('.msg.bot').last().locator('button:enabled').first().waitFor();
  return { context, page };
}

/** What the server stored from this person, in the conversation's order. */
async function storedFromPerson(page: Page): Promise<string[]> {
  const id = await page.evaluate(() => localStorage.getItem('tawjih.conversationId'));
  const r = await server.db.execute({
    sql: `SELECT m.text FROM messages m JOIN conversations v ON v.id = m.conversation_id
          WHERE v.channel = 'webchat' AND v.channel_user_id = ? AND m.author = 'person' ORDER BY m.seq`,
    args: [id],
  });
  return r.rows.map((row) => String(row.text));
}
/** The conversation as the page shows it: who, then the words. */
const shown = (page: Page) => page.locator('#log .msg').evaluateAll((els) => els.map((e) => `${e.classList.contains('me') ? 'me' : 'bot'}: ${e.querySelector('.text')?.textContent ?? ''}`));

describe('the web chat with a connection that comes and goes', () => {
  it('keeps what is typed offline, shows it waiting (also after a reload), and sends it once, in order, when the connection is back', async () => {
    const { context, page } = await frenchPhone();
    // The service worker has the page, so a reload works without a connection.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await context.setOffline(true);
    // Chromium's offline emulation can let a request out and drop only its answer (the case of the
    // next tests): the API is cut too.
    await context.route('**/webchat/api/**', (route) => route.abort('internetdisconnected'));
    const box = page.getByRole('textbox', { name: 'Votre message' });
    await box.fill('Comment renouveler ma carte de séjour ?');
    await box.press('Enter');
    await box.fill('Et pour le permis de conduire ?');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    const waiting = page.locator('.msg.me.queued');
    await expect.poll(() => waiting.count()).toBe(2);
    expect(await waiting.locator('.waiting-note').allInnerTexts()).toEqual(["En attente d'envoi", "En attente d'envoi"]);
    expect(await page.getByRole('status').innerText()).toBe("Pas de connexion. Votre message n'est pas perdu : il sera renvoyé.");
    // Read aloud too: who wrote it, what, and that it waits.
    expect(await page.getByRole('log').ariaSnapshot()).toMatch(/Vous\s+Et pour le permis de conduire \?\s+En attente d'envoi/);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-offline-waiting.png') });

    // The phone drops the tab; the person opens it again, still without a connection.
    await page.reload();
    await expect.poll(() => waiting.count()).toBe(2);
    expect(await waiting.locator('.text').allInnerTexts()).toEqual(['Comment renouveler ma carte de séjour ?', 'Et pour le permis de conduire ?']);
    expect(await waiting.locator('.waiting-note').count()).toBe(2);
    expect(await page.innerText('h1')).toBe('tawjih');
    expect(await page.getByLabel('Votre message').getAttribute('placeholder')).toBe('Écrivez votre question…');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-offline-after-reload.png') });
    // (Whether a try got out and only its answer was lost does not matter: each is kept once, below.)

    // The bus leaves the tunnel.
    await context.unroute('**/webchat/api/**');
    await context.setOffline(false);
    await expect.poll(() => page.locator('.msg.me.queued').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => page.locator('#status').textContent()).toBe('');
    const stored = await storedFromPerson(page);
    expect(stored.slice(-2)).toEqual(['Comment renouveler ma carte de séjour ?', 'Et pour le permis de conduire ?']);
    expect(stored.filter((t) => t.startsWith('Comment renouveler')).length).toBe(1);
    // On screen in the conversation's order: each message, then its answer.
    const after = await shown(page);
    const first = after.indexOf('me: Comment renouveler ma carte de séjour ?');
    const second = after.indexOf('me: Et pour le permis de conduire ?');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first + 1);
    expect(after[first + 1]!.startsWith('bot: ')).toBe(true);
    expect(after[second + 1]!.startsWith('bot: ')).toBe(true);
    expect(await page.locator('.waiting-note').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-offline-sent.png') });
    // A reload shows exactly what the server has: nothing twice.
    await page.reload();
    await expect.poll(() => shown(page)).toEqual(after);
    await context.close();
  });

  it('an answer lost on the way back: the message is sent again with its id, answered once, shown once', async () => {
    const { context, page } = await frenchPhone();
    let lost = 0;
    await page.route('**/webchat/api/messages', async (route) => {
      if (route.request().method() !== 'POST' || lost > 0) return route.fallback();
      lost++;
      await route.fetch(); // the server receives and answers it...
      await route.abort('internetdisconnected'); // ...and the answer never reaches the phone
    });
    const before = await storedFromPerson(page);
    // Watch the screen: once shown, the message is never shown twice, nor gone for a moment.
    await page.evaluate(() => {
      const w = window as unknown as { mostShown: number; vanished: boolean };
      w.mostShown = 0;
      w.vanished = false;
      new MutationObserver(() => {
        const n = [...document.querySelectorAll('.msg.me .text')].filter((e) => e.textContent === 'Comment ouvrir un compte bancaire ?').length;
        if (w.mostShown > 0 && n === 0) w.vanished = true;
        w.mostShown = Math.max(w.mostShown, n);
      }).observe(document.getElementById('log')!, { childList: true, subtree: true, characterData: true });
    });
    await page.getByRole('textbox').fill('Comment ouvrir un compte bancaire ?');
    await page.getByRole('textbox').press('Enter');
    await expect.poll(() => page.locator('.msg.me.queued').count(), { timeout: 20_000 }).toBe(0);
    expect(lost).toBe(1);
    expect((await storedFromPerson(page)).slice(before.length)).toEqual(['Comment ouvrir un compte bancaire ?']);
    const after = await shown(page);
    expect(after.filter((m) => m === 'me: Comment ouvrir un compte bancaire ?').length).toBe(1);
    const at = after.indexOf('me: Comment ouvrir un compte bancaire ?');
    expect(after[at + 1]!.startsWith('bot: ')).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { mostShown: number }).mostShown)).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { vanished: boolean }).vanished)).toBe(false);
    // Its answer once, too.
    expect(new Set(after.slice(at + 1)).size).toBe(after.slice(at + 1).length);
    await page.unroute('**/webchat/api/messages');
    await page.reload();
    await expect.poll(() => shown(page)).toEqual(after);
    await context.close();
  });

  it('an answer lost, then the page reloaded before the message went again: shown once, where it belongs', async () => {
    const { context, page } = await frenchPhone();
    let reached = 0;
    // The first send reaches the server and its answer is lost; then nothing gets through for a while.
    await context.route('**/webchat/api/messages', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      if (reached++ === 0) await route.fetch();
      await route.abort('internetdisconnected');
    });
    const before = await storedFromPerson(page);
    await page.getByRole('textbox').fill('Où faire légaliser un contrat de travail ?');
    await page.getByRole('textbox').press('Enter');
    await expect.poll(() => reached).toBeGreaterThan(0);
    await page.reload();
    // The server's history has it (with its answer) and the page still has it waiting.
    await page.locator('.msg.me.queued').waitFor();
    await context.unroute('**/webchat/api/messages');
    await expect.poll(() => page.locator('.msg.me.queued').count(), { timeout: 20_000 }).toBe(0);
    expect((await storedFromPerson(page)).slice(before.length)).toEqual(['Où faire légaliser un contrat de travail ?']);
    const after = await shown(page);
    expect(after.filter((m) => m === 'me: Où faire légaliser un contrat de travail ?').length).toBe(1);
    expect(after[after.indexOf('me: Où faire légaliser un contrat de travail ?') + 1]!.startsWith('bot: ')).toBe(true);
    await context.close();
  });
});
