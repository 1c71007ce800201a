/**
 * When the database cannot write: a full disk and a read-only file system, for real (a tmpfs of a
 * few megabytes, test/support/smallDisk.ts; root only, as CI runs). The monitor hears it
 * (/healthz 503), the person is told the truth (not saved, try again later) and gets their text
 * back, nothing is lost once there is room again, and a start on such a disk stops with one line
 * that says why.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR, launchBrowser } from './support/browser.js';
import { canMountTmpfs, mountSmallDisk, type SmallDisk } from './support/smallDisk.js';
import { startTestServer, type TestServer } from './support/testServer.js';
import { WebchatPerson } from './support/webchatPerson.js';

const LOCALES = ['ar', 'fr', 'en', 'es', 'shi', 'ary'];
const root = typeof process.getuid === 'function' && process.getuid() === 0;

describe('the person is told the truth in their language', () => {
  it('"not saved, try again later" exists in all six languages of the web chat', () => {
    for (const l of LOCALES) {
      const strings = JSON.parse(readFileSync(`locales/${l}/web.json`, 'utf8')) as Record<string, string>;
      expect(strings.error_not_saved, l).toBeTruthy();
    }
  });
});

/** Starts `npm start`'s entry point on this database; what it printed and how it ended. */
function start(databaseUrl: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], { env: { ...process.env, PORT: '0', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stderr: r.stderr.trim(), stdout: r.stdout };
}

describe.skipIf(!canMountTmpfs())('a full disk (an 8 MB tmpfs)', () => {
  let disk: SmallDisk;
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    disk = mountSmallDisk(8);
    server = await startTestServer({ OFFICE_HOURS: 'mon-sun 00:00-24:00' }, { dir: disk.dir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    disk?.free();
    await server?.close();
    disk?.unmount();
  });

  it('/healthz answers 503; a message is refused as not saved; once there is room, everything works again', { timeout: 60_000 }, async () => {
    const person = new WebchatPerson(server.url, 'full-disk-person');
    await person.says('bonjour');
    await person.taps('Français');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // The write-ahead log emptied (as after a checkpoint), then the disk fills up.
    await server.db.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    disk.fill();

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { error: string }).error).toBe('the disk is full: the database cannot write');
    const refused = await person.post({ text: 'Je cherche un avocat à Agadir' });
    expect(refused.status).toBe(503);
    expect(refused.json).toEqual({ error: 'your message could not be saved; try again later', saved: false });

    disk.free();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await person.says('Je cherche un avocat à Agadir');
    expect(person.last.length).toBeGreaterThan(0);
    const stored = await server.db.execute("SELECT count(*) AS n FROM messages m JOIN conversations v ON v.id = m.conversation_id WHERE v.channel_user_id = 'full-disk-person' AND m.text = 'Je cherche un avocat à Agadir'");
    expect(Number(stored.rows[0]!.n)).toBe(1);
  });

  it('the web chat page says the message was not saved, in the person\'s language, and gives the text back', { timeout: 60_000 }, async () => {
    for (const [lang, expected] of [
      ['fr', "Votre message n'a pas pu être enregistré"],
      ['ar', 'تعذّر حفظ رسالتك'],
    ] as const) {
      const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: lang });
      page.setDefaultTimeout(10_000);
      await page.goto(`${server.url}/?lang=${lang}`);
      await page.click('#start');
      await page.locator('.msg.bot .choices button').first().waitFor();
      await server.db.execute('PRAGMA wal_checkpoint(TRUNCATE)');
      disk.fill();
      try {
        await page.fill('#text', 'Mon passeport a expiré, que faire ?');
        await page.click('#send');
        await page.locator('#status', { hasText: expected }).waitFor();
        expect(await page.inputValue('#text')).toBe('Mon passeport a expiré, que faire ?');
        expect(await page.locator('.msg.me.not-saved').count()).toBe(1);
        await page.screenshot({ path: join(ARTIFACTS_DIR, `webchat-not-saved-${lang}.png`) });
      } finally {
        disk.free();
        await page.close();
      }
    }
  });
});

describe('a start on a database that cannot write stops with one line saying why', () => {
  it.skipIf(!canMountTmpfs())('the disk is full', { timeout: 120_000 }, async () => {
    const disk = mountSmallDisk(8);
    try {
      const file = join(disk.dir, 'tawjih.db');
      await prepare(file);
      disk.fill();
      const r = start(`file:${file}`);
      expect(r.status).toBe(1);
      expect(r.stderr.split('\n')).toEqual([`tawjih: cannot start: the disk is full: the database (${file}) cannot grow. Free some space, then start again`]);
    } finally {
      disk.free();
      disk.unmount();
    }
  });

  it.skipIf(root && !canMountTmpfs())('the database is read-only', { timeout: 120_000 }, async () => {
    // Root ignores file permissions: there, a read-only file system (a tmpfs remounted read-only).
    const disk = root ? mountSmallDisk(8) : null;
    const dir = disk?.dir ?? mkdtempSync(join(tmpdir(), 'tawjih-ro-'));
    const file = join(dir, 'tawjih.db');
    try {
      // Migrated by another process (this one must hold nothing open there: a remount read-only needs that).
      const migrate = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts'], { env: { ...process.env, DATABASE_URL: `file:${file}` }, encoding: 'utf8' });
      expect(migrate.status, migrate.stderr).toBe(0);
      if (disk) disk.readOnly();
      else {
        chmodSync(file, 0o444);
        chmodSync(dir, 0o555);
      }
      const r = start(`file:${file}`);
      expect(r.status).toBe(1);
      expect(r.stderr.split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^tawjih: cannot start: the database is read-only \\(${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
    } finally {
      if (disk) {
        disk.writable();
        disk.unmount();
      } else {
        chmodSync(dir, 0o755);
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});

/** A migrated database with a message in it, closed, its write-ahead log emptied (a stopped service). */
async function prepare(file: string): Promise<void> {
  const server = await startTestServer({}, { dir: join(file, '..') });
  await new WebchatPerson(server.url, 'before-the-disk-filled').says('bonjour');
  await server.close();
  const db = createClient({ url: `file:${file}` });
  await db.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
}
