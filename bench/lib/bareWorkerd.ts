/**
 * Our Worker alone in workerd, as Cloudflare runs it: the pinned workerd binary (the one Miniflare
 * runs, found through the `workerd` package) serving a bundle from a config of its own, with no
 * Miniflare entry worker in front. Its outbound requests may reach 127.0.0.1 only (the fakes).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The workerd binary Miniflare runs (the pinned version: package.json's overrides), for this platform. */
const WORKERD = (createRequire(import.meta.url)('workerd') as { default: string }).default;

export interface BareWorkerd {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once something accepts TCP connections on the port (no request: the isolate serves nothing). */
async function listening(port: number, maxMs = 10_000): Promise<void> {
  for (let waited = 0; waited < maxMs; waited += 20) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`workerd did not listen on ${port}`);
}

/** Starts workerd on `bundle` with these text bindings; resolves once it listens (its module has run). */
export async function startBareWorkerd(bundle: string, bindings: Record<string, string>): Promise<BareWorkerd> {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build:worker\` first`);
  if (!existsSync(WORKERD)) throw new Error(`${WORKERD} is missing: run \`npm ci\``);
  const dir = mkdtempSync(join(tmpdir(), 'tawjih-workerd-'));
  copyFileSync(bundle, join(dir, 'worker.js'));
  writeFileSync(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "tawjih", worker = .tawjih), (name = "net", network = (allow = ["private", "local"])) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "tawjih") ],
);
const tawjih :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2026-10-23",
  bindings = [ ${Object.entries(bindings).map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`).join(', ')} ],
  globalOutbound = "net",
);
`,
  );
  const port = await freePort();
  const child = spawn(WORKERD, ['serve', join(dir, 'config.capnp'), '--socket-addr', `http=127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await listening(port);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}: ${stderr}`);
  }
  return { pid: child.pid!, url: `http://127.0.0.1:${port}`, stop };
}
