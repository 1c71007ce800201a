/**
 * A small client for libSQL's remote protocol (Hrana over HTTP, `POST /v2/pipeline`), enough for
 * tawjih's stores: execute one statement, or several in one transaction. It replaces
 * @libsql/client/web on Workers, whose 13 KB (gzipped) would push the bundle past the free plan.
 * Node keeps @libsql/client. Protocol: https://github.com/tursodatabase/libsql (docs/HRANA_3_SPEC.md).
 */
type HranaValue = { type: 'null' } | { type: 'integer'; value: string } | { type: 'float'; value: number } | { type: 'text'; value: string } | { type: 'blob'; base64: string };
interface HranaResult {
  cols: { name: string | null }[];
  rows: HranaValue[][];
  affected_row_count: number;
}
export interface HranaStatement {
  sql: string;
  args: unknown[];
}
export interface HranaClient {
  execute(s: HranaStatement): Promise<{ rows: unknown[][]; columns: string[]; rowsAffected: number }>;
  batch(s: HranaStatement[]): Promise<{ rows: unknown[][]; columns: string[]; rowsAffected: number }[]>;
}

function encode(v: unknown): HranaValue {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'boolean') return { type: 'integer', value: v ? '1' : '0' };
  if (typeof v === 'bigint') return { type: 'integer', value: v.toString() };
  if (typeof v === 'number') return Number.isInteger(v) ? { type: 'integer', value: String(v) } : { type: 'float', value: v };
  if (v instanceof Uint8Array || v instanceof ArrayBuffer) {
    // A file's bytes (media parts, 512 KB at most): base64 by chunks (String.fromCharCode takes a bounded number of arguments).
    const bytes = v instanceof Uint8Array ? v : new Uint8Array(v);
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { type: 'blob', base64: btoa(binary) };
  }
  return { type: 'text', value: String(v) };
}

function decode(v: HranaValue): unknown {
  switch (v.type) {
    case 'null':
      return null;
    case 'integer':
      return Number(v.value);
    case 'float':
      return v.value;
    case 'text':
      return v.value;
    case 'blob':
      return Uint8Array.from(atob(v.base64), (c) => c.charCodeAt(0));
  }
}

const toResult = (r: HranaResult) => ({
  columns: r.cols.map((c) => c.name ?? ''),
  rows: r.rows.map((row) => row.map(decode)),
  rowsAffected: r.affected_row_count,
});

export function hranaHttpClient(url: string, authToken?: string, fetcher: typeof fetch = fetch): HranaClient {
  const endpoint = `${url.replace(/^libsql:/, 'https:').replace(/\/$/, '')}/v2/pipeline`;
  async function pipeline(requests: unknown[]): Promise<{ type: string; response?: { type: string; result?: HranaResult }; error?: { message: string } }[]> {
    const res = await fetcher(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authToken ? { authorization: `Bearer ${authToken}` } : {}) },
      body: JSON.stringify({ baton: null, requests: [...requests, { type: 'close' }] }),
    });
    if (!res.ok) throw new Error(`libSQL server answered ${res.status}`);
    return ((await res.json()) as { results: never[] }).results;
  }
  const stmt = (s: HranaStatement) => ({ sql: s.sql, args: s.args.map(encode), want_rows: true });
  return {
    async execute(s) {
      const [r] = await pipeline([{ type: 'execute', stmt: stmt(s) }]);
      if (r?.type !== 'ok' || !r.response?.result) throw new Error(`libSQL: ${r?.error?.message ?? 'no result'}`);
      return toResult(r.response.result);
    },
    async batch(statements) {
      // BEGIN, each statement if the previous one succeeded, COMMIT if all did, else ROLLBACK.
      const steps = [{ stmt: { sql: 'BEGIN', args: [] } }, ...statements.map((s, i) => ({ stmt: stmt(s), condition: { type: 'ok', step: i } }))];
      steps.push({ stmt: { sql: 'COMMIT', args: [] }, condition: { type: 'ok', step: statements.length } } as never);
      steps.push({ stmt: { sql: 'ROLLBACK', args: [] }, condition: { type: 'not', cond: { type: 'ok', step: statements.length + 1 } } } as never);
      const [r] = await pipeline([{ type: 'batch', batch: { steps } }]);
      const result = r?.response as unknown as { result?: { step_results: (HranaResult | null)[]; step_errors: ({ message: string } | null)[] } } | undefined;
      if (r?.type !== 'ok' || !result?.result) throw new Error(`libSQL: ${r?.error?.message ?? 'no result'}`);
      const failed = result.result.step_errors.find((e) => e);
      if (failed || !result.result.step_results[statements.length + 1]) throw new Error(`libSQL: ${failed?.message ?? 'transaction not committed'}`);
      return result.result.step_results.slice(1, statements.length + 1).map((x) => toResult(x!));
    },
  };
}
