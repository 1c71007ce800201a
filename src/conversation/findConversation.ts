import type { Locale } from '../config/configSchema.js';
import type { ChannelName, Choice } from '../core/message.js';
import type { Contact, Conversation, FoundConversation, SeenChoices } from '../core/ports.js';
import type { SqlResult, SqlStatement } from '../storage/sqlClient.js';

/**
 * What a turn reads, in one statement (one round trip on D1): the conversation, its contact (a
 * conversation whose contact is gone is no conversation) and the buttons of its last 20 replies,
 * only their choices read out of each reply's JSON (not the whole text of every article sent).
 */
export function findConversationStatement(channel: ChannelName, channelUserId: string): SqlStatement {
  return {
    sql: `SELECT v.id, v.contact_id, v.state, v.position, v.created_at, v.updated_at,
            c.locale, c.locale_chosen, c.audience, c.province, c.consent_at, c.consent_version, c.consent_purpose, c.subscribed, c.source,
            c.created_at AS contact_created_at, c.last_seen_at,
            (SELECT json_group_array(json_array(s.seq, json(s.choices))) FROM (
              SELECT m.seq, CASE WHEN m.reply ->> '$.kind' = 'text' THEN coalesce(m.reply -> '$.choices', '[]') ELSE '[]' END AS choices
              FROM messages m WHERE m.conversation_id = v.id AND m.direction = 'out' ORDER BY m.seq DESC LIMIT 20) s) AS seen
          FROM conversations v JOIN contacts c ON c.id = v.contact_id WHERE v.channel = ? AND v.channel_user_id = ?`,
    args: [channel, channelUserId],
  };
}

/** The statement's answer: the conversation, or null when the person has none yet. */
export function foundConversation(result: SqlResult, channel: ChannelName, channelUserId: string): FoundConversation | null {
  const row = result.rows[0];
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
  return { conversation, contact, seen: seenChoices(typeof row.seen === 'string' ? row.seen : '[]') };
}

/** The buttons of the last replies, from `[[seq, choices], …]` (an aggregate's order is not SQL's promise: sorted here, newest first). */
function seenChoices(json: string): SeenChoices {
  const replies = (JSON.parse(json) as [number, Choice[]][]).sort((a, b) => b[0] - a[0]).map(([, choices]) => choices);
  const live = replies[0] ?? [];
  return { live: live.length ? live : null, recent: replies.flat() };
}
