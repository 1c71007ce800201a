/**
 * The row a turn writes, in its own batch, for a file the person sent during a handoff: attached
 * to the conversation's open ticket (none: nothing is written), to be fetched by the media worker.
 */
export function mediaInsert(m: { id: string; messageId: string; conversationId: string; channel: string; ref: string; kind: string; at: number }): { sql: string; args: unknown[] } {
  return {
    sql: `INSERT INTO media (id, message_id, conversation_id, ticket_id, channel, ref, kind, status, attempts, next_attempt_at, created_at, updated_at)
          SELECT ?, ?, ?, t.id, ?, ?, ?, 'pending', 0, ?, ?, ? FROM tickets t WHERE t.conversation_id = ? AND t.status <> 'closed' ORDER BY t.created_at DESC LIMIT 1`,
    args: [m.id, m.messageId, m.conversationId, m.channel, m.ref, m.kind, m.at, m.at, m.at, m.conversationId],
  };
}
