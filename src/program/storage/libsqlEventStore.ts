import type { ChannelName } from '../../core/message.js';
import { type BatchMessage, type DueReminder, type EventRecord, type EventStore, type Recipient, type RegistrationRow } from '../programStore.js';
import type { SqlClient, SqlStatement } from '../../storage/sqlClient.js';

import { num, chunks, EVENT_COLUMNS, toEvent, messageStatements } from './programSql.js';

/** Workshops and events, their registrations and reminders. */
export class LibsqlEventStore implements EventStore {
  constructor(private readonly client: SqlClient) {}

  async saveEvent(e: EventRecord): Promise<void> {
    await this.client.execute({
      sql: `INSERT INTO events (id, titles, place, province, starts_at, remind_at, capacity, languages, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET titles = excluded.titles, place = excluded.place, province = excluded.province, starts_at = excluded.starts_at,
              remind_at = excluded.remind_at, capacity = excluded.capacity, languages = excluded.languages, updated_at = excluded.updated_at`,
      args: [e.id, JSON.stringify(e.titles), e.place, e.province, e.startsAt, e.remindAt, e.capacity, JSON.stringify(e.languages), e.status, e.createdAt, e.createdAt],
    });
  }

  async getEvent(id: string): Promise<EventRecord | null> {
    const r = await this.client.execute({ sql: `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = ?`, args: [id] });
    return r.rows[0] ? toEvent(r.rows[0]) : null;
  }

  async listEvents(fromTime: number, limit: number): Promise<EventRecord[]> {
    const r = await this.client.execute({ sql: `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.starts_at >= ? ORDER BY e.starts_at LIMIT ?`, args: [fromTime, limit] });
    return r.rows.map(toEvent);
  }

  async cancelEvent(id: string, at: number): Promise<boolean> {
    const r = await this.client.execute({ sql: "UPDATE events SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'active'", args: [at, id] });
    return r.rowsAffected === 1;
  }

  async updateEvent(e: EventRecord, reminders: 'keep' | 'again' | 'done', at: number): Promise<boolean> {
    const statements: SqlStatement[] = [
      {
        sql: `UPDATE events SET titles = ?, place = ?, province = ?, starts_at = ?, remind_at = ?, capacity = ?, languages = ?, updated_at = ?
              WHERE id = ? AND status = 'active' AND ? >= (SELECT count(*) FROM registrations r WHERE r.event_id = events.id AND r.status = 'registered')`,
        args: [JSON.stringify(e.titles), e.place, e.province, e.startsAt, e.remindAt, e.capacity, JSON.stringify(e.languages), at, e.id, e.capacity],
      },
    ];
    // Only with the update (the guard: this very write).
    const applied = 'EXISTS (SELECT 1 FROM events WHERE id = ? AND updated_at = ? AND starts_at = ?)';
    if (reminders === 'again') {
      statements.push({ sql: `UPDATE registrations SET reminded_at = NULL WHERE event_id = ? AND status = 'registered' AND ${applied}`, args: [e.id, e.id, at, e.startsAt] });
    } else if (reminders === 'done') {
      statements.push({ sql: `UPDATE registrations SET reminded_at = ? WHERE event_id = ? AND status = 'registered' AND reminded_at IS NULL AND ${applied}`, args: [at, e.id, e.id, at, e.startsAt] });
    }
    const results = await this.client.batch(statements, 'write');
    return results[0]!.rowsAffected === 1;
  }

  async registrations(eventId: string): Promise<RegistrationRow[]> {
    const r = await this.client.execute({
      sql: `SELECT r.contact_id, r.status, r.created_at, r.reminded_at, c.locale, (SELECT v.channel FROM conversations v WHERE v.contact_id = r.contact_id LIMIT 1) AS channel
            FROM registrations r JOIN contacts c ON c.id = r.contact_id WHERE r.event_id = ? ORDER BY r.created_at`,
      args: [eventId],
    });
    return r.rows.map((row) => ({
      contactId: String(row.contact_id),
      locale: row.locale === null ? null : String(row.locale),
      channel: row.channel === null ? null : String(row.channel),
      status: row.status === 'cancelled' ? 'cancelled' : 'registered',
      createdAt: Number(row.created_at),
      remindedAt: num(row.reminded_at),
    }));
  }

  async dueReminders(now: number, limit: number): Promise<DueReminder[]> {
    const r = await this.client.execute({
      sql: `SELECT r.event_id, r.contact_id, c.locale, v.id AS conversation_id, v.channel, v.channel_user_id
            FROM registrations r JOIN events e ON e.id = r.event_id JOIN contacts c ON c.id = r.contact_id JOIN conversations v ON v.contact_id = r.contact_id
            WHERE r.status = 'registered' AND r.reminded_at IS NULL AND e.status = 'active' AND e.remind_at <= ? AND e.starts_at > ?
              AND r.created_at < e.remind_at AND v.unreachable_at IS NULL
            ORDER BY e.starts_at LIMIT ?`,
      args: [now, now, limit],
    });
    return r.rows.map((row) => ({
      eventId: String(row.event_id),
      contactId: String(row.contact_id),
      locale: row.locale === null ? null : String(row.locale),
      conversationId: String(row.conversation_id),
      channel: String(row.channel) as ChannelName,
      channelUserId: String(row.channel_user_id),
    }));
  }

  async recordReminders(items: { eventId: string; contactId: string; message: BatchMessage }[], at: number): Promise<number> {
    let sent = 0;
    for (const part of chunks(items, 20)) {
      const statements: SqlStatement[] = [];
      const marks: number[] = [];
      for (const item of part) {
        marks.push(statements.length);
        statements.push({ sql: 'UPDATE registrations SET reminded_at = ? WHERE event_id = ? AND contact_id = ? AND reminded_at IS NULL', args: [at, item.eventId, item.contactId] });
        // The message only goes with the mark: a reminder another loop already sent is not sent again.
        statements.push(
          ...messageStatements([item.message], at, null, { sql: 'EXISTS (SELECT 1 FROM registrations WHERE event_id = ? AND contact_id = ? AND reminded_at = ?)', args: [item.eventId, item.contactId, at] }),
        );
      }
      const results = await this.client.batch(statements, 'write');
      sent += marks.filter((i) => results[i]!.rowsAffected === 1).length;
    }
    return sent;
  }

  async registeredRecipients(eventId: string): Promise<(Recipient & { contactId: string })[]> {
    const r = await this.client.execute({
      sql: `SELECT r.contact_id, c.locale, v.id, v.channel, v.channel_user_id FROM registrations r JOIN contacts c ON c.id = r.contact_id
            JOIN conversations v ON v.contact_id = r.contact_id WHERE r.event_id = ? AND r.status = 'registered' AND v.unreachable_at IS NULL`,
      args: [eventId],
    });
    return r.rows.map((row) => ({
      contactId: String(row.contact_id),
      conversationId: String(row.id),
      channel: String(row.channel) as ChannelName,
      channelUserId: String(row.channel_user_id),
      locale: row.locale === null ? null : String(row.locale),
    }));
  }

  async storeMessages(messages: BatchMessage[], at: number): Promise<void> {
    for (const part of chunks(messages, 100)) if (part.length) await this.client.batch(messageStatements(part, at, null, null), 'write');
  }
}
