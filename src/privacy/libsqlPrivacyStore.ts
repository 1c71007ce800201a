import { libsqlSqlClient, type AnySqlClient, type SqlClient } from '../storage/sqlClient.js';
import { exportPerson, purgeOlderThan } from './personData.js';
import { pseudonymFor } from '../handoff/pseudonym.js';

/** Access requests (law 09-08) and the retention purge. */
export class LibsqlPrivacyStore {
  private readonly client: SqlClient;
  constructor(client: AnySqlClient) {
    this.client = libsqlSqlClient(client);
  }

  /** The contact behind a pseudonym shown in the console ("P-7KQ2-M9"), or a contact id. */
  async findContact(pseudonymOrId: string): Promise<string | null> {
    const direct = await this.client.execute({ sql: 'SELECT id FROM contacts WHERE id = ?', args: [pseudonymOrId] });
    if (direct.rows[0]) return String(direct.rows[0].id);
    const all = await this.client.execute('SELECT id FROM contacts');
    const hit = all.rows.find((r) => pseudonymFor(String(r.id)) === pseudonymOrId.toUpperCase());
    return hit ? String(hit.id) : null;
  }

  /** Everything stored about a person, table by table. */
  async exportContact(contactId: string): Promise<Record<string, Record<string, unknown>[]>> {
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const { table, statement } of exportPerson(contactId)) {
      const r = await this.client.execute(statement);
      out[table] = r.rows.map((row) => Object.fromEntries(r.columns.map((c) => [c, row[c] ?? null])));
    }
    return out;
  }

  /**
   * Deletes conversations untouched since `cutoff`, with everything of their people
   * (privacy/personData.ts), then what outlives them. Anonymous counters stay.
   */
  async purgeOlderThan(cutoff: number): Promise<{ conversations: number }> {
    const { statements, conversationsAt } = purgeOlderThan(cutoff);
    const results = await this.client.batch(statements, 'write');
    return { conversations: results[conversationsAt]!.rowsAffected };
  }
}

