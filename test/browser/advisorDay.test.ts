import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from '../support/advisorClient.js';
import { ARTIFACTS_DIR, launchBrowser, signInToConsole } from '../support/browser.js';
import { cancelsRequest, webchatAsksAdvisor } from '../support/consoleFixtures.js';
import { FakeGraphApi } from '../support/fakeGraphApi.js';
import { ManualClock, startTestServer, type TestServer } from '../support/testServer.js';
import type { WebchatPerson } from '../support/webchatPerson.js';
import * as wa from '../support/whatsappCloudPayloads.js';

/**
 * An advisor's day in Chromium on a laptop, in French: the queue (search, filters, unread,
 * previews, keyboard), a ticket (shortcuts, drafts through live updates and a reload), closing
 * (why it ended, timers that stop), transfer (who is on the console), the audit log, and the
 * WhatsApp 24-hour window. Screenshots go to test-artifacts/console-day-*.png.
 */
const APP_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const HOUR = 3600_000;
let server: TestServer;
let graph: FakeGraphApi;
let clock: ManualClock;
let browser: Browser;
let laptop: BrowserContext;
let page: Page;
let amina: { email: string; password: string };
let omar: WebchatPerson;
let lucia: WebchatPerson;
/** Intl puts narrow no-break spaces in "6 min", "23 h": compared as plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const textOf = async (l: { innerText(): Promise<string> }) => plain(await l.innerText());
const shot = (name: string, p: Page = page) => p.screenshot({ path: join(ARTIFACTS_DIR, `console-day-${name}.png`), fullPage: true });
/** Ids must never show: every label is a name in the advisor's language. */
const RAW_IDS = /violence-against-women|inezgane-ait-melloul|agadir-ida-outanane|close:|whatsapp-cloud|\b(queue|ticket|audit|nav|errors)\.[a-z_]+/;

const signIn = (p: Page, who: { email: string; password: string }) => signInToConsole(p, server.url, who);

beforeAll(async () => {
  graph = await new FakeGraphApi().start();
  clock = new ManualClock();
  clock.set(Date.parse('2026-12-02T09:00:00Z'));
  server = await startTestServer(
    {
      OFFICE_HOURS: 'mon-sun 00:00-24:00',
      WHATSAPP_TOKEN: graph.token,
      WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId,
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'verify-token-0123456789',
      WHATSAPP_API_ROOT: graph.apiRoot,
      WHATSAPP_TEMPLATE_NAME: 'tawjih_reprise',
    },
    { clock },
  );
  browser = await launchBrowser();
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await webchatAsksAdvisor(server.url, 'day-fatima', { language: 'Français', province: 'Tiznit', question: 'mon mari me frappe', message: "Il a pris mon passeport.\nJe suis chez ma sœur." });
  clock.advance(4 * 60_000);
  omar = await webchatAsksAdvisor(server.url, 'day-omar', { language: 'العربية', province: 'إنزكان آيت ملول', message: 'ضاع مني جواز السفر، ماذا أفعل؟' });
  clock.advance(2 * 60_000);
  lucia = await webchatAsksAdvisor(server.url, 'day-lucia', { language: 'Español', province: 'Agadir Ida-Outanane' });
  amina = await createAdvisor(server.db, 'Amina', 'admin');
  laptop = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'fr-FR' });
  page = await laptop.newPage();
  page.setDefaultTimeout(15_000);
  await signIn(page, amina);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await graph?.stop();
});

const cards = () => page.locator('ol.queue .ticket');

