import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Client, InValue } from '@libsql/client';
import { FaultyServer, type Fault } from './faultyServer.js';

type V = { type: 'null' } | { type: 'integer'; value: string } | { type: 'float'; value: number } | { type: 'text'; value: string } | { type: 'blob'; base64: string };
type Stmt = { sql?: string; sql_id?: number; args?: V[] };
type Cond = { type: 'ok' | 'error'; step: number } | { type: 'not'; cond: Cond } | { type: 'and' | 'or'; conds: Cond[] };
type Request = { type: string; stmt?: Stmt; batch?: { steps: { stmt: Stmt; condition?: Cond }[] }; sql_id?: number; sql?: string };

const decode = (v: V): InValue => (v.type === 'null' ? null : v.type === 'integer' ? Number(v.value) : v.type === 'blob' ? new Uint8Array(Buffer.from(v.base64, 'base64')) : v.value);
const encode = (v: unknown): V =>
  v === null || v === undefined
    ? { type: 'null' }
    : typeof v === 'number'
      ? Number.isInteger(v)
        ? { type: 'integer', value: String(v) }
        : { type: 'float', value: v }
      : typeof v === 'bigint'
        ? { type: 'integer', value: String(v) }
        : v instanceof ArrayBuffer || v instanceof Uint8Array
          ? { type: 'blob', base64: Buffer.from(v instanceof Uint8Array ? v : new Uint8Array(v)).toString('base64') }
          : { type: 'text', value: String(v) };

/**
 * A libSQL server as Turso runs it, for tests: Hrana over HTTP (`POST /v2/pipeline`: execute,
 * batch with conditions, store_sql/close_sql), on a real local libSQL database, as both clients
 * speak it (the Worker's own, and @libsql/client on Node). Pipelines run one at a time, as one
 * writer does. Counts the pipelines it answered, and can be down (`setFault`: refuse connections,
 * stall, answer 500, reset, or answer slowly).
 */
export class FakeHranaServer {
  private readonly server: FaultyServer;
  private queue: Promise<unknown> = Promise.resolve();
  pipelines = 0;

  constructor(
    private readonly db: Client,
    readonly token = 'turso-token-for-tests',
  ) {
    this.server = new FaultyServer(
      (req, res, body) => this.handle(req, res, body),
      (res) => void res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error'),
    );
  }

  get url(): string {
    return this.server.url;
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  /** The database server on a bad day (null: back to normal); `slowMs` for `slow`. */
  async setFault(fault: Fault | null, slowMs?: number): Promise<void> {
    if (slowMs !== undefined) this.server.slowMs = slowMs;
    await this.server.setFault(fault);
  }

  private async handle(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    if (req.method === 'GET') return void res.writeHead(404).end(); // no Hrana 3: the clients fall back to v2
    if (req.url !== '/v2/pipeline' || req.headers.authorization !== `Bearer ${this.token}`) {
      res.writeHead(req.url === '/v2/pipeline' ? 401 : 404).end();
      return;
    }
    const body = JSON.parse(raw) as { requests: Request[] };
    const run = this.queue.then(() => this.pipeline(body.requests));
    this.queue = run.catch(() => undefined);
    const results = await run;
    this.pipelines++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ baton: null, base_url: null, results }));
  }

  private async pipeline(requests: Request[]): Promise<unknown[]> {
    const stored = new Map<number, string>();
    const sqlOf = (s: Stmt) => s.sql ?? stored.get(s.sql_id!) ?? '';
    const results: unknown[] = [];
    for (const r of requests) {
      if (r.type === 'close') results.push({ type: 'ok', response: { type: 'close' } });
      else if (r.type === 'store_sql') {
        stored.set(r.sql_id!, r.sql!);
        results.push({ type: 'ok', response: { type: 'store_sql' } });
      } else if (r.type === 'close_sql') {
        stored.delete(r.sql_id!);
        results.push({ type: 'ok', response: { type: 'close_sql' } });
      } else if (r.type === 'execute') {
        try {
          results.push({ type: 'ok', response: { type: 'execute', result: await this.run(sqlOf(r.stmt!), r.stmt!.args) } });
        } catch (e) {
          results.push({ type: 'error', error: { message: (e as Error).message } });
        }
      } else if (r.type === 'batch') {
        results.push({ type: 'ok', response: { type: 'batch', result: await this.batch(r.batch!.steps, sqlOf) } });
      } else results.push({ type: 'error', error: { message: `request ${r.type} not faked` } });
    }
    return results;
  }

  private async batch(steps: { stmt: Stmt; condition?: Cond }[], sqlOf: (s: Stmt) => string) {
    const stepResults: unknown[] = [];
    const stepErrors: unknown[] = [];
    const holds = (c: Cond | undefined): boolean => {
      if (!c) return true;
      switch (c.type) {
        case 'ok':
          return stepResults[c.step] !== null && stepResults[c.step] !== undefined;
        case 'error':
          return stepErrors[c.step] !== null && stepErrors[c.step] !== undefined;
        case 'not':
          return !holds(c.cond);
        case 'and':
          return c.conds.every(holds);
        case 'or':
          return c.conds.some(holds);
      }
    };
    // One stream, one connection: BEGIN/COMMIT/ROLLBACK steps drive a real transaction.
    let tx: Awaited<ReturnType<Client['transaction']>> | null = null;
    for (const step of steps) {
      if (!holds(step.condition)) {
        stepResults.push(null);
        stepErrors.push(null);
        continue;
      }
      try {
        const sql = sqlOf(step.stmt).trim().toUpperCase();
        if (/^BEGIN\b/.test(sql)) {
          tx = await this.db.transaction(sql.includes('DEFERRED') ? 'deferred' : 'write');
          stepResults.push({ cols: [], rows: [], affected_row_count: 0 });
        } else if (sql === 'COMMIT' || sql === 'ROLLBACK') {
          if (!tx) throw new Error(`cannot ${sql.toLowerCase()} - no transaction is active`);
          await (sql === 'COMMIT' ? tx.commit() : tx.rollback());
          tx = null;
          stepResults.push({ cols: [], rows: [], affected_row_count: 0 });
        } else stepResults.push(await this.run(sqlOf(step.stmt), step.stmt.args, tx ?? this.db));
        stepErrors.push(null);
      } catch (e) {
        stepResults.push(null);
        stepErrors.push({ message: (e as Error).message });
      }
    }
    if (tx) tx.close();
    return { step_results: stepResults, step_errors: stepErrors };
  }

  private async run(sql: string, args: V[] = [], on: Pick<Client, 'execute'> = this.db) {
    const r = await on.execute({ sql, args: args.map(decode) });
    return { cols: r.columns.map((name) => ({ name })), rows: r.rows.map((row) => r.columns.map((_, i) => encode((row as unknown as unknown[])[i]))), affected_row_count: r.rowsAffected, last_insert_rowid: r.lastInsertRowid === undefined ? null : String(r.lastInsertRowid) };
  }
}
