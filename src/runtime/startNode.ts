import type { LiveStreamTiming } from '../console/consoleEvents.js';
import { serve, type ServerType } from '@hono/node-server';
import { access, constants } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Config } from '../config/configSchema.js';
import type { Content } from '../content/contentTypes.js';
import type { KnowledgeIndex } from '../knowledge/searchKnowledge.js';
import { composeApp, composeLoop, type ComposedApp } from '../app/composeApp.js';
import { loadContent } from '../app/loadContent.js';
import { createLogger } from '../app/logger.js';
import { readContentDir } from './readContentDir.js';
import { systemClock } from '../core/ids.js';
import type { Clock } from '../core/ports.js';
import type { Logger } from '../core/assistantDeps.js';
import { createStores } from '../app/createStores.js';
import type { BackgroundLoop } from '../app/backgroundLoop.js';
import { isRemoteDatabase, migrateDatabase, openDatabase } from '../storage/openDatabase.js';
import { databasePlace, DatabaseUnusableError, storageFailureOf } from '../storage/storageFailure.js';
import { HealthBoard, type Resilience } from '../health/healthBoard.js';
import { keepTrying, type KeepTrying } from '../health/keepTrying.js';
import { isDatabaseUnavailable } from '../storage/databaseUnavailable.js';
import { DATABASE_UNAVAILABLE } from '../http/createHttpApp.js';
import { processEnvironment } from './environment.js';
import { createRealWhatsAppWebClient, whatsAppSessionDir } from '../channels/whatsappWeb/createRealWhatsAppWebClient.js';
import type { WhatsAppWebClientFactory } from '../channels/whatsappWeb/whatsAppWebClient.js';
import { createWhatsAppWebChannel } from '../channels/whatsappWeb/whatsAppWebChannel.js';
import { undiciFetch } from './undiciFetch.js';

export interface RunningNode {
  app: ComposedApp;
  loop: BackgroundLoop;
  /** Resolves once the database is ready (at once on a local file; a remote one may be down at start). */
  ready: Promise<void>;
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts tawjih on Node with a parsed config; used by runtime/node.ts and by tests. */
export interface StartOptions {
  root?: string;
  clock?: Clock;
  log?: Logger;
  /** false: tests drive the outbox and retries themselves (loop.runOnce). */
  background?: boolean;
  /** With WHATSAPP_WEB=1: the whatsapp-web.js client (tests give a fake; default: the real one). */
  whatsappWebClient?: WhatsAppWebClientFactory;
  /** Content already loaded, and its search index (tests that build many apps); default: read from `root`. */
  content?: Content;
  index?: KnowledgeIndex;
  /** Timeouts and backoff for the channels' APIs and a remote database (tests shorten them). */
  resilience?: Resilience;
  /** false: console passwords are checked only through the sign-in page's key, as on Workers (tests of that path). */
  serverHashing?: boolean;
  /** The console's live stream (tests shorten its ping). */
  liveStream?: LiveStreamTiming;
  /** Tickets on a page of the console's queue (tests of the pages; default 200). */
  queuePageSize?: number;
}

/**
 * The database, migrated, and proved writable before anything is accepted: a full disk or a
 * read-only file stops the start with one line that says so (DatabaseUnusableError), rather than
 * a service that answers and stores nothing.
 */
/** A remote database is not this machine's: it is opened at once and migrated once it answers. */
async function openRemoteStores(config: Config, clock: Clock, options: Parameters<typeof openDatabase>[2]) {
  const { client, db } = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN, options);
  return { stores: createStores(db, client, () => clock.now()), migrate: () => migrateDatabase(db) };
}

/** A local file is this machine's: if it cannot be migrated or written, the start stops and says why in one line. */
async function openStores(config: Config, clock: Clock) {
  const place = databasePlace(config.DATABASE_URL);
  try {
    const { client, db } = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
    await migrateDatabase(db);
    const stores = createStores(db, client, () => clock.now());
    await stores.conversations.probeWrite(clock.now());
    return stores;
  } catch (error) {
    let kind = storageFailureOf(error);
    // SQLite says only "unable to open" or "I/O error" on a read-only file system or file: ask it.
    if (kind === 'io' && config.DATABASE_URL.startsWith('file:') && !(await writable(place))) kind = 'read_only';
    throw kind ? new DatabaseUnusableError(kind, place, error) : error;
  }
}

/** The database file (or, before it exists, its directory) can be written by this process. */
async function writable(file: string): Promise<boolean> {
  for (const path of [file, dirname(file)]) {
    try {
      await access(path, constants.W_OK);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
    }
  }
  return true;
}

/** tawjih on Node, everything but the HTTP server: the app, its background loop, its database. */
export interface NodeApp {
  app: ComposedApp;
  loop: BackgroundLoop;
  log: Logger;
  /**
   * The app's fetch handler as the server serves it: until the database is ready (a remote one
   * that is down at start), every request but /healthz/channels gets a 503.
   */
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
  /** Resolves once the database is ready and the work a previous process left is resumed (tests). */
  ready: Promise<void>;
  /** Stops the channels, the turns under way and the loop, and closes the database. */
  stop(): Promise<void>;
}

/**
 * Builds the app on its database, resumes what a previous process left unfinished and starts the
 * background loop (unless `background: false`). startNode serves it; tests call `app.http.request`.
 */
