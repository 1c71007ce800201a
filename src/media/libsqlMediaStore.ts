import type { ChannelName } from '../core/message.js';
import { libsqlSqlClient, type AnySqlClient, type SqlClient, type SqlStatement } from '../storage/sqlClient.js';
import type { MediaStatus, MediaView } from './mediaPorts.js';

/** Parts of at most 512 KB: D1 and libSQL's remote protocol take rows of 2 MB at most. */
export const PART_BYTES = 512 * 1024;

/** A file to fetch. */
export interface DueMedia {
  id: string;
  channel: ChannelName;
  ref: string;
  kind: 'image' | 'audio' | 'document';
  attempts: number;
  conversationId: string;
}

/** A file as the console serves it: whether it may still be shown (its ticket open). */
export interface StoredMedia extends MediaView {
  conversationId: string;
  ticketId: string;
  ticketOpen: boolean;
  canRetry: boolean;
}

/** A blob as each driver returns it (ArrayBuffer, Uint8Array, or D1's array of numbers). */
function toBytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (Array.isArray(v)) return Uint8Array.from(v as number[]);
  return new Uint8Array(0);
}

/** Files whose bytes must go: their ticket closed (or is gone), or they are older than the retention cutoff. */
const EXPIRED = `status <> 'erased' AND (created_at < :cutoff OR NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = media.ticket_id AND t.status <> 'closed'))`;

/** The media feature's storage: the rows the turns wrote, the bytes in parts, the sweep. */
export class LibsqlMediaStore {
  private readonly client: SqlClient;
  constructor(client: AnySqlClient) {
    this.client = libsqlSqlClient(client);
  }

  /** Files due on these channels (those this process can fetch from). */
  async due(now: number, limit: number, channels: string[]): Promise<DueMedia[]> {
    if (!channels.length) return [];
    const r = await this.client.execute({
      sql: `SELECT id, channel, ref, kind, attempts, conversation_id FROM media
            WHERE status = 'pending' AND next_attempt_at <= ? AND ref IS NOT NULL AND channel IN (${channels.map(() => '?').join(', ')})
            ORDER BY next_attempt_at LIMIT ?`,
      args: [now, ...channels, limit],
    });
    return r.rows.map((x) => ({ id: String(x.id), channel: String(x.channel) as ChannelName, ref: String(x.ref), kind: String(x.kind) as DueMedia['kind'], attempts: Number(x.attempts), conversationId: String(x.conversation_id) }));
  }

  /** Takes a file for one try (the next try is due at `leaseUntil` if this one dies); false if another pass took it. */
  async claim(m: DueMedia, leaseUntil: number): Promise<boolean> {
    const r = await this.client.execute({
      sql: "UPDATE media SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ? AND status = 'pending' AND attempts = ?",
      args: [leaseUntil, m.id, m.attempts],
    });
    return r.rowsAffected === 1;
  }

  /** Keeps the bytes (in parts) and marks the file stored, at once; nothing if it is no longer pending. */
  async store(id: string, contentType: string, bytes: Uint8Array, at: number): Promise<boolean> {
    const pending = "EXISTS (SELECT 1 FROM media WHERE id = ? AND status = 'pending')";
    const statements: SqlStatement[] = [{ sql: 'DELETE FROM media_parts WHERE media_id = ?', args: [id] }];
    for (let n = 0; n * PART_BYTES < bytes.byteLength || n === 0; n++) {
      statements.push({ sql: `INSERT INTO media_parts (media_id, n, bytes) SELECT ?, ?, ? WHERE ${pending}`, args: [id, n, bytes.slice(n * PART_BYTES, (n + 1) * PART_BYTES), id] });
    }
    statements.push({
      sql: "UPDATE media SET status = 'stored', content_type = ?, size = ?, ref = NULL, reason = NULL, updated_at = ? WHERE id = ? AND status = 'pending'",
      args: [contentType, bytes.byteLength, at, id],
    });
    const results = await this.client.batch(statements, 'write');
    return results.at(-1)!.rowsAffected === 1;
  }

