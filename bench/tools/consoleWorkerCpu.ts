/**
 * The advisor console's requests on our Worker alone in workerd, each one's CPU on fresh isolates
 * (bench/lib/consoleCpu.ts; `npm run bench:worker` prints the same with 25 waiting):
 *
 *   npm run --silent build:worker && [TICKETS=n] npx tsx bench/tools/consoleWorkerCpu.ts [isolates]
 */
import { measureConsoleCpu } from '../lib/consoleCpu.js';

const rows = await measureConsoleCpu(Number(process.argv[2] ?? 5), Number(process.env.TICKETS ?? 1));
for (const [step, ms] of Object.entries(rows)) console.log(`${step.padEnd(32)} ${ms.map((m) => m.toFixed(1)).join('  ')} ms (max ${Math.max(...ms).toFixed(1)})`);
