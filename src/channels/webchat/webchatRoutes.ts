import { Hono } from 'hono';
import * as z from 'zod/mini';
import { InboundNotRecordedError, type Assistant } from '../../core/createAssistant.js';
import type { Clock, IdSource, Store } from '../../core/ports.js';
import { BODY_TOO_LARGE, readRequestText } from '../../http/readRequestBody.js';
import { renderPersonText, renderWebchatHistory, renderWebchatReply } from './renderWebchatReply.js';
import { conversationIdSchema, toWebchatInbound, WEBCHAT_BODY_LIMIT } from './webchatInbound.js';

const getSchema = z.object({ conversationId: conversationIdSchema, after: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,80}$/))) });

export interface WebchatDeps {
  assistant: Assistant;
  store: Store;
  clock: Clock;
  ids: IdSource;
}

/** The web chat's JSON API (the page and the tests use it): a message in, its replies in the answer; the conversation back. */
export function webchatRoutes(deps: WebchatDeps): Hono {
  const app = new Hono();

  app.post('/messages', async (c) => {
    const body = await readRequestText(c, WEBCHAT_BODY_LIMIT);
    if (body === BODY_TOO_LARGE) return c.json({ error: `body is larger than ${WEBCHAT_BODY_LIMIT} bytes` }, 413);
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch {
      return c.json({ error: 'body must be JSON' }, 400);
    }
    const msg = toWebchatInbound(raw, () => deps.ids.next('w'), deps.clock.now());
    if ('error' in msg) return c.json({ error: msg.error }, 400);
    let outcome;
    try {
      outcome = await deps.assistant.handle(msg);
    } catch (error) {
      // Not even recorded (the disk is full, the database read-only or gone): the person is told
      // the truth, and the page gives them their text back.
      if (!(error instanceof InboundNotRecordedError)) throw error;
      c.header('Retry-After', '60');
      return c.json({ error: 'your message could not be saved; try again later', saved: false }, 503);
    }
    switch (outcome.status) {
      case 'in_progress':
        return c.json({ replies: [], pending: true }, 202);
      case 'duplicate':
        // Answered before: the same replies, and "duplicate" so the page knows its message is already in the conversation.
        return c.json({ replies: outcome.replies.map(renderWebchatReply), duplicate: true });
      default:
        return c.json({ replies: outcome.replies.map(renderWebchatReply), ...(outcome.inboundId ? { message: { id: outcome.inboundId, ...renderPersonText(msg.text ?? null) } } : {}) });
    }
  });

  app.get('/messages', async (c) => {
    const parsed = getSchema.safeParse({ conversationId: c.req.query('conversationId'), after: c.req.query('after') || undefined });
    if (!parsed.success) return c.json({ error: parsed.error.issues[0]!.message }, 400);
    const history = await deps.store.historyAfter('webchat', parsed.data.conversationId, parsed.data.after ?? null, 200);
    return c.json({ replies: history.map(renderWebchatHistory) });
  });

  return app;
}
