import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A port nothing listens on (yet). */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

export interface NodeProcess {
  url: string;
  /** Its log, JSON lines on stderr, parsed. */
  logs(): { level: string; event: string; [field: string]: unknown }[];
  /** Everything it wrote (to check that no secret is in it). */
  output(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

/**
 * tawjih as `npm start` runs it (node --import tsx src/runtime/node.ts, the same entry point), in a
 * child process on a free port and a fresh database file unless DATABASE_URL is given.
 */
export async function startNodeProcess(env: Record<string, string>): Promise<NodeProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'tawjih-proc-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `file:${join(dir, 'tawjih.db')}`, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  let gone = false;
  child.on('exit', () => {
    gone = true;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    logs: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: string; event: string }),
    output: () => out,
    exited: () => gone,
    async stop() {
      if (!gone) {
        child.kill('SIGTERM');
        await new Promise<void>((resolve) => (gone ? resolve() : child.once('exit', () => resolve())));
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
