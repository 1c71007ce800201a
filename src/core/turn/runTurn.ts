import type { AssistantDeps } from '../assistantDeps.js';
import { decideTurn } from '../decide/decideTurn.js';
import type { InboundMessage, StoredReply } from '../message.js';
import { ConversationChangedError, type FoundConversation } from '../ports.js';
import { actOnTurn } from './actOnTurn.js';
import { commitTurn } from './commitTurn.js';
import { giveUp, MAX_TURN_ATTEMPTS } from './giveUp.js';
import { loadTurn } from './loadTurn.js';
import { createRateLimit } from './rateLimit.js';
import { receiveMessage } from './receiveMessage.js';

export type TurnOutcome =
  | { status: 'handled'; conversationId: string; replies: StoredReply[]; /** The person's message as stored. */ inboundId: string | null }
  | { status: 'duplicate'; replies: StoredReply[] }
  /** The same message is being handled right now (a concurrent redelivery). */
  | { status: 'in_progress' };

/**
 * `record`: a new message (its receipt is written first); `take_over`: one recorded earlier and
 * never answered (after a crash); `recorded`: one a webhook recorded, which the inbox drain claimed.
 */
export type TurnMode = 'record' | 'take_over' | 'recorded';

/** How many times a turn is read and decided again when another process wrote its conversation meanwhile. */
const CONFLICT_ATTEMPTS = 4;

/**
 * One message's turn, as a pipeline: receive (record it) → load (everything it needs) → decide
 * (no I/O) → act (the program's seats) → commit (one batch). If another process wrote the
 * conversation between load and commit, the turn is loaded and decided again at once. If a step
 * throws, nothing was committed: the message stays recorded and is tried again later; after
 * MAX_TURN_ATTEMPTS it is given up (kept, marked, apologized for).
 */
export function createTurn(deps: AssistantDeps): (msg: InboundMessage, mode: TurnMode) => Promise<TurnOutcome> {
  const pace = createRateLimit(deps.rateLimitPerMinute ?? 20);
  return async (msg, mode) => {
    let read: FoundConversation | null | undefined;
    if (mode !== 'recorded') {
      const receipt = await receiveMessage(deps.store, msg, mode === 'take_over');
      if (receipt.status !== 'new') return receipt;
      read = receipt.found;
    }
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const loaded = await loadTurn(deps, msg, deps.clock.now(), pace, read);
          const stateBefore = loaded.draft.conversation.state;
          decideTurn(loaded.draft, msg, loaded.choice, loaded.pace, loaded.isNew);
          await actOnTurn(deps, loaded.draft, msg, loaded.isNew);
          const replies = await commitTurn(deps, loaded, msg, stateBefore);
          return { status: 'handled', conversationId: loaded.draft.conversation.id, replies, inboundId: loaded.draft.eraseContact ? null : loaded.inbound.id };
        } catch (error) {
          // Another process wrote this conversation meanwhile (a Worker's other isolate): read it
          // again and decide again, on what the person now sees.
          if (!(error instanceof ConversationChangedError) || attempt >= CONFLICT_ATTEMPTS) throw error;
          deps.log.info('turn.conversation_changed', { channel: msg.channel, attempt });
          read = undefined;
        }
      }
    } catch (error) {
      const reason = error instanceof Error ? error.name : 'unknown';
      deps.log.error('turn.failed', { channel: msg.channel, error: reason });
      const fate = await deps.store.failInbound(msg.channel, msg.channelMessageId, reason, MAX_TURN_ATTEMPTS).catch(() => 'retry' as const);
      if (fate === 'dead') await giveUp(deps, msg, reason);
      throw error;
    }
  };
}
