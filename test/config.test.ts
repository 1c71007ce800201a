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
