import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod/mini';
import { SUPPORTED_LOCALES } from '../../config/configSchema.js';
import type { Assistant } from '../../core/createAssistant.js';
import type { Logger } from '../../core/assistantDeps.js';
import type { HistoryItem, StoredReply } from '../../core/message.js';
import type { Clock, IdSource, Store } from '../../core/ports.js';

export const WEBCHAT_BODY_LIMIT = 16 * 1024;
const conversationId = z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'conversationId must be 8 to 64 characters of A-Z a-z 0-9 _ -'));

const postSchema = z
  .object({
    conversationId,
    text: z.optional(z.string().check(z.trim(), z.minLength(1, 'text must not be empty'), z.maxLength(4000, 'text is limited to 4000 characters'))),
    choice: z.optional(z.string().check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, 'choice must be the id of a button'))),
    locale: z.optional(z.string().check(z.maxLength(35))),
    /** Optional client id of the message: a retry with the same id is answered once. */
    messageId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/))),
  })
  .check(z.refine((b) => (b.text === undefined) !== (b.choice === undefined), 'send exactly one of "text" or "choice"'));

const getSchema = z.object({ conversationId, after: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,80}$/))) });

export interface WebchatDeps {
  assistant: Assistant;
  store: Store;
  clock: Clock;
  ids: IdSource;
  log: Logger;
}

/** Web chat as a channel: the JSON API used by the page and by tests. */
export function webchatRoutes(deps: WebchatDeps): Hono {
  const app = new Hono();
  const toJson = (r: StoredReply) => ({
    id: r.id,
    text: r.reply.text,
    choices: r.reply.kind === 'text' ? (r.reply.choices ?? []) : [],
    dir: r.reply.dir,
    locale: r.reply.locale,
    author: r.author,
  });
  /** The conversation again, both sides: the person's messages carry author "person" (a tap: the button's label). */
  const historyJson = (m: HistoryItem) =>
    m.reply
      ? { id: m.id, text: m.reply.text, choices: m.reply.kind === 'text' ? (m.reply.choices ?? []) : [], dir: m.reply.dir, locale: m.reply.locale, author: m.author }
      : { id: m.id, text: m.text ?? '', choices: [], dir: /[\u0590-\u08FF]/.test(m.text ?? '') ? 'rtl' : 'ltr', author: m.author, kind: m.kind };

  app.post(
    '/messages',
    bodyLimit({ maxSize: WEBCHAT_BODY_LIMIT, onError: (c) => c.json({ error: `body is larger than ${WEBCHAT_BODY_LIMIT} bytes` }, 413) }),
    async (c) => {
      let raw: unknown;
      try {
        raw = JSON.parse(await c.req.text());
      } catch {
        return c.json({ error: 'body must be JSON' }, 400);
      }
      const parsed = postSchema.safeParse(raw);
      if (!parsed.success) return c.json({ error: parsed.error.issues[0]!.message }, 400);
      const b = parsed.data;
      const hint = b.locale && (SUPPORTED_LOCALES as readonly string[]).some((l) => b.locale!.toLowerCase().startsWith(l)) ? b.locale : undefined;
      const outcome = await deps.assistant.handle({
        channel: 'webchat',
        channelUserId: b.conversationId,
        channelMessageId: `${b.conversationId}:${b.messageId ?? deps.ids.next('w')}`,
        ...(b.text !== undefined ? { text: b.text } : {}),
        ...(b.choice !== undefined ? { choice: b.choice } : {}),
        ...(hint ? { localeHint: hint } : {}),
        receivedAt: deps.clock.now(),
      });
      switch (outcome.status) {
        case 'in_progress':
          return c.json({ replies: [], pending: true }, 202);
        case 'duplicate':
          return c.json({ replies: outcome.replies.map(toJson) });
        default:
          return c.json({ replies: outcome.replies.map(toJson), ...(outcome.inboundId ? { message: { id: outcome.inboundId } } : {}) });
      }
    },
  );

  app.get('/messages', async (c) => {
    const parsed = getSchema.safeParse({ conversationId: c.req.query('conversationId'), after: c.req.query('after') || undefined });
    if (!parsed.success) return c.json({ error: parsed.error.issues[0]!.message }, 400);
    const history = await deps.store.historyAfter('webchat', parsed.data.conversationId, parsed.data.after ?? null, 200);
    return c.json({ replies: history.map(historyJson) });
  });

  return app;
}
