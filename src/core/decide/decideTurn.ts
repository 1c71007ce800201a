import type { InboundMessage } from '../message.js';
import type { ParsedChoice } from '../validateChoice.js';
import { say, tr, type TurnDraft } from '../turn/turnDraft.js';
import { answerMessage } from './answerMessage.js';
import { answerTap } from './answerTap.js';
import { startConversation } from './startConversation.js';

/** How fast the person writes (turn/rateLimit.ts): "warn" once over the limit, then "silent". */
export type Pace = 'ok' | 'warn' | 'silent';

/**
 * The decision of one turn, with no I/O: everything it needs is in the draft, and everything it
 * changes goes into the draft (replies, contact, conversation, ticket, effects), committed at once.
 */
export function decideTurn(t: TurnDraft, msg: InboundMessage, choice: ParsedChoice | null, pace: Pace, isNew: boolean): void {
  // Faster than anyone reads: recorded; answered once with a polite "slow down", then not at all.
  if (pace === 'warn') return say(t, tr(t, 'rate.limited'));
  if (pace === 'silent') return;
  if (isNew) return startConversation(t, msg);
  if (msg.choice !== undefined) return answerTap(t, msg.choice, choice);
  answerMessage(t, msg);
}
