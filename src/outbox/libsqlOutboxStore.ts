import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ChannelName, Reply } from '../core/message.js';
import type { DeliveryStatus, DeliveryStore, OutboxItem, OutboxStore } from '../core/ports.js';
import { changes, type Database } from '../storage/database.js';
import type { GroupCommit } from '../storage/groupCommit.js';
import { conversations, outbox } from '../storage/schema.js';
import type { SqlClient } from '../storage/sqlClient.js';

/** Which outbox statuses a delivery report replaces: reports arrive out of order, and never undo a read. */
const DELIVERY_REPLACES: Record<DeliveryStatus, string[]> = {
  sent: [],
  delivered: ['sent', 'failed'],
  read: ['sent', 'delivered', 'failed'],
  failed: ['sent'],
};

/**
 * The outbox's storage: what waits to leave, what was sent, delivery reports (WhatsApp Cloud) and
 * WhatsApp's 24-hour window. The marks of a send share the database's group commit with turns.
 */
export class LibsqlOutboxStore implements OutboxStore, DeliveryStore {
  constructor(
    private readonly db: Database,
    private readonly client: SqlClient,
    private readonly commits: GroupCommit,
  ) {}

  async claimDue(channel: ChannelName, now: number, limit: number, leaseMs: number): Promise<OutboxItem[]> {
    if (limit <= 0) return [];
    // One channel's lane: what another channel holds (an outage) is never read here (index
    // outbox_lane). A message is due when waiting and its time has come, or "sending" with its
    // lease run out. One statement reads and claims: two processes (or Workers' isolates) never
    // both take the same message. With the turns' writes in the group commit.
    const [result] = await this.commits.write([
      {
        sql: `UPDATE outbox SET status = 'sending', next_attempt_at = ?
              WHERE id IN (SELECT o.id FROM outbox o
                WHERE o.channel = ? AND o.status IN ('pending', 'sending') AND o.next_attempt_at <= ?
                  AND o.id = (SELECT min(o2.id) FROM outbox o2 WHERE o2.channel = o.channel AND o2.recipient = o.recipient AND o2.status IN ('pending', 'sending'))
                ORDER BY o.id LIMIT ?)
              RETURNING id, message_id, channel, recipient, payload, attempts, parts_sent`,
        args: [now + leaseMs, channel, now, limit],
      },
    ]);
    const items = (result?.rows ?? []).map((r) => ({
      id: String(r.id),
      messageId: String(r.message_id),
      channel: String(r.channel) as ChannelName,
      recipient: String(r.recipient),
      reply: JSON.parse(String(r.payload)) as Reply,
      attempts: Number(r.attempts),
      partsSent: Number(r.parts_sent ?? 0),
    }));
    // RETURNING keeps no order: oldest first, as SQLite compares text (ids are ASCII).
    return items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async releaseClaims(items: { id: string; at: number }[]): Promise<void> {
    if (!items.length) return;
    await this.commits.write(items.map(({ id, at }) => ({ sql: "UPDATE outbox SET status = 'pending', next_attempt_at = ? WHERE id = ? AND status = 'sending'", args: [at, id] })));
  }

  async requeueInterrupted(now: number): Promise<number> {
    // Due now, not when the dead process's claim would have run out.
    const r = await this.db.update(outbox).set({ status: 'pending', nextAttemptAt: now, lastError: 'interrupted by a restart' }).where(eq(outbox.status, 'sending'));
    return changes(r);
  }

  async markSent(id: string, at: number, providerMessageId?: string, holdNextMs = 0): Promise<void> {
    // The last message to someone who erased their data ("your data is erased") leaves no trace once sent.
    // One statement: whether it was such a message comes back with the update (RETURNING).
    const erased = 'NOT EXISTS (SELECT 1 FROM messages WHERE messages.id = outbox.message_id)';
    const statements = [];
    // The recipient's next message waits for their limit (before the update below, which may blank the recipient).
    if (holdNextMs > 0)
      statements.push({
        sql: `UPDATE outbox SET next_attempt_at = max(next_attempt_at, ?) WHERE id = (SELECT min(o2.id) FROM outbox o2, outbox s
                WHERE s.id = ? AND o2.channel = s.channel AND o2.recipient = s.recipient AND o2.status = 'pending')`,
        args: [at + holdNextMs, id],
      });
    statements.push({
      sql: `UPDATE outbox SET status = 'sent', sent_at = ?, provider_message_id = ?,
              recipient = CASE WHEN ${erased} THEN '' ELSE recipient END, payload = CASE WHEN ${erased} THEN '{}' ELSE payload END
            WHERE id = ? RETURNING ${erased} AS erased`,
      args: [at, providerMessageId ?? null, id],
    });
    const result = (await this.commits.write(statements)).at(-1);
    const rows = result?.rows;
    if (rows?.[0]?.erased === 1) await this.client.execute('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
  }

  async markRetry(id: string, attempts: number, nextAttemptAt: number, error: string, partsSent?: number): Promise<void> {
    await this.commits.write([
      {
        sql: "UPDATE outbox SET status = 'pending', attempts = ?, next_attempt_at = ?, last_error = ?, parts_sent = max(parts_sent, ?) WHERE id = ?",
        args: [attempts, nextAttemptAt, error.slice(0, 200), partsSent ?? 0, id],
      },
    ]);
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.commits.write([{ sql: "UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?", args: [error.slice(0, 200), id] }]);
  }

  async markUnreachable(channel: ChannelName, recipient: string, at: number): Promise<void> {
    await this.db.batch([
      this.db.update(conversations).set({ unreachableAt: at }).where(and(eq(conversations.channel, channel), eq(conversations.channelUserId, recipient))),
      this.db
        .update(outbox)
        .set({ status: 'failed', lastError: 'unreachable' })
        .where(and(eq(outbox.channel, channel), eq(outbox.recipient, recipient), inArray(outbox.status, ['pending', 'sending']))),
    ]);
  }

  async markReachable(channel: ChannelName, recipient: string): Promise<void> {
    await this.db.update(conversations).set({ unreachableAt: null }).where(and(eq(conversations.channel, channel), eq(conversations.channelUserId, recipient)));
  }

  async markDelivery(channel: ChannelName, providerMessageId: string, status: DeliveryStatus, error?: string) {
    const [row] = await this.db
      .select({ id: outbox.id, recipient: outbox.recipient, payload: outbox.payload })
      .from(outbox)
      .where(and(eq(outbox.providerMessageId, providerMessageId), eq(outbox.channel, channel)))
      .limit(1);
    if (!row) return null;
    const replaces = DELIVERY_REPLACES[status];
    const changed = replaces.length
      ? changes(
          await this.db
            .update(outbox)
            .set({ status, ...(status === 'failed' ? { lastError: (error ?? 'failed').slice(0, 200) } : {}) })
            .where(and(eq(outbox.id, row.id), inArray(outbox.status, replaces))),
        ) === 1
      : false;
    return { recipient: row.recipient, locale: (row.payload as Reply).locale, changed };
  }

  async markWindowClosed(channel: ChannelName, recipient: string, at: number): Promise<void> {
    await this.db.update(conversations).set({ waWindowClosedAt: at }).where(and(eq(conversations.channel, channel), eq(conversations.channelUserId, recipient)));
  }

  async markWindowOpen(channel: ChannelName, recipient: string): Promise<void> {
    await this.db
      .update(conversations)
      .set({ waWindowClosedAt: null })
      .where(and(eq(conversations.channel, channel), eq(conversations.channelUserId, recipient), sql`${conversations.waWindowClosedAt} IS NOT NULL`));
  }

  async windowClosedAt(channel: ChannelName, recipient: string): Promise<number | null> {
    const [row] = await this.db
      .select({ at: conversations.waWindowClosedAt })
      .from(conversations)
      .where(and(eq(conversations.channel, channel), eq(conversations.channelUserId, recipient)));
    return row?.at ?? null;
  }

  /** Replies waiting to leave, per channel, and since when the oldest waits (the admin's status page). */
  async waitingByChannel(): Promise<{ channel: ChannelName; waiting: number; oldest: number }[]> {
    const rows = await this.client.execute("SELECT channel, count(*) AS n, min(created_at) AS oldest FROM outbox WHERE status IN ('pending', 'sending') GROUP BY channel");
    return rows.rows.map((r) => ({ channel: String(r.channel) as ChannelName, waiting: Number(r.n), oldest: Number(r.oldest) }));
  }

  async outboxCounts(): Promise<Record<string, number>> {
    const rows = await this.client.execute('SELECT status, count(*) AS n FROM outbox GROUP BY status');
    return Object.fromEntries(rows.rows.map((r) => [String(r.status), Number(r.n)]));
  }

}
