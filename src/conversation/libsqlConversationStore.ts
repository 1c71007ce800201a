import { and, eq, sql } from 'drizzle-orm';
import type { ChannelName, HistoryItem, InboundMessage, Reply } from '../core/message.js';
import { ConversationChangedError, type FoundConversation, type ReceiptOutcome, type Store, type TurnCommit } from '../core/ports.js';
import { findConversationStatement, foundConversation } from './findConversation.js';
import type { Database } from '../storage/database.js';
import type { GroupCommit, Stmt } from '../storage/groupCommit.js';
import { messageInserts, outboxIdFor, type MessageInsert } from '../storage/messageInserts.js';
import { ticketEvents, tickets } from '../storage/schema.js';
import type { SqlClient } from '../storage/sqlClient.js';
import { LibsqlInbox, receiptKey } from './libsqlInbox.js';
import { erasePerson } from '../privacy/personData.js';
import { mediaInsert } from '../media/mediaStatements.js';
import { ensureAnonKey, personOf } from '../privacy/anonymousPerson.js';

/** What SQLite (local, libSQL's server, D1) says when the conversation's guard in commitTurn refused the write. */
const CONVERSATION_CHANGED = /NOT NULL constraint failed: conversations\.state|UNIQUE constraint failed: conversations\.channel/;

/** A Drizzle query as a statement (for the rare writes). */
const q = (query: { toSQL(): { sql: string; params: unknown[] } }): Stmt => {
  const { sql: text, params } = query.toSQL();
  return { sql: text, args: params };
};
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
const values = (width: number, rows: number) => Array.from({ length: rows }, () => `(${Array.from({ length: width }, () => '?').join(', ')})`).join(', ');

/**
 * The conversation's storage (the core's Store port): receipts (LibsqlInbox), contacts,
 * conversations and their messages. A turn is committed in one batch (one transaction), through
 * the database's group commit. The hot statements are written by hand: their SQL text never
 * changes, so the client's compiled statement is reused.
 */
export class LibsqlConversationStore implements Store {
  private readonly inbox: LibsqlInbox;
  constructor(
    private readonly db: Database,
    private readonly client: SqlClient,
    private readonly commits: GroupCommit,
    now: () => number = Date.now,
  ) {
    this.inbox = new LibsqlInbox(db, client, now);
  }

  /**
   * Where each call to the database is a round trip (D1), a new message's receipt and its
   * conversation are read in one batch: the turn does not read it again (`found`).
   */
  async recordInbound(msg: InboundMessage, takeOver = false, queued = false): Promise<ReceiptOutcome> {
    if (queued || !this.client.roundTrips) return this.inbox.recordInbound(msg, takeOver, queued);
    const { outcome, read } = await this.inbox.recordInboundWith(msg, takeOver, findConversationStatement(msg.channel, msg.channelUserId));
    return read && outcome.status === 'new' ? { status: 'new', found: foundConversation(read, msg.channel, msg.channelUserId) } : outcome;
  }
  failInbound(channel: ChannelName, channelMessageId: string, error: string, maxAttempts: number): Promise<'retry' | 'dead'> {
    return this.inbox.failInbound(channel, channelMessageId, error, maxAttempts);
  }
  pendingInbound(before: number, limit: number): Promise<InboundMessage[]> {
    return this.inbox.pendingInbound(before, limit);
  }
  inboxStart(): Promise<number> {
    return this.inbox.inboxStart();
  }
  inboxAfter(seq: number, limit: number) {
    return this.inbox.inboxAfter(seq, limit);
  }

  /** The conversation, its contact and the buttons the person was shown: one statement (findConversation.ts). */
  async findConversation(channel: ChannelName, channelUserId: string): Promise<FoundConversation | null> {
    return foundConversation(await this.client.execute(findConversationStatement(channel, channelUserId)), channel, channelUserId);
  }

  async commitTurn(turn: TurnCommit): Promise<void> {
    const { contact: c, conversation: v } = turn;
    const ops: Stmt[] = [];
    const receipt = [turn.receipt.channel, receiptKey(turn.receipt.channelMessageId)];
    if (turn.eraseContact) {
      // Every row of the person (privacy/personData.ts), in the same batch as this turn.
      ops.push(...erasePerson(c.id, { channel: turn.receipt.channel, receiptKey: receipt[1]! }));
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
          // Written only if nobody wrote it since the turn read it: else the state is NULL, which
          // the column refuses, and the whole batch is undone (a new conversation that another
          // process created meanwhile breaks the unique (channel, channel_user_id) the same way).
          sql: `INSERT INTO conversations (id, contact_id, channel, channel_user_id, state, position, created_at, updated_at)
                VALUES (?, ?, ?, ?, CASE WHEN (SELECT updated_at FROM conversations WHERE id = ?) IS ? THEN ? END, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, position = excluded.position, updated_at = excluded.updated_at, unreachable_at = NULL`,
          args: [v.id, v.contactId, v.channel, v.channelUserId, v.id, turn.expectUpdatedAt, v.state, json(v.position), v.createdAt, v.updatedAt],
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
      // A file sent during a handoff: for the advisor of the open ticket, fetched after the turn.
      if (turn.media && turn.inbound) {
        ops.push(mediaInsert({ ...turn.media, messageId: turn.inbound.id, conversationId: v.id, channel: turn.receipt.channel, at: turn.inbound.at }));
      }
      if (turn.markOpenTicketSensitive) {
        ops.push(q(this.db.update(tickets).set({ sensitive: true, updatedAt: v.updatedAt }).where(and(eq(tickets.conversationId, v.id), sql`${tickets.status} <> 'closed'`))));
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
    // What the person leaves anonymous carries their part of a random key, never the contact id
    // (privacy/anonymousPerson.ts): people are counted, and found again only for themselves.
    const gaps = turn.knowledgeGaps ?? [];
    const answers = turn.surveyAnswers ?? [];
    const feedback = turn.feedback ?? [];
    if (!turn.eraseContact && gaps.length + answers.length + feedback.length > 0) {
      ops.push(ensureAnonKey(c.id));
      for (const g of gaps) ops.push({ sql: `INSERT INTO knowledge_gaps (query, lang, reason, person, created_at) VALUES (?, ?, ?, ${personOf('knowledge_gaps')}, ?)`, args: [g.query, g.lang, g.reason, c.id, g.at] });
      for (const a of answers) {
        ops.push({ sql: `INSERT INTO survey_answers (survey, question, value, locale, channel, person, created_at) VALUES (?, ?, ?, ?, ?, ${personOf('survey_answers')}, ?)`, args: [a.survey, a.question, a.value, a.locale, a.channel, c.id, a.at] });
      }
      for (const f of feedback) ops.push({ sql: `INSERT INTO kb_feedback (article_id, helpful, person, created_at) VALUES (?, ?, ${personOf('kb_feedback')}, ?)`, args: [f.articleId, f.helpful ? 1 : 0, c.id, f.at] });
    }
    await this.commits.write(ops).catch((error: unknown) => {
      throw CONVERSATION_CHANGED.test(error instanceof Error ? error.message : '') ? new ConversationChangedError() : error;
    });
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

  async ping(): Promise<void> {
    await this.client.execute('SELECT 1');
  }

  async probeWrite(at: number): Promise<void> {
    await this.client.execute({ sql: 'INSERT INTO health_checks (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at', args: [at] });
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
