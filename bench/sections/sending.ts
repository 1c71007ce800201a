/**
 * 5. Sending under limits: the real server sends what its outbox holds (queued beforehand by real
 * turns, see sendSeedChild.ts) to the fake Bot API of test/support/fakeTelegramApi.ts, which
 * answers 429 (retry after 1 s) above 30 sendMessage calls in any second. Measured: messages per
 * second from the first sendMessage to the last, and the 429s received.
 */
import { join } from 'node:path';
import { FakeTelegramApi } from '../../test/support/fakeTelegramApi.js';
import { startChild } from '../lib/child.js';
import { fullServerEnv, tempDir } from '../lib/servers.js';
import { startHeapFlags } from '../lib/startCommand.js';
import { round, sleep } from '../lib/stats.js';
import { BENCH_BOT_TOKEN } from '../lib/workload.js';

export interface SendingResult {
  chats: number;
  queued: number;
  limitPerSecond: number;
  sent: number;
  seconds: number;
  rate: number;
  tooMany: number;
  /** Most sendMessage calls the fake accepted in any one-second window. */
  maxInOneSecond: number;
}

export async function runSending(opts: { quick: boolean; log: (s: string) => void }): Promise<SendingResult> {
  const chats = opts.quick ? 90 : 1500;
  const limitPerSecond = 30;
  const tmp = await tempDir('send');
  const dbFile = join(tmp.dir, 'tawjih.db');
  try {
    opts.log(`  queueing the replies of ${chats * 2} turns (${chats} chats: /start and a question) with no sender`);
    const seeder = startChild('sections/sendSeedChild.ts', {}, [], [dbFile, String(chats)]);
    const { pending: queued } = await seeder.next<{ pending: number }>('result');
    await seeder.stop();

    const fake = await new FakeTelegramApi(BENCH_BOT_TOKEN).start();
    fake.ratePerSecond = limitPerSecond;
    const server = startChild('servers/full.ts', fullServerEnv(dbFile, fake.url, { BENCH_BACKGROUND: '0' }), startHeapFlags());
    try {
      await server.next('ready', 120_000);
      opts.log(`  sending ${queued} messages to a fake Bot API that answers 429 above ${limitPerSecond}/s`);
      server.send('loop');
      const deadline = Date.now() + (queued / limitPerSecond) * 1000 * 2 + 30_000;
      while (fake.sent().length < queued && Date.now() < deadline) await sleep(200);
    } finally {
      await server.stop();
      await fake.stop();
    }
    const sent = fake.sent();
    const times = sent.map((c) => c.at).sort((a, b) => a - b);
    const seconds = times.length > 1 ? (times.at(-1)! - times[0]!) / 1000 : 0;
    let maxInOneSecond = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[j]! <= times[i]! - 1000) j++;
      maxInOneSecond = Math.max(maxInOneSecond, i - j + 1);
    }
    return {
      chats,
      queued,
      limitPerSecond,
      sent: sent.length,
      seconds: round(seconds),
      rate: round(seconds > 0 ? (sent.length - 1) / seconds : 0),
      tooMany: fake.tooMany.length,
      maxInOneSecond,
    };
  } finally {
    await tmp.remove();
  }
}
