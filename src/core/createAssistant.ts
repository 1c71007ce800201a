import { localeFromHint } from '../i18n/createI18n.js';
import type { AssistantDeps } from './assistantDeps.js';
import { InboxDrain } from './inboxDrain.js';
import { KeyedQueue } from './keyedQueue.js';
import type { ChannelName, Choice, InboundMessage, StoredReply } from './message.js';
import type { Contact, Conversation, InboundRecord } from './ports.js';
import { TurnRunner, type TurnState } from './runTurn.js';
import { parseChoice } from './validateChoice.js';
import { choiceId } from './choiceIds.js';
import { EMPTY_PROGRAM_CONTEXT, hasProgramEffects, ProgramContextNeeded, type ProgramContext } from '../program/programTurn.js';

export type TurnOutcome =
  | { status: 'handled'; conversationId: string; replies: StoredReply[]; /** The person's message as stored. */ inboundId: string | null }
  | { status: 'duplicate'; replies: StoredReply[] }
  /** The same message is being handled right now (a concurrent redelivery). */
  | { status: 'in_progress' };

/** What a webhook learns when it records a message and leaves its turn for later. */
export type AcceptOutcome = { status: 'accepted' } | { status: 'duplicate' } | { status: 'in_progress' };

/** The message could not be stored: it is not ours yet, the sender must retry. */
export class InboundNotRecordedError extends Error {
  override readonly name = 'InboundNotRecordedError';
  constructor(override readonly cause: unknown) {
    super('inbound message could not be recorded');
  }
}

