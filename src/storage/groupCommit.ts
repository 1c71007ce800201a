import type { SqlArgs, SqlClient, SqlResult } from './sqlClient.js';
import { isDatabaseUnavailable } from './databaseUnavailable.js';

/** A statement as the SQL client runs it. */
export type Stmt = { sql: string; args: SqlArgs };

/**
 * Runs a caller's statements in one transaction, together with the writes other callers (turns,
 * sends, receipts of other features on the same database) asked for during the same turn of the
 * event loop: a group commit. Each transaction costs about the same whatever it holds, so under
 * load one for several turns costs much less than one each. If the group fails, each caller's
 * statements run again on their own, so that one bad write never fails another. Resolves with
 * the results of the caller's own statements. One per database, shared by its stores.
 */
/**
 * Callers in one transaction at most: a local file's transaction runs synchronously, and a group
 * of a hundred turns and sends held the event loop for tens of milliseconds; the rest goes in the
 * next turn of the event loop (webhooks get in between).
 */
export const MAX_GROUP = 24;
const later = (f: () => void) => (typeof setImmediate === 'function' ? setImmediate(f) : setTimeout(f, 0));

export class GroupCommit {
  constructor(private readonly client: SqlClient) {}

  private queuedWrites: { ops: Stmt[]; resolve: (results: SqlResult[]) => void; reject: (error: unknown) => void }[] = [];

  write(ops: Stmt[]): Promise<SqlResult[]> {
    // Where each call is a round trip (D1), nothing is grouped: in workerd a timer or a query
    // belongs to the request that started it, and another request's write waiting on it hangs
    // ("Cannot perform I/O on behalf of a different request") once that request has ended.
    if (this.client.roundTrips) return this.client.batch(ops, 'write');
    return new Promise((resolve, reject) => {
      this.queuedWrites.push({ ops, resolve, reject });
      if (this.queuedWrites.length === 1) later(() => void this.flushWrites());
    });
  }

  private async flushWrites(): Promise<void> {
    const group = this.queuedWrites.splice(0, MAX_GROUP);
    if (this.queuedWrites.length) later(() => void this.flushWrites());
    const run = (ops: Stmt[]) => this.client.batch(ops, 'write');
    if (group.length > 1) {
      try {
        const results = await run(group.flatMap((w) => w.ops));
        let at = 0;
        for (const w of group) {
          w.resolve(results.slice(at, at + w.ops.length));
          at += w.ops.length;
        }
        return;
      } catch (error) {
        // The database is out of reach (a remote one that dropped or stalls): alone, each would wait as long again.
        if (isDatabaseUnavailable(error)) {
          for (const w of group) w.reject(error);
          return;
        }
        // Rolled back as a whole: each caller's statements again, alone.
      }
    }
    for (const w of group) {
      try {
        w.resolve(await run(w.ops));
      } catch (error) {
        w.reject(error);
      }
    }
  }

}
