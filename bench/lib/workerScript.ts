/**
 * What bench:worker's measurements share: the scripted web chat conversation, the bundle measured,
 * the Worker's bindings, a request's CPU read from outside the workerd process, and the summary.
 */
import { settledCpuMs } from './workerdCpu.js';

export interface WorkerCpuResult {
  turns: number;
  first_ms: number;
  /** The first conversation's requests, in order (the first one included). */
  firsts_ms: number[];
  /** Each step of the script: its median and p99 over the measured conversations. */
  steps: { step: string; p50_ms: number; p99_ms: number }[];
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /** The 8 costliest turns (what sets the p99): their step and conversation (0: the first measured). */
  worst: { step: string; conversation: number; ms: number }[];
}

export const BUNDLE = process.env.WORKER_BUNDLE ?? 'build/worker.js';
export const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
export const WARM = 10;

/** One web chat conversation: onboarding taps, typed questions (one misspelt, one in Darija), menu. */
export const SCRIPT: Record<string, unknown>[] = [
  { text: 'bonjour' },
  { choice: 'onboarding.language.fr' },
  { choice: 'onboarding.privacy.accept' },
  { choice: 'onboarding.audience.migrant' },
  { choice: 'onboarding.province.tiznit' },
  { text: 'carte de sejoure renouvelement' },
  { text: 'numéro de la police' },
  { text: 'menu' },
  { text: 'Comment créer une SARL au Maroc ?' },
  { text: 'kifach njaded la carte' },
];

export const MESSAGES_URL = 'https://w/webchat/api/messages';
export const messageInit = (conversation: string, body: Record<string, unknown>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ conversationId: conversation, ...body }),
});
export const message = (conversation: string, body: Record<string, unknown>) => new Request(MESSAGES_URL, messageInit(conversation, body));

export function summarize(firsts: number[], cpu: number[]): WorkerCpuResult {
  const steps = SCRIPT.map((body, i) => {
    const mine = cpu.filter((_, k) => k % SCRIPT.length === i).sort((a, b) => a - b);
    return { step: String(body.text ?? body.choice), p50_ms: pct(mine, 50), p99_ms: pct(mine, 99) };
  });
  const worst = cpu
    .map((ms, k) => ({ step: String(SCRIPT[k % SCRIPT.length]!.text ?? SCRIPT[k % SCRIPT.length]!.choice), conversation: Math.floor(k / SCRIPT.length), ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 8);
  cpu.sort((a, b) => a - b);
  return { turns: cpu.length, first_ms: firsts[0]!, firsts_ms: firsts, steps, p50_ms: pct(cpu, 50), p99_ms: pct(cpu, 99), max_ms: cpu.at(-1)!, worst };
}

export const VARS = { LOG_LEVEL: 'silent', OFFICE_HOURS: 'mon-sun 00:00-24:00', RATE_LIMIT_PER_MINUTE: '1000' };

/** The workerd process's CPU for one request (all threads, and its main thread alone), from before it to once the process is quiet again. */
export async function cpuOf(pid: number, send: () => Promise<Response>): Promise<{ all: number; main: number }> {
  const before = await settledCpuMs(pid);
  const res = await send();
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`worker answered ${res.status}`);
  const after = await settledCpuMs(pid);
  return { all: after.all - before.all, main: after.main - before.main };
}

/**
 * The scripted conversations through a workerd process (`send`: one web chat message to it): the
 * first one alone (its first request is the isolate's), WARM more to warm V8 up, then
 * `conversations` measured; each request's CPU for all threads and for the main one.
 */
export async function runConversations(pid: number, conversations: number, send: (init: RequestInit) => Promise<Response>): Promise<WorkerCpuResult & { main: WorkerCpuResult }> {
  const cpu: { all: number; main: number }[] = [];
  const firsts: { all: number; main: number }[] = [];
  for (let c = -WARM; c < conversations; c++) {
    for (const body of SCRIPT) {
      const used = await cpuOf(pid, () => send(messageInit(`cpu-bench-${c}`, body)));
      if (c === -WARM) firsts.push(used);
      else if (c >= 0) cpu.push(used);
    }
  }
  const of = (k: 'all' | 'main') => summarize(firsts.map((x) => x[k]), cpu.map((x) => x[k]));
  return { ...of('all'), main: of('main') };
}
