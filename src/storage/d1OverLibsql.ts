import type { D1Like } from './sqlClient.js';

/** The slice of a libSQL client that the adapter uses (local or HTTP). */
interface LibsqlClientLike {
  execute(statement: { sql: string; args: never }): Promise<{ rows: unknown[]; columns: string[]; rowsAffected: number }>;
  batch(statements: { sql: string; args: never }[], mode: 'write'): Promise<{ rows: unknown[]; columns: string[]; rowsAffected: number }[]>;
}

type Result = { rows: unknown[]; columns: string[]; rowsAffected: number };
/** A row's value by position when it is an array (Hrana): by name, a column called `at`, `length` or `values` would be the array's own. */
const valueOf = (row: unknown, column: string, i: number): unknown =>
  Array.isArray(row) ? row[i] : Object.hasOwn(row as object, column) ? (row as Record<string, unknown>)[column] : (row as unknown[])[i];
const objects = (r: Result) => r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, valueOf(row, c, i)])));
const d1Result = (r: Result) => ({ results: objects(r), meta: { changes: r.rowsAffected }, success: true });

/**
 * A libSQL client seen as a D1 binding. On Workers a remote libSQL database (Turso) then goes
 * through the same Drizzle D1 driver and SqlClient as D1 itself: one driver in the bundle, not two.
 */
export function d1OverLibsql(client: LibsqlClientLike): D1Like & { prepare(sql: string): never } {
  const statement = (sql: string, values: unknown[] = []): Record<string, unknown> => ({
    bind: (...v: unknown[]) => statement(sql, v),
    all: async () => d1Result(await client.execute({ sql, args: values as never })),
    run: async () => d1Result(await client.execute({ sql, args: values as never })),
    first: async (column?: string) => {
      const row = objects(await client.execute({ sql, args: values as never }))[0] ?? null;
      return column && row ? row[column] : row;
    },
    raw: async () => {
      const r = await client.execute({ sql, args: values as never });
      return r.rows.map((row) => r.columns.map((_, i) => (row as unknown[])[i]));
    },
    sql,
    values,
  });
  return {
    prepare: (sql: string) => statement(sql) as never,
    batch: async (stmts: unknown[]) => {
      const list = stmts as { sql: string; values: unknown[] }[];
      return (await client.batch(list.map((s) => ({ sql: s.sql, args: s.values as never })), 'write')).map(d1Result);
    },
  };
}
