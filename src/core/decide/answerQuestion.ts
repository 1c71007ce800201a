import { advisorButton, localeOf, menuButton, position, say, tr, type TurnDraft } from '../turn/turnDraft.js';
import { enterMainMenu } from './playFlow.js';
import { showArticle } from './showArticle.js';
import { anonymousText, GAP_MAX_CHARS } from '../anonymousText.js';

/**
 * A question in the person's words: the knowledge base's article when the search is sure;
 * otherwise "I'm not sure I understood" with the menu and an advisor, and the question is kept
 * (without the contact, cut, its digit runs masked: core/anonymousText.ts) as a knowledge gap.
 * Small talk ("merci", "salam") gets the menu.
 */
export function answerQuestion(t: TurnDraft, text: string): void {
  const result = t.deps.knowledge.search(text);
  if (result.kind === 'answer') {
    const p = position(t);
    return showArticle(t, result.best.articleId, 'summary', p ? { flow: p.flow, node: p.node } : null, text);
  }
  if (result.reason === 'empty') return enterMainMenu(t);
  t.gaps.push({ query: anonymousText(text, GAP_MAX_CHARS), lang: t.deps.knowledge.detectLanguage(text) ?? localeOf(t), reason: 'abstain', at: t.now });
  say(t, tr(t, 'search.abstain'), [menuButton(t), advisorButton(t)]);
}
