import type { DangerSign } from '../../knowledge/lexicon.js';
import { dangerKindOf, safetyArticle } from '../../knowledge/readMessage.js';
import { choiceId } from '../choiceIds.js';
import { renderArticleSummary } from '../renderArticle.js';
import { localeOf, position, say, tr, type TurnDraft } from '../turn/turnDraft.js';
import { menuButtons } from './playFlow.js';
import { articleView, showArticle } from './showArticle.js';

/** The flow whose menu offers a specialist advisor after a safety reply (its ticket is sensitive). */
export const SAFETY_FLOW = 'safety';

/**
 * The safety net's reply, whatever the search would have said: what the knowledge base says about
 * this danger (knowledge/readMessage.ts, `safetyArticle`), then the emergency numbers article and
 * a specialist advisor, in confidence. No phone number is written here: the articles hold them,
 * and their curators keep them right.
 */
export function answerDanger(t: TurnDraft, text: string, signs: DangerSign[]): void {
  const knowledge = t.deps.knowledge;
  const chosen = safetyArticle(dangerKindOf(signs), knowledge.safety, (id) => knowledge.article(id) !== undefined);
  const p = position(t);
  if (chosen !== knowledge.safety.numbers) showArticle(t, chosen, 'summary', p ? { flow: p.flow, node: p.node } : null, text);
  offerSafety(t, text, chosen);
}

/**
 * The emergency numbers (the article's summary) and a specialist advisor: the last message, its
 * buttons live. The position keeps the article shown: the ticket's topic if they ask for an advisor.
 */
function offerSafety(t: TurnDraft, query: string, article: string): void {
  const numbers = t.deps.knowledge.safety.numbers;
  const offer = t.deps.graph.node({ flow: SAFETY_FLOW, node: 'offer' });
  const buttons = offer?.type === 'menu' ? menuButtons(t, { flow: SAFETY_FLOW, node: 'offer' }, offer.options) : [];
  const view = articleView(t, numbers);
  const summary = view ? renderArticleSummary(view) : null;
  const parts = [tr(t, 'safety.intro'), ...(summary ? [summary.text] : []), tr(t, 'safety.offer')];
  const [advisor, ...rest] = buttons;
  const choices = [...(advisor ? [advisor] : []), ...(summary ? [{ id: choiceId.article('more', numbers), label: tr(t, 'article.more') }] : []), ...rest];
  t.conversation.position = { flow: SAFETY_FLOW, node: 'offer', article, query };
  if (!summary) return say(t, parts.join('\n\n'), choices);
  const locale = localeOf(t);
  t.replies.push({ kind: 'text', text: parts.join('\n\n'), choices, dir: summary.dir, locale, articleId: numbers });
}
