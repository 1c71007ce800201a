import { WORKER_LIVE_STREAM } from '../console/consoleEvents.js';
import { drizzle as drizzleD1 } from 'drizzle-orm/d1';
import { composeApp, composeLoop, type ComposedApp } from '../app/composeApp.js';
import type { BackgroundLoop } from '../app/backgroundLoop.js';
import { createLogger } from '../app/logger.js';
import { createStores } from '../app/createStores.js';
import type { PreparedContent } from '../app/prepareContent.js';
import { parseConfig, type Config } from '../config/configSchema.js';
import type { Content } from '../content/contentTypes.js';
import { systemClock } from '../core/ids.js';
import { HealthBoard } from '../health/healthBoard.js';
import type { Database } from '../storage/database.js';
import { d1OverLibsql } from '../storage/d1OverLibsql.js';
import { guardedFetch } from '../storage/guardedFetch.js';
import { hranaHttpClient } from '../storage/hranaHttpClient.js';
import { d1SqlClient, type D1Like, type SqlClient } from '../storage/sqlClient.js';

export interface WorkerEnv {
  /** The D1 database (wrangler.toml [[d1_databases]]). */
  DB?: D1Like;
  [name: string]: unknown;
}
export interface Built {
  app: ComposedApp;
  loop: BackgroundLoop;
  config: Config;
}

/**
 * The Worker's app from its bindings: configuration (the string bindings), the database (D1 bound
 * as DB, or DATABASE_URL=libsql://… for a remote libSQL), the stores, the channels and the
 * console, and the background loop run by the Cron Trigger. Only wiring: nothing is read, written
 * or sent, so it may run at a module's start.
 */
export function buildWorkerApp(env: WorkerEnv, content: Content, prepared: PreparedContent): Built | Error {
  const vars = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const parsed = parseConfig({ DATABASE_URL: env.DB ? ':memory:' : undefined, ...vars });
  if (!parsed.ok) return new Error(parsed.message);
  const config = parsed.config;
  const log = createLogger(config.LOG_LEVEL);
  const clock = systemClock;
  // Per isolate: what this isolate saw of each channel (and of a remote database).
  const health = new HealthBoard({ clock, log });
  let d1: D1Like;
  if (/^(libsql|https?):/.test(config.DATABASE_URL)) {
    // A remote libSQL database (Turso), through the same D1 driver as Cloudflare's own database;
    // each call with a deadline (a stalled database answers 503, not a request that hangs).
    d1 = d1OverLibsql(hranaHttpClient(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN, guardedFetch(health.trackDatabase())) as never);
  } else if (env.DB) {
    d1 = env.DB;
  } else {
    return new Error('No database: bind a D1 database as DB, or set DATABASE_URL=libsql://…');
  }
  // No schema: the stores use no relational queries, and drizzle builds its relations from the
  // schema at every call (~2 ms of CPU in the request that makes the app).
  const db = drizzleD1(d1 as never) as unknown as Database;
  const sql: SqlClient = d1SqlClient(d1);
  const stores = createStores(db, sql, () => clock.now());
  const app = composeApp({
    config,
    content,
    prepared,
    stores,
    clock,
    log,
    health,
    telegramMode: 'webhook',
    // No socket here: Cloudflare sets CF-Connecting-IP (and overwrites what a client sent).
    addressSource: 'cloudflare',
    // Workers refuse 600,000 PBKDF2 iterations (and allow 10 ms of CPU): the sign-in page derives the key.
    serverHashing: false,
    // The console's live stream: one isolate's hub misses other isolates' changes, read from the database.
    liveStream: WORKER_LIVE_STREAM,
    // A page of the queue: 60 waiting tickets on one page cost 13-17 ms of CPU (docs/performance.md).
    queuePageSize: 25,
  });
  const loop = composeLoop(app, { config, stores, clock, log });
  return { app, loop, config };
}
