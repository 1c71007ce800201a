import type { Assistant, TurnOutcome } from '../core/createAssistant.js';
import { renderWebchatReply } from '../channels/webchat/renderWebchatReply.js';
import { toWebchatInbound } from '../channels/webchat/webchatInbound.js';
import type { D1Like } from '../storage/sqlClient.js';

type Row = Record<string, unknown>;
type Result = { results: Row[]; meta: { changes: number }; success: true };

/**
 * A D1 binding that stores nothing and answers every statement as a database with nobody in it
 * would: reads find nothing, writes change one row, and a message's receipt (INSERT … RETURNING)
 * comes back inserted. For the start-up turn only; past `maxStatements` it fails every call, so
 * that no path of the turn can loop on it.
 */
export function emptyD1(maxStatements = 100): D1Like {
  let statements = 0;
  const answer = (sql: string, values: unknown[]): Result => {
    if (++statements > maxStatements) throw new Error('the start-up turn ran too many statements');
    const returning = /\bRETURNING\s+channel,\s*channel_message_id\b/i.test(sql);
    if (returning) return { results: [{ channel: values[0], channel_message_id: values[1] }], meta: { changes: 1 }, success: true };
    return { results: [], meta: { changes: /^\s*(insert|update|delete|replace)\b/i.test(sql) ? 1 : 0 }, success: true };
  };
  const prepared = (sql: string, values: unknown[] = []) => ({
    sql,
    values,
    bind: (...v: unknown[]) => prepared(sql, v),
    all: async () => answer(sql, values),
    run: async () => answer(sql, values),
    raw: async () => answer(sql, values).results.map((r) => Object.values(r)),
    first: async () => answer(sql, values).results[0] ?? null,
  });
  return {
    prepare: (sql: string) => prepared(sql),
    batch: async (list) => (list as unknown as ReturnType<typeof prepared>[]).map((s) => answer(s.sql, s.values)),
  } as D1Like;
}

/** A greeting, and a question typed as a first message (the search, an article, the welcome after it). */
const FIRST_MESSAGES = ['bonjour', 'comment renouveler ma carte de séjour'];

/**
 * A person's first messages (a greeting, a question) in the web chat, answered at a Worker's
 * module start by a throwaway app on `emptyD1`: V8 compiles a function the first time it runs,
 * and without this the isolate's first request compiled the whole turn (docs/performance.md, "A
 * fourth pass"). The messages go to the assistant directly: a module's start may not read a
 * request's body (workerd counts it as I/O). Nothing is kept but what V8 compiled; a failure only
 * means the first request compiles the rest. Returns each message's outcome (null: it failed), for
 * the tests.
 */
export async function runStartUpTurn(assistant: Assistant): Promise<(TurnOutcome | null)[]> {
  const outcomes: (TurnOutcome | null)[] = [];
  for (const [i, text] of FIRST_MESSAGES.entries()) {
    try {
      const msg = toWebchatInbound({ conversationId: `start-up-turn-${i}`, text }, () => `w_start-up-turn-${i}`, 0);
      if ('error' in msg) throw new Error(msg.error);
      const outcome = await assistant.handle(msg);
      if (outcome.status === 'handled') outcome.replies.map(renderWebchatReply);
      outcomes.push(outcome);
    } catch {
      // Compiled as far as it went.
      outcomes.push(null);
    }
  }
  return outcomes;
}
