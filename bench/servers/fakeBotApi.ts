/**
 * The fake Telegram Bot API (test/support/fakeTelegramApi.ts) in its own process, so that the
 * load generator does not slow its answers down. Command `calls`: counts by method.
 */
import { FakeTelegramApi } from '../../test/support/fakeTelegramApi.js';
import { BENCH_BOT_TOKEN } from '../lib/workload.js';
import { onCommand, report } from '../lib/child.js';

const fake = await new FakeTelegramApi(BENCH_BOT_TOKEN).start();
onCommand((command) => {
  if (command === 'calls') {
    const byMethod: Record<string, number> = {};
    for (const c of fake.calls) byMethod[c.method] = (byMethod[c.method] ?? 0) + 1;
    report('calls', byMethod);
  }
});
process.once('SIGTERM', () => void fake.stop().then(() => process.exit(0)));
report('ready', { url: fake.url, pid: process.pid });
