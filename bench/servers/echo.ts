/**
 * The least a server could do for a turn, to measure what the benchmark's own method allows on this
 * machine (bench/tools/turnCeiling.ts): each Telegram update posted to /telegram/webhook is
 * answered 200, then one sendMessage goes to the fake Bot API through the same HTTP client as the
 * real server's (undici). No database, no decision, nothing kept. Commands as servers/full.ts
 * (`cpu`, `inbox`: nothing ever waits).
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { undiciFetch } from '../../src/runtime/undiciFetch.js';
import { onCommand, report } from '../lib/child.js';

const apiRoot = process.env.TELEGRAM_API_ROOT!;
const token = process.env.TELEGRAM_BOT_TOKEN!;
const secret = process.env.TELEGRAM_WEBHOOK_SECRET!;
const { fetch } = undiciFetch();

type Update = { message?: { chat: { id: number } }; callback_query?: { message?: { chat: { id: number } } } };
const app = new Hono();
app.post('/telegram/webhook', async (c) => {
  if (c.req.header('x-telegram-bot-api-secret-token') !== secret) return c.text('forbidden', 403);
  const update = await c.req.json<Update>();
  const chatId = update.message?.chat.id ?? update.callback_query?.message?.chat.id;
  if (chatId !== undefined) {
    setImmediate(() => {
      void fetch(`${apiRoot}/bot${token}/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: chatId, text: 'ok' }),
      })
        .then((res) => res.text())
        .catch(() => undefined);
    });
  }
  return c.text('');
});

const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => report('ready', { port: info.port, pid: process.pid }));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
onCommand((command) => {
  if (command === 'cpu') {
    const c = process.cpuUsage();
    const t = process.threadCpuUsage();
    report('cpu', { userMs: c.user / 1000, systemMs: c.system / 1000, loopBusyMs: performance.eventLoopUtilization().active, mainThreadCpuMs: (t.user + t.system) / 1000, loopDelayP99Ms: loopDelay.percentile(99) / 1e6, loopDelayMaxMs: loopDelay.max / 1e6 });
    loopDelay.reset();
  } else if (command === 'inbox') {
    report('inbox', {});
  }
});
