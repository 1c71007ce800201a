import type { NodeAddress } from '../../flows/flowGraph.js';
import { renderArticleBody, renderArticleSummary, type ArticleView } from '../renderArticle.js';
import type { Choice } from '../message.js';
import { localeOf, position, say, tr, type TurnDraft } from '../turn/turnDraft.js';

/**
 * Shows an article's short answer (or its full text), remembering where it was opened from (for
 * "back") and the question that led to it (for "not what I asked").
 */
export function showArticle(t: TurnDraft, articleId: string, part: 'summary' | 'body', back: NodeAddress | null, query?: string): void {
  const p = position(t);
  const base = back ?? (p ? { flow: p.flow, node: p.node } : null);
  const kept = query ?? p?.query;
  t.conversation.position = base ? { ...base, article: articleId, ...(kept ? { query: kept } : {}) } : null;
  const view = articleView(t, articleId);
  if (!view) return say(t, tr(t, 'article.placeholder'));
  const now = t.conversation.position;
  if (now) {
    if (part === 'body') now.part = 'body';
    else delete now.part;
  }
  t.replies.push(part === 'body' ? renderArticleBody(view) : renderArticleSummary(view));
}

export function articleView(t: TurnDraft, articleId: string): ArticleView | null {
  const article = t.deps.knowledge.article(articleId);
  if (!article) return null;
  return { article, locale: localeOf(t), i18n: t.deps.i18n, center: t.deps.center, ...(t.deps.publishers ? { publishers: t.deps.publishers } : {}), canGoBack: Boolean(position(t)) };
}

/** The buttons under the article on screen (a typed "1" means its first one). */
export function articleButtons(t: TurnDraft, articleId: string): Choice[] {
  const view = articleView(t, articleId);
  if (!view) return [];
  const reply = position(t)?.part === 'body' ? renderArticleBody(view) : renderArticleSummary(view);
  return reply.kind === 'text' ? (reply.choices ?? []) : [];
}
