import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { HistoryItem, InboundMessage, Reply, StoredReply } from '../core/message.js';
import type { ChannelName } from '../core/message.js';
import type { Contact, Conversation, DeliveryStatus, DeliveryStore, OutboxItem, OutboxStore, ReceiptOutcome, SeenChoices, Store, TurnCommit } from '../core/ports.js';
import type { Locale } from '../config/configSchema.js';
import { changes, type Database } from './database.js';
import { sha256Hex } from './sha256.js';
import { libsqlSqlClient, type AnySqlClient, type SqlClient, type SqlResult } from './sqlClient.js';
import { messageInserts, outboxIdFor, type MessageInsert } from './messageInserts.js';

/** A statement as the SQL client runs it. The hot ones are written by hand: the SQL text is the
 * same at every call, so the client's compiled statement is reused and no query is built. */
type Stmt = { sql: string; args: unknown[] };
/** A Drizzle query as a statement (for the rare writes). */
const q = (query: { toSQL(): { sql: string; params: unknown[] } }): Stmt => {
  const { sql: text, params } = query.toSQL();
  return { sql: text, args: params };
};
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
const values = (width: number, rows: number) => Array.from({ length: rows }, () => `(${Array.from({ length: width }, () => '?').join(', ')})`).join(', ');
import { contacts, conversations, inboundReceipts, kbFeedback, knowledgeGaps, messages, outbox, surveyAnswers, ticketEvents, tickets } from './schema.js';

/**
 * Receipts are keyed by a SHA-256 of the channel's message id: Telegram's contains the chat id and
 * WhatsApp's wamid encodes the phone number, and a receipt outlives an erasure (to answer a
 * redelivery once). The hash still deduplicates.
 */
export function receiptKey(channelMessageId: string): string {
  return sha256Hex(channelMessageId);
}

/** A receipt left "received" this long belongs to a turn that died or failed: it is retried. */
export const INBOUND_RETRY_AFTER_MS = 30_000;

type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];

function toStoredReply(r: Row<typeof messages>): StoredReply {
  return { id: r.id, reply: r.reply as Reply, createdAt: r.createdAt, author: r.author === 'advisor' ? 'advisor' : 'bot' };
}

/** Which outbox statuses a delivery report replaces: reports arrive out of order, and never undo a read. */
const DELIVERY_REPLACES: Record<DeliveryStatus, string[]> = {
  sent: [],
  delivered: ['sent', 'failed'],
  read: ['sent', 'delivered', 'failed'],
  failed: ['sent'],
};

/**
 * The Store port through Drizzle, on libSQL (file, remote) or Cloudflare D1: both are SQLite.
 * Each turn is committed in one batch (one transaction).
 */
export class LibsqlStore implements Store, OutboxStore, DeliveryStore {
  private readonly client: SqlClient;
  constructor(
    private readonly db: Database,
    client: AnySqlClient,
    private readonly now: () => number = Date.now,
  ) {
    this.client = libsqlSqlClient(client);
  }

  /** Writes waiting for the next group commit (see `write`). */
  private queuedWrites: { ops: Stmt[]; resolve: (results: SqlResult[]) => void; reject: (error: unknown) => void }[] = [];

  /**
   * Runs `ops` in one transaction, together with the writes other callers (turns, sends) asked for
   * during the same turn of the event loop: a group commit. Each transaction costs about the same
   * whatever it holds, so under load one for several turns costs much less than one each. If the
   * group fails, each caller's statements run again on their own, so that one bad write never
   * fails another. Resolves with the results of the caller's own statements.
   */
  private write(ops: Stmt[]): Promise<SqlResult[]> {
    return new Promise((resolve, reject) => {
      this.queuedWrites.push({ ops, resolve, reject });
      if (this.queuedWrites.length === 1) (typeof setImmediate === 'function' ? setImmediate : (f: () => void) => setTimeout(f, 0))(() => void this.flushWrites());
    });
  }