describe("an advisor's day in the console (laptop, French)", () => {
  it('the queue: last words, unread counts, names not ids; search, filters and the keyboard', { timeout: 120_000 }, async () => {
    expect(await cards().count()).toBe(3);
    const fatima = cards().first();
    const text = await textOf(fatima);
    expect(text).toContain('Il a pris mon passeport.');
    expect(text).not.toContain('chez ma sœur'); // the first line only
    expect(text).toContain('Violences faites aux femmes');
    expect(text).toMatch(/Français · Chat web · Tiznit/);
    expect(text).toMatch(/Attend depuis 6 min/);
    expect(await fatima.locator('.badge.new').innerText()).toBe('1');
    expect(await fatima.locator('.badge.sens').innerText()).toBe('Sensible');
    expect(await page.locator('header .count').first().innerText()).toBe('3');
    expect(await page.locator('body').innerText()).not.toMatch(RAW_IDS);
    await shot('queue');

    // "/" goes to the search; typing "j" there types it; Enter searches.
    await page.locator('h1').click();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
    await page.keyboard.type('inezgane');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=inezgane/);
    expect(await cards().count()).toBe(1);
    expect(await cards().first().innerText()).toContain('ضاع مني جواز السفر');
    await shot('search');
    await page.fill('#search', 'passeport tiznit');
    await page.press('#search', 'Enter');
    await page.waitForURL(/q=passeport/);
    expect(await cards().first().innerText()).toContain('Il a pris mon passeport.');

    // Filters (applied with their button: a choice in a list never moves the page by itself).
    await page.goto(`${server.url}/advisor`);
    await page.selectOption('#filter-language', 'es');
    await page.getByRole('button', { name: 'Appliquer' }).click();
    await page.waitForURL(/language=es/);
    expect(await cards().count()).toBe(1);
    expect(await cards().first().innerText()).toContain('Espagnol');
    await page.goto(`${server.url}/advisor`);
    await page.check('#filter-sensitive');
    await page.getByRole('button', { name: 'Appliquer' }).click();
    await page.waitForURL(/sensitive=1/);
    expect(await cards().count()).toBe(1);

    // Someone new asks while the queue is open: their card appears, the tab count follows.
    await page.goto(`${server.url}/advisor`);
    await webchatAsksAdvisor(server.url, 'day-karima', { language: 'Français', province: 'Taroudant', message: 'Bonjour, je cherche un cours de darija' });
    await page.locator('ol.queue .ticket', { hasText: 'je cherche un cours de darija' }).waitFor();
    expect(await page.locator('header .count').first().innerText()).toBe('4');
    expect(await page.title()).toBe('En attente · tawjih — console des conseillers');

    // j / k move through the queue, Enter opens.
    await page.goto(`${server.url}/advisor`);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await page.locator('ol.queue .ticket.selected').innerText()).toContain('ضاع مني');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/advisor\/tickets\//);
    expect(await page.locator('.history .msg.person').last().innerText()).toContain('ضاع مني جواز السفر');
  });

  it('the ticket: shortcuts that never fire while typing, drafts kept through a live update and a reload', { timeout: 120_000 }, async () => {
    const url = page.url();
    await page.locator('h1').click();
    await page.keyboard.press('r'); // not claimed yet: "r" goes to the claim button
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('claim');
    await page.keyboard.press('Enter');
    await page.locator('#reply-text').waitFor();
    await page.locator('h1').click();
    await page.keyboard.press('r');
    // Every shortcut letter, typed into the reply: they are text, nothing else happens.
    await page.keyboard.type('Bonjour, je regarde votre dossier: n, c, k, j, ?');
    expect(page.url()).toBe(url);
    expect(await page.locator('#shortcuts').evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    await page.keyboard.press('Escape');
    await page.keyboard.press('n');
    await page.keyboard.type('Vérifier le récépissé');

    // The person writes meanwhile: the conversation updates, both drafts and the caret stay.
    await omar.says('هل أنتم هنا؟');
    await page.locator('.history .msg.person', { hasText: 'هل أنتم هنا؟' }).waitFor();
    expect(await page.inputValue('#reply-text')).toBe('Bonjour, je regarde votre dossier: n, c, k, j, ?');
    expect(await page.inputValue('#note-text')).toBe('Vérifier le récépissé');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('note-text');
    await page.keyboard.type(' demain');
    await shot('ticket-drafts');

    // A reload keeps them too.
    await page.reload();
    expect(await page.inputValue('#reply-text')).toBe('Bonjour, je regarde votre dossier: n, c, k, j, ?');
    expect(await page.inputValue('#note-text')).toBe('Vérifier le récépissé demain');

    // Ctrl+Enter sends the reply; its draft is gone, the note's stays.
    await page.fill('#reply-text', 'مرحبا، توجه إلى مركز الشرطة للتصريح بالضياع.');
    await page.focus('#reply-text');
    await page.keyboard.press('Control+Enter');
    await page.locator('.history .msg.advisor', { hasText: 'توجه إلى مركز الشرطة' }).waitFor();
    expect(await page.inputValue('#reply-text')).toBe('');
    expect(await page.inputValue('#note-text')).toBe('Vérifier le récépissé demain');
    await page.reload();
    expect(await page.inputValue('#reply-text')).toBe('');
    expect((await omar.poll()).at(-1)).toMatchObject({ author: 'advisor', text: 'مرحبا، توجه إلى مركز الشرطة للتصريح بالضياع.' });

    // "?" lists the shortcuts; Escape closes the list.
    await page.locator('h1').click();
    await page.keyboard.press('?');
    const dialog = page.locator('#shortcuts');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Conversation suivante');
    await shot('shortcuts');
    await page.keyboard.press('Escape');
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);

    // "j" goes to the next conversation of the queue.
    await page.keyboard.press('j');
    await page.waitForURL((u) => u.pathname !== new URL(url).pathname);
    expect(await page.locator('.ticket-head h1').innerText()).not.toBe('');
    await page.goto(url);
  });

  it('transfer says who is on the console; closing says who closed and why, and the timer stops', { timeout: 120_000 }, async () => {
    expect(await page.locator('#transfer-alone').innerText()).toBe("Vous êtes le seul conseiller à avoir un compte : il n'y a personne à qui transférer.");
    const yassine = await createAdvisor(server.db, 'Yassine');
    const karim = await createAdvisor(server.db, 'Karim');
    const other = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'fr-FR' });
    await signIn(await other.newPage(), yassine);
    await page.reload();
    const choices = (await page.locator('#transfer-to .advisor-choice').allInnerTexts()).map(plain);
    expect(choices).toEqual(['Yassine sur la console · conversations : 0', `${karim.name} non connecté · conversations : 0`]);
    expect(await page.locator('#transfer-to input[type=radio]').first().isChecked()).toBe(true);
    await other.close();

    await page.locator('h1').click();
    await page.keyboard.press('c');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('close-outcome');
    await page.selectOption('#close-outcome', 'referred');
    await page.getByRole('button', { name: 'Clôturer' }).click();
    await page.locator('.ticket-head .ended').waitFor();
    expect(await page.locator('.ticket-head .ended').innerText()).toBe('Clôturée par Amina : Orienté vers un partenaire');
    const state = await textOf(page.locator('.ticket-head .state'));
    expect(state).toMatch(/^Clôturée : \d\d:\d\d, \d+ min après la demande$/);
    clock.advance(40 * 60_000);
    await page.reload();
    expect(await textOf(page.locator('.ticket-head .state'))).toBe(state);
    expect(await page.locator('.timeline').innerText()).toMatch(/Prise par Amina[\s\S]*Clôturée par Amina : Orienté vers un partenaire/);
    await shot('ticket-closed');

    // The person who cancels: the ticket says so.
    await cancelsRequest(lucia, 'Español');
    await page.goto(`${server.url}/advisor?status=all&q=agadir`);
    expect(await cards().first().innerText()).toContain('La personne a annulé sa demande.');
    await page.locator('ol.queue .ticket a').first().click();
    expect(await page.locator('.ticket-head .ended').innerText()).toBe('La personne a annulé sa demande.');
    await page.goto(`${server.url}/advisor?status=all`);
    expect(await page.locator('body').innerText()).not.toMatch(RAW_IDS);
    await shot('queue-all');
  });

  it('the audit log: actions in words, filtered by advisor and action, views folded', { timeout: 120_000 }, async () => {
    await page.goto(`${server.url}/advisor/audit`);
    const rows = page.locator('table.audit tbody tr:not(.day)');
    const all = (await rows.allInnerTexts()).map(plain);
    expect(all.some((r) => /A lu la conversation \(×\d+\)/.test(r))).toBe(true);
    expect(all.some((r) => r.includes('A clôturé : Orienté vers un partenaire'))).toBe(true);
    expect(all.some((r) => r.includes('A pris la conversation'))).toBe(true);
    expect(await page.locator('body').innerText()).not.toMatch(RAW_IDS);
    await shot('audit');
    await page.selectOption('#audit-action', 'close');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL(/action=close/);
    expect(await rows.allInnerTexts()).toEqual([expect.stringContaining('A clôturé : Orienté vers un partenaire')]);
    await page.selectOption('#audit-action', '');
    await page.selectOption('#audit-advisor', { label: 'Yassine' });
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL((u) => (u.searchParams.get('advisor') ?? '').length > 0);
    expect(await rows.allInnerTexts()).toEqual([expect.stringContaining("S'est connecté")]);

    // Signing out leaves no draft behind in this browser (the note typed on Omar's ticket was one).
    const drafts = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tawjih.draft.')));
    expect(await drafts()).not.toEqual([]);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/advisor\/login/);
    expect(await drafts()).toEqual([]);
  });

  it('the WhatsApp 24-hour window: when it closes, and that a reply after it goes as the template', { timeout: 120_000 }, async () => {
    const phone = '212600033333';
    const writes = async (m: { payload: unknown }) => {
      const raw = JSON.stringify(m.payload);
      clock.advance(1100);
      await fetch(`${server.url}/whatsapp/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': wa.sign(raw, APP_SECRET) }, body: raw });
      await server.app.assistant.idle();
    };
    await writes(wa.textMessage(phone, 'bonjour'));
    await writes(wa.listReply(phone, 'onboarding.language.fr', 'Français'));
    await writes(wa.buttonReply(phone, 'onboarding.privacy.decline', 'Non, merci'));
    await writes(wa.textMessage(phone, 'conseiller'));
    await writes(wa.textMessage(phone, 'Mon récépissé expire lundi'));
    await signIn(page, amina);
    await page.goto(`${server.url}/advisor?channel=whatsapp-cloud`);
    await cards().first().locator('a').click();
    expect(await textOf(page.locator('#wa-window'))).toMatch(/^WhatsApp : vous pouvez répondre librement jusqu'à (demain|.+\d\d:\d\d).+\(encore 2[34] h/);
    await page.click('#claim');
    await page.locator('#reply-text').waitFor();
    const flush = async () => {
      for (let i = 0; i < 3; i++) {
        clock.advance(1100);
        await server.app.outbox.kick();
      }
    };
    await flush(); // "an advisor is with you" leaves while the window is open

    // A day later (a new session: the old one expired), the window is closed.
    clock.advance(25 * HOUR);
    graph.closeWindow(phone);
    await signIn(page, amina);
    await page.goto(`${server.url}/advisor?status=mine`);
    await cards().first().locator('a').click();
    expect(await page.locator('#wa-window').innerText()).toMatch(/^La fenêtre de 24 heures de WhatsApp s'est fermée à .+ Une réponse part maintenant sous la forme du modèle approuvé/);
    expect(await page.locator('#composer button.primary').innerText()).toBe('Envoyer (sous forme de modèle)');
    await page.fill('#reply-text', 'Êtes-vous allé à la préfecture ?');
    await page.click('#composer button.primary');
    await page.locator('.history .msg.advisor').last().waitFor();
    await flush();
    expect(graph.sent(phone).at(-1)!.body).toMatchObject({ type: 'template', template: { name: 'tawjih_reprise' } });
    await page.reload();
    expect(await page.locator('#wa-window').innerText()).toMatch(/^WhatsApp : le modèle est parti à .+On attend que la personne réécrive/);
    expect(await page.locator('.history .msg.advisor').last().locator('.delivery').innerText()).toBe('non remis : la fenêtre de 24 heures était fermée');
    // Now nothing leaves until the person writes: the page says so, and does not promise a template.
    expect(await page.locator('#composer .hint.warn').innerText()).toBe("Le modèle est déjà parti : ceci n'est pas remis avant que la personne réécrive.");
    expect(await page.locator('#composer button.primary').innerText()).toBe('Envoyer');
    await shot('whatsapp-window');
  });
});
