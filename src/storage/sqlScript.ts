import type { SqlClient, SqlResult, SqlStatement } from './sqlClient.js';

/** A value written into SQL text: a literal, quoted as SQLite reads it. */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  throw new TypeError(`a ${typeof v} cannot be written into SQL text`);
}

/** A statement with its positional arguments written in (`?` outside quotes, in order). */
export function inlineStatement(s: SqlStatement): string {
  const sql = typeof s === 'string' ? s : s.sql;
  const args = typeof s === 'string' ? [] : (s.args ?? []);
  if (!Array.isArray(args)) throw new TypeError('only positional arguments (?) can be written into SQL text');
  let i = 0;
  let quoted = false;
  let out = '';
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    if (ch === '?' && !quoted) {
      if (i >= args.length) throw new TypeError('fewer arguments than placeholders');
      out += literal(args[i++]);
    } else out += ch;
  }
  if (i !== args.length) throw new TypeError('more arguments than placeholders');
  return `${out.replace(/\s+/g, ' ').trim()};`;
}

/**
 * A client that runs nothing and writes what it is given as a SQL script: for a database this
 * machine cannot reach (Cloudflare D1: `npx wrangler d1 execute <db> --remote --file <script>`).
 * Reads find nothing; each write reports one row changed.
 */
export function sqlScriptClient(): { client: SqlClient; script(): string } {
  const lines: string[] = [];
  const result = (): SqlResult => ({ rows: [], columns: [], rowsAffected: 1 });
  const client: SqlClient = {
    async execute(s) {
      lines.push(inlineStatement(s));
      return result();
    },
    async batch(statements) {
      lines.push(...statements.map(inlineStatement));
      return statements.map(result);
    },
    close() {},
  };
  return { client, script: () => `${lines.join('\n')}\n` };
}
