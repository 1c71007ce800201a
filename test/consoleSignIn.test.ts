/**
 * Signing in to the console with the sign-in page's key (advisors/passwords.ts): the 600,000
 * PBKDF2 iterations run where the password is typed, the server checks one SHA-256. On Node a
 * password alone still signs in (no JavaScript, a page that is not https); on Workers, which refuse
 * those iterations, it is refused with a message that says why. Accounts made before keep working.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientKey, PBKDF2_ITERATIONS } from '../src/advisors/passwords.js';
import { createAdvisor } from './support/advisorClient.js';
import { startTestServer, type TestServer } from './support/testServer.js';

let node: TestServer;
let worker: TestServer;
beforeAll(async () => {
  node = await startTestServer();
  // Configured as on Workers: no password is checked on the server.
  worker = await startTestServer({}, { serverHashing: false });
});
afterAll(async () => {
  await node?.close();
  await worker?.close();
});

const login = (server: TestServer, body: Record<string, string>) =>
  fetch(`${server.url}/advisor/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** The sign-in form, as a browser without JavaScript sends it (the CSRF cookie from the page first). */
async function loginForm(server: TestServer, fields: Record<string, string>, lang = 'fr') {
  const page = await fetch(`${server.url}/advisor/login?lang=${lang}`);
  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  return fetch(`${server.url}/advisor/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}

/** An account as `npm run advisors -- add` made it before the key: PBKDF2 of the password with a random salt. */
async function legacyHash(password: string, iterations = 1000): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256));
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  return `pbkdf2-sha256$${iterations}$${b64(salt)}$${b64(bits)}`;
}

const storedHash = async (server: TestServer, email: string) =>
  String((await server.db.execute({ sql: 'SELECT password_hash FROM advisors WHERE email = ?', args: [email] })).rows[0]!.password_hash);

describe('the sign-in page derives a key from the password', () => {
  it('the key signs in; a key from a wrong password, or from the right password under another email, does not', async () => {
    const a = await createAdvisor(node.db, 'Karima');
    const b = await createAdvisor(node.db, 'Youssef');
    expect((await login(node, { email: a.email, key: await clientKey(a.email, a.password) })).status).toBe(200);
    // The email as a person types it: capitals and spaces around it do not change the key.
    expect((await login(node, { email: a.email.toUpperCase(), key: await clientKey(` ${a.email.toUpperCase()} `, a.password) })).status).toBe(200);
    expect((await login(node, { email: a.email, key: await clientKey(a.email, 'not the password') })).status).toBe(401);
    expect((await login(node, { email: a.email, key: await clientKey(b.email, a.password) })).status).toBe(401);
    // What the database holds is not a key: read from a copy of it, it signs no one in.
    const stored = (await storedHash(node, a.email)).split('$').at(-1)!;
    expect((await login(node, { email: a.email, key: stored })).status).toBe(401);
    expect((await login(node, { email: 'nobody@center.test', key: await clientKey('nobody@center.test', a.password) })).status).toBe(401);
  });

  it('on Node, a form without the key (no JavaScript) still signs in with the password', async () => {
    const a = await createAdvisor(node.db, 'Hassan');
    const res = await loginForm(node, { email: a.email, password: a.password, key: '' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/advisor');
    expect((await login(node, { email: a.email, password: a.password })).status).toBe(200);
  });
});

describe('where the server checks no password (Workers)', () => {
  it('the key signs in; a password alone is refused with a message saying what is needed, in the console language', async () => {
    const a = await createAdvisor(worker.db, 'Salma');
    expect((await login(worker, { email: a.email, key: await clientKey(a.email, a.password) })).status).toBe(200);
    const api = await login(worker, { email: a.email, password: a.password });
    expect(api.status).toBe(400);
    expect(((await api.json()) as { error: string }).error).toContain('"key"');
    const fr = await loginForm(worker, { email: a.email, password: a.password, key: '' });
    expect(fr.status).toBe(400);
    expect(await fr.text()).toContain('Cette connexion a besoin de JavaScript sur une page en https');
    const ar = await loginForm(worker, { email: a.email, password: a.password, key: '' }, 'ar');
    expect(await ar.text()).toContain('يحتاج تسجيل الدخول هنا إلى JavaScript');
    // With the key the form signs in.
    const ok = await loginForm(worker, { email: a.email, password: a.password, key: await clientKey(a.email, a.password) });
    expect(ok.status).toBe(303);
  });
});

describe('accounts made before the key', () => {
  it('sign in with their password on Node, and from then on with the key, also where no password is checked', async () => {
    const a = await createAdvisor(node.db, 'Old Account');
    await node.db.execute({ sql: 'UPDATE advisors SET password_hash = ? WHERE email = ?', args: [await legacyHash(a.password), a.email] });
    // The page sends the key and the password: the key cannot match the old form, the password does.
    const key = await clientKey(a.email, a.password);
    expect((await login(node, { email: a.email, key })).status).toBe(401);
    expect((await loginForm(node, { email: a.email, password: a.password, key })).status).toBe(303);
    expect(await storedHash(node, a.email)).toMatch(/^pbkdf2-sha256-email\$600000\$/);
    expect((await login(node, { email: a.email, key })).status).toBe(200);
    expect((await login(node, { email: a.email, password: 'not the password' })).status).toBe(401);
  });
});

describe('npm run advisors', () => {
  it('gives an account a new password: the old one stops working, its sessions end, the new one signs in', { timeout: 30_000 }, async () => {
    const a = await createAdvisor(node.db, 'Forgetful');
    const before = await login(node, { email: a.email, key: await clientKey(a.email, a.password) });
    const cookie = before.headers.getSetCookie()[0]!.split(';')[0]!;
    expect((await fetch(`${node.url}/advisor/api/tickets`, { headers: { cookie } })).status).toBe(200);
    const newPassword = 'a brand new password 2026';
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/advisors.ts', 'password', '--email', a.email], {
      env: { ...process.env, DATABASE_URL: `file:${node.dbFile}` },
      input: `${newPassword}\n`,
      encoding: 'utf8',
    });
    expect(r.stderr.trim()).toBe('');
    expect(r.stdout).toContain(`new password for ${a.email}`);
    expect((await fetch(`${node.url}/advisor/api/tickets`, { headers: { cookie } })).status).toBe(401);
    expect((await login(node, { email: a.email, key: await clientKey(a.email, a.password) })).status).toBe(401);
    expect((await login(node, { email: a.email, key: await clientKey(a.email, newPassword) })).status).toBe(200);
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
  });

  it('--sql writes the statements for D1 instead: run on a database where no password is checked, the account signs in with its key, then gets a new password, then is disabled', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tawjih-sql-'));
    const cli = (args: string[], input = '') => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/advisors.ts', ...args], { env: { ...process.env, DATABASE_URL: 'libsql://unreachable.invalid' }, input, encoding: 'utf8' });
      expect(r.stderr.trim()).toBe('');
      expect(r.status).toBe(0);
      return readFileSync(args[args.indexOf('--sql') + 1]!, 'utf8');
    };
    const email = 'leila@center.test';
    // A name with a quote, the email typed with capitals: the statements are applied as D1 would (SQLite).
    await worker.db.executeMultiple(cli(['add', '--email', 'Leila@Center.test', '--name', "Leïla O'Brien", '--role', 'advisor', '--sql', join(dir, 'add.sql')], 'first password for leila\n'));
    expect((await worker.db.execute({ sql: 'SELECT name FROM advisors WHERE email = ?', args: [email] })).rows[0]!.name).toBe("Leïla O'Brien");
    const signedIn = await login(worker, { email, key: await clientKey(email, 'first password for leila') });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
    await worker.db.executeMultiple(cli(['password', '--email', email, '--sql', join(dir, 'password.sql')], 'second password for leila\n'));
    expect((await fetch(`${worker.url}/advisor/api/tickets`, { headers: { cookie } })).status).toBe(401);
    expect((await login(worker, { email, key: await clientKey(email, 'first password for leila') })).status).toBe(401);
    expect((await login(worker, { email, key: await clientKey(email, 'second password for leila') })).status).toBe(200);
    await worker.db.executeMultiple(cli(['disable', '--email', email, '--sql', join(dir, 'disable.sql')]));
    expect((await login(worker, { email, key: await clientKey(email, 'second password for leila') })).status).toBe(401);
  });
});
