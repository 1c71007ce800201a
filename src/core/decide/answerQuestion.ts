import type { SearchResult } from '../../knowledge/searchTypes.js';
import { advisorButton, localeOf, menuButton, position, say, tr, type TurnDraft } from '../turn/turnDraft.js';
import { answerDanger } from './answerDanger.js';
import { offerArticles } from './offerArticles.js';
import { enterMainMenu } from './playFlow.js';
import { showArticle } from './showArticle.js';
import { anonymousText, GAP_MAX_CHARS } from '../anonymousText.js';

/**
 * A question in the person's words. The safety net first: a message that says danger gets the
 * safety reply, whatever the search would say. Then the search decides (knowledge/decideAnswer.ts).
 * Small talk ("merci", "salam") gets the menu.
 */
export function answerQuestion(t: TurnDraft, text: string): void {
  const signs = t.deps.knowledge.dangerSigns(text);
  if (signs.length) return answerDanger(t, text, signs);
  const result = t.deps.knowledge.search(text);
  if (result.kind === 'abstain' && result.reason === 'empty') return enterMainMenu(t);
  answerSearch(t, text, result);
}

/**
 * The three outcomes of a search, shown: the article; two or three articles to choose from (and
 * "none of these": an advisor); or "I'm not sure I understood" with the menu and an advisor, the
 * question kept (without the contact, cut, its digit runs masked: core/anonymousText.ts) as a
 * knowledge gap for the Center's curator.
 */
export function answerSearch(t: TurnDraft, text: string, result: SearchResult): void {
  switch (result.kind) {
    case 'answer': {
      const p = position(t);
      return showArticle(t, result.best.articleId, 'summary', p ? { flow: p.flow, node: p.node } : null, text);
    }
    case 'clarify':
      return offerArticles(t, text, result.candidates.map((c) => c.articleId));
    case 'abstain':
      if (result.reason === 'offtopic') return say(t, tr(t, 'search.offtopic'), [menuButton(t), advisorButton(t)]);
      if (result.reason === 'unsure') t.gaps.push({ query: anonymousText(text, GAP_MAX_CHARS), lang: t.deps.knowledge.detectLanguage(text) ?? localeOf(t), reason: 'abstain', at: t.now });
      return say(t, tr(t, 'search.abstain'), [menuButton(t), advisorButton(t)]);
  }
}
