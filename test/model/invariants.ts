import { expect } from 'vitest';
import type { Person, World } from './world.js';

interface Row {
  seq: number;
  direction: string;
  author: string;
  kind: string;
  text: string | null;
  /** The bot's reply as stored: an article shown or offered, the safety offer. */
  articles: boolean;
  safety: boolean;
}

async function conversationRows(w: World, p: Person): Promise<Row[]> {
  const r = await w.db.execute({
    sql: `SELECT m.seq, m.direction, m.author, m.kind, m.text, m.reply FROM messages m JOIN conversations v ON v.id = m.conversation_id
          WHERE v.channel = ? AND v.channel_user_id = ? ORDER BY m.seq`,
    args: [p.channel, p.id],
  });
  return r.rows.map((x) => {
    const reply = x.reply ? (JSON.parse(String(x.reply)) as { articleId?: string; suggestedArticleIds?: string[]; choices?: { id: string }[] }) : null;
    return {
      seq: Number(x.seq),
      direction: String(x.direction),
      author: String(x.author),
      kind: String(x.kind),
      text: x.text === null ? null : String(x.text),
      articles: Boolean(reply?.articleId || reply?.suggestedArticleIds?.length),
      safety: Boolean(reply?.choices?.some((c) => c.id === 'safety.offer.advisor')),
    };
  });
}

/**
 * What must hold after every step, for one person:
 * - every message they sent is stored exactly once, in the order they sent it, as what they sent
 *   (a tap as its button's label);
 * - none is left unanswered on disk (no receipt still waiting, none given up);
 * - each got a reply, or reached an advisor (a ticket was open), or came faster than the rate limit;
 * - while an advisor had the conversation, the bot said nothing to free text;
 * - a question as the first message of a conversation is answered, or articles are offered, at once;
 *   an out-of-scope first message gets no article; danger gets the safety offer whenever the bot answers;
 * - while a ticket is open, the advisor's console shows the person's messages in that same order,
 *   finds the ticket by the person's pseudonym, and counts as unread exactly the messages the
 *   person sent since the advisor last read it;
 * - every reply to a pushed channel left the outbox.
 */
