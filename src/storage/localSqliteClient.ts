import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Database from 'libsql';

/**
 * A libSQL client for a local database file, speaking the part of @libsql/client's interface that
 * Drizzle and the stores use (execute, batch, migrate, close), with one difference: statements
 * are compiled once and kept. @libsql/client compiles every statement at every call and learns
 * whether it returns rows by catching an exception; on a turn that was a third of the CPU
 * (docs/performance.md). Results have the same shape: rows readable by column name and by index.
 */

type Value = null | number | bigint | string | Uint8Array | ArrayBuffer;
type Statement = string | { sql: string; args?: unknown[] | Record<string, unknown> };
interface ResultSet {
  columns: string[];
  columnTypes: string[];
  rows: Row[];
  rowsAffected: number;
  lastInsertRowid: bigint | undefined;
  toJSON(): unknown;
}
type Row = Record<string, Value> & { length: number; [index: number]: Value };

type Connection = InstanceType<typeof Database>;
interface Compiled {
  stmt: ReturnType<Connection['prepare']>;
  reader: boolean;
  columns: string[];
  /** Rows of this statement: named properties; indices and length through the prototype. */
  proto: object;
}

const VALUES = Symbol('values');
const MAX_STATEMENTS = 500;
/** Statements that may write (a checkpoint is counted from them); the others read. */
const READS_ONLY = /^\s*(select|pragma|explain|begin|commit|rollback)\b/i;

/**
 * The checkpointer: a thread with its own connection to the file, so that copying the WAL into the
 * database (and its fsyncs) never holds the event loop. Plain JavaScript run as a worker's code
 * (no file to find or compile: tsx, vitest and npm start load it alike).
 */