  private async flushWrites(): Promise<void> {
    const group = this.queuedWrites;
    this.queuedWrites = [];
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
      } catch {
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
      if (this.queuedReceipts.length === 1) (typeof setImmediate === 'function' ? setImmediate : (f: () => void) => setTimeout(f, 0))(() => void this.flushReceipts());
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
        const result = await this.client.execute({
          sql: `INSERT INTO inbound_receipts (channel, channel_message_id, channel_user_id, status, payload, received_at) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING RETURNING channel, channel_message_id`,
          args: rows.flatMap((r) => r.row),
        });
        const inserted = new Set(result.rows.map((r) => `${String(r.channel)}\u0000${String(r.channel_message_id)}`));
        for (const r of group) r.resolve(first.get(r.key) === r && inserted.has(r.key));
      } catch (error) {
        for (const r of group) r.reject(error);
      }
    }
  }

  async recordInbound(input: InboundMessage, takeOver = false, queued = false): Promise<ReceiptOutcome> {
    const now = this.now();
    const msg = { ...input, channelMessageId: receiptKey(input.channelMessageId) };
    if (await this.insertReceipt(msg.channel, msg.channelMessageId, msg.channelUserId, JSON.stringify(input), now, queued ? 'queued' : 'received')) return { status: 'new' };
    const [existing] = await this.db
      .select()
      .from(inboundReceipts)
      .where(and(eq(inboundReceipts.channel, msg.channel), eq(inboundReceipts.channelMessageId, msg.channelMessageId)));
    if (!existing) return this.recordInbound(input, takeOver);
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

  async findConversation(channel: ChannelName, channelUserId: string) {
    // One query for both (a conversation whose contact is gone is no conversation).
    const r = await this.client.execute({
      sql: `SELECT v.id, v.contact_id, v.state, v.position, v.created_at, v.updated_at,
              c.locale, c.locale_chosen, c.audience, c.province, c.consent_at, c.consent_version, c.consent_purpose, c.subscribed, c.source,
              c.created_at AS contact_created_at, c.last_seen_at
            FROM conversations v JOIN contacts c ON c.id = v.contact_id WHERE v.channel = ? AND v.channel_user_id = ?`,
      args: [channel, channelUserId],
    });
    const row = r.rows[0];
    if (!row) return null;
    const conversation: Conversation = {
      id: String(row.id),
      contactId: String(row.contact_id),
      channel,
      channelUserId,
      state: row.state as Conversation['state'],
      position: typeof row.position === 'string' ? (JSON.parse(row.position) as Conversation['position']) : null,
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    };
    const contact: Contact = {
      id: String(row.contact_id),
      locale: row.locale as Locale | null,
      localeChosen: Boolean(row.locale_chosen),
      audience: row.audience as Contact['audience'],
      province: row.province as string | null,
      consentAt: row.consent_at as number | null,
      consentVersion: row.consent_version as string | null,
      consentPurpose: row.consent_purpose as string | null,
      subscribed: Boolean(row.subscribed),
      source: row.source as string | null,
      createdAt: Number(row.contact_created_at),
      lastSeenAt: Number(row.last_seen_at),
    };
    return { conversation, contact };
  }

  async commitTurn(turn: TurnCommit): Promise<void> {
    const { contact: c, conversation: v } = turn;
    const ops: Stmt[] = [];
    const receipt = [turn.receipt.channel, receiptKey(turn.receipt.channelMessageId)];
    if (turn.eraseContact) {
      const receiptWhere = and(eq(inboundReceipts.channel, turn.receipt.channel), eq(inboundReceipts.channelMessageId, receipt[1]!));
      const convIds = this.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.contactId, c.id));
      ops.push(
        ...[
          // Questions that found no answer are kept without a contact id; the person's own are erased too.
          this.db.delete(knowledgeGaps).where(inArray(knowledgeGaps.query, this.db.select({ t: sql<string>`${messages.text}` }).from(messages).where(and(inArray(messages.conversationId, convIds), eq(messages.direction, 'in'))))),
          this.db.delete(outbox).where(inArray(outbox.messageId, this.db.select({ id: messages.id }).from(messages).where(inArray(messages.conversationId, convIds)))),
          this.db.delete(messages).where(inArray(messages.conversationId, convIds)),
          this.db.delete(ticketEvents).where(inArray(ticketEvents.ticketId, this.db.select({ id: tickets.id }).from(tickets).where(inArray(tickets.conversationId, convIds)))),
          this.db.delete(tickets).where(inArray(tickets.conversationId, convIds)),
          this.db.delete(inboundReceipts).where(and(eq(inboundReceipts.channel, v.channel), eq(inboundReceipts.channelUserId, v.channelUserId), sql`NOT (${receiptWhere})`)),
          this.db.delete(conversations).where(eq(conversations.contactId, c.id)),
          this.db.delete(contacts).where(eq(contacts.id, c.id)),
          this.db.update(inboundReceipts).set({ status: 'handled', payload: null, channelUserId: '', replyIds: [] }).where(receiptWhere),
        ].map(q),
      );
    } else {
      ops.push(
        {
          sql: `INSERT INTO contacts (id, locale, locale_chosen, audience, province, consent_at, consent_version, consent_purpose, subscribed, source, created_at, last_seen_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET locale = excluded.locale, locale_chosen = excluded.locale_chosen, audience = excluded.audience, province = excluded.province,
                  consent_at = excluded.consent_at, consent_version = excluded.consent_version, consent_purpose = excluded.consent_purpose, subscribed = excluded.subscribed,
                  source = excluded.source, created_at = excluded.created_at, last_seen_at = excluded.last_seen_at`,
          args: [c.id, c.locale, c.localeChosen ? 1 : 0, c.audience, c.province, c.consentAt, c.consentVersion, c.consentPurpose, c.subscribed ? 1 : 0, c.source, c.createdAt, c.lastSeenAt],
        },
        {
          sql: `INSERT INTO conversations (id, contact_id, channel, channel_user_id, state, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, position = excluded.position, updated_at = excluded.updated_at, unreachable_at = NULL`,
          args: [v.id, v.contactId, v.channel, v.channelUserId, v.state, json(v.position), v.createdAt, v.updatedAt],
        },
      );
      // The person's message, then the replies (and their deliveries), in that order.
      const outboxFor = new Map(turn.outbox.map((o) => [o.replyId, o]));
      const rows: MessageInsert[] = [];
      if (turn.inbound) {
        const m = turn.inbound;
        rows.push({ id: m.id, conversationId: v.id, direction: 'in', author: 'person', kind: m.kind, text: m.text, reply: null, createdAt: m.at, failedAt: m.failed ? m.at : null });
      }
      for (const r of turn.replies) {
        const o = outboxFor.get(r.id);
        rows.push({ id: r.id, conversationId: v.id, direction: 'out', author: r.author, text: r.reply.text, reply: r.reply, createdAt: r.createdAt, ...(o ? { outbox: { channel: o.channel, recipient: o.recipient } } : {}) });
      }
      ops.push(...messageInserts(rows));
      if (turn.ticket) {
        ops.push(q(this.db.insert(tickets).values({ ...turn.ticket, status: 'waiting', updatedAt: turn.ticket.createdAt })));
        ops.push(q(this.db.insert(ticketEvents).values({ ticketId: turn.ticket.id, kind: 'opened', advisorId: null, at: turn.ticket.createdAt })));
      }
      if (turn.closeOpenTicket) {
        ops.push(
          q(
            this.db
              .update(tickets)
              .set({ status: 'closed', outcome: turn.closeOpenTicket.outcome, closedAt: v.updatedAt, updatedAt: v.updatedAt })
              .where(and(eq(tickets.conversationId, v.id), sql`${tickets.status} <> 'closed'`)),
          ),
        );
      }
      // Handled: the message itself is in `messages`; the receipt keeps only what deduplication needs.
      ops.push({
        sql: "UPDATE inbound_receipts SET status = 'handled', payload = NULL, reply_ids = ? WHERE channel = ? AND channel_message_id = ?",
        args: [json(turn.replies.map((r) => r.id)), ...receipt],
      });
    }
    if (turn.eraseContact && turn.outbox.length) {
      // The last words to someone who erased their data ("your data is erased") still leave, with
      // no message kept; once sent they leave no trace (markSent).
      ops.push({
        sql: `INSERT INTO outbox (id, message_id, channel, recipient, payload, next_attempt_at, created_at) VALUES ${values(7, turn.outbox.length)}`,
        args: turn.outbox.flatMap((o) => [outboxIdFor(o.replyId), o.replyId, o.channel, o.recipient, json(o.reply), v.updatedAt, v.updatedAt]),
      });
    }
    for (const g of turn.knowledgeGaps ?? []) ops.push(q(this.db.insert(knowledgeGaps).values({ query: g.query, lang: g.lang, reason: g.reason, createdAt: g.at })));
    for (const a of turn.surveyAnswers ?? []) {
      ops.push(q(this.db.insert(surveyAnswers).values({ survey: a.survey, question: a.question, value: a.value, locale: a.locale, channel: a.channel, createdAt: a.at })));
    }
    for (const f of turn.feedback ?? []) ops.push(q(this.db.insert(kbFeedback).values({ articleId: f.articleId, helpful: f.helpful, createdAt: f.at })));
    await this.write(ops);
    // After an erasure, old page versions are also dropped from the write-ahead log.
    if (turn.eraseContact) await this.client.execute('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
  }

  async historyAfter(channel: ChannelName, channelUserId: string, afterId: string | null, limit: number): Promise<HistoryItem[]> {
    const r = await this.client.execute({
      sql: `SELECT m.id, m.author, m.kind, m.text, m.reply, m.created_at FROM messages m
            JOIN conversations v ON v.id = m.conversation_id
            WHERE v.channel = ? AND v.channel_user_id = ?
              AND m.seq > coalesce((SELECT a.seq FROM messages a WHERE a.id = ? AND a.conversation_id = v.id), 0)
            ORDER BY m.seq LIMIT ?`,
      args: [channel, channelUserId, afterId, limit],
    });
    return r.rows.map((row) => ({
      id: String(row.id),
      author: row.author === 'advisor' ? 'advisor' : row.author === 'person' ? 'person' : 'bot',
      kind: String(row.kind),
      text: row.text === null ? null : String(row.text),
      reply: typeof row.reply === 'string' ? (JSON.parse(row.reply) as Reply) : null,
      at: Number(row.created_at),
    }));
  }

  async dueOutbox(now: number, limit: number): Promise<OutboxItem[]> {
    const rows = await this.client.execute({
      sql: `SELECT o.id, o.message_id, o.channel, o.recipient, o.payload, o.attempts FROM outbox o
            WHERE o.status = 'pending' AND o.next_attempt_at <= ?
              AND o.id = (SELECT min(o2.id) FROM outbox o2 WHERE o2.channel = o.channel AND o2.recipient = o.recipient AND o2.status IN ('pending', 'sending'))
            ORDER BY o.id LIMIT ?`,
      args: [now, limit],
    });
    return rows.rows.map((r) => ({
      id: String(r.id),
      messageId: String(r.message_id),
      channel: String(r.channel) as ChannelName,
      recipient: String(r.recipient),
      reply: JSON.parse(String(r.payload)) as Reply,
      attempts: Number(r.attempts),
    }));
  }

  async markSending(id: string): Promise<void> {
    await this.write([{ sql: "UPDATE outbox SET status = 'sending' WHERE id = ?", args: [id] }]);
  }

  async requeueInterrupted(): Promise<number> {
    const r = await this.db.update(outbox).set({ status: 'pending', lastError: 'interrupted by a restart' }).where(eq(outbox.status, 'sending'));
    return changes(r);
  }

  async markSent(id: string, at: number, providerMessageId?: string): Promise<void> {
    // The last message to someone who erased their data ("your data is erased") leaves no trace once sent.
    // One statement: whether it was such a message comes back with the update (RETURNING).
    const erased = 'NOT EXISTS (SELECT 1 FROM messages WHERE messages.id = outbox.message_id)';
    const [result] = await this.write([
      {
        sql: `UPDATE outbox SET status = 'sent', sent_at = ?, provider_message_id = ?,
                recipient = CASE WHEN ${erased} THEN '' ELSE recipient END, payload = CASE WHEN ${erased} THEN '{}' ELSE payload END
              WHERE id = ? RETURNING ${erased} AS erased`,
        args: [at, providerMessageId ?? null, id],
      },
    ]);
    const rows = result?.rows;
    if (rows?.[0]?.erased === 1) await this.client.execute('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
  }

  async markRetry(id: string, attempts: number, nextAttemptAt: number, error: string): Promise<void> {
    await this.write([{ sql: "UPDATE outbox SET status = 'pending', attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?", args: [attempts, nextAttemptAt, error.slice(0, 200), id] }]);
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.write([{ sql: "UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?", args: [error.slice(0, 200), id] }]);
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

  async outboxCounts(): Promise<Record<string, number>> {
    const rows = await this.client.execute('SELECT status, count(*) AS n FROM outbox GROUP BY status');
    return Object.fromEntries(rows.rows.map((r) => [String(r.status), Number(r.n)]));
  }

  async seenChoices(conversationId: string): Promise<SeenChoices> {
    const r = await this.client.execute({
      sql: "SELECT reply FROM messages WHERE conversation_id = ? AND direction = 'out' ORDER BY seq DESC LIMIT 20",
      args: [conversationId],
    });
    const replies = r.rows.map((row) => (typeof row.reply === 'string' ? (JSON.parse(row.reply) as Reply) : null));
    const choicesOf = (reply: Reply | null | undefined) => (reply?.kind === 'text' ? (reply.choices ?? []) : []);
    const live = choicesOf(replies[0]);
    return { live: live.length ? live : null, recent: replies.flatMap(choicesOf) };
  }

  async ping(): Promise<void> {
    await this.client.execute('SELECT 1');
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
