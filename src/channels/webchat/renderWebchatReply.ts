import type { HistoryItem, StoredReply } from '../../core/message.js';
import { presentReply } from '../../core/presentReply.js';
import { directionOf, isolateFor } from '../../i18n/bidiIsolate.js';

/**
 * A reply as the web chat's JSON: text, buttons, direction and language, who wrote it; and, for
 * tests and tools, `articleId` when it shows an article, `suggestedArticleIds` when it offers some.
 * The reply is presented here (isolates in right-to-left text), the one place every web chat
 * answer passes.
 */
export const renderWebchatReply = (r: StoredReply) => {
  const reply = presentReply(r.reply);
  return {
    id: r.id,
    text: reply.text,
    choices: reply.kind === 'text' ? (reply.choices ?? []) : [],
    dir: reply.dir,
    locale: reply.locale,
    author: r.author,
    ...articleFields(r.reply),
  };
};

/** What the person wrote, as the page shows it: its direction from its first letter, and isolates if it reads right to left. */
export function renderPersonText(text: string | null): { text: string; dir: 'rtl' | 'ltr' } {
  const dir = directionOf(text ?? '');
  return { text: isolateFor(text ?? '', dir), dir };
}

function articleFields(reply: StoredReply['reply']): { articleId?: string; suggestedArticleIds?: string[] } {
  if (reply.kind !== 'text') return {};
  return { ...(reply.articleId ? { articleId: reply.articleId } : {}), ...(reply.suggestedArticleIds?.length ? { suggestedArticleIds: reply.suggestedArticleIds } : {}) };
}

/** The conversation again, both sides: the person's messages carry author "person" (a tap: the button's label). */
export const renderWebchatHistory = (m: HistoryItem) => {
  if (m.reply) return renderWebchatReply({ id: m.id, reply: m.reply, createdAt: m.at, author: m.author === 'advisor' ? 'advisor' : 'bot' });
  return { id: m.id, ...renderPersonText(m.text), choices: [], author: m.author, kind: m.kind };
};
