import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { parseConfig, type Config } from '../../src/config/configSchema.js';
import { createNodeApp, type NodeApp } from '../../src/runtime/startNode.js';
import { loadContent } from '../../src/app/loadContent.js';
import { readContentDir } from '../../src/runtime/readContentDir.js';
import type { Content } from '../../src/content/contentTypes.js';
import type { KnowledgeIndex } from '../../src/knowledge/searchKnowledge.js';
import { buildKnowledgeIndex } from '../../src/knowledge/buildKnowledgeIndex.js';
import type { Clock } from '../../src/core/ports.js';
import type { Logger } from '../../src/core/assistantDeps.js';
import type { WhatsAppWebClientFactory } from '../../src/channels/whatsappWeb/whatsAppWebClient.js';
import { ManualClock, MemoryLogger } from './testServer.js';
import type { Resilience } from '../../src/health/healthBoard.js';

let content: Content | null = null;
let index: KnowledgeIndex | null = null;
/** The shipped content, read once per test file. */
export async function shippedContent(): Promise<Content> {
  content ??= loadContent(await readContentDir(process.cwd()));
  return content;
}
/** Its search index, built once per test file (it is read-only). */
export async function shippedIndex(): Promise<KnowledgeIndex> {
  index ??= buildKnowledgeIndex(await shippedContent());
  return index;
}

export interface TestApp extends NodeApp {
  dir: string;
  dbFile: string;
  config: Config;
  /** A second connection to the same database file, to check what was stored. */
  db: Client;
  /** A request to the app's fetch handler, in this process (no socket). */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** The process dies and a new one starts on the same database (what was recorded is resumed). */
  restart(): Promise<void>;
  /** Every turn accepted by a webhook has run, and the outbox has sent what it could. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * tawjih as `npm start` builds it (createNodeApp), on a fresh libSQL file, without a socket: tests
 * call `request()`, which goes through the same Hono app. No background timer unless asked
 * (`background: true`): `settle()` runs the turns and the outbox; the clock is the test's. Telegram and WhatsApp Cloud, when
 * configured, talk to fake APIs on 127.0.0.1 (test/support/fakeTelegramApi.ts, fakeGraphApi.ts).
 */
export async function startTestApp(env: Record<string, string> = {}, opts: { clock?: Clock; log?: Logger; background?: boolean; whatsappWebClient?: WhatsAppWebClientFactory; resilience?: Resilience; /** Where the database goes (a small disk); default: a new temporary directory. */ dir?: string } = {}): Promise<TestApp> {
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'tawjih-app-')));
  const dbFile = join(dir, 'tawjih.db');
  const parsed = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${dbFile}`, LOG_LEVEL: 'silent', ...env });
  if (!parsed.ok) throw new Error(parsed.message);
  const config = parsed.config;
  const clock = opts.clock ?? new ManualClock();
  const log = opts.log ?? new MemoryLogger();
  const build = async () =>
    createNodeApp(config, { clock, log, background: opts.background ?? false, content: await shippedContent(), index: await shippedIndex(), ...(opts.whatsappWebClient ? { whatsappWebClient: opts.whatsappWebClient } : {}), ...(opts.resilience ? { resilience: opts.resilience } : {}) });
  let node = await build();
  const db = createClient({ url: `file:${dbFile}` });
  const t: TestApp = {
    get app() {
      return node.app;
    },
    get loop() {
      return node.loop;
    },
    log,
    get ready() {
      return node.ready;
    },
    fetch: (request) => node.fetch(request),
    dir,
    dbFile,
    config,
    db,
    stop: () => node.stop(),
    request: async (path, init) => node.fetch(new Request(`http://127.0.0.1${path}`, init)),
    async restart() {
      await node.stop();
      node = await build();
    },
    async settle() {
      await node.app.assistant.idle();
      await node.app.outbox.kick();
    },
    async close() {
      db.close();
      await node.stop();
      if (!opts.dir) await rm(dir, { recursive: true, force: true });
    },
  };
  return t;
}