  /** Not kept, for good: its type is not allowed, or it is too large. */
  async refuse(id: string, reason: 'type' | 'too_large', size: number | null, at: number): Promise<void> {
    await this.client.execute({ sql: "UPDATE media SET status = 'refused', reason = ?, size = ?, ref = NULL, updated_at = ? WHERE id = ? AND status = 'pending'", args: [reason, size, at, id] });
  }

  /** A try failed: another one at `nextAt`, or none (`nextAt` null: the advisor sees "could not be downloaded"). */
  async fail(id: string, nextAt: number | null, at: number): Promise<void> {
    await this.client.execute(
      nextAt === null
        ? { sql: "UPDATE media SET status = 'failed', reason = 'download', updated_at = ? WHERE id = ? AND status = 'pending'", args: [at, id] }
        : { sql: "UPDATE media SET next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'", args: [nextAt, at, id] },
    );
  }

  /** An advisor asks again for a file that could not be downloaded (its ticket still open). */
  async retry(id: string, at: number): Promise<boolean> {
    const r = await this.client.execute({
      sql: `UPDATE media SET status = 'pending', attempts = 0, next_attempt_at = ?, reason = NULL, updated_at = ?
            WHERE id = ? AND status = 'failed' AND ref IS NOT NULL AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = media.ticket_id AND t.status <> 'closed')`,
      args: [at, at, id],
    });
    return r.rowsAffected === 1;
  }

  async get(id: string): Promise<StoredMedia | null> {
    const r = await this.client.execute({
      sql: `SELECT m.*, (SELECT t.status FROM tickets t WHERE t.id = m.ticket_id) AS ticket_status FROM media m WHERE m.id = ?`,
      args: [id],
    });
    const x = r.rows[0];
    if (!x) return null;
    const ticketOpen = x.ticket_status !== null && x.ticket_status !== undefined && x.ticket_status !== 'closed';
    return {
      id: String(x.id),
      kind: String(x.kind) as MediaView['kind'],
      status: String(x.status) as MediaStatus,
      reason: x.reason === null ? null : String(x.reason),
      contentType: x.content_type === null ? null : String(x.content_type),
      size: x.size === null ? null : Number(x.size),
      conversationId: String(x.conversation_id),
      ticketId: String(x.ticket_id),
      ticketOpen,
      canRetry: x.status === 'failed' && x.ref !== null && ticketOpen,
    };
  }

  async bytes(id: string): Promise<Uint8Array> {
    const r = await this.client.execute({ sql: 'SELECT bytes FROM media_parts WHERE media_id = ? ORDER BY n', args: [id] });
    const parts = r.rows.map((x) => toBytes(x.bytes));
    const out = new Uint8Array(parts.reduce((a, p) => a + p.byteLength, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }

  /**
   * Erases the bytes of every file whose ticket closed (or went with its person) or that is older
   * than `cutoff` (RETENTION_DAYS); the row stays, marked erased, until the conversation goes.
   * Returns how many were erased.
   */
  async sweep(cutoff: number, at: number): Promise<number> {
    const [, marked] = await this.client.batch(
      [
        { sql: `DELETE FROM media_parts WHERE media_id IN (SELECT id FROM media WHERE ${EXPIRED})`, args: { cutoff } },
        {
          sql: `UPDATE media SET status = 'erased', ref = NULL, reason = CASE WHEN created_at < :cutoff THEN 'retention' ELSE 'ticket_closed' END, updated_at = :at WHERE ${EXPIRED}`,
          args: { cutoff, at },
        },
      ],
      'write',
    );
    const erased = marked!.rowsAffected;
    // Old page versions of the erased bytes leave the write-ahead log too.
    if (erased) await this.client.execute('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
    return erased;
  }
}
