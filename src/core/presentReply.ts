import { isolateLtrRuns } from '../i18n/bidiIsolate.js';
import type { Reply } from './message.js';

const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;

/**
 * A reply as it leaves for a person, whatever the channel: in a right-to-left reply every
 * left-to-right run (phone numbers, dates, times, amounts, URLs, e-mail addresses, Latin words)
 * of the text and of the button labels is wrapped in Unicode isolates, so it reads left to right
 * inside the Arabic. Called where replies leave: the outbox worker before every push channel's
 * sender (Telegram, WhatsApp Cloud, WhatsApp Web), the web chat's JSON, the campaign previews.
 * Stored replies stay as written (search, exports and tests read the words, not the layout).
 * Idempotent: a reply presented twice is the same.
 */
export function presentReply(reply: Reply): Reply {
  if (reply.dir !== 'rtl') return reply;
  if (reply.kind === 'link') return { kind: 'text', text: isolateLtrRuns(`${reply.text}\n${reply.url}`), dir: reply.dir, locale: reply.locale };
  return {
    ...reply,
    text: isolateLtrRuns(reply.text),
    // A label is a paragraph of its own: only one that mixes Arabic with a number or Latin needs isolates.
    ...(reply.choices ? { choices: reply.choices.map((c) => ({ id: c.id, label: RTL_LETTER.test(c.label) ? isolateLtrRuns(c.label) : c.label })) } : {}),
  };
}
