/**
 * What one Bot API call costs the caller's CPU with each HTTP client Node offers:
 *   npx tsx bench/tools/httpClients.ts
 * A sendMessage-sized JSON POST to a server in another process (so that only the client is
 * measured), 8 calls in flight, kept-alive connections. grammY's default on Node is node-fetch
 * over Node's http agent; the server uses undici's request (src/runtime/undiciFetch.ts).
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import nodeFetch from 'node-fetch';
import { Agent, request } from 'undici';

const SERVER = `
const http = require('node:http');
const body = JSON.stringify({ ok: true, result: { message_id: 1, date: 1, chat: { id: 1, type: 'private' }, text: 'x'.repeat(300) } });
http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); }); })
  .listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<number>((resolve) => server.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
const url = `http://127.0.0.1:${port}/botTOKEN/sendMessage`;
const payload = JSON.stringify({ chat_id: 123456789, text: 'Bonjour, voici la réponse à votre question. '.repeat(8), reply_markup: { inline_keyboard: [[{ text: 'Menu', callback_data: 'm' }]] } });
const headers = { 'content-type': 'application/json' };
const httpAgent = new http.Agent({ keepAlive: true });
const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 30_000 });

const clients: Record<string, () => Promise<unknown>> = {
  'node-fetch (grammY default)': async () => (await nodeFetch(url, { method: 'POST', headers, body: payload, agent: httpAgent, signal: new AbortController().signal as never })).json(),
  'global fetch (undici inside Node)': async () => (await fetch(url, { method: 'POST', headers, body: payload, signal: new AbortController().signal })).json(),
  'undici request': async () => (await request(url, { dispatcher, method: 'POST', headers, body: payload, signal: new AbortController().signal })).body.json(),
};

const N = 20_000;
const inFlight = 8;
try {
  for (const round of [1, 2]) {
    for (const [name, call] of Object.entries(clients)) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      let started = 0;
      await Promise.all(Array.from({ length: inFlight }, async () => { while (started++ < N) await call(); }));
      const cpu = process.cpuUsage(cpu0);
      // The first round warms each client up; the second is printed.
      if (round === 2) console.log(`${name.padEnd(34)} ${((cpu.user + cpu.system) / N).toFixed(0).padStart(4)} µs of CPU a call, ${Math.round((N / (performance.now() - t0)) * 1000)} calls/s`);
    }
  }
} finally {
  server.kill();
  await dispatcher.close();
  httpAgent.destroy();
}
