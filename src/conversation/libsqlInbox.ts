import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { ChannelName, InboundMessage, Reply, StoredReply } from '../core/message.js';
import { INBOUND_RETRY_AFTER_MS, type InboxStore, type ReceiptOutcome } from '../core/ports.js';
import { changes, type Database } from '../storage/database.js';
import { inboundReceipts, messages } from '../storage/schema.js';
import { sha256Hex } from '../storage/sha256.js';
import type { SqlArgs, SqlClient, SqlResult, SqlStatement } from '../storage/sqlClient.js';

/**
 * Receipts are keyed by a SHA-256 of the channel's message id: Telegram's contains the chat id and
 * WhatsApp's wamid encodes the phone number, and a receipt outlives an erasure (to answer a
 * redelivery once). The hash still deduplicates.
 */
export function receiptKey(channelMessageId: string): string {
  return sha256Hex(channelMessageId);
}


type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];
function toStoredReply(r: Row<typeof messages>): StoredReply {
  return { id: r.id, reply: r.reply as Reply, createdAt: r.createdAt, author: r.author === 'advisor' ? 'advisor' : 'bot' };
}

/** New receipts (a redelivered one is not inserted); the inserted ones come back (RETURNING). */
function insertReceipts(rows: unknown[][]): { sql: string; args: SqlArgs } {
  return {
    sql: `INSERT INTO inbound_receipts (channel, channel_message_id, channel_user_id, status, payload, received_at) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING RETURNING channel, channel_message_id`,
    args: rows.flat() as SqlArgs,
  };
}

/** How many times a receipt is tried when it is neither inserted nor found. */
const RECORD_ATTEMPTS = 3;

/** A receipt that could be neither inserted nor found (deleted each time in between): the message is not recorded. */
export class ReceiptNotRecordedError extends Error {
  override readonly name = 'ReceiptNotRecordedError';
  constructor(channel: string) {
    super(`the receipt of a ${channel} message could be neither inserted nor found`);
  }
}

/**
 * Every message a person sends is recorded here first (inbound_receipts), before its turn: a
 * delivery repeated is answered once, a webhook's message waits on disk for its turn (the inbox),
 * and a turn that died is tried again.
 */
export class LibsqlInbox implements InboxStore {
  constructor(
    private readonly db: Database,
    private readonly client: SqlClient,
    private readonly now: () => number,
  ) {}

  /** Receipts waiting for the next multi-row insert (see `insertReceipt`). */
  private queuedReceipts: { row: unknown[]; key: string; resolve: (inserted: boolean) => void; reject: (error: unknown) => void }[] = [];

