import type { ChannelName, Reply } from '../core/message.js';

/** One message of a conversation to store, and where a reply must be delivered (pushed channels only). */
export interface MessageInsert {
  id: string;
  conversationId: string;
  direction: 'in' | 'out';
  author: 'person' | 'bot' | 'advisor';
  /** See `messages.kind` in schema.ts (default: text). */
  kind?: string;
  text: string | null;
  reply: Reply | null;
  createdAt: number;
  failedAt?: number | null;
  outbox?: { channel: ChannelName; recipient: string; campaignId?: string | null };
}

/** A condition every insert waits for (the ticket is still in the state the action saw, say). */
export interface InsertGuard {
  sql: string;
  args: unknown[];
}

/** D1 binds at most 100 parameters per statement: 10 rows of 10 (messages) or 8 (outbox) values. */
const ROWS = 9;

const chunks = <T>(list: T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** The outbox row of a message has the message's id with an "o" for its first letter. */
export const outboxIdFor = (messageId: string) => `o${messageId.slice(1)}`;

/**
 * The statements that store messages and queue their deliveries: the only way messages are
 * written. Each message takes the next place (`seq`) in its conversation, computed inside the
 * transaction, so the order is the order of the writes whatever the clocks say. With a guard,
 * nothing is written unless it holds.
 */
export function messageInserts(rows: MessageInsert[], guard?: InsertGuard): { sql: string; args: unknown[] }[] {
  const out: { sql: string; args: unknown[] }[] = [];
  const where = guard ? ` WHERE ${guard.sql}` : '';
  const guardArgs = guard?.args ?? [];
  for (const part of chunks(rows, ROWS)) {
    // Within one statement, a conversation's messages follow each other: base + 1, base + 2…
    const offsets = new Map<string, number>();
    const values = part.map((m) => {
      const k = (offsets.get(m.conversationId) ?? 0) + 1;
      offsets.set(m.conversationId, k);
      return [m.id, m.conversationId, m.direction, m.author, m.kind ?? 'text', m.text, m.reply ? JSON.stringify(m.reply) : null, m.createdAt, m.failedAt ?? null, k];
    });
    out.push({
      sql: `INSERT INTO messages (id, conversation_id, direction, author, kind, text, reply, created_at, failed_at, seq)
            SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7, v.column8, v.column9,
              coalesce((SELECT max(m.seq) FROM messages m WHERE m.conversation_id = v.column2), 0) + v.column10
            FROM (VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}) AS v${where}`,
      args: [...values.flat(), ...guardArgs],
    });
  }
  const queued = rows.filter((m) => m.outbox && m.reply);
  for (const part of chunks(queued, ROWS)) {
    out.push({
      sql: `INSERT INTO outbox (id, message_id, channel, recipient, payload, status, attempts, next_attempt_at, created_at, campaign_id)
            SELECT column1, column2, column3, column4, column5, 'pending', 0, column6, column6, column7 FROM (VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')})${where}`,
      args: [...part.flatMap((m) => [outboxIdFor(m.id), m.id, m.outbox!.channel, m.outbox!.recipient, JSON.stringify(m.reply), m.createdAt, m.outbox!.campaignId ?? null]), ...guardArgs],
    });
  }
  return out;
}
