/**
 * The holes a break-in attempt found in the advisor console (issue 19), each tried again: login
 * CSRF, spoofed addresses and account lockout, unbounded forms, cookies and HSTS behind https,
 * live-update streams outliving their session, who may do what to a ticket, and a person's text
 * disguised with bidi controls.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdvisorClient, createAdvisor } from './support/advisorClient.js';
import { ManualClock, startTestServer, type TestServer } from './support/testServer.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { WebchatPerson } from './support/webchatPerson.js';
import { LOGIN_LIMITS, LoginLimiter } from '../src/console/consoleAuth.js';

let plain: TestApp; // served over http, no PUBLIC_URL
let https: TestApp; // PUBLIC_URL https://…, behind one proxy (TRUST_PROXY=1)
let httpsClock: ManualClock;
const PUBLIC = 'https://console.centre-souss.example';

beforeAll(async () => {
  plain = await startTestApp({ OFFICE_HOURS: 'mon-sun 00:00-24:00' });
  httpsClock = new ManualClock();
  https = await startTestApp({ OFFICE_HOURS: 'mon-sun 00:00-24:00', PUBLIC_URL: PUBLIC, TRUST_PROXY: '1' }, { clock: httpsClock });
});
afterAll(async () => {
  await plain?.close();
  await https?.close();
});

const loginJson = (app: TestApp, email: string, password: string, headers: Record<string, string> = {}) =>
  app.request('/advisor/api/login', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, password }) });

/** A person on the web chat who asked for an advisor (a waiting ticket). */
async function personWithTicket(app: TestApp, id: string): Promise<WebchatPerson> {
  const person = new WebchatPerson(app, id);
  await person.says('bonjour');
  await person.taps('Français');
  await person.taps("J'accepte");
  await person.taps('Migrant au Maroc');
  await person.taps('Tiznit');
  await person.taps('Non merci');
  await person.taps('Un conseiller humain');
  return person;
}

async function signedIn(app: TestApp, who: { email: string; password: string }): Promise<AdvisorClient> {
  const c = new AdvisorClient(app);
  expect((await c.login(who.email, who.password)).status).toBe(200);
  return c;
}

