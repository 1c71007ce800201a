// npm run test:model -- --runs N [--steps N] [--seed N] [--stats]
// The model-based conversation test with more (or fewer) sequences than npm test runs.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string' }, steps: { type: 'string' }, seed: { type: 'string' }, stats: { type: 'boolean' } } });
for (const [name, v] of Object.entries({ runs: values.runs, steps: values.steps, seed: values.seed })) {
  if (v !== undefined && !/^-?\d+$/.test(v)) {
    console.error(`test:model: --${name} must be a whole number (got "${v}")`);
    process.exit(2);
  }
}
const env = {
  ...process.env,
  ...(values.runs ? { MODEL_RUNS: values.runs } : {}),
  ...(values.steps ? { MODEL_STEPS: values.steps } : {}),
  ...(values.seed ? { MODEL_SEED: values.seed } : {}),
  ...(values.stats ? { MODEL_STATS: '1' } : {}),
};
const r = spawnSync('npx', ['vitest', 'run', 'test/model'], { env, stdio: 'inherit' });
process.exit(r.status ?? 1);
