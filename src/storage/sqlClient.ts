/**
 * The few raw-SQL calls the stores make, over either libSQL (file, :memory:, remote) or
 * Cloudflare D1. Both speak SQLite; only their client APIs differ.
 */
export type SqlRow = Record<string, unknown>;
export interface SqlResult {
  rows: SqlRow[];
  columns: string[];
  rowsAffected: number;
}
export type SqlArgs = unknown[] | Record<string, unknown>;
export type SqlStatement = string | { sql: string; args: SqlArgs };

export interface SqlClient {
  execute(statement: SqlStatement): Promise<SqlResult>;
  /** All statements in one transaction. */
  batch(statements: SqlStatement[], mode?: 'write' | 'read'): Promise<SqlResult[]>;
  close(): void;
  /**
   * Each call is a round trip to another place, costly in the caller's CPU too (D1: a JSON request
   * with a tracing span; docs/performance.md, "The Worker's CPU"): the stores put what they can in
   * one batch. Unset: a local file, where a statement is cheap and a batch is a transaction.
   */
  readonly roundTrips?: boolean;
}

export interface LibsqlLike {
  execute(statement: never): Promise<{ rows: unknown[]; columns: string[]; rowsAffected: number }>;
  batch(statements: never[], mode?: never): Promise<{ rows: unknown[]; columns: string[]; rowsAffected: number }[]>;
  close(): void;
}

/** A libSQL client, or a SqlClient already (a D1 one): what the stores accept. */
export type AnySqlClient = SqlClient | LibsqlLike;

/** A libSQL client as a SqlClient (libSQL rows already read by column name). Wrapping a SqlClient is harmless (it keeps `roundTrips`). */
export function libsqlSqlClient(client: LibsqlLike): SqlClient {
  const wrap = (r: { rows: unknown[]; columns: string[]; rowsAffected: number }): SqlResult => ({
    rows: r.rows as SqlRow[],
    columns: r.columns,
    rowsAffected: r.rowsAffected,
  });
  return {
    execute: async (s) => wrap(await client.execute(s as never)),
    batch: async (s, mode = 'write') => (await client.batch(s as never[], mode as never)).map(wrap),
    close: () => client.close(),
    ...((client as Partial<SqlClient>).roundTrips ? { roundTrips: true } : {}),
  };
}

/** Minimal shape of a D1 binding, so this file needs no Workers types. */
export interface D1Like {
  prepare(sql: string): { bind(...values: unknown[]): D1PreparedLike };
  batch(statements: D1PreparedLike[]): Promise<{ results?: SqlRow[]; meta?: { changes?: number } }[]>;
}
interface D1PreparedLike {
  all(): Promise<{ results?: SqlRow[]; meta?: { changes?: number } }>;
}

/** ":name" parameters become positional "?" ones (D1 binds by position). */
export function toPositional(sql: string, args: SqlArgs): { sql: string; values: unknown[] } {
  if (Array.isArray(args)) return { sql, values: args.map(toD1Value) };
  const values: unknown[] = [];
  const text = sql.replace(/(?<![:\w]):([A-Za-z_]\w*)/g, (_, name: string) => {
    values.push(toD1Value(args[name]));
    return '?';
  });
  return { sql: text, values };
}

function toD1Value(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  return v;
}

/** A D1 binding as a SqlClient. */
export function d1SqlClient(d1: D1Like): SqlClient {
  const prepare = (s: SqlStatement) => {
    const { sql, values } = typeof s === 'string' ? { sql: s, values: [] } : toPositional(s.sql, s.args);
    return d1.prepare(sql).bind(...values);
  };
  const wrap = (r: { results?: SqlRow[]; meta?: { changes?: number } }): SqlResult => {
    const rows = r.results ?? [];
    return { rows, columns: rows[0] ? Object.keys(rows[0]) : [], rowsAffected: r.meta?.changes ?? 0 };
  };
  return {
    execute: async (s) => wrap(await prepare(s).all()),
    batch: async (s) => (await d1.batch(s.map(prepare))).map(wrap),
    close: () => undefined,
    roundTrips: true,
  };
}
