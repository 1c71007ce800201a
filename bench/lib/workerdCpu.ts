/**
 * CPU time of a workerd process (all its threads), read from /proc: each thread's run time in
 * /proc/<pid>/task/<tid>/schedstat is the scheduler's own accounting, in nanoseconds.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The workerd processes this process started (Miniflare spawns one per instance). */
export function workerdChildren(): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('workerd')) out.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

/**
 * Milliseconds of CPU the process has used so far: all threads, or only its main thread, where
 * workerd runs the isolates (JavaScript, HTTP, D1's SQLite); the others are V8's helpers (garbage
 * collection and optimizing compilation running beside the code) and I/O.
 */
export function processCpuMs(pid: number, mainThreadOnly = false): number {
  let ns = 0;
  for (const tid of mainThreadOnly ? [String(pid)] : readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // a thread that ended
    }
  }
  return ns / 1e6;
}

/**
 * The process's CPU once it has gone quiet: work a request left behind (ctx.waitUntil: the outbox
 * and media passes) still runs after its response, and belongs to that request.
 */
export async function settledCpuMs(pid: number, quietMs = 5, maxMs = 500): Promise<{ all: number; main: number }> {
  let last = processCpuMs(pid);
  for (let waited = 0; waited < maxMs; waited += quietMs) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = processCpuMs(pid);
    if (now - last < 0.01) break;
    last = now;
  }
  return { all: processCpuMs(pid), main: processCpuMs(pid, true) };
}
