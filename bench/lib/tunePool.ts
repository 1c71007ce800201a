/**
 * Experiments only (BENCH_TUNE_POOL), never in the reported numbers. @libsql/client 0.18 keeps a
 * pool of up to 20 connections per client (a second one opens whenever two calls overlap), and
 * openDatabase set synchronous=NORMAL and secure_delete=ON on the first connection only (until
 * commit 8e0da7a, which gives a local file one connection: `single` is now what ships).
 *   BENCH_TUNE_POOL=pragmas  every pooled connection gets openDatabase's pragmas first
 *   BENCH_TUNE_POOL=single   calls wait for the one connection instead of opening another
 * to measure what the fix recommended in docs/performance.md buys.
 */
import Database from 'libsql';
import { ConnectionPool } from '@libsql/client/sqlite3';

export function tunePooledConnections(mode: string | undefined): void {
  if (mode === 'pragmas' || mode === '1') {
    const proto = (Database as unknown as { prototype: { prepare(this: object, sql: string): { run(): unknown } } }).prototype;
    const prepare = proto.prepare;
    const tuned = new WeakSet<object>();
    proto.prepare = function (this: object, sql: string) {
      if (!tuned.has(this)) {
        tuned.add(this);
        for (const p of ['PRAGMA synchronous=NORMAL', 'PRAGMA secure_delete=ON', 'PRAGMA foreign_keys=ON']) prepare.call(this, p).run();
      }
      return prepare.call(this, sql);
    };
  } else if (mode === 'single') {
    type Pool = { acquire(forTransaction?: boolean): Promise<unknown>; release(db: unknown): void };
    const proto = (ConnectionPool as unknown as { prototype: Pool }).prototype;
    const acquire = proto.acquire;
    const release = proto.release;
    let busy = false;
    const waiters: (() => void)[] = [];
    proto.acquire = function (this: Pool, forTransaction?: boolean) {
      if (!busy) {
        busy = true;
        return acquire.call(this, forTransaction);
      }
      return new Promise((resolve) => waiters.push(() => resolve(acquire.call(this, forTransaction))));
    };
    proto.release = function (this: Pool, db: unknown) {
      release.call(this, db);
      const next = waiters.shift();
      if (next) next();
      else busy = false;
    };
  }
}
