import type { ConversationState } from './ports.js';

/**
 * The one place that decides how a conversation moves between the bot and a human:
 *
 *   bot ──open──► waiting ──claim──► with_advisor
 *    ▲              │  ▲                 │  │
 *    └──close/cancel┘  └────release──────┘  └──close──► bot (satisfaction asked)
 *
 * `transfer` keeps with_advisor (another advisor takes over).
 */
export type HandoffEvent = 'open' | 'claim' | 'transfer' | 'release' | 'close' | 'cancel';

const TRANSITIONS: Record<ConversationState, Partial<Record<HandoffEvent, ConversationState>>> = {
  bot: { open: 'waiting' },
  waiting: { claim: 'with_advisor', close: 'bot', cancel: 'bot' },
  with_advisor: { transfer: 'with_advisor', release: 'waiting', close: 'bot', cancel: 'bot' },
};

export class StateTransitionError extends Error {
  override readonly name = 'StateTransitionError';
  constructor(
    readonly from: ConversationState,
    readonly event: HandoffEvent,
  ) {
    super(`a conversation in state "${from}" cannot "${event}"`);
  }
}

/** The next state, or an error value when the event is not allowed from this state. */
export function nextState(from: ConversationState, event: HandoffEvent): ConversationState | StateTransitionError {
  return TRANSITIONS[from][event] ?? new StateTransitionError(from, event);
}

/** Who answers free text in this state: never both. */
export function whoAnswers(state: ConversationState): 'bot' | 'bot_and_queue' | 'advisor' {
  if (state === 'with_advisor') return 'advisor';
  if (state === 'waiting') return 'bot_and_queue';
  return 'bot';
}
