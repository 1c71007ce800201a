/**
 * The sign-in page in Chromium derives the key from the password (advisors/passwords.ts) and the
 * advisor signs in on a server that checks no password itself, as on Workers: the page's
 * derivation and the server's agree. Arabic too, where the form reads right to left.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from '../support/advisorClient.js';
import { launchBrowser, signInToConsole } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer({}, { serverHashing: false });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('signing in to the console where the server checks no password (Workers)', () => {
  it('the page sends a key derived from the password, and the advisor reaches the queue', { timeout: 60_000 }, async () => {
    const advisor = await createAdvisor(server.db, 'Nadia');
    const page = await browser.newPage({ locale: 'fr-FR' });
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/advisor/login')) sent.push(r.postData() ?? '');
    });
    await signInToConsole(page, server.url, advisor);
    expect(page.url()).toBe(`${server.url}/advisor`);
    const form = new URLSearchParams(sent[0]);
    expect(form.get('key')).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    await page.close();
  });

  it('a wrong password, typed in Arabic, says so in Arabic and the form can be sent again', { timeout: 60_000 }, async () => {
    const advisor = await createAdvisor(server.db, 'Omar');
    const page = await browser.newPage({ locale: 'ar' });
    await page.goto(`${server.url}/advisor/login?lang=ar`);
    await page.fill('input[name=email]', advisor.email);
    await page.fill('input[name=password]', 'كلمة خاطئة');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.error[role=alert]').textContent()).toContain('البريد الإلكتروني أو كلمة المرور غير صحيحة');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    // The button reads "sign in" again (not "signing in…"), and the right password goes through.
    expect(await page.locator('button[type=submit]').textContent()).toBe('تسجيل الدخول');
    await page.fill('input[name=password]', advisor.password);
    await page.click('button[type=submit]');
    await page.locator('ol.queue, .empty').first().waitFor();
    await page.close();
  });
});
