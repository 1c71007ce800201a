import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAKE_BOT } from '../../test/support/fakeTelegramApi.js';
import { startChild, type Child } from './child.js';
import { readStartCommand, startHeapFlags } from './startCommand.js';
import { BENCH_BOT_TOKEN, BENCH_PUBLIC_URL, WEBHOOK_SECRET } from './workload.js';

export interface ServerHandle {
  child: Child;
  url: string;
  stop(): Promise<void>;
}

/** A fresh directory for one database file (removed by stop). */
export async function tempDir(name: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `tawjih-bench-${name}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function startBare(): Promise<ServerHandle> {
  const child = startChild('servers/bare.ts');
  const { port } = await child.next<{ port: number }>('ready', 60_000);
  return { child, url: `http://127.0.0.1:${port}`, stop: () => child.stop() };
}

export async function startFakeApi(): Promise<ServerHandle> {
  const child = startChild('servers/fakeBotApi.ts');
  const { url } = await child.next<{ url: string }>('ready', 60_000);
  return { child, url, stop: () => child.stop() };
}

/**
 * The environment of the real server: the "start" script's own variables (the C allocator's, as
 * `npm start` sets them), Telegram webhook mode, a file database (WAL), quiet logs.
 */
export function fullServerEnv(dbFile: string, apiUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...readStartCommand().env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${dbFile}`,
    LOG_LEVEL: 'error',
    TELEGRAM_BOT_TOKEN: BENCH_BOT_TOKEN,
    TELEGRAM_API_ROOT: apiUrl,
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    TELEGRAM_BOT_INFO: JSON.stringify(FAKE_BOT),
    PUBLIC_URL: BENCH_PUBLIC_URL,
    ...extra,
  };
}

/** servers/echo.ts: a turn's least possible work (no database, no decision), for the method's ceiling. */
export async function startEcho(apiUrl: string): Promise<ServerHandle> {
  const env = fullServerEnv('unused', apiUrl);
  const child = startChild('servers/echo.ts', env, startHeapFlags());
  const { port } = await child.next<{ port: number }>('ready', 60_000);
  return { child, url: `http://127.0.0.1:${port}`, stop: () => child.stop() };
}

export async function startFull(apiUrl: string, extra: Record<string, string> = {}): Promise<ServerHandle & { dbFile: string }> {
  const tmp = await tempDir('full');
  const dbFile = join(tmp.dir, 'tawjih.db');
  const child = startChild('servers/full.ts', fullServerEnv(dbFile, apiUrl, extra), startHeapFlags());
  const { port } = await child.next<{ port: number }>('ready', 120_000);
  return {
    child,
    dbFile,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await child.stop();
      await tmp.remove();
    },
  };
}