export async function checkPerson(w: World, p: Person): Promise<void> {
  const rows = await conversationRows(w, p);
  const mine = rows.filter((r) => r.direction === 'in');
  const where = `${p}`;
  expect(
    mine.map((r) => r.kind),
    `${where}: what the person sent, in order`,
  ).toEqual(p.sent.map((s) => s.kind));
  mine.forEach((r, i) => {
    const s = p.sent[i]!;
    if (s.kind === 'tap') expect([...(s.labels ?? []), null], `${where}: tap #${i} kept as its label`).toContain(r.text);
    else expect(r.text, `${where}: message #${i}`).toBe(s.text);
  });

  mine.forEach((r, i) => {
    const s = p.sent[i]!;
    const next = mine[i + 1]?.seq ?? Infinity;
    // The replies its own turn wrote, seen right after the step that sent it (later, an
    // advisor's action may add a message before the person's next one: "the advisor closed…").
    s.replies ??= rows.filter((x) => x.direction === 'out' && x.seq > r.seq && x.seq < next).map((x) => ({ author: x.author, text: x.text, articles: x.articles, safety: x.safety }));
    const after = s.replies;
    if (s.heldByAdvisor && s.freeText) {
      expect(
        after.filter((x) => x.author === 'bot').map((x) => x.text?.slice(0, 80)),
        `${where}: the bot answered "${s.text}" while an advisor had the conversation`,
      ).toEqual([]);
    }
    if (!s.ticketOpen && !s.overLimit) expect(after.length, `${where}: "${s.text}" (${s.kind}) got no reply`).toBeGreaterThan(0);
    if (s.overLimit || s.heldByAdvisor) return;
    if (s.meaning === 'danger') expect(after.some((x) => x.safety), `${where}: "${s.text}" got no safety reply`).toBe(true);
    if (s.first && s.meaning === 'question') expect(after.some((x) => x.articles), `${where}: the first message "${s.text}" was not answered`).toBe(true);
    if (s.first && s.meaning === 'offtopic') expect(after.some((x) => x.articles), `${where}: "${s.text}" got an article`).toBe(false);
  });

  const waiting = await w.db.execute({
    sql: "SELECT status, count(*) AS n FROM inbound_receipts WHERE channel = ? AND channel_user_id = ? AND status <> 'handled' GROUP BY status",
    args: [p.channel, p.id],
  });
  expect(waiting.rows.map((x) => `${x.status}: ${x.n}`), `${where}: receipts not handled`).toEqual([]);

  if (p.channel !== 'webchat') {
    const stuck = await w.db.execute({ sql: "SELECT status, last_error FROM outbox WHERE channel = ? AND recipient = ? AND status NOT IN ('sent', 'delivered', 'read')", args: [p.channel, p.id] });
    expect(stuck.rows.map((x) => `${x.status} ${x.last_error}`), `${where}: replies that did not leave`).toEqual([]);
  }

  // Right-to-left replies leave with isolates around their numbers and Latin words: each message
  // closes every isolate it opens (one left open would turn the rest of the message around).
  for (const text of await w.deliveredTexts(p)) {
    let depth = 0;
    for (const ch of text) {
      if (ch >= '\u2066' && ch <= '\u2068') depth++;
      else if (ch === '\u2069') depth--;
      expect(depth, `${where}: a stray PDI in "${text.slice(0, 80)}"`).toBeGreaterThanOrEqual(0);
    }
    expect(depth, `${where}: an isolate left open in "${text.slice(0, 80)}"`).toBe(0);
  }

  const ticket = await w.db.execute({
    sql: "SELECT t.id FROM tickets t JOIN conversations v ON v.id = t.conversation_id WHERE v.channel = ? AND v.channel_user_id = ? AND t.status <> 'closed'",
    args: [p.channel, p.id],
  });
  const open = ticket.rows[0];
  if (open) {
    const id = String(open.id);
    const read = p.seen.get(id);
    if (read) {
      // The queue finds the ticket by its person's pseudonym, and counts what advisor 0 has not seen yet.
      const { json: queue } = await w.advisors[0]!.client.get(`/tickets?status=all&q=${encodeURIComponent(read.pseudonym)}`);
      const listed = (queue.tickets as { id: string; unread: number }[]).find((t) => t.id === id);
      expect(listed, `${where}: found by the pseudonym ${read.pseudonym}`).toBeDefined();
      expect(listed!.unread, `${where}: unread since seq ${read.seq}`).toBe(mine.filter((m) => m.seq > read.seq).length);
    }
    const { status, json } = await w.advisors[0]!.client.get(`/tickets/${id}`);
    expect(status).toBe(200);
    const history = json.ticket.history as { from: string; kind: string; text: string; seq: number }[];
    const shown = history.filter((m) => m.from === 'person');
    expect(shown.map((m) => [m.kind, m.text]), `${where}: the advisor's view`).toEqual(mine.map((m) => [m.kind, m.text ?? '']));
    // A photo or voice note sent during this handoff reached the advisor (fetched from the fake API).
    const files = await w.db.execute({ sql: 'SELECT status FROM media WHERE ticket_id = ?', args: [id] });
    expect(files.rows.map((x) => String(x.status)), `${where}: files of the open ticket`).toEqual(files.rows.map(() => 'stored'));
    p.seen.set(id, { seq: Math.max(0, ...history.map((m) => m.seq)), pseudonym: json.ticket.pseudonym });
  }
  // A closed ticket's files are never served, and their bytes go at the next sweep.
  const closedFiles = await w.db.execute({
    sql: `SELECT count(*) AS n FROM media m JOIN tickets t ON t.id = m.ticket_id JOIN conversations v ON v.id = m.conversation_id
          WHERE v.channel = ? AND v.channel_user_id = ? AND t.status = 'closed' AND m.status NOT IN ('erased') AND t.closed_at < ?`,
    args: [p.channel, p.id, w.clock.now() - 61_000],
  });
  expect(Number(closedFiles.rows[0]!.n), `${where}: files of closed tickets still kept`).toBe(0);
}

/** After "delete my data": nothing of the person anywhere (their id, what only they wrote). */
export async function checkErased(w: World, p: Person): Promise<void> {
  const where: [string, string][] = [
    ['conversations', 'channel_user_id'],
    ['inbound_receipts', 'channel_user_id'],
    ['inbound_receipts', 'payload'],
    ['outbox', 'recipient'],
    ['outbox', 'payload'],
    ['messages', 'text'],
    ['knowledge_gaps', 'query'],
  ];
  for (const [table, column] of where) {
    for (const needle of [p.id, p.tag]) {
      const r = await w.db.execute({ sql: `SELECT count(*) AS n FROM ${table} WHERE ${column} LIKE ?`, args: [`%${needle}%`] });
      expect(Number(r.rows[0]!.n), `${p}: "${needle}" still in ${table}.${column} after erasure`).toBe(0);
    }
  }
  // No file outlives its conversation.
  const orphans = await w.db.execute('SELECT (SELECT count(*) FROM media WHERE conversation_id NOT IN (SELECT id FROM conversations)) + (SELECT count(*) FROM media_parts WHERE media_id NOT IN (SELECT id FROM media)) AS n');
  expect(Number(orphans.rows[0]!.n), `${p}: files left after erasure`).toBe(0);
}
