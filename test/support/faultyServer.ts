import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What a remote service does on a bad day, for the fake servers on 127.0.0.1:
 * - refuse: nothing listens on its port any more (connection refused);
 * - stall: it takes the request and never answers (until the fault ends: then the connection is
 *   dropped, and nothing was done);
 * - error: it answers 500 without doing anything (its own error body);
 * - reset: it starts its answer and resets the connection in the middle of the status line (a
 *   proxy in front failing: the request never reached the service, nothing was done);
 * - slow: it does the work and answers, `slowMs` later.
 */
export type Fault = 'refuse' | 'stall' | 'error' | 'reset' | 'slow';

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

/** A real HTTP server on 127.0.0.1 whose faults a test switches on and off, on the same port throughout. */
export class FaultyServer {
  private server: Server | null = null;
  private port = 0;
  private unrefd = false;
  private fault: Fault | null = null;
  private readonly held = new Set<ServerResponse>();
  /** How long a `slow` answer takes. */
  slowMs = 10_000;
  /** Requests that reached the service and were answered (not the faulted ones). */
  served = 0;
  /** Requests the fault swallowed (stalled, refused with 500, reset). */
  faulted = 0;

  constructor(
    private readonly handler: Handler,
    private readonly errorAnswer: (res: ServerResponse) => void,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `port`: a given one (a service that comes up where the app already looks for it), else any free one. */
  async start(port = 0): Promise<this> {
    this.port = port;
    await this.listen();
    return this;
  }

  /** From now on, every request meets this fault (null: back to normal). */
  async setFault(fault: Fault | null): Promise<void> {
    const was = this.fault;
    this.fault = fault;
    if (fault === 'refuse' && was !== 'refuse') await this.close();
    if (was === 'refuse' && fault !== 'refuse') await this.listen();
    if (was === 'stall' && fault !== 'stall') {
      for (const res of this.held) res.destroy();
      this.held.clear();
    }
  }

  /** Does not keep the process alive (fakes that live as long as a test run). */
  unref(): void {
    this.unrefd = true;
    this.server?.unref();
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.held.clear();
    await this.close();
  }

  private async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    // The same port across a "refuse": the client keeps its configured address.
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    if (this.unrefd) this.server.unref();
  }

  private async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    switch (this.fault) {
      case 'stall':
        this.faulted++;
        this.held.add(res);
        return;
      case 'error':
        this.faulted++;
        return this.errorAnswer(res);
      case 'reset':
        this.faulted++;
        res.socket?.write('HTTP/1.1 50', () => res.socket?.resetAndDestroy());
        return;
      case 'slow':
        await new Promise((r) => setTimeout(r, this.slowMs));
        break;
      default:
    }
    this.served++;
    await this.handler(req, res, body);
  }
}
