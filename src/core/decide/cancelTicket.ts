import { nextState, StateTransitionError } from '../conversationStates.js';
import { menuButton, say, tr, type TurnDraft } from '../turn/turnDraft.js';
import { enterMainMenu } from './playFlow.js';

/** The person no longer needs an advisor: the ticket closes, the bot takes over again. */
export function cancelTicket(t: TurnDraft): void {
  const next = nextState(t.conversation.state, 'cancel');
  if (next instanceof StateTransitionError) return enterMainMenu(t);
  t.conversation.state = next;
  t.closeOpenTicket = { outcome: 'cancelled' };
  say(t, tr(t, 'handoff.cancelled'), [menuButton(t)]);
}
