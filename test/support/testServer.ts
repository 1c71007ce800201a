import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { parseConfig, type Config } from '../../src/config/configSchema.js';
import { startNode, type RunningNode, type StartOptions } from '../../src/runtime/startNode.js';
import type { Clock } from '../../src/core/ports.js';
import type { Logger } from '../../src/core/assistantDeps.js';

export interface TestServer extends RunningNode {
  dir: string;
  dbFile: string;
  /** A second connection to the same database file, to check what was stored. */
  db: Client;
  close(): Promise<void>;
}

/** The real server on 127.0.0.1, a free port and a fresh libSQL file. */
export async function startTestServer(env: Record<string, string> = {}, opts: StartOptions & { /** Where the database goes (a small disk); default: a new temporary directory. */ dir?: string } = {}): Promise<TestServer> {
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'tawjih-test-')));
  const dbFile = join(dir, 'tawjih.db');
  const parsed = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${dbFile}`, LOG_LEVEL: 'silent', ...env });
  if (!parsed.ok) throw new Error(parsed.message);
  const running = await startNode(parsed.config as Config, opts);
  const db = createClient({ url: `file:${dbFile}` });
  return {
    ...running,
    dir,
    dbFile,
    db,
    async close() {
      db.close();
      await running.stop();
      if (!opts.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
  /** Moves the clock to this instant (and lets it run from there). */
  set(at: number): void {
    this.offset = at - Date.now();
  }
}

/** A logger that keeps what it was told, for tests that check what is (and is not) logged. */
export class MemoryLogger implements Logger {
  readonly lines: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
  info(event: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'info', event, ...(fields ? { fields } : {}) });
  }
  warn(event: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'warn', event, ...(fields ? { fields } : {}) });
  }
  error(event: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'error', event, ...(fields ? { fields } : {}) });
  }
  events(): string[] {
    return this.lines.map((l) => l.event);
  }
}

/** Waits (generously) until a condition holds: for what happens in the background (a channel connecting, a lane sending). */
export async function eventually<T>(check: () => T | Promise<T>, what: string, timeoutMs = 20_000): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const start = Date.now();
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
    } catch {
      /* not yet */
    }
    if (Date.now() - start > timeoutMs) throw new Error(`not in ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