describe('signing in from another site (login CSRF)', () => {
  it('the login API takes only application/json: a text/plain form carrying JSON gets 415 and no session', async () => {
    const a = await createAdvisor(plain.db, 'Nadia');
    const res = await plain.request('/advisor/api/login', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ email: a.email, password: a.password }) });
    expect(res.status).toBe(415);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('tawjih_session');
    expect((await loginJson(plain, a.email, a.password)).status).toBe(200);
  });

  it("a request from another origin is refused (Origin, Sec-Fetch-Site); the console's own origin is accepted", async () => {
    const a = await createAdvisor(https.db, 'Rachid');
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'http://console.centre-souss.example' }, // http is another origin
      { origin: PUBLIC, 'sec-fetch-site': 'cross-site' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' }, // a page with no-referrer: Origin says nothing, Sec-Fetch-Site does
      { 'sec-fetch-site': 'same-site' }, // another port or subdomain of the same site
    ];
    for (const headers of foreign) {
      const res = await loginJson(https, a.email, a.password, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers.get('set-cookie') ?? '').not.toContain('tawjih_session');
    }
    expect((await loginJson(https, a.email, a.password, { origin: PUBLIC, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    // Chromium on the console's own page (Referrer-Policy: no-referrer) sends Origin: null.
    expect((await loginJson(https, a.email, a.password, { origin: 'null', 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    // Without PUBLIC_URL, the console's origin is the request's own.
    const b = await createAdvisor(plain.db, 'Hafsa');
    expect((await loginJson(plain, b.email, b.password, { origin: 'http://127.0.0.1' })).status).toBe(200);
    expect((await loginJson(plain, b.email, b.password, { origin: 'http://127.0.0.1:9999' })).status).toBe(403);
  });

  it('the HTML sign-in form from another origin is refused too', async () => {
    const page = await plain.request('/advisor/login');
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const res = await plain.request('/advisor/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: 'https://evil.example' },
      body: new URLSearchParams({ _csrf: csrf, email: 'x@center.test', password: 'x' }).toString(),
    });
    expect(res.status).toBe(403);
  });
});

describe('guessing passwords', () => {
  it('the address is the socket\'s: 40 wrong logins, each claiming another X-Forwarded-For, are slowed down (429)', async () => {
    const server: TestServer = await startTestServer();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) {
        const res = await fetch(`${server.url}/advisor/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i + 1}` },
          body: JSON.stringify({ email: `guess${i}@center.test`, password: 'not the password' }),
        });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(30)).toEqual(Array(10).fill(429));
    } finally {
      await server.close();
    }
  });

  it("on the real server, each client is its own socket address: 5 wrong passwords from 127.0.0.2 lock that address out, and the admin at 127.0.0.1 still signs in", async () => {
    const server: TestServer = await startTestServer();
    try {
      const boss = await createAdvisor(server.db, 'Boss', 'admin', 'the admins own passphrase', 1000);
      const from = (address: string, password: string) =>
        new Promise<number>((resolve, reject) => {
          const url = new URL(`${server.url}/advisor/api/login`);
          const body = JSON.stringify({ email: boss.email, password });
          const req = httpRequest(
            { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: address, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            },
          );
          req.on('error', reject);
          req.end(body);
        });
      for (let i = 0; i < 5; i++) expect(await from('127.0.0.2', `guess ${i}`)).toBe(401);
      expect(await from('127.0.0.2', boss.password)).toBe(429);
      expect(await from('127.0.0.1', boss.password)).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("5 wrong passwords from an attacker lock the attacker out, not the admin signing in from the office (TRUST_PROXY=1: the proxy's address)", async () => {
    const boss = await createAdvisor(https.db, 'Boss', 'admin', 'the admins own passphrase', 1000);
    const attacker = { 'x-forwarded-for': '203.0.113.9' };
    for (let i = 0; i < 5; i++) expect((await loginJson(https, boss.email, `guess ${i}`, attacker)).status).toBe(401);
    const blocked = await loginJson(https, boss.email, boss.password, attacker);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The proxy appends the real client's address: the nearest (last) one counts, not what the client wrote before it.
    expect((await loginJson(https, boss.email, boss.password, { 'x-forwarded-for': '203.0.113.9, 192.0.2.44' })).status).toBe(200);
  });
});

describe('the limits on wrong passwords', () => {
  it('past a global ceiling (a guesser spread over many addresses), only addresses that signed in before may still try', () => {
    const clock = new ManualClock();
    const limiter = new LoginLimiter(clock);
    limiter.succeed('amina@center.test', '192.0.2.10'); // Amina, from the office, yesterday
    clock.advance(24 * 3600_000);
    // 4 wrong passwords from each of many addresses: every pair stays under its own limit.
    for (let i = 0; i < LOGIN_LIMITS.global; i++) limiter.fail('amina@center.test', `198.51.${Math.floor(i / 4)}.${i % 4}`);
    expect(limiter.retryAfterMs('amina@center.test', '203.0.113.1')).toBeGreaterThan(0); // a new address
    expect(limiter.retryAfterMs('yassine@center.test', '203.0.113.1')).toBeGreaterThan(0);
    expect(limiter.retryAfterMs('amina@center.test', '192.0.2.10')).toBe(0); // Amina at the office still signs in
    clock.advance(15 * 60_000 + 1);
    expect(limiter.retryAfterMs('amina@center.test', '203.0.113.1')).toBe(0);
  });

  it('per account and address: 5 wrong passwords slow that pair down, not the account from elsewhere', () => {
    const clock = new ManualClock();
    const limiter = new LoginLimiter(clock);
    for (let i = 0; i < LOGIN_LIMITS.pair; i++) limiter.fail('admin@center.test', '203.0.113.9');
    expect(limiter.retryAfterMs('admin@center.test', '203.0.113.9')).toBeGreaterThan(14 * 60_000);
    expect(limiter.retryAfterMs('admin@center.test', '192.0.2.10')).toBe(0);
    expect(limiter.retryAfterMs('other@center.test', '203.0.113.9')).toBe(0);
  });
});

describe('request bodies are bounded, forms included', () => {
  const big = 'x'.repeat(1024 * 1024);

  it('the unauthenticated sign-in form: 413 beyond the limit', async () => {
    const res = await plain.request('/advisor/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `email=a&password=${big}` });
    expect(res.status).toBe(413);
  });

  it('a 100 MB body is not read whole: reading stops once past the limit', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(120);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 100 * 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await plain.request('/advisor/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(1024 * 1024);
  });

  it("a signed-in advisor's forms and the admin's forms: 413 beyond the limit", async () => {
    const admin = await createAdvisor(plain.db, 'Samira', 'admin');
    const c = await signedIn(plain, admin);
    const form = (path: string) =>
      plain.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: c.cookie }, body: `_csrf=${c.csrf}&text=${big}` });
    expect((await form('/advisor/tickets/t_x/note')).status).toBe(413);
    expect((await form('/advisor/admin/campaigns')).status).toBe(413);
    expect((await form('/advisor/logout')).status).toBe(413);
    // A declared length past the limit is refused before anything is read.
    const declared = await plain.request('/advisor/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(120 * 1024 * 1024) }, body: 'email=a' });
    expect(declared.status).toBe(413);
  });
});

describe('behind https', () => {
  it('every cookie is Secure, and every answer carries Strict-Transport-Security', async () => {
    const login = await https.request('/advisor/login?lang=en');
    const cookies = login.headers.getSetCookie();
    expect(cookies.map((c) => c.split('=')[0])).toEqual(expect.arrayContaining(['tawjih_console_lang', 'tawjih_login_csrf']));
    for (const c of cookies) expect(c, c).toMatch(/;\s*Secure/i);
    const a = await createAdvisor(https.db, 'Salma');
    const session = await loginJson(https, a.email, a.password);
    for (const c of session.headers.getSetCookie()) expect(c, c).toMatch(/;\s*Secure/i);
    for (const path of ['/advisor/login', '/healthz', '/', '/webchat/api/messages?conversationId=abcdefgh']) {
      expect((await https.request(path)).headers.get('strict-transport-security'), path).toMatch(/max-age=\d{7,}/);
    }
  });

  it('over plain http (a laptop), no HSTS and no Secure (the browser would drop the cookie)', async () => {
    const login = await plain.request('/advisor/login');
    expect(login.headers.get('strict-transport-security')).toBeNull();
    for (const c of login.headers.getSetCookie()) expect(c).not.toMatch(/Secure/i);
  });
});

/** Reads a server-sent event stream until it ends or `ms` pass; what it carried, and whether it ended. */
async function readStream(res: Response, ms: number, onReady?: () => Promise<void>): Promise<{ ended: boolean; text: string }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let readyDone = false;
  const deadline = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms));
  for (;;) {
    const next = await Promise.race([reader.read(), deadline]);
    if (next === 'timeout') {
      await reader.cancel();
      return { ended: false, text };
    }
    if (next.done) return { ended: true, text };
    text += decoder.decode(next.value);
    if (!readyDone && text.includes('event: ready')) {
      readyDone = true;
      await onReady?.();
    }
  }
}

