import Database from 'libsql';
import AsyncDatabase from 'libsql/promise';

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
const TRUNCATE_CHECKPOINT = /^\s*pragma\s+wal_checkpoint\s*\(\s*truncate\s*\)\s*$/i;
/** Tries of an erasure's checkpoint while another checkpoint holds the WAL (5, 10, 15… ms apart: ~0.3 s in all). */
const TRUNCATE_ATTEMPTS = 10;

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
  /** The checkpointer's checkpoint under way, if any. */
  private checkpointing: Promise<void> | null = null;
  /**
   * The checkpointer: a second connection to the file, through libSQL's promise API, whose
   * statements run on libSQL's own native threads (its Tokio runtime), so that copying the WAL into
   * the database (and its fsyncs) never holds the event loop. It replaced a worker thread (a V8
   * isolate and a Node environment: 11-12 MB of resident memory for one PRAGMA; docs/performance.md,
   * "Resident memory").
   */
  private checkpointer: { db: AsyncDatabase; pragma: Promise<{ all(): Promise<unknown[][]> }> } | null = null;
  private readonly timeout: number;

  /**
   * `checkpointPages`: copy the WAL into the database (a PASSIVE checkpoint) once about that many
   * pages were written, on libSQL's threads (`checkpointer`), rather than inside the commit
   * that crosses SQLite's automatic mark (set wal_autocheckpoint above it: the backstop). A
   * checkpoint costs 0.6 ms + 12 µs a page, fsyncs included: 13 ms at SQLite's 1,000 pages, a
   * pause of the event loop when the commit that crosses the mark runs it (docs/performance.md).
   */
  constructor(
    private readonly path: string,
    opts: { timeout?: number; checkpointPages?: number } = {},
  ) {
    this.timeout = opts.timeout ?? 5000;
    this.db = new Database(path, { timeout: this.timeout });
    this.checkpointPages = opts.checkpointPages ?? 0;
  }

  private wrote(): void {
    if (!this.checkpointPages) return;
    this.writes++;
    if (this.checkpointQueued || this.writes * this.pagesPerWrite < this.checkpointPages) return;
    this.checkpointQueued = true;
    const writes = this.writes;
    this.writes = 0;
    // Opened at the first checkpoint (most databases a test opens never need one).
    if (!this.checkpointer) {
      try {
        const db = new AsyncDatabase(this.path, { timeout: this.timeout });
        this.checkpointer = { db, pragma: db.prepare('PRAGMA wal_checkpoint(PASSIVE)').then((stmt: { raw(on: boolean): { all(): Promise<unknown[][]> } }) => stmt.raw(true)) };
      } catch {
        // SQLite's own checkpoint (wal_autocheckpoint) is the backstop; tried again next time.
        this.checkpointQueued = false;
        return;
      }
    }
    const checkpointer = this.checkpointer;
    this.checkpointing = checkpointer.pragma
      .then((stmt) => stmt.all())
      // busy, pages in the WAL, pages copied. All copied: the next write starts the WAL over.
      .then((rows) => Number(rows[0]?.[1] ?? -1))
      // A checkpoint that fails is left to SQLite's own (wal_autocheckpoint), the backstop.
      .catch(() => -1)
      .then((pages) => {
        this.checkpointQueued = false;
        this.checkpointing = null;
        if (this.closed) return closeQuietly(checkpointer.db);
        if (pages >= 0 && writes > 0) this.pagesPerWrite = Math.min(64, Math.max(1, pages / writes));
      });
  }

  /**
   * An erasure's checkpoint (`PRAGMA wal_checkpoint(TRUNCATE)`: the erased rows' old pages leave
   * the WAL file). SQLite runs one checkpoint at a time: while the checkpointer's runs, this one
   * answers "busy" and does nothing, and the erased text stayed in the WAL (78 of 600 under load,
   * test/storage.test.ts). So it waits for the checkpointer's, and is tried again while busy (another
   * process's checkpoint), a few times; the last answer is returned (busy = 1: not truncated).
   */
  private async truncateWal(s: { sql: string; args?: unknown[] | Record<string, unknown> }): Promise<ResultSet> {
    for (let attempt = 1; ; attempt++) {
      if (this.checkpointing) await this.checkpointing;
      this.checkOpen();
      const r = this.run(s);
      if (Number(r.rows[0]?.[0] ?? 0) === 0 || attempt >= TRUNCATE_ATTEMPTS) return r;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
    }
  }

  async execute(statement: Statement, args?: unknown[]): Promise<ResultSet> {
    this.checkOpen();
    const s = typeof statement === 'string' ? { sql: statement, args: args ?? [] } : statement;
    if (TRUNCATE_CHECKPOINT.test(s.sql)) return this.truncateWal(s);
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
    // The checkpointer's connection closes now, or once the checkpoint under way ends.
    if (this.checkpointer && !this.checkpointQueued) closeQuietly(this.checkpointer.db);
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

function closeQuietly(db: AsyncDatabase): void {
  try {
    db.close();
  } catch {
    // Already closed: nothing to release.
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
