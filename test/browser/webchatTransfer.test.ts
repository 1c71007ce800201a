import { request as httpRequest, type IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { launchBrowser } from '../support/browser.js';
import { AdvisorClient, createAdvisor } from '../support/advisorClient.js';
import { WebchatPerson } from '../support/webchatPerson.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer({ OFFICE_HOURS: 'mon-sun 00:00-24:00' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Bytes the phone receives (headers and bodies as they come over the network, compressed), for
 * every request of the page and of its service worker: Chromium's own count through CDP
 * (Network.loadingFinished's encodedDataLength, which Playwright reports as request sizes). A
 * response from the browser's cache counts 0.
 */
function countBytes(context: BrowserContext) {
  const seen: { url: string; bytes: number; status: number }[] = [];
  const pending: Promise<void>[] = [];
  context.on('requestfinished', (req) => {
    pending.push(
      (async () => {
        const [sizes, res] = await Promise.all([req.sizes(), req.response()]);
        seen.push({ url: req.url().replace(server.url, ''), bytes: sizes.responseHeadersSize + sizes.responseBodySize, status: res?.status() ?? 0 });
      })(),
    );
  });
  return {
    async take() {
      await Promise.all(pending.splice(0));
      const out = seen.splice(0);
      return { total: out.reduce((n, r) => n + r.bytes, 0), requests: out };
    },
  };
}

/** A GET over real HTTP that keeps the raw (possibly compressed) body. */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ res: IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(server.url + path, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('what the web chat costs a prepaid phone', () => {
  it('weighs under 20 KiB on a first visit and under 2 KiB on the next, favicon included, nothing missing', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    const bytes = countBytes(context);
    const notFound: string[] = [];
    context.on('response', (r) => {
      if (r.status() >= 400) notFound.push(`${r.status()} ${r.url()}`);
    });
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await page.getByRole('button', { name: 'Commencer' }).waitFor();
    // Everything the first visit needs: the page, its script and style, the icon, the empty
    // conversation, the service worker and what it keeps for offline use.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.waitForLoadState('networkidle');
    const first = await bytes.take();
    const urls = first.requests.map((r) => r.url);
    expect(urls).toEqual(expect.arrayContaining(['/', '/webchat-sw.js', expect.stringMatching(/^\/webchat\/app\.\w+\.js$/), expect.stringMatching(/^\/webchat\/app\.\w+\.css$/), expect.stringMatching(/^\/icon\.\w+\.svg$/)]));
    console.log(`web chat, first visit: ${first.total} bytes in ${first.requests.length} requests`);
    expect(first.total).toBeLessThan(20 * 1024);

    // A conversation of a few steps, then the next visit.
    await page.getByRole('button', { name: 'Commencer' }).click();
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('button', { name: "J'accepte" }).waitFor();
    await page.waitForLoadState('networkidle');
    await bytes.take();
    await page.reload();
    await page.getByRole('button', { name: "J'accepte" }).waitFor();
    await page.waitForLoadState('networkidle');
    const next = await bytes.take();
    console.log(`web chat, next visit: ${next.total} bytes in ${next.requests.length} requests`);
    // The script, the style and the icon came from the cache; the page was a 304.
    for (const r of next.requests) if (/\/(app|icon)\.\w+\.(js|css|svg)$/.test(r.url)) expect(r.bytes).toBe(0);
    // The page: headers only (a 304 behind Chromium's cache), against a whole page the first time.
    const pageBytes = (rs: { url: string; bytes: number }[]) => rs.filter((r) => r.url === '/').reduce((n, r) => n + r.bytes, 0);
    expect(pageBytes(next.requests)).toBeLessThan(600);
    expect(next.total).toBeLessThan(2 * 1024);
    expect(notFound).toEqual([]);
    await context.close();
  });

  it('compresses text, names assets by their content, caches them for a year, revalidates the page, has a favicon', async () => {
    const page = await rawGet('/', { 'accept-encoding': 'gzip, deflate, br', 'accept-language': 'fr' });
    expect(page.res.headers['content-encoding']).toBe('gzip');
    expect(page.res.headers.vary).toMatch(/Accept-Language/);
    expect(page.res.headers.vary).toMatch(/Accept-Encoding/);
    expect(page.res.headers['cache-control']).toBe('no-cache');
    const html = gunzipSync(page.body).toString('utf8');
    expect(html).toContain('<html lang="fr"');
    const [js, css] = [/src="(\/webchat\/app\.\w+\.js)"/.exec(html)![1]!, /href="(\/webchat\/app\.\w+\.css)"/.exec(html)![1]!];
    // The same page asked again with its ETag: 304, no body.
    const again = await rawGet('/', { 'accept-encoding': 'gzip', 'accept-language': 'fr', 'if-none-match': String(page.res.headers.etag) });
    expect(again.res.statusCode).toBe(304);
    expect(again.body.length).toBe(0);
    // Another language is another page (another ETag).
    const ar = await rawGet('/', { 'accept-encoding': 'gzip', 'accept-language': 'ar', 'if-none-match': String(page.res.headers.etag) });
    expect(ar.res.statusCode).toBe(200);
    for (const path of [js, css]) {
      const a = await rawGet(path, { 'accept-encoding': 'gzip' });
      expect(a.res.statusCode).toBe(200);
      expect(a.res.headers['content-encoding']).toBe('gzip');
      expect(a.res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(gunzipSync(a.body).length).toBeGreaterThan(a.body.length * 2);
    }
    // A JSON answer is compressed too (an article), the small ones are not worth it.
    const conversationId = 'transfer-check-1';
    const post = (text: string) =>
      fetch(`${server.url}/webchat/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId, text, locale: 'fr' }) });
    await post('Bonjour');
    const history = await rawGet(`/webchat/api/messages?conversationId=${conversationId}`, { 'accept-encoding': 'gzip' });
    expect(history.res.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(history.body).toString('utf8')).replies.length).toBeGreaterThan(0);
    // A few bytes are sent as they are (gzip would make them larger), with their length.
    const health = await rawGet('/healthz', { 'accept-encoding': 'gzip' });
    expect(health.res.headers['content-encoding']).toBeUndefined();
    expect(health.res.headers['content-length']).toBe(String(health.body.length));
    expect(JSON.parse(health.body.toString('utf8'))).toEqual({ status: 'ok' });
    // The favicon browsers ask for by themselves: an icon, cached for a day.
    const ico = await rawGet('/favicon.ico');
    expect(ico.res.statusCode).toBe(200);
    expect(ico.res.headers['content-type']).toBe('image/x-icon');
    expect([...ico.body.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    expect(ico.body.subarray(22, 26).toString('latin1')).toBe('\x89PNG');
    expect(ico.res.headers['cache-control']).toBe('public, max-age=86400');
    // An old name of the script is not served (a new one replaces it).
    expect((await rawGet('/webchat/app.js')).res.statusCode).toBe(404);
  });

  it("the console's live updates are not compressed, so each event arrives at once", async () => {
    const advisor = await createAdvisor(server.db, 'Samira');
    const client = new AdvisorClient(server.url);
    expect((await client.login(advisor.email, advisor.password)).status).toBe(200);
    const events: string[] = [];
    let headers: IncomingMessage['headers'] = {};
    let gotChange: () => void = () => {};
    const change = new Promise<void>((r) => (gotChange = r));
    let gotReady: () => void = () => {};
    const ready = new Promise<void>((r) => (gotReady = r));
    const req = httpRequest(`${server.url}/advisor/events`, { headers: { cookie: client.cookie, 'accept-encoding': 'gzip, deflate, br', accept: 'text/event-stream' } }, (res) => {
      headers = res.headers;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        events.push(chunk);
        if (chunk.includes('event: ready')) gotReady();
        if (chunk.includes('event: change')) gotChange();
      });
    });
    req.end();
    // The first event arrives while the stream stays open: nothing holds it in a buffer.
    await ready;
    expect(headers['content-type']).toMatch(/^text\/event-stream/);
    expect(headers['content-encoding']).toBeUndefined();
    try {
      // A person asks for an advisor: the open stream says so.
      const person = new WebchatPerson(server.url, 'transfer-check-2');
      await person.says('bonjour');
      for (const label of ['Français', "J'accepte", 'Migrant au Maroc', 'Tiznit', 'Non merci', 'Un conseiller humain']) await person.taps(label);
      await change;
      expect(events.join('')).toContain('event: change');
    } finally {
      req.destroy();
    }
  });
});