describe('live updates end with the session', () => {
  it('logout closes the stream', async () => {
    const a = await createAdvisor(https.db, 'Imane');
    const c = await signedIn(https, a);
    const stream = await https.request('/advisor/events', { headers: { cookie: c.cookie } });
    expect(stream.status).toBe(200);
    const r = await readStream(stream, 5000, async () => {
      expect((await c.post('/logout')).status).toBe(200);
    });
    expect(r.ended).toBe(true);
  });

  it('an expired session or a disabled account gets no more events: the stream closes at the next one', async () => {
    for (const end of ['expiry', 'disabled'] as const) {
      const a = await createAdvisor(https.db, `Stream ${end}`);
      const c = await signedIn(https, a);
      const stream = await https.request('/advisor/events', { headers: { cookie: c.cookie } });
      const r = await readStream(stream, 5000, async () => {
        if (end === 'expiry') httpsClock.advance(13 * 3600_000);
        else await https.app.handoff.service['d'].store.disableAdvisor(a.email, httpsClock.now());
        https.app.handoff.hub.publish({ kind: 'ticket', ticketId: `t_after_${end}` });
      });
      expect(r.ended, end).toBe(true);
      expect(r.text, end).not.toContain(`t_after_${end}`);
    }
  });
});

describe('who may do what to a ticket (by role)', () => {
  it("an advisor: no notes on another advisor's ticket, no closing a ticket nobody claimed; an admin may do both", async () => {
    const amina = await signedIn(plain, await createAdvisor(plain.db, 'Amina'));
    const yassine = await signedIn(plain, await createAdvisor(plain.db, 'Yassine'));
    const khadija = await signedIn(plain, await createAdvisor(plain.db, 'Khadija', 'admin'));
    await personWithTicket(plain, 'roles-person-1');
    await personWithTicket(plain, 'roles-person-2');
    const [first, second] = (await amina.get('/tickets?status=waiting')).json.tickets;
    // A note on a waiting ticket helps whoever takes it: any advisor.
    expect((await yassine.post(`/tickets/${first.id}/notes`, { text: 'Déjà venu la semaine dernière' })).status).toBe(200);
    expect((await amina.post(`/tickets/${first.id}/claim`)).status).toBe(200);
    expect((await yassine.post(`/tickets/${first.id}/notes`, { text: 'note chez une collègue' })).status).toBe(403);
    expect((await amina.post(`/tickets/${first.id}/notes`, { text: 'à rappeler' })).status).toBe(200);
    expect((await khadija.post(`/tickets/${first.id}/notes`, { text: 'supervision' })).status).toBe(200);
    expect((await yassine.post(`/tickets/${first.id}/close`, { outcome: 'answered' })).status).toBe(403);
    // Nobody claimed the second one: an advisor claims it first; an admin may close it (spam, a duplicate).
    expect((await yassine.post(`/tickets/${second.id}/close`, { outcome: 'no_response' })).status).toBe(403);
    expect((await khadija.post(`/tickets/${second.id}/close`, { outcome: 'no_response' })).status).toBe(200);
    // The person of the first still talks to Amina only.
    expect((await khadija.post(`/tickets/${first.id}/messages`, { text: 'Bonjour' })).status).toBe(403);
    expect((await amina.post(`/tickets/${first.id}/close`, { outcome: 'answered' })).status).toBe(200);
  });

  it('the HTML forms follow the same rules', async () => {
    const amina = await signedIn(plain, await createAdvisor(plain.db, 'Amina F'));
    const yassine = await signedIn(plain, await createAdvisor(plain.db, 'Yassine F'));
    await personWithTicket(plain, 'roles-person-3');
    const ticket = (await amina.get('/tickets?status=waiting')).json.tickets[0];
    const form = (c: AdvisorClient, action: string, fields: Record<string, string>) =>
      plain.request(`/advisor/tickets/${ticket.id}/${action}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: c.cookie }, body: new URLSearchParams({ _csrf: c.csrf, ...fields }).toString() });
    expect((await form(yassine, 'close', { outcome: 'answered' })).status).toBe(403);
    expect((await form(amina, 'claim', {})).status).toBe(303);
    expect((await form(yassine, 'note', { text: 'chez Amina' })).status).toBe(403);
    expect((await form(amina, 'close', { outcome: 'answered' })).status).toBe(303);
  });
});

describe("a person's text disguised with bidi controls", () => {
  it('is shown to advisors with the controls visible, not obeyed', async () => {
    const person = await personWithTicket(plain, 'bidi-person-1');
    // "photo_gnp.exe" with a right-to-left override reads "photo_exe.png"; a right-to-left mark between digit groups swaps them.
    await person.says('voici mon document photo_\u202Egnp.exe');
    await person.says('mon numéro 0612\u200F345678');
    await person.says('مرحبا\u200F hello');
    const a = await signedIn(plain, await createAdvisor(plain.db, 'Bidi'));
    const ticket = (await a.get('/tickets?status=waiting')).json.tickets.find((t: any) => t.pseudonym);
    const html = await (await plain.request(`/advisor/tickets/${ticket.id}`, { headers: { cookie: a.cookie } })).text();
    const said = (start: string) => [...html.matchAll(/<li class="msg person"[\s\S]*?<\/li>/g)].map((m) => m[0]).find((li) => li.includes(start))!;
    const disguised = said('voici mon document');
    expect(disguised).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
    expect(disguised).toMatch(/photo_<span class="bidi-control"[^>]*>[^<]*U\+202E[^<]*<\/span>gnp\.exe/);
    const number = said('mon numéro');
    expect(number).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
    expect(number).toMatch(/0612<span class="bidi-control"[^>]*>[^<]*U\+200F[^<]*<\/span>345678/);
    // A right-to-left mark between an Arabic word and a space reorders nothing: kept as it is
    // (and "hello", a left-to-right run in Arabic text, isolated by the console as every message is).
    expect(said('مرحبا')).toContain('مرحبا\u200F \u2066hello\u2069');
  });
});
