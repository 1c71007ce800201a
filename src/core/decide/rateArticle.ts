import type { ArticleAction } from '../choiceIds.js';
import { advisorButton, localeOf, menuButton, position, say, tr, type TurnDraft } from '../turn/turnDraft.js';
import { showArticle } from './showArticle.js';
import { anonymousText, GAP_MAX_CHARS } from '../anonymousText.js';

/** "More", "show", "this helped", "not what I asked": the article's own buttons. */
export function actOnArticle(t: TurnDraft, action: ArticleAction, articleId: string): void {
  if (action === 'more' || action === 'show') return showArticle(t, articleId, action === 'more' ? 'body' : 'summary', null);
  t.feedback.push({ articleId, helpful: action === 'yes', at: t.now });
  if (action === 'yes') return say(t, tr(t, 'article.thanks'));
  // Not what they asked: the question is kept (without the contact) for the content curator.
  const query = position(t)?.query;
  if (query) t.gaps.push({ query: anonymousText(query, GAP_MAX_CHARS), lang: t.deps.knowledge.detectLanguage(query) ?? localeOf(t), reason: 'not_helpful', at: t.now });
  say(t, tr(t, 'article.sorry'), [advisorButton(t), menuButton(t)]);
}