export async function createNodeApp(config: Config, opts: StartOptions = {}): Promise<NodeApp> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const env = processEnvironment();
  const content = opts.content ?? loadContent(await readContentDir(opts.root ?? env.root));
  const clock = opts.clock ?? systemClock;
  const resilience = opts.resilience ?? {};
  const health = new HealthBoard({ clock, log, ...(resilience.backoff ? { backoff: resilience.backoff } : {}) });
  const remote = isRemoteDatabase(config.DATABASE_URL);
  const { stores, migrate } = remote
    ? await openRemoteStores(config, clock, { health: health.trackDatabase(), ...(resilience.databaseTimeoutMs ? { timeoutMs: resilience.databaseTimeoutMs } : {}) })
    : { stores: await openStores(config, clock), migrate: async () => {} };
  const whatsappWebClient =
    opts.whatsappWebClient ??
    (() => createRealWhatsAppWebClient({ sessionDir: whatsAppSessionDir(config.DATABASE_URL), chromiumPath: config.WHATSAPP_CHROMIUM_PATH, asRoot: env.runsAsRoot }));
  // The Bot API's and the Graph API's calls through undici (a quarter of node-fetch's CPU a call).
  const apiClient = undiciFetch();
  const app = composeApp({ config, content, stores, whatsappWebClient, whatsappWebChannel: createWhatsAppWebChannel, clock, log, health, resilience,
    // A long-running process: webhooks answer once the message is recorded, its turn runs right after.
    webhookAck: 'recorded',
    compressResponses: true,
    apiFetch: apiClient.fetch,
    ...(opts.index ? { index: opts.index } : {}),
    ...(opts.serverHashing === false ? { serverHashing: false } : {}),
    ...(opts.liveStream ? { liveStream: opts.liveStream } : {}),
    ...(opts.queuePageSize ? { queuePageSize: opts.queuePageSize } : {}),
  });
  const loop = composeLoop(app, { config, stores, clock, log });
  // Nothing is sent before what a previous process left "sending" is back in line (below).
  app.outbox.hold();
  // Each channel connects in the background (Telegram: getMe, then the webhook check or long
  // polling; WhatsApp Cloud: the token; the linked phone: its browser), retried with capped
  // backoff: the web chat and the console serve at once, whatever Telegram or Meta are doing.
  for (const channel of app.channels) await channel.start?.();

  let ready = false;
  let stopping = false;
  const prepare = async () => {
    await migrate();
    // Work a previous process left unfinished (a crash, a kill) is resumed before serving.
    const interrupted = await stores.outbox.requeueInterrupted(clock.now());
    if (interrupted) log.warn('started.outbox_interrupted', { count: interrupted });
    const resumed = await app.assistant.resumePending(clock.now());
    if (resumed) log.warn('started.resumed_turns', { count: resumed });
    if (stopping) return;
    ready = true;
    app.outbox.release();
    if (opts.background !== false) loop.start();
    log.info('started', { articles: content.articles.length });
  };
  let preparing: KeepTrying | null = null;
  let readyPromise: Promise<void>;
  if (!remote) {
    await prepare();
    readyPromise = Promise.resolve();
  } else {
    // A remote database that is down at start: serve 503s (and /healthz/channels) meanwhile, try again with backoff.
    preparing = keepTrying(async () => {
      try {
        await prepare();
        return true;
      } catch (error) {
        if (!isDatabaseUnavailable(error) && !health.database.down) log.error('started.database_failed', { error: error instanceof Error ? error.name : 'unknown' });
        return false;
      }
    }, resilience.backoff);
    readyPromise = preparing.done;
  }
  return {
    app,
    loop,
    log,
    ready: readyPromise,
    // `env` is the Node server's own request and response (`incoming`, `outgoing`): the client's
    // address (login limits), the body read straight from the socket, the connection closed
    // after a 413. Dropping it made every client "unknown", one bucket for all (docs/security.md).
    fetch(request, env) {
      if (ready || new URL(request.url).pathname === '/healthz/channels') return app.http.fetch(request, env as never);
      return Response.json(DATABASE_UNAVAILABLE, { status: 503, headers: { 'retry-after': '30' } });
    },
    async stop() {
      stopping = true;
      preparing?.stop();
      for (const channel of app.channels) await channel.stop?.();
      // Turns under way end; recorded messages not started yet wait on disk for the next start.
      await app.assistant.stop();
      await loop.stop();
      await stores.conversations.close();
      await apiClient.close().catch(() => undefined);
    },
  };
}

export async function startNode(config: Config, opts: StartOptions = {}): Promise<RunningNode> {
  const node = await createNodeApp(config, opts);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: node.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
  });
  // An idle kept-alive connection is closed by the client (or the proxy in front), not by us: when
  // the server closed first, a client reusing it at that moment got ECONNRESET (Node's default, 5 s,
  // is shorter than most proxies' and clients'). Node needs headersTimeout above it.
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  node.log.info('serving', { url: `http://${config.HOST}:${port}` });
  return {
    app: node.app,
    loop: node.loop,
    ready: node.ready,
    port,
    url: `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`,
    async stop() {
      // No new requests first; then the rest.
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await node.stop();
    },
  };
}
