import type { HistoryItem, StoredReply } from '../../core/message.js';
import { presentReply } from '../../core/presentReply.js';
import { directionOf, isolateFor } from '../../i18n/bidiIsolate.js';
import { LANGUAGE_TAGS, languageTag } from '../../i18n/languageTags.js';
import type { Locale } from '../../config/configSchema.js';
import { detectLanguage } from '../../knowledge/detectLanguage.js';

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
    lang: replyLanguage(reply.locale, reply.dir),
    author: r.author,
    ...articleFields(r.reply),
  };
};

/**
 * The language of a reply's text for HTML's `lang` (a screen reader picks its voice by it): the
 * conversation's, except for a Tachelhit reader given an article in Arabic (there is no Tachelhit
 * text yet), whose text is Arabic; its buttons stay in the conversation's language.
 */
function replyLanguage(locale: Locale, dir: 'rtl' | 'ltr' | undefined): string {
  return locale === 'shi' && dir === 'rtl' ? 'ar' : LANGUAGE_TAGS[locale];
}

/**
 * What the person wrote, as the page shows it: its direction from its first letter, isolates if it
 * reads right to left, and the language it is written in when its words tell (`lang`, a BCP 47
 * tag for HTML; a tap's label or a message too short to tell has none: the page uses its own).
 */
export function renderPersonText(text: string | null, kind = 'text'): { text: string; dir: 'rtl' | 'ltr'; lang?: string } {
  const dir = directionOf(text ?? '');
  const detected = kind === 'text' && text ? detectLanguage(text) : null;
  return { text: isolateFor(text ?? '', dir), dir, ...(detected ? { lang: languageTag(detected, text ?? '') } : {}) };
}

function articleFields(reply: StoredReply['reply']): { articleId?: string; suggestedArticleIds?: string[] } {
  if (reply.kind !== 'text') return {};
  return { ...(reply.articleId ? { articleId: reply.articleId } : {}), ...(reply.suggestedArticleIds?.length ? { suggestedArticleIds: reply.suggestedArticleIds } : {}) };
}

/** The conversation again, both sides: the person's messages carry author "person" (a tap: the button's label). */
export const renderWebchatHistory = (m: HistoryItem) => {
  if (m.reply) return renderWebchatReply({ id: m.id, reply: m.reply, createdAt: m.at, author: m.author === 'advisor' ? 'advisor' : 'bot' });
  return { id: m.id, ...renderPersonText(m.text, m.kind), choices: [], author: m.author, kind: m.kind };
};
