/** The machine's limit: a bare Hono route on @hono/node-server, nothing else. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { onCommand, report } from '../lib/child.js';

const app = new Hono();
app.all('/ok', (c) => c.text('ok'));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => report('ready', { port: info.port, pid: process.pid }));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
onCommand((command) => {
  if (command === 'cpu') {
    const c = process.cpuUsage();
    report('cpu', { userMs: c.user / 1000, systemMs: c.system / 1000 });
  }
});
