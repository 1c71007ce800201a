import type { HistoryItem, StoredReply } from '../../core/message.js';

/** A reply as the web chat's JSON: text, buttons, direction and language, who wrote it. */
export const renderWebchatReply = (r: StoredReply) => ({
  id: r.id,
  text: r.reply.text,
  choices: r.reply.kind === 'text' ? (r.reply.choices ?? []) : [],
  dir: r.reply.dir,
  locale: r.reply.locale,
  author: r.author,
});

/** The conversation again, both sides: the person's messages carry author "person" (a tap: the button's label). */
export const renderWebchatHistory = (m: HistoryItem) =>
  m.reply
    ? { id: m.id, text: m.reply.text, choices: m.reply.kind === 'text' ? (m.reply.choices ?? []) : [], dir: m.reply.dir, locale: m.reply.locale, author: m.author }
    : { id: m.id, text: m.text ?? '', choices: [], dir: /[\u0590-\u08FF]/.test(m.text ?? '') ? 'rtl' : 'ltr', author: m.author, kind: m.kind };
