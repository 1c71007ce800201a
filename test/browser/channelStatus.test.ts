import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from '../support/advisorClient.js';
import { ARTIFACTS_DIR, launchBrowser } from '../support/browser.js';
import { OutageWorld } from '../support/outageWorld.js';
import { eventually } from '../support/testServer.js';

let w: OutageWorld;
let browser: Browser;

beforeAll(async () => {
  // Meta answers 500 from the start, and the phone waits to be linked (its QR code shown).
  w = await OutageWorld.start({
    resilience: { backoff: { baseMs: 200, capMs: 2000 }, callTimeoutMs: 1500 },
    before: async (x) => {
      await x.graph.setFault('error');
      x.phone.crashes = 1;
    },
  });
  browser = await launchBrowser();
  await mkdir(ARTIFACTS_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await w?.stop();
});

describe("the channels' state in the console", () => {
  it('an admin sees which channel is down, why, what to do, and the replies waiting; an advisor cannot', { timeout: 60_000 }, async () => {
    await w.waitUp('telegram');
    await eventually(() => w.channel('whatsapp-cloud')?.state === 'down', 'WhatsApp Cloud down');
    (await w.phone.waitForClients(2)).emit('qr', '2@FAKEQRCODEFORTESTS');
    // Two people wrote on WhatsApp Cloud: their replies wait.
    await w.whatsappSays(OutageWorld.wa(), 'bonjour');
    await w.whatsappSays(OutageWorld.wa(), 'bonjour');
    await eventually(async () => (await w.server.db.execute("SELECT count(*) AS n FROM outbox WHERE channel = 'whatsapp-cloud' AND status = 'pending'")).rows[0]!.n === 2, 'two replies held');

    const admin = await createAdvisor(w.server.db, 'Khadija', 'admin');
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    page.setDefaultTimeout(10_000);
    await page.goto(`${w.server.url}/advisor/login`);
    await page.fill('input[name=email]', admin.email);
    await page.fill('input[name=password]', admin.password);
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'En attente' }).waitFor();
    await page.goto(`${w.server.url}/advisor/admin/dashboard`);
    await page.getByRole('link', { name: 'Canaux' }).click();
    await page.getByRole('heading', { name: 'État des canaux' }).waitFor();

    const row = (name: string) => page.locator(`tr[data-service="${name}"]`);
    expect(await row('telegram').getAttribute('data-state')).toBe('up');
    expect(await row('telegram').innerText()).toContain('en service');
    expect(await row('whatsapp-cloud').innerText()).toContain('en panne');
    expect(await row('whatsapp-cloud').innerText()).toContain('erreur de son côté');
    expect(await row('whatsapp-cloud').locator('td').last().innerText()).toMatch(/^2 \(la plus ancienne/);
    expect(await row('whatsapp-web').innerText()).toContain('action requise');
    expect(await row('whatsapp-web').getByRole('link', { name: 'Ouvrir' }).getAttribute('href')).toBe('/admin/whatsapp/qr');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'channel-status.png'), fullPage: true });

    // Meta is back: the page says so on the next load, and the replies have left.
    await w.graph.setFault(null);
    await eventually(() => w.channel('whatsapp-cloud')?.state === 'up', 'WhatsApp Cloud up');
    await eventually(async () => (await w.server.db.execute("SELECT count(*) AS n FROM outbox WHERE channel = 'whatsapp-cloud' AND status = 'pending'")).rows[0]!.n === 0, 'replies sent');
    await page.reload();
    expect(await row('whatsapp-cloud').getAttribute('data-state')).toBe('up');
    expect(await row('whatsapp-cloud').locator('td').last().innerText()).toBe('0');

    // An advisor (not an admin) gets no such page.
    const advisor = await createAdvisor(w.server.db, 'Yassine', 'advisor');
    const other = await browser.newPage({ locale: 'fr-FR' });
    await other.goto(`${w.server.url}/advisor/login`);
    await other.fill('input[name=email]', advisor.email);
    await other.fill('input[name=password]', advisor.password);
    await other.click('button[type=submit]');
    await other.getByRole('heading', { name: 'En attente' }).waitFor();
    const res = await other.goto(`${w.server.url}/advisor/admin/status`);
    expect(res?.status()).toBe(403);
  });
});
