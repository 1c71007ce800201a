import { serve, type ServerType } from '@hono/node-server';
import type { Config } from '../config/configSchema.js';
import { composeApp, type ComposedApp } from '../app/composeApp.js';
import { loadContent } from '../app/loadContent.js';
import { createLogger } from '../app/logger.js';
import { readContentDir } from '../content/readContentDir.js';
import { systemClock } from '../core/ids.js';
import type { Clock } from '../core/ports.js';
import { LibsqlStore } from '../storage/libsqlStore.js';
import { migrateDatabase, openDatabase } from '../storage/openDatabase.js';

export interface RunningNode {
  app: ComposedApp;
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts tawjih on Node with a parsed config; used by runtime/node.ts and by tests. */
export async function startNode(config: Config, opts: { root?: string; clock?: Clock } = {}): Promise<RunningNode> {
  const log = createLogger(config.LOG_LEVEL);
  const content = loadContent(await readContentDir(opts.root ?? process.cwd()));
  const { client, db } = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  await migrateDatabase(db);
  const clock = opts.clock ?? systemClock;
  const store = new LibsqlStore(db, client, () => clock.now());
  const app = composeApp({ config, content, store, clock, log });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.http.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  log.info('started', { url: `http://${config.HOST}:${port}`, articles: content.articles.length });
  return {
    app,
    port,
    url: `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
