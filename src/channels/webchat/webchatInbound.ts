import * as z from 'zod/mini';
import { SUPPORTED_LOCALES } from '../../config/configSchema.js';
import type { InboundMessage } from '../../core/message.js';

export const WEBCHAT_BODY_LIMIT = 16 * 1024;
export const conversationIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'conversationId must be 8 to 64 characters of A-Z a-z 0-9 _ -'));

const postSchema = z
  .object({
    conversationId: conversationIdSchema,
    text: z.optional(z.string().check(z.trim(), z.minLength(1, 'text must not be empty'), z.maxLength(4000, 'text is limited to 4000 characters'))),
    choice: z.optional(z.string().check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, 'choice must be the id of a button'))),
    locale: z.optional(z.string().check(z.maxLength(35))),
    /** Optional client id of the message: a retry with the same id is answered once. */
    messageId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/))),
  })
  .check(z.refine((b) => (b.text === undefined) !== (b.choice === undefined), 'send exactly one of "text" or "choice"'));

/**
 * A POST of the web chat API as the internal message model: the conversation id is the person
 * on this channel; the client's message id (or a new one) makes a retry answered once.
 * An error value when the body is not a message.
 */
export function toWebchatInbound(raw: unknown, newId: () => string, receivedAt: number): InboundMessage | { error: string } {
  const parsed = postSchema.safeParse(raw);
  if (!parsed.success) return { error: parsed.error.issues[0]!.message };
  const b = parsed.data;
  const hint = b.locale && (SUPPORTED_LOCALES as readonly string[]).some((l) => b.locale!.toLowerCase().startsWith(l)) ? b.locale : undefined;
  return {
    channel: 'webchat',
    channelUserId: b.conversationId,
    channelMessageId: `${b.conversationId}:${b.messageId ?? newId()}`,
    ...(b.text !== undefined ? { text: b.text } : {}),
    ...(b.choice !== undefined ? { choice: b.choice } : {}),
    ...(hint ? { localeHint: hint } : {}),
    receivedAt,
  };
}
