import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/configSchema.js';

describe('configuration', () => {
  it('has defaults that work on one machine', () => {
    const r = parseConfig({});
    expect(r).toEqual({
      ok: true,
      config: expect.objectContaining({ PORT: 8787, HOST: '127.0.0.1', DATABASE_URL: 'file:data/tawjih.db', DEFAULT_LOCALE: 'fr', TZ_CENTER: 'Africa/Casablanca' }),
    });
    expect(r.ok && r.config.PUBLIC_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://x' }, 'DATABASE_URL'],
    [{ DEFAULT_LOCALE: 'de' }, 'DEFAULT_LOCALE'],
    [{ TZ_CENTER: 'Mars/Olympus' }, 'TZ_CENTER'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
  ])('a bad value names the variable: %o', (env, name) => {
    const r = parseConfig(env);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(new RegExp(`^Invalid ${name} `));
  });

  it('npm start with a bad value stops with one clear line', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], { env: { ...process.env, PORT: 'eighty' }, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^tawjih: Invalid PORT \("eighty"\): /)]);
  });
});

describe('secrets are never printed', () => {
  const TOKEN = '987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
  const SECRETS: [string, string, RegExp][] = [
    // A trailing space (copied with the token), a secret with a space inside, one too short.
    ['TELEGRAM_BOT_TOKEN', `${TOKEN} `, /ends with a space/],
    ['WHATSAPP_APP_SECRET', 'a1b2c3d4e5f6 a7b8c9d0e1f2a3b4', /contains a space/],
    ['WHATSAPP_TOKEN', 'EAAGm0PX4ZC', /11 characters/],
    ['TELEGRAM_WEBHOOK_SECRET', 'short-secret', /12 characters/],
    ['WHATSAPP_VERIFY_TOKEN', 'Vq9xL2mP7r Tz4kW8nY3bJ6', /contains a space/],
  ];

  it.each(SECRETS)('a bad %s: the message names it and says what is wrong, never its value', (name, value, what) => {
    const r = parseConfig({ [name]: value });
    expect(r.ok).toBe(false);
    const message = !r.ok ? r.message : '';
    expect(message).toMatch(new RegExp(`^Invalid ${name} `));
    expect(message).toMatch(what);
    // Not the value, nor any 6 characters of it in a row.
    for (let i = 0; i + 6 <= value.trim().length; i++) expect(message, value.trim().slice(i, i + 6)).not.toContain(value.trim().slice(i, i + 6));
  });

  it('npm start with a token copied with a trailing space: one line, no token (journald keeps what is printed)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], { env: { ...process.env, TELEGRAM_BOT_TOKEN: `${TOKEN} ` }, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^tawjih: Invalid TELEGRAM_BOT_TOKEN \(45 characters, ends with a space\): /)]);
    expect(r.stderr + r.stdout).not.toContain('AAHdqTcvCH1vGWJx');
  });
});
