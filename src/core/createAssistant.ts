import type { AssistantDeps } from './assistantDeps.js';
import { InboxDrain } from './inboxDrain.js';
import { KeyedQueue } from './keyedQueue.js';
import type { ChannelName, InboundMessage } from './message.js';
import { MAX_TURN_ATTEMPTS } from './turn/giveUp.js';
import { InboundNotRecordedError } from './turn/receiveMessage.js';
import { createTurn, type TurnOutcome } from './turn/runTurn.js';

export type { TurnOutcome };
export { InboundNotRecordedError, MAX_TURN_ATTEMPTS };

/** What a webhook learns when it records a message and leaves its turn for later. */
export type AcceptOutcome = { status: 'accepted' } | { status: 'duplicate' } | { status: 'in_progress' };

export interface Assistant {
  /** Records the message and runs its turn: the caller gets the replies (web chat, tests, Workers). */
  handle(msg: InboundMessage): Promise<TurnOutcome>;
  /**
   * Records the message and returns: its turn runs soon after, in the order messages were recorded
   * (InboxDrain). For webhooks: the provider gets its 200 as soon as the message is safe on disk,
   * and a rush waits in the database instead of in Telegram's retries. Throws
   * InboundNotRecordedError when it could not be recorded (the provider must deliver it again).
   */
  accept(msg: InboundMessage): Promise<AcceptOutcome>;
  /** Resolves when every accepted message has had its turn (tests; a calm shutdown). */
  idle(): Promise<void>;
  /** Stops starting accepted turns; resolves when those under way have ended. */
  stop(): Promise<void>;
  /** Runs `task` in a conversation's queue: never at the same time as a turn of that person. */
  runExclusive<T>(channel: ChannelName, channelUserId: string, task: () => Promise<T>): Promise<T>;
  /** Handles again the messages recorded before `before` and never answered (crash, error); wakes the inbox. */
  resumePending(before: number): Promise<number>;
  /** Turns waiting for their conversation's queue. */
  readonly pendingTurns: number;
}

/**
 * The core: records the message, runs the turn, commits contact, conversation, messages and
 * outbox together. Turns of one conversation run one at a time, in order.
 */
export function createAssistant(deps: AssistantDeps): Assistant {
  const queue = new KeyedQueue();
  const runTurn = createTurn(deps);
  const key = (msg: InboundMessage) => `${msg.channel}:${msg.channelUserId}`;

  const handle = (msg: InboundMessage) => queue.run(key(msg), () => runTurn(msg, 'record'));
  /** Recorded messages whose turn runs now in this process: never twice at once (drain, retries). */
  const claimed = new Set<string>();
  const claimKey = (msg: InboundMessage) => `${msg.channel}\u0000${msg.channelMessageId}`;
  const claim = (msg: InboundMessage) => {
    const key = claimKey(msg);
    if (claimed.has(key)) return false;
    claimed.add(key);
    return true;
  };
  const release = (msg: InboundMessage) => void claimed.delete(claimKey(msg));
  const drain = new InboxDrain({
    store: deps.store,
    claim,
    release,
    run: (msg) => queue.run(key(msg), () => runTurn(msg, 'recorded')),
    onError: (error) => deps.log.error('inbox.read_failed', { error: error instanceof Error ? error.name : 'unknown' }),
  });
  return {
    handle,
    async accept(msg) {
      let receipt;
      try {
        receipt = await deps.store.recordInbound(msg, false, true);
      } catch (cause) {
        throw new InboundNotRecordedError(cause);
      }
      if (receipt.status !== 'new') return { status: receipt.status };
      drain.kick();
      return { status: 'accepted' };
    },
    idle: () => drain.idle(),
    stop: () => drain.stop(),
    runExclusive: (channel, channelUserId, task) => queue.run(`${channel}:${channelUserId}`, task),
    async resumePending(before) {
      let done = 0;
      for (let round = 0; round < 50; round++) {
        const batch = await deps.store.pendingInbound(before, 100);
        if (!batch.length) break;
        // Different conversations in parallel; each conversation's turns in order (its queue).
        // These were recorded and never answered: take them over (a crash left them "in progress").
        // Never one this process is running already (claimed: the inbox reads only queued ones).
        const mine = batch.filter(claim);
        const outcomes = await Promise.all(
          mine.map((msg) =>
            queue
              .run(key(msg), () => runTurn(msg, 'take_over'))
              .catch(() => null)
              .finally(() => release(msg)),
          ),
        );
        const handled = outcomes.filter((o) => o?.status === 'handled').length;
        done += handled;
        if (handled === 0) break;
      }
      if (done) deps.log.info('turns.resumed', { count: done });
      // And the inbox: messages a webhook recorded that no turn has taken yet (after a restart).
      drain.kick();
      return done;
    },
    get pendingTurns() {
      return queue.pending;
    },
  };
}

