/**
 * Benchmark processes: each server (and each measurement that needs a fresh heap) runs in its own
 * Node process, started with tsx. A child talks to the parent in lines: it prints
 * `@<tag> <json>` on stdout, and reads commands, one per line, on stdin.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = resolve(BENCH_DIR, '..');

export interface Child {
  proc: ChildProcess;
  /** The next message with this tag (or one already received and not yet taken). */
  next<T = Record<string, unknown>>(tag: string, timeoutMs?: number): Promise<T>;
  send(command: string): void;
  /** SIGTERM, then SIGKILL after a grace period; resolves when the process is gone. */
  stop(): Promise<void>;
}

/** Only what a child needs: no secrets or settings of the parent leak into the measured process. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'BENCH_TUNE_POOL', 'BENCH_DEBUG', 'BENCH_DEV_SET'];
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!]));
}

export function startChild(script: string, env: Record<string, string> = {}, nodeArgs: string[] = [], args: string[] = []): Child {
  // BENCH_CPU_PROF=<directory>: every child writes a CPU profile there (node --cpu-prof).
  const profDir = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const proc = spawn(process.execPath, [...profDir, ...nodeArgs, '--import', 'tsx', resolve(BENCH_DIR, script), ...args], {
    cwd: ROOT,
    env: { ...baseEnv(), ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const inbox = new Map<string, unknown[]>();
  const waiters = new Map<string, ((v: unknown) => void)[]>();
  let exited: string | null = null;
  const rejecters = new Set<(e: Error) => void>();
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    const m = /^@([\w-]+) (.*)$/.exec(line);
    if (!m) {
      if (line.trim()) process.stderr.write(`  [${script}] ${line}\n`);
      return;
    }
    const [, tag, json] = m;
    const value = JSON.parse(json!) as unknown;
    const w = waiters.get(tag!)?.shift();
    if (w) w(value);
    else inbox.set(tag!, [...(inbox.get(tag!) ?? []), value]);
  });
  const gone = new Promise<void>((resolveGone) =>
    proc.once('exit', (code, signal) => {
      exited = `${script} exited (code ${code}, signal ${signal})`;
      for (const r of rejecters) r(new Error(exited));
      resolveGone();
    }),
  );
  return {
    proc,
    next<T>(tag: string, timeoutMs = 600_000): Promise<T> {
      const queued = inbox.get(tag);
      if (queued?.length) return Promise.resolve(queued.shift() as T);
      if (exited) return Promise.reject(new Error(exited));
      return new Promise<T>((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`${script}: no @${tag} within ${timeoutMs} ms`)), timeoutMs);
        const onExit = (e: Error) => {
          clearTimeout(timer);
          rej(e);
        };
        rejecters.add(onExit);
        waiters.set(tag, [
          ...(waiters.get(tag) ?? []),
          (v) => {
            clearTimeout(timer);
            rejecters.delete(onExit);
            res(v as T);
          },
        ]);
      });
    },
    send(command: string) {
      proc.stdin!.write(`${command}\n`);
    },
    async stop() {
      if (exited) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Child side: report a tagged JSON value to the parent. */
export function report(tag: string, value: unknown): void {
  process.stdout.write(`@${tag} ${JSON.stringify(value)}\n`);
}

/** Child side: commands from the parent, one per line. */
export function onCommand(handler: (command: string) => void | Promise<void>): void {
  createInterface({ input: process.stdin }).on('line', (line) => void handler(line.trim()));
}
