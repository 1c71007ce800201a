import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { FakeTelegramApi } from './test/support/fakeTelegramApi.js';
import { FakeGraphApi } from './test/support/fakeGraphApi.js';

/**
 * `npm run test:worker`: the Worker (build/worker.js, as deployed) runs inside workerd with a D1
 * database. Telegram's and Meta's servers are fakes on 127.0.0.1, started here, in Node; the
 * tests read what the fakes received, and make them fail, through a small inspector endpoint.
 */
export default defineConfig(async () => {
  const telegram = await new FakeTelegramApi().start();
  const graph = await new FakeGraphApi().start();
  const inspector = createServer(async (req, res) => {
    // POST /fault?api=telegram&fault=error: the fake API on a bad day (fault=none: back to normal).
    const url = new URL(req.url ?? '/', 'http://inspector');
    if (req.method === 'POST' && url.pathname === '/fault') {
      const fault = url.searchParams.get('fault');
      await (url.searchParams.get('api') === 'graph' ? graph : telegram).setFault(fault === 'none' ? null : (fault as 'error'));
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ telegram: telegram.calls, graph: graph.calls }));
  });
  await new Promise<void>((r) => inspector.listen(0, '127.0.0.1', r));
  const inspectorUrl = `http://127.0.0.1:${(inspector.address() as AddressInfo).port}`;
  // The fakes live as long as the test run and must not keep it from exiting.
  for (const s of [inspector, (telegram as unknown as { server: { unref(): void } }).server, (graph as unknown as { server: { unref(): void } }).server]) s.unref();
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          d1Databases: ['DB'],
          bindings: {
            LOG_LEVEL: 'silent',
            PUBLIC_URL: 'https://tawjih.example.workers.dev',
            TELEGRAM_BOT_TOKEN: telegram.token,
            TELEGRAM_API_ROOT: telegram.url,
            TELEGRAM_WEBHOOK_SECRET: 'worker-secret-0123456789',
            TELEGRAM_BOT_INFO: JSON.stringify({ id: 7000000001, is_bot: true, first_name: 'tawjih', username: 'tawjih_test_bot' }),
            WHATSAPP_TOKEN: graph.token,
            WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId,
            WHATSAPP_APP_SECRET: 'workerappsecret0123456789abcdef',
            WHATSAPP_VERIFY_TOKEN: 'worker-verify-token-0123456789',
            WHATSAPP_API_ROOT: graph.apiRoot,
            OFFICE_HOURS: 'mon-sun 00:00-24:00',
            INSPECTOR_URL: inspectorUrl,
            TEST_MIGRATIONS: await readD1Migrations('./migrations'),
          },
        },
      }),
    ],
    test: { include: ['test/worker/**/*.test.ts'], testTimeout: 30_000 },
  };
});
