import { anonymousText, GAP_MAX_CHARS } from '../anonymousText.js';
import { articleTextFor } from '../renderArticle.js';
import { choiceId } from '../choiceIds.js';
import type { Choice } from '../message.js';
import { advisorButton, localeOf, position, say, tr, type TurnDraft } from '../turn/turnDraft.js';
import { enterFlow } from './playFlow.js';

/** WhatsApp Cloud cuts reply buttons at 20 characters (list rows at 24): a short title fits both. */
export const SHORT_TITLE_MAX = 20;

/**
 * The search hesitates between two or three articles: they are offered as buttons titled in the
 * person's language, with "none of these" (an advisor). The question is kept on the position, for
 * "none of these" and for "not what I asked" on the article they choose.
 */
export function offerArticles(t: TurnDraft, query: string, articleIds: string[]): void {
  const choices: Choice[] = articleIds.map((id) => ({ id: choiceId.article('show', id), label: shortTitle(t, id) }));
  choices.push({ id: choiceId.noneOfThese, label: tr(t, 'clarify.none') });
  const p = position(t);
  t.conversation.position = { ...(p ? { flow: p.flow, node: p.node } : { flow: 'main', node: 'menu' }), query };
  const locale = localeOf(t);
  t.replies.push({ kind: 'text', text: tr(t, 'clarify.prompt'), choices, dir: t.deps.i18n.dir(locale), locale, suggestedArticleIds: articleIds });
}

/**
 * An article's title for a button: its short title in the person's language (`articles.<id>` in
 * the locales, the flows' labels), else its title cut at a word under the limit.
 */
export function shortTitle(t: TurnDraft, articleId: string): string {
  const locale = localeOf(t);
  const key = `articles.${articleId}`;
  if (t.deps.i18n.has(locale, key)) return tr(t, key);
  const article = t.deps.knowledge.article(articleId);
  const title = (article && articleTextFor(article, locale)?.title) || articleId;
  return cutTitle(title, SHORT_TITLE_MAX);
}

/** A title cut at the last whole word that fits, with an ellipsis. */
export function cutTitle(title: string, max: number): string {
  const chars = [...title.replace(/\*\*/g, '')];
  if (chars.length <= max) return chars.join('');
  const room = chars.slice(0, max - 1).join('');
  const cut = room.lastIndexOf(' ');
  return `${(cut > max / 2 ? room.slice(0, cut) : room).replace(/[\s,:;–-]+$/, '')}…`;
}

/** "None of these": the question is kept for the curator (without the contact) and an advisor is asked for. */
export function noneOfThese(t: TurnDraft): void {
  const query = position(t)?.query;
  if (query) t.gaps.push({ query: anonymousText(query, GAP_MAX_CHARS), lang: t.deps.knowledge.detectLanguage(query) ?? localeOf(t), reason: 'none_of_these', at: t.now });
  const handoff = t.deps.graph.start('handoff');
  if (handoff) return enterFlow(t, handoff);
  say(t, tr(t, 'article.sorry'), [advisorButton(t)]);
}