/** A message whose turn keeps failing is given up after this many tries (and logged). */
export const MAX_TURN_ATTEMPTS = 5;

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
  const perMinute = deps.rateLimitPerMinute ?? 20;
  /** Recent message times per person, and whether they were already asked to slow down. */
  const recent = new Map<string, { times: number[]; warned: boolean }>();
  let sweptAt = 0;
  function overLimit(key: string, now: number): 'ok' | 'warn' | 'silent' {
    // Once a minute, people silent for a minute are forgotten (their times would all be filtered out).
    if (now - sweptAt >= 60_000) {
      sweptAt = now;
      for (const [k, e] of recent) if (e.times[e.times.length - 1]! <= now - 60_000) recent.delete(k);
    }
    const entry = recent.get(key) ?? { times: [], warned: false };
    // concat: an array of exactly the times kept (push would reserve room for 16 more, per person).
    entry.times = entry.times.filter((t) => t > now - 60_000).concat(now);
    if (entry.times.length <= perMinute) entry.warned = false;
    recent.set(key, entry);
    if (entry.times.length <= perMinute) return 'ok';
    if (entry.warned) return 'silent';
    entry.warned = true;
    return 'warn';
  }
  const hasArticle = (id: string) => deps.knowledge.article(id) !== undefined;

  /** `recorded`: the message was recorded by accept() and claimed by this process (no receipt check). */
  async function runTurn(msg: InboundMessage, mode: 'record' | 'take_over' | 'recorded' = 'record'): Promise<TurnOutcome> {
    // An unknown id (an old button, a content change, a forged tap) still gets an answer: the turn says the menu is out of date.
    const choice = msg.choice ? parseChoice(msg.choice, deps.graph, hasArticle) : null;
    if (mode !== 'recorded') {
      let receipt;
      try {
        receipt = await deps.store.recordInbound(msg, mode === 'take_over');
      } catch (cause) {
        // Not even recorded: the channel must deliver it again (webhook answers 5xx).
        throw new InboundNotRecordedError(cause);
      }
      if (receipt.status === 'duplicate') return { status: 'duplicate', replies: receipt.replies };
      if (receipt.status === 'in_progress') return { status: 'in_progress' };
    }
    try {
      const now = deps.clock.now();
      const found = await deps.store.findConversation(msg.channel, msg.channelUserId);
      let contact: Contact = found?.contact ?? newContact(msg, now);
      let conversation: Conversation = found?.conversation ?? {
        id: deps.ids.next('v'),
        contactId: contact.id,
        channel: msg.channel,
        channelUserId: msg.channelUserId,
        state: 'bot',
        position: null,
        createdAt: now,
        updatedAt: now,
      };
      contact.lastSeenAt = now;
      // A node the content no longer has (renamed in a new version): the conversation starts from the menu again.
      if (conversation.position && !deps.graph.node(conversation.position)) conversation.position = null;
      conversation.updatedAt = now;
      const seen = found ? await deps.store.seenChoices(conversation.id) : { live: null, recent: [] };
      const lastChoices = seen.live;
      const inbound = inboundRecord(msg, deps.ids.next('m'), now, seen.recent);
      const stateBefore = conversation.state;
      // With an advisor, many short messages are a conversation, not a flood: they all go to the
      // advisor, and the bot never speaks (not even to say "slow down").
      const rate = conversation.state === 'with_advisor' ? 'ok' : overLimit(`${msg.channel}:${msg.channelUserId}`, now);
      if (rate === 'silent') deps.log.warn('turn.rate_limited', { conversation: conversation.id });
      // The program's data (events near the person) is read only by the turns that need it: such a
      // turn stops, the data is loaded, and the turn runs again from the start (it has no I/O). A
      // turn whose registration lost the last seat meanwhile also runs again, with fresh data.
      const before = JSON.stringify({ contact, conversation });
      let program: ProgramContext | undefined;
      let eventIds: string[] = [];
      let state: TurnState;
      for (let pass = 1; ; pass++) {
        state = { contact, conversation, replies: [], gaps: [], feedback: [], surveyAnswers: [], lastChoices, ...(program ? { program } : {}) };
        try {
          const runner = new TurnRunner(deps, state);
          // Too many messages in a minute: recorded, answered once with a polite "slow down".
          if (rate === 'warn') runner.slowDown();
          else if (rate === 'silent') {
            // recorded, not answered
          } else if (!found) runner.start(msg);
          else runner.handle(msg, choice);
          const effects = state.programEffects;
          if (effects && hasProgramEffects(effects) && !deps.program) deps.log.warn('program.unavailable', { conversation: conversation.id });
          if (!effects || !hasProgramEffects(effects) || !found || !deps.program) break;
          if (await deps.program.apply({ contactId: contact.id, channel: msg.channel, recipient: msg.channelUserId }, effects, now)) break;
        } catch (error) {
          if (!(error instanceof ProgramContextNeeded)) throw error;
          eventIds = error.eventIds;
        }
        if (pass >= 3) throw new Error('the program changed during the turn three times');
        ({ contact, conversation } = JSON.parse(before) as { contact: Contact; conversation: Conversation });
        program = deps.program ? await deps.program.context({ id: contact.id, province: contact.province }, now, eventIds) : EMPTY_PROGRAM_CONTEXT;
      }
      const replies: StoredReply[] = state.replies.map((reply) => ({ id: deps.ids.next('m'), reply, createdAt: now, author: 'bot' }));
      await deps.store.commitTurn({
        receipt: { channel: msg.channel, channelMessageId: msg.channelMessageId },
        contact,
        contactIsNew: !found,
        conversation,
        conversationIsNew: !found,
        inbound: state.eraseContact ? null : inbound,
        replies,
        outbox:
          msg.channel === 'webchat' || msg.channel === 'cli'
            ? []
            : replies.map((r) => ({ replyId: r.id, channel: msg.channel, recipient: msg.channelUserId, reply: r.reply })),
        ...(state.ticket ? { ticket: state.ticket } : {}),
        ...(state.eraseContact ? { eraseContact: true } : {}),
        knowledgeGaps: state.gaps,
        feedback: state.feedback,
        surveyAnswers: state.surveyAnswers,
        ...(state.closeOpenTicket ? { closeOpenTicket: state.closeOpenTicket } : {}),
      });
      if (stateBefore !== 'bot' || conversation.state !== 'bot') deps.onHandoffActivity?.(conversation.id);
      if (replies.length && msg.channel !== 'webchat' && msg.channel !== 'cli') deps.onOutbox?.();
      deps.log.info('turn', { conversation: conversation.id, channel: msg.channel, replies: replies.length, state: conversation.state });
      return { status: 'handled', conversationId: conversation.id, replies, inboundId: state.eraseContact ? null : inbound.id };
    } catch (error) {
      // Nothing was committed. The message stays recorded and is retried later (resumePending).
      const reason = error instanceof Error ? error.name : 'unknown';
      deps.log.error('turn.failed', { channel: msg.channel, error: reason });
      const fate = await deps.store.failInbound(msg.channel, msg.channelMessageId, reason, MAX_TURN_ATTEMPTS).catch(() => 'retry' as const);
      if (fate === 'dead') await giveUp(msg, reason);
      throw error;
    }
  }

  /**
   * Every try to handle a message failed: it is kept in the conversation, marked (advisors see
   * "this message could not be handled"), and the person is told, in their language, instead of
   * silence. The conversation goes back to the start of the menu: a broken position cannot keep
   * failing every message after this one.
   */
  async function giveUp(msg: InboundMessage, reason: string): Promise<void> {
    deps.log.error('turn.gave_up', { channel: msg.channel, error: reason, attempts: MAX_TURN_ATTEMPTS });
    try {
      const now = deps.clock.now();
      const found = await deps.store.findConversation(msg.channel, msg.channelUserId);
      const contact = found?.contact ?? newContact(msg, now);
      const conversation: Conversation = found?.conversation ?? { id: deps.ids.next('v'), contactId: contact.id, channel: msg.channel, channelUserId: msg.channelUserId, state: 'bot', position: null, createdAt: now, updatedAt: now };
      conversation.position = null;
      conversation.updatedAt = now;
      const locale = contact.locale ?? deps.defaultLocale;
      const reply: StoredReply = {
        id: deps.ids.next('m'),
        reply: { kind: 'text', text: deps.i18n.t(locale, 'errors.not_handled'), choices: [{ id: choiceId.command('menu'), label: deps.i18n.t(locale, 'common.menu') }, { id: choiceId.command('advisor'), label: deps.i18n.t(locale, 'common.advisor') }], dir: deps.i18n.dir(locale), locale },
        createdAt: now,
        author: 'bot',
      };
      const pushed = msg.channel !== 'webchat' && msg.channel !== 'cli';
      await deps.store.commitTurn({
        receipt: { channel: msg.channel, channelMessageId: msg.channelMessageId },
        contact,
        contactIsNew: !found,
        conversation,
        conversationIsNew: !found,
        inbound: { ...inboundRecord(msg, deps.ids.next('m'), now, []), failed: true },
        replies: [reply],
        outbox: pushed ? [{ replyId: reply.id, channel: msg.channel, recipient: msg.channelUserId, reply: reply.reply }] : [],
      });
      if (conversation.state !== 'bot') deps.onHandoffActivity?.(conversation.id);
      if (pushed) deps.onOutbox?.();
    } catch (error) {
      deps.log.error('turn.gave_up_unrecorded', { channel: msg.channel, error: error instanceof Error ? error.name : 'unknown' });
    }
  }

  function newContact(msg: InboundMessage, now: number): Contact {
    const hinted = localeFromHint(msg.localeHint);
    const detected = msg.text ? deps.knowledge.detectLanguage(msg.text) : null;
    return {
      id: deps.ids.next('c'),
      locale: hinted ?? detected ?? deps.defaultLocale,
      localeChosen: false,
      audience: null,
      province: null,
      consentAt: null,
      consentVersion: null,
      consentPurpose: null,
      subscribed: false,
      source: msg.source ?? null,
      createdAt: now,
      lastSeenAt: now,
    };
  }

  const handle = (msg: InboundMessage) => queue.run(`${msg.channel}:${msg.channelUserId}`, () => runTurn(msg));
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
    run: (msg) => queue.run(`${msg.channel}:${msg.channelUserId}`, () => runTurn(msg, 'recorded')),
    ...(deps.loopUtilization ? { loopUtilization: deps.loopUtilization } : {}),
    onError: (error) => deps.log.error('inbox.read_failed', { error: error instanceof Error ? error.name : 'unknown' }),
  });
  return {
    handle,
    async accept(msg) {
      let receipt;
      try {
        receipt = await drain.recording(() => deps.store.recordInbound(msg, false, true));
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
              .run(`${msg.channel}:${msg.channelUserId}`, () => runTurn(msg, 'take_over'))
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

/** What the conversation keeps of a person's message (never a location's coordinates). */
export function inboundRecord(msg: InboundMessage, id: string, at: number, seen: Choice[]): InboundRecord {
  if (msg.choice !== undefined) return { id, kind: 'tap', text: seen.find((c) => c.id === msg.choice)?.label ?? null, at };
  if (msg.location) return { id, kind: 'location', text: null, at };
  if (msg.media) return { id, kind: msg.media, text: msg.text ?? null, at };
  return { id, kind: msg.editOf !== undefined ? 'edit' : 'text', text: msg.text ?? null, at };
}
