import { afterEach, describe, expect, it } from 'vitest';
import { FakeTelegramApi } from './support/fakeTelegramApi.js';
import { freePort, startNodeProcess, type NodeProcess } from './support/nodeProcess.js';
import { eventually } from './support/testServer.js';
import * as tg from './support/telegramUpdates.js';

/**
 * Issue 22's first finding, as an operator met it: `npm start` with Telegram configured (webhook
 * mode) while the Bot API cannot be reached. Before, the start awaited getMe, which grammY retries
 * silently for ever: nothing served, nothing logged. Now the web chat serves at once, the log says
 * once what is wrong, and Telegram connects by itself when it is back.
 */
const SECRET = 'start-secret-0123456789abcdef';
let proc: NodeProcess | null = null;
let api: FakeTelegramApi | null = null;
afterEach(async () => {
  await proc?.stop();
  await api?.stop();
  proc = null;
  api = null;
});

describe('npm start while the Telegram Bot API cannot be reached', () => {
  it('serves the web chat at once, says why Telegram is down (once, no token), and connects when Telegram is back', async () => {
    const telegramPort = await freePort(); // nothing listens there: connection refused
    const token = new FakeTelegramApi().token;
    proc = await startNodeProcess({
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: `http://127.0.0.1:${telegramPort}`,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://tawjih.example.org',
    });
    const url = proc.url;

    // The process serves: health, then a whole first exchange on the web chat.
    await eventually(async () => (await fetch(`${url}/healthz`)).status === 200, 'GET /healthz answers 200');
    const res = await fetch(`${url}/webchat/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: 'outage-start-web-1', text: 'bonjour' }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { replies: { text: string }[] }).replies.at(-1)!.text).toContain('Choisissez votre langue');

    // Monitoring sees Telegram down, and why.
    const channels = await eventually(async () => {
      const r = await fetch(`${url}/healthz/channels`);
      const body = (await r.json()) as { status: string; channels: Record<string, { state: string; reason?: string }> };
      return r.status === 503 && body.channels.telegram?.state === 'down' ? body : null;
    }, 'telegram reported down');
    expect(channels).toMatchObject({ status: 'degraded', channels: { telegram: { state: 'down', reason: 'unreachable' } } });

    // A person writes on Telegram meanwhile: the webhook takes it (Telegram will not lose it).
    const update = tg.textUpdate(7001, 'bonjour');
    const hook = await fetch(`${url}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
    expect(hook.status).toBe(200);

    // Telegram comes back where tawjih looks for it (the webhook registered, as `telegram:webhook set` left it).
    api = new FakeTelegramApi(token);
    api.webhookUrl = 'https://tawjih.example.org/telegram/webhook';
    await api.start(telegramPort);
    const sent = await eventually(() => api!.sent(7001).length > 0 && api!.sent(7001), 'the held reply reaches Telegram', 60_000);
    expect(String(sent[0]!.payload.text)).toContain('Bienvenue sur tawjih');
    await eventually(async () => (await fetch(`${url}/healthz/channels`)).status === 200, 'every channel up again', 60_000);
    expect(api.sent(7001)).toHaveLength(1); // once

    // The log: one warning while down (the channel, the reason), one line when back; never the token.
    const logs = proc.logs();
    expect(logs.filter((l) => l.event === 'channel.down')).toEqual([expect.objectContaining({ level: 'warn', channel: 'telegram', reason: 'unreachable' })]);
    expect(logs.filter((l) => l.event === 'channel.up')).toEqual([expect.objectContaining({ level: 'info', channel: 'telegram' })]);
    expect(proc.output()).not.toContain(token.split(':')[1]!);
    expect(proc.exited()).toBe(false);
  }, 120_000);
});
