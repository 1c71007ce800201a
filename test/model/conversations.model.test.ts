import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { sequence, type Model } from './commands.js';
import { World } from './world.js';
import { stats } from './stats.js';

/**
 * Conversations that never break, as a property: random sequences of what people and advisors
 * do, through the real Hono app on a libSQL file, on the web chat, Telegram and WhatsApp Cloud
 * (fake APIs on 127.0.0.1), with restarts. After every step the invariants of
 * test/model/invariants.ts are checked. `npm run test:model -- --runs N` runs more sequences;
 * a failure prints the seed and the shrunk sequence (fast-check).
 */
const RUNS = Number(process.env.MODEL_RUNS ?? 200);
const STEPS = Number(process.env.MODEL_STEPS ?? 30);
const SEED = process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : undefined;

let world: World;
beforeAll(async () => {
  world = new World();
  await world.start();
});
afterAll(async () => {
  await world?.stop();
  if (process.env.MODEL_STATS) console.log(Object.fromEntries([...stats].sort()));
});

describe('conversations that never break (model-based)', () => {
  it(`${RUNS} random sequences of ${STEPS} steps keep every invariant`, async () => {
    await fc.assert(
      fc.asyncProperty(sequence(STEPS), async (cmds) => {
        await world.newSequence();
        const model: Model = { persons: world.persons };
        await fc.asyncModelRun(() => ({ model, real: world }), cmds);
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), verbose: 1, endOnFailure: process.env.MODEL_SHRINK === '0' },
    );
  }, 20 * 60_000);
});
