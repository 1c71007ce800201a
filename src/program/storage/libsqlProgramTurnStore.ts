import type { ChannelName } from '../../core/message.js';
import type { ProgramContext, ProgramEffects } from '../programTurn.js';
import { type ProgramTurnStore } from '../programStore.js';
import type { SqlClient, SqlStatement } from '../../storage/sqlClient.js';

import { placeholders, EVENT_COLUMNS, toEvent } from './programSql.js';
import { EVENT_PROVINCES } from '../programDeps.js';

/** What a turn reads and changes of the program: events near the person, subscriptions, registrations. */
export class LibsqlProgramTurnStore implements ProgramTurnStore {
  constructor(private readonly client: SqlClient) {}

  async programContext(contact: { id: string; province: string | null }, now: number, eventIds: string[], shown: number): Promise<ProgramContext> {
    const upcoming = `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.status = 'active' AND e.starts_at > ?`;
    const ids = eventIds.slice(0, 10);
    const [near, region, requested, registered] = await this.client.batch(
      [
        { sql: `${upcoming} AND e.province = ? ORDER BY e.starts_at LIMIT ?`, args: [now, contact.province ?? '', shown] },
        { sql: `${upcoming} ORDER BY e.starts_at LIMIT ?`, args: [now, shown] },
        { sql: `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id IN (${ids.length ? placeholders(ids.length) : "''"})`, args: ids },
        { sql: "SELECT event_id FROM registrations WHERE contact_id = ? AND status = 'registered'", args: [contact.id] },
      ],
      'read',
    );
    const nearby = near!.rows.map(toEvent);
    // No province of the region (not given, elsewhere in Morocco, abroad): every province's events.
    const scope = !(EVENT_PROVINCES as readonly string[]).includes(contact.province ?? '') ? 'all' : nearby.length ? 'province' : 'region';
    return {
      nearby: scope === 'province' ? nearby : region!.rows.map(toEvent),
      nearbyScope: scope,
      requested: requested!.rows.map(toEvent),
      registered: registered!.rows.map((r) => String(r.event_id)),
    };
  }

  async applyEffects(target: { contactId: string; channel: ChannelName; recipient: string }, effects: ProgramEffects, now: number): Promise<boolean> {
    const statements: SqlStatement[] = [];
    let registerAt = -1;
    for (const topic of effects.subscribe ?? []) {
      statements.push({ sql: 'INSERT INTO subscriptions (contact_id, topic, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', args: [target.contactId, topic, now] });
    }
    if (effects.unsubscribeAll) {
      statements.push(
        { sql: 'DELETE FROM subscriptions WHERE contact_id = ?', args: [target.contactId] },
        // Campaign messages still waiting for this person are not sent.
        {
          sql: "UPDATE outbox SET status = 'failed', last_error = 'unsubscribed' WHERE campaign_id IS NOT NULL AND status = 'pending' AND channel = ? AND recipient = ?",
          args: [target.channel, target.recipient],
        },
      );
    }
    if (effects.register) {
      registerAt = statements.length;
      // One seat, if one is left: the count and the insert are one statement (no race between two people).
      statements.push({
        sql: `INSERT INTO registrations (event_id, contact_id, status, created_at, updated_at)
              SELECT e.id, ?, 'registered', ?, ? FROM events e
              WHERE e.id = ? AND e.status = 'active' AND e.starts_at > ?
                AND e.capacity > (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'registered')
              ON CONFLICT (event_id, contact_id) DO UPDATE SET status = 'registered', created_at = excluded.created_at, updated_at = excluded.updated_at, reminded_at = NULL
              WHERE registrations.status <> 'registered'`,
        args: [target.contactId, now, now, effects.register, now],
      });
    }
    if (effects.cancel) {
      statements.push({
        sql: "UPDATE registrations SET status = 'cancelled', updated_at = ? WHERE event_id = ? AND contact_id = ? AND status = 'registered'",
        args: [now, effects.cancel, target.contactId],
      });
    }
    if (!statements.length) return true;
    const results = await this.client.batch(statements, 'write');
    return registerAt < 0 || results[registerAt]!.rowsAffected === 1;
  }
}
