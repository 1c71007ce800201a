import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client, InValue } from '@libsql/client';

type V = { type: 'null' } | { type: 'integer'; value: string } | { type: 'float'; value: number } | { type: 'text'; value: string } | { type: 'blob'; base64: string };
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
 * A libSQL server as Turso runs it, for tests: Hrana over HTTP (`POST /v2/pipeline`, execute and
 * batch with conditions), on a real local libSQL database. Counts the pipelines it answered.
 */
export class FakeHranaServer {
  private server: Server | null = null;
  pipelines = 0;
  constructor(private readonly db: Client, readonly token = 'turso-token-for-tests') {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (req.url !== '/v2/pipeline' || req.headers.authorization !== `Bearer ${this.token}`) {
        res.writeHead(req.url === '/v2/pipeline' ? 401 : 404).end();
        return;
      }
      this.pipelines++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { requests: { type: string; stmt?: { sql: string; args?: V[] }; batch?: { steps: { stmt: { sql: string; args?: V[] }; condition?: unknown }[] } }[] };
      const results: unknown[] = [];
      for (const r of body.requests) {
        if (r.type === 'close') results.push({ type: 'ok', response: { type: 'close' } });
        else if (r.type === 'execute') {
          try {
            results.push({ type: 'ok', response: { type: 'execute', result: await this.run(r.stmt!) } });
          } catch (e) {
            results.push({ type: 'error', error: { message: (e as Error).message } });
          }
        } else if (r.type === 'batch') {
          const stepResults: unknown[] = [];
          const stepErrors: unknown[] = [];
          const ok = (i: number) => stepResults[i] !== null && stepResults[i] !== undefined;
          const holds = (c: any): boolean => (!c ? true : c.type === 'ok' ? ok(c.step) : c.type === 'not' ? !holds(c.cond) : c.type === 'error' ? stepErrors[c.step] != null : false);
          // One stream, one connection: BEGIN/COMMIT/ROLLBACK steps drive a real transaction.
          let tx: Awaited<ReturnType<Client['transaction']>> | null = null;
          for (const step of r.batch!.steps) {
            if (!holds(step.condition)) {
              stepResults.push(null);
              stepErrors.push(null);
              continue;
            }
            try {
              const sql = step.stmt.sql.trim().toUpperCase();
              if (sql === 'BEGIN') {
                tx = await this.db.transaction('write');
                stepResults.push({ cols: [], rows: [], affected_row_count: 0 });
              } else if (sql === 'COMMIT' || sql === 'ROLLBACK') {
                if (!tx) throw new Error(`cannot ${sql.toLowerCase()} - no transaction is active`);
                await (sql === 'COMMIT' ? tx.commit() : tx.rollback());
                tx = null;
                stepResults.push({ cols: [], rows: [], affected_row_count: 0 });
              } else stepResults.push(await this.run(step.stmt, tx ?? this.db));
              stepErrors.push(null);
            } catch (e) {
              stepResults.push(null);
              stepErrors.push({ message: (e as Error).message });
            }
          }
          if (tx) tx.close();
          results.push({ type: 'ok', response: { type: 'batch', result: { step_results: stepResults, step_errors: stepErrors } } });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ baton: null, base_url: null, results }));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return this;
  }

  private async run(stmt: { sql: string; args?: V[] }, on: Pick<Client, 'execute'> = this.db) {
    const r = await on.execute({ sql: stmt.sql, args: (stmt.args ?? []).map(decode) });
    return { cols: r.columns.map((name) => ({ name })), rows: r.rows.map((row) => r.columns.map((_, i) => encode((row as unknown as unknown[])[i]))), affected_row_count: r.rowsAffected };
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }
}
