import { choiceId } from '../choiceIds.js';
import { formatWeekdayTime } from '../../i18n/formatDates.js';
import { nextState, StateTransitionError } from '../conversationStates.js';
import type { Choice } from '../message.js';
import { localeOf, menuButton, position, say, tr, type TurnDraft } from '../turn/turnDraft.js';
import { SAFETY_FLOW } from './answerDanger.js';

/**
 * The person asks for an advisor: a ticket opens (about the article they were reading, and
 * sensitive if it is), and they are told the usual wait, or when the Center opens.
 */
export function openTicket(t: TurnDraft, topic: string, sensitive: boolean): void {
  const next = nextState(t.conversation.state, 'open');
  const article = position(t)?.article;
  if (!(next instanceof StateTransitionError)) {
    t.conversation.state = next;
    t.ticket = {
      id: t.deps.ids.next('t'),
      conversationId: t.conversation.id,
      topic: article ?? topic,
      // Asked from a safety reply, or about a sensitive article: a specialist, first in the queue.
      sensitive: sensitive || position(t)?.flow === SAFETY_FLOW || Boolean(article && t.deps.knowledge.article(article)?.meta.sensitive),
      createdAt: t.now,
    };
  }
  const parts = [tr(t, 'handoff.opened')];
  const status = t.deps.handoffStatus?.(t.now);
  if (status && !status.open && status.nextOpening !== null) parts.push(tr(t, 'handoff.after_hours', { when: formatWhen(t, status.nextOpening) }));
  else if (status?.waitMinutes) parts.push(tr(t, 'handoff.wait', { count: status.waitMinutes }));
  say(t, parts.join('\n\n'), [cancelTicketButton(t), menuButton(t)]);
}

export const cancelTicketButton = (t: TurnDraft): Choice => ({ id: choiceId.cancelTicket, label: tr(t, 'handoff.cancel') });

/** The day and time the Center opens, in the sentence's own language ("aynas 09:00", not "lundi" in Tachelhit). */
function formatWhen(t: TurnDraft, at: number): string {
  return formatWeekdayTime(at, localeOf(t), t.deps.timeZone ?? 'Africa/Casablanca');
}