  /**
   * Inserts a receipt unless one exists, together with the receipts other webhooks asked for during
   * the same turn of the event loop: one statement and one transaction for all of them. A webhook
   * waits for this write alone, so it is the one write kept this cheap. Resolves true when inserted.
   */
  private insertReceipt(channel: string, key: string, channelUserId: string, payload: string, now: number, status: 'received' | 'queued'): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queuedReceipts.push({ row: [channel, key, channelUserId, status, payload, now], key: `${channel}\u0000${key}`, resolve, reject });
      if (this.queuedReceipts.length !== 1) return;
      // Where each call is a round trip (D1, workerd), not grouped with other requests' (see GroupCommit.write).
      if (this.client.roundTrips) void this.flushReceipts();
      else (typeof setImmediate === 'function' ? setImmediate : (f: () => void) => setTimeout(f, 0))(() => void this.flushReceipts());
    });
  }

  private async flushReceipts(): Promise<void> {
    const all = this.queuedReceipts;
    this.queuedReceipts = [];
    // 16 rows of 6 values: D1 binds at most 100 values per statement.
    for (let at = 0; at < all.length; at += 16) {
      const group = all.slice(at, at + 16);
      // The same message twice in one group: the second is a redelivery (not inserted).
      const first = new Map<string, (typeof group)[number]>();
      for (const r of group) if (!first.has(r.key)) first.set(r.key, r);
      const rows = [...first.values()];
      try {
        const result = await this.client.execute(insertReceipts(rows.map((r) => r.row)));
        const inserted = new Set(result.rows.map((r) => `${String(r.channel)}\u0000${String(r.channel_message_id)}`));
        for (const r of group) r.resolve(first.get(r.key) === r && inserted.has(r.key));
      } catch (error) {
        for (const r of group) r.reject(error);
      }
    }
  }

  async recordInbound(input: InboundMessage, takeOver = false, queued = false): Promise<ReceiptOutcome> {
    const msg = { ...input, channelMessageId: receiptKey(input.channelMessageId) };
    // Not inserted, and then not found: it was deleted in between (an erasure). Tried again a few
    // times, then the caller fails (a webhook answers 5xx and is delivered again): never dropped.
    for (let attempt = 1; ; attempt++) {
      const now = this.now();
      if (await this.insertReceipt(msg.channel, msg.channelMessageId, msg.channelUserId, JSON.stringify(input), now, queued ? 'queued' : 'received')) return { status: 'new' };
      const [existing] = await this.db
        .select()
        .from(inboundReceipts)
        .where(and(eq(inboundReceipts.channel, msg.channel), eq(inboundReceipts.channelMessageId, msg.channelMessageId)));
      if (existing) return this.outcomeOf(existing, msg, now, takeOver, queued);
      if (attempt === RECORD_ATTEMPTS) throw new ReceiptNotRecordedError(msg.channel);
    }
  }

  private async outcomeOf(existing: Row<typeof inboundReceipts>, msg: InboundMessage, now: number, takeOver: boolean, queued: boolean): Promise<ReceiptOutcome> {
    if (existing.status === 'handled') {
      const ids = existing.replyIds ?? [];
      const rows = ids.length ? await this.db.select().from(messages).where(inArray(messages.id, ids)).orderBy(asc(messages.id)) : [];
      return { status: 'duplicate', replies: rows.map(toStoredReply) };
    }
    // A message recorded and never answered: taken over after a crash (`takeOver`), or redelivered
    // long after (its turn died). Never by accept() (`queued`): the drain or the retry pass has it.
    const unanswered = existing.status === 'received' || existing.status === 'queued';
    if (unanswered && !queued && (takeOver || now - existing.receivedAt >= INBOUND_RETRY_AFTER_MS)) {
      const taken = await this.db
        .update(inboundReceipts)
        .set({ receivedAt: now })
        .where(and(eq(inboundReceipts.channel, msg.channel), eq(inboundReceipts.channelMessageId, msg.channelMessageId), eq(inboundReceipts.receivedAt, existing.receivedAt)));
      if (changes(taken) === 1) return { status: 'new' };
    }
    return { status: 'in_progress' };
  }

  /**
   * The receipt of a new message and a read, in one batch: one round trip where each call is one
   * (D1). A message recorded before goes the usual way (`read` null: not read).
   */
  async recordInboundWith(input: InboundMessage, takeOver: boolean, read: SqlStatement): Promise<{ outcome: ReceiptOutcome; read: SqlResult | null }> {
    const [inserted, result] = await this.client.batch([
      insertReceipts([[input.channel, receiptKey(input.channelMessageId), input.channelUserId, 'received', JSON.stringify(input), this.now()]]),
      read,
    ]);
    if (inserted?.rows.length && result) return { outcome: { status: 'new' }, read: result };
    return { outcome: await this.recordInbound(input, takeOver), read: null };
  }

  async failInbound(channel: ChannelName, rawMessageId: string, error: string, maxAttempts: number): Promise<'retry' | 'dead'> {
    const r = await this.client.execute({
      sql: `UPDATE inbound_receipts SET attempts = attempts + 1, last_error = ?, received_at = ?,
              status = CASE WHEN attempts + 1 >= ? THEN 'dead' ELSE 'received' END
            WHERE channel = ? AND channel_message_id = ? AND status IN ('received', 'queued') RETURNING status`,
      args: [error.slice(0, 200), this.now(), maxAttempts, channel, receiptKey(rawMessageId)],
    });
    return r.rows[0]?.status === 'dead' ? 'dead' : 'retry';
  }

  async pendingInbound(before: number, limit: number): Promise<InboundMessage[]> {
    const rows = await this.db
      .select({ payload: inboundReceipts.payload })
      .from(inboundReceipts)
      .where(and(eq(inboundReceipts.status, 'received'), sql`${inboundReceipts.receivedAt} <= ${before}`))
      .orderBy(asc(inboundReceipts.receivedAt))
      .limit(limit);
    return rows.map((r) => r.payload as InboundMessage).filter((m) => m && typeof m.channel === 'string');
  }

  async inboxStart(): Promise<number> {
    // The oldest unanswered message through the status index; else the newest row.
    const r = await this.client.execute(
      "SELECT coalesce((SELECT min(rowid) - 1 FROM inbound_receipts WHERE status = 'queued'), (SELECT max(rowid) FROM inbound_receipts), 0) AS seq",
    );
    return Number(r.rows[0]?.seq ?? 0);
  }

  async inboxAfter(seq: number, limit: number): Promise<{ seq: number; msg: InboundMessage | null }[]> {
    // A range of the table's own order (rowid): only the rows recorded since the last read.
    const r = await this.client.execute({
      sql: "SELECT rowid AS seq, payload FROM inbound_receipts NOT INDEXED WHERE rowid > ? AND status = 'queued' ORDER BY rowid LIMIT ?",
      args: [seq, limit],
    });
    return r.rows.map((row) => {
      const msg = typeof row.payload === 'string' ? (JSON.parse(row.payload) as InboundMessage | null) : null;
      return { seq: Number(row.seq), msg: msg && typeof msg.channel === 'string' ? msg : null };
    });
  }

}
