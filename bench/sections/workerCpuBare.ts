/**
 * bench:worker's measurements of our Worker alone in workerd (bench/lib/bareWorkerd.ts: no
 * Miniflare entry worker in front), on which the 10 ms target is judged.
 */
import { migrateDatabase, openDatabase } from '../../src/storage/openDatabase.js';
import { FakeHranaServer } from '../../test/support/fakeHranaServer.js';
import { FAKE_BOT, FakeTelegramApi } from '../../test/support/fakeTelegramApi.js';
import { textUpdate } from '../../test/support/telegramUpdates.js';
import { startBareWorkerd } from '../lib/bareWorkerd.js';
import { settledCpuMs } from '../lib/workerdCpu.js';
import { BUNDLE, cpuOf, messageInit, runConversations, SCRIPT, VARS, type WorkerCpuResult } from '../lib/workerScript.js';

const TELEGRAM_SECRET = 'bench-webhook-secret-0123456789';

/**
 * Our Worker alone in workerd, as Cloudflare runs it (bench/lib/bareWorkerd.ts), the database a
 * libSQL server in this process over HTTP (on Cloudflare, D1 runs outside the isolate too). The
 * process runs nothing else: its CPU is our isolate's (JavaScript, garbage collection) and
 * workerd's (HTTP in and out).
 */
export async function measureWorkerCpuInBareWorkerd(conversations = 60): Promise<WorkerCpuResult & { start_ms: number; main: WorkerCpuResult }> {
  const { client, db } = await openDatabase(':memory:');
  await migrateDatabase(db);
  const hrana = await new FakeHranaServer(client).start();
  try {
    const workerd = await startBareWorkerd(BUNDLE, { ...VARS, DATABASE_URL: hrana.url, DATABASE_AUTH_TOKEN: hrana.token });
    try {
      const startMs = (await settledCpuMs(workerd.pid)).all;
      const url = `${workerd.url}/webchat/api/messages`;
      return { ...(await runConversations(workerd.pid, conversations, (init) => fetch(url, init))), start_ms: startMs };
    } finally {
      await workerd.stop();
    }
  } finally {
    await hrana.stop();
    client.close();
  }
}

/**
 * The first request of `isolates` fresh workerd processes, our Worker alone: a web chat greeting,
 * or, with Telegram configured (webhook mode, a fake Bot API on 127.0.0.1), a Telegram update
 * posted to the webhook (its replies' sends included: the request waits for them). One isolate's
 * first request moves by a few milliseconds from one launch to the next: the target is judged on
 * several.
 */
export async function measureFirstRequests(kind: 'webchat' | 'telegram', isolates = 5): Promise<number[]> {
  const telegram = await new FakeTelegramApi().start();
  try {
    const firsts: number[] = [];
    for (let i = 0; i < isolates; i++) {
      const { client, db } = await openDatabase(':memory:');
      await migrateDatabase(db);
      const hrana = await new FakeHranaServer(client).start();
      try {
        const telegramBindings = {
          PUBLIC_URL: 'https://tawjih.example.workers.dev',
          TELEGRAM_BOT_TOKEN: telegram.token,
          TELEGRAM_API_ROOT: telegram.url,
          TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
          TELEGRAM_BOT_INFO: JSON.stringify(FAKE_BOT),
        };
        const workerd = await startBareWorkerd(BUNDLE, { ...VARS, DATABASE_URL: hrana.url, DATABASE_AUTH_TOKEN: hrana.token, ...(kind === 'telegram' ? telegramBindings : {}) });
        try {
          await settledCpuMs(workerd.pid);
          const send =
            kind === 'telegram'
              ? () => fetch(`${workerd.url}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET }, body: JSON.stringify(textUpdate(600_000_000 + i, 'bonjour')) })
              : () => fetch(`${workerd.url}/webchat/api/messages`, messageInit(`first-request-${i}`, SCRIPT[0]!));
          const used = await cpuOf(workerd.pid, send);
          firsts.push(used.all);
        } finally {
          await workerd.stop();
        }
      } finally {
        await hrana.stop();
        client.close();
      }
    }
    return firsts;
  } finally {
    await telegram.stop();
  }
}