const CHECKPOINT_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.libsql);
const db = new Database(workerData.path, { timeout: 5000 });
parentPort.on('message', (m) => {
  if (m === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  let pages = -1;
  try {
    const row = db.prepare('PRAGMA wal_checkpoint(PASSIVE)').raw(true).get();
    pages = Number(row[1]);
  } catch {}
  parentPort.postMessage(pages);
});
`;

export class LocalSqliteClient {
  readonly protocol = 'file';
  closed = false;
  private readonly db: Connection;
  private readonly compiled = new Map<string, Compiled>();
  private readonly checkpointPages: number;
  /** Writes since the last checkpoint, WAL pages one of them adds (learnt at each checkpoint). */
  private writes = 0;
  private pagesPerWrite = 8;
  private checkpointQueued = false;
  private checkpointer: Worker | null = null;
  private lastWrites = 0;

  /**
   * `checkpointPages`: copy the WAL into the database (a PASSIVE checkpoint) once about that many
   * pages were written, on a thread of its own (CHECKPOINT_THREAD), rather than inside the commit
   * that crosses SQLite's automatic mark (set wal_autocheckpoint above it: the backstop). A
   * checkpoint costs 0.6 ms + 12 µs a page, fsyncs included: 13 ms at SQLite's 1,000 pages, a
   * pause of the event loop when the commit that crosses the mark runs it (docs/performance.md).
   */
  constructor(
    private readonly path: string,
    opts: { timeout?: number; checkpointPages?: number } = {},
  ) {
    this.db = new Database(path, { timeout: opts.timeout ?? 5000 });
    this.checkpointPages = opts.checkpointPages ?? 0;
  }

  private wrote(): void {
    if (!this.checkpointPages) return;
    this.writes++;
    if (this.checkpointQueued || this.writes * this.pagesPerWrite < this.checkpointPages) return;
    this.checkpointQueued = true;
    const writes = this.writes;
    this.writes = 0;
    // Started at the first checkpoint (most databases a test opens never need one).
    if (!this.checkpointer) {
      this.checkpointer = new Worker(CHECKPOINT_THREAD, {
        eval: true,
        workerData: { path: this.path, libsql: createRequire(import.meta.url).resolve('libsql') },
        // It holds nothing: a small heap (memory is a target, docs/performance.md).
        resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8 },
      });
      this.checkpointer.unref();
      this.checkpointer.on('error', () => {
        // SQLite's own checkpoint (wal_autocheckpoint) is the backstop.
        this.checkpointer = null;
        this.checkpointQueued = false;
      });
      this.checkpointer.on('message', (pages: number) => {
        this.checkpointQueued = false;
        // busy, pages in the WAL, pages copied. All copied: the next write starts the WAL over.
        if (pages >= 0 && this.lastWrites > 0) this.pagesPerWrite = Math.min(64, Math.max(1, pages / this.lastWrites));
      });
    }
    this.lastWrites = writes;
    this.checkpointer.postMessage(0);
  }

  async execute(statement: Statement, args?: unknown[]): Promise<ResultSet> {
    this.checkOpen();
    const s = typeof statement === 'string' ? { sql: statement, args: args ?? [] } : statement;
    const r = this.run(s);
    if (!READS_ONLY.test(s.sql) && !this.db.inTransaction) this.wrote();
    return r;
  }

  /** All statements in one transaction (rolled back as a whole if one fails). */
  async batch(statements: (Statement | [string, unknown[]?])[], mode: 'write' | 'read' | 'deferred' = 'deferred'): Promise<ResultSet[]> {
    this.checkOpen();
    return this.inTransaction(mode === 'write' ? 'BEGIN IMMEDIATE' : 'BEGIN DEFERRED', statements.map((s) => (Array.isArray(s) ? { sql: s[0], args: s[1] ?? [] } : typeof s === 'string' ? { sql: s } : s)));
  }

  /** Drizzle's migrator: one transaction, foreign keys off while it runs. */
  async migrate(statements: Statement[]): Promise<ResultSet[]> {
    this.checkOpen();
    this.db.exec('PRAGMA foreign_keys=off');
    try {
      return this.inTransaction('BEGIN DEFERRED', statements.map((s) => (typeof s === 'string' ? { sql: s } : s)));
    } finally {
      this.db.exec('PRAGMA foreign_keys=on');
    }
  }

  async executeMultiple(sql: string): Promise<void> {
    this.checkOpen();
    this.db.exec(sql);
  }

  async transaction(): Promise<never> {
    throw new Error('interactive transactions are not used by tawjih: write with batch()');
  }

  sync(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.compiled.clear();
    // The thread closes its connection and ends (a checkpoint under way finishes first).
    this.checkpointer?.postMessage('close');
    this.db.close();
  }

  private inTransaction(begin: string, statements: { sql: string; args?: unknown[] | Record<string, unknown> }[]): ResultSet[] {
    this.db.exec(begin);
    try {
      const results = statements.map((s) => this.run(s));
      this.db.exec('COMMIT');
      if (begin === 'BEGIN IMMEDIATE' || statements.some((s) => !READS_ONLY.test(s.sql))) this.wrote();
      return results;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private run(s: { sql: string; args?: unknown[] | Record<string, unknown> }): ResultSet {
    const c = this.compile(s.sql);
    const args = toArgs(s.args);
    if (c.reader) {
      const raw = c.stmt.all(args) as Value[][];
      const rows = raw.map((values) => toRow(values, c));
      return result(c.columns, rows, 0, undefined);
    }
    const info = c.stmt.run(args);
    return result([], [], info.changes, BigInt(info.lastInsertRowid));
  }

  private compile(sql: string): Compiled {
    const known = this.compiled.get(sql);
    if (known) {
      // Most recently used last: the oldest is the one dropped when the cache is full.
      this.compiled.delete(sql);
      this.compiled.set(sql, known);
      return known;
    }
    const stmt = this.db.prepare(sql);
    const reader = stmt.reader;
    if (reader) stmt.raw(true);
    const columns = reader ? stmt.columns().map((col: { name: string }) => col.name) : [];
    const compiled: Compiled = { stmt, reader, columns, proto: rowPrototype(columns.length) };
    if (this.compiled.size >= MAX_STATEMENTS) this.compiled.delete(this.compiled.keys().next().value!);
    this.compiled.set(sql, compiled);
    return compiled;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('the database client is closed');
  }
}

function rowPrototype(width: number): object {
  const proto: PropertyDescriptorMap = { length: { value: width } };
  for (let i = 0; i < width; i++) proto[i] = { get: function (this: { [VALUES]: Value[] }) { return this[VALUES][i]; } };
  return Object.create(Object.prototype, proto);
}

function toRow(values: Value[], c: Compiled): Row {
  const row = Object.create(c.proto) as Row & { [VALUES]: Value[] };
  row[VALUES] = values; // a symbol: not among the row's keys
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const out = v instanceof Uint8Array ? (v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) as ArrayBuffer) : v;
    if (out !== v) values[i] = out;
    const name = c.columns[i]!;
    // The first column of a name wins (a join may repeat one), as in @libsql/client.
    if (!Object.hasOwn(row, name)) row[name] = out;
  }
  return row;
}

function toArgs(args: unknown[] | Record<string, unknown> | undefined): unknown[] | Record<string, unknown> {
  if (!args) return [];
  if (Array.isArray(args)) return args.map(toValue);
  const named: Record<string, unknown> = {};
  for (const name in args) named[name[0] === '@' || name[0] === '$' || name[0] === ':' ? name.slice(1) : name] = toValue(args[name]);
  return named;
}

function toValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('Only finite numbers can be passed as arguments');
  if (value instanceof Date) return value.valueOf();
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return value;
}

function result(columns: string[], rows: Row[], rowsAffected: number, lastInsertRowid: bigint | undefined): ResultSet {
  return {
    columns,
    columnTypes: columns.map(() => ''),
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({ columns, rows: rows.map((r) => Array.prototype.slice.call(r)), rowsAffected, lastInsertRowid: lastInsertRowid?.toString() }),
  };
}
