import type { Logger } from '../core/assistantDeps.js';
import type { Assistant } from '../core/createAssistant.js';
import type { ChannelName, Choice, StoredReply } from '../core/message.js';
import type { Clock, IdSource } from '../core/ports.js';
import type { Locale } from '../config/configSchema.js';
import type { FlowGraph } from '../flows/flowGraph.js';
import { choiceId } from '../core/choiceIds.js';
import type { I18n } from '../i18n/createI18n.js';
import { directionOf } from '../i18n/bidiIsolate.js';
import { nextState, StateTransitionError } from '../core/conversationStates.js';
import type { EventHub } from './eventHub.js';
import type { Advisor, AdvisorCommit, HandoffStore, Outcome, TicketDetail, TicketSummary } from './handoffPorts.js';
import { mayAct } from './ticketPermissions.js';

export type ActionResult = { ok: true } | { ok: false; error: 'not_found' | 'conflict' | 'invalid' | 'forbidden'; message: string };

export interface HandoffServiceDeps {
  store: HandoffStore;
  assistant: Assistant;
  clock: Clock;
  ids: IdSource;
  i18n: I18n;
  graph: FlowGraph;
  hub: EventHub;
  log: Logger;
  kickOutbox: () => void;
  escalateAfterMinutes: number;
  /** When set, escalations are also posted to this Telegram group (through the outbox). */
  advisorsTelegramChatId?: string;
  defaultLocale: Locale;
  /** How a channel's messages reach people (the channels' descriptors). */
  delivery: (channel: ChannelName) => 'push' | 'pull';
  /** A ticket's topic, language and channel named for advisors (the escalation notice), not as ids. */
  describe?: (t: TicketSummary) => { topic: string; language: string; channel: string };
}

const conflict = (message: string): ActionResult => ({ ok: false, error: 'conflict', message });
const forbidden = (message: string): ActionResult => ({ ok: false, error: 'forbidden', message });

/**
 * What advisors do to tickets. Every action runs in the conversation's queue (never at the same
 * time as a turn of that person) and commits at once, guarded by the ticket's state: of two
 * advisors claiming one ticket, exactly one wins.
 */
export class HandoffService {
  constructor(private readonly d: HandoffServiceDeps) {}

  private async withTicket(ticketId: string, run: (t: TicketDetail) => Promise<ActionResult>): Promise<ActionResult> {
    const first = await this.d.store.getTicket(ticketId);
    if (!first) return { ok: false, error: 'not_found', message: 'no such ticket' };
    return this.d.assistant.runExclusive(first.channel, first.channelUserId, async () => {
      const t = await this.d.store.getTicket(ticketId);
      if (!t) return { ok: false, error: 'not_found', message: 'no such ticket' };
      const result = await run(t);
      if (result.ok) {
        this.d.hub.publish({ kind: 'ticket', ticketId });
        this.d.kickOutbox();
      }
      return result;
    });
  }

  private reply(t: TicketDetail, text: string, author: 'bot' | 'advisor', choices?: Choice[]): NonNullable<AdvisorCommit['replies']>[number] {
    const locale = (t.locale ?? this.d.defaultLocale) as Locale;
    const dir = author === 'advisor' ? directionOf(text) : this.d.i18n.dir(locale);
    const reply: StoredReply = {
      id: this.d.ids.next('m'),
      reply: { kind: 'text', text, ...(choices ? { choices } : {}), dir, locale },
      createdAt: this.d.clock.now(),
      author,
    };
    return { reply, conversationId: t.conversationId, ...(this.d.delivery(t.channel) === 'push' ? { outbox: { channel: t.channel, recipient: t.channelUserId } } : {}) };
  }

  private t(t: TicketDetail, key: string, params?: Record<string, string>): string {
    return this.d.i18n.t((t.locale ?? this.d.defaultLocale) as Locale, key, params);
  }

  async claim(ticketId: string, advisor: Advisor): Promise<ActionResult> {
    return this.withTicket(ticketId, async (t) => {
      if (t.status !== 'waiting') return conflict(t.status === 'closed' ? 'the ticket is closed' : 'someone else took this ticket');
      const state = nextState(t.conversationState, 'claim');
      if (state instanceof StateTransitionError) return conflict(state.message);
      const at = this.d.clock.now();
      const won = await this.d.store.commitAdvisorAction({
        ticketId,
        expect: { status: ['waiting'] },
        ticket: { status: 'with_advisor', assignedTo: advisor.id, claimedAt: at },
        conversation: { id: t.conversationId, state },
        replies: [this.reply(t, this.t(t, 'handoff.claimed'), 'bot')],
        event: { kind: 'claimed', advisorId: advisor.id },
        audit: { advisorId: advisor.id, action: 'claim' },
        at,
      });
      return won ? { ok: true } : conflict('someone else took this ticket');
    });
  }

  async sendMessage(ticketId: string, advisor: Advisor, text: string): Promise<ActionResult> {
    const clean = text.trim();
    if (!clean || clean.length > 4000) return { ok: false, error: 'invalid', message: 'a message is 1 to 4000 characters' };
    return this.withTicket(ticketId, async (t) => {
      if (t.status === 'closed') return conflict('the ticket is closed');
      if (!mayAct('reply', t, advisor)) return forbidden('another advisor has this ticket');
      if (t.status !== 'with_advisor') return conflict('claim the ticket first');
      const ok = await this.d.store.commitAdvisorAction({
        ticketId,
        expect: { status: ['with_advisor'], assignedTo: advisor.id },
        replies: [this.reply(t, clean, 'advisor')],
        audit: { advisorId: advisor.id, action: 'reply' },
        at: this.d.clock.now(),
      });
      return ok ? { ok: true } : conflict('the ticket changed meanwhile');
    });
  }

  async addNote(ticketId: string, advisor: Advisor, text: string): Promise<ActionResult> {
    const clean = text.trim();
    if (!clean || clean.length > 4000) return { ok: false, error: 'invalid', message: 'a note is 1 to 4000 characters' };
    return this.withTicket(ticketId, async (t) => {
      if (t.status === 'closed') return conflict('the ticket is closed');
      if (!mayAct('note', t, advisor)) return forbidden('another advisor has this ticket: only they or an admin add notes');
      const ok = await this.d.store.commitAdvisorAction({
        ticketId,
        expect: { status: [t.status], assignedTo: t.assignedTo },
        event: { kind: 'note', advisorId: advisor.id, text: clean },
        audit: { advisorId: advisor.id, action: 'note' },
        at: this.d.clock.now(),
      });
      return ok ? { ok: true } : conflict('the ticket changed meanwhile');
    });
  }

  async transfer(ticketId: string, advisor: Advisor, to: Advisor | null): Promise<ActionResult> {
    if (!to || to.disabledAt !== null || to.id === advisor.id) return { ok: false, error: 'invalid', message: 'choose another active advisor' };
    return this.withTicket(ticketId, async (t) => {
      if (t.status !== 'with_advisor') return conflict(t.status === 'closed' ? 'the ticket is closed' : 'claim the ticket first');
      if (!mayAct('transfer', t, advisor)) return forbidden('only the advisor who has the ticket, or an admin, can transfer it');
      if (to.id === t.assignedTo) return { ok: false, error: 'invalid', message: 'choose another active advisor' };
      const ok = await this.d.store.commitAdvisorAction({
        ticketId,
        expect: { status: ['with_advisor'], assignedTo: t.assignedTo },
        ticket: { assignedTo: to.id },
        event: { kind: 'transferred', advisorId: advisor.id, text: to.name },
        audit: { advisorId: advisor.id, action: `transfer:${to.id}` },
        at: this.d.clock.now(),
      });
      return ok ? { ok: true } : conflict('the ticket changed meanwhile');
    });
  }

  async close(ticketId: string, advisor: Advisor, outcome: Outcome): Promise<ActionResult> {
    return this.withTicket(ticketId, async (t) => {
      if (t.status === 'closed') return conflict('the ticket is already closed');
      if (!mayAct('close', t, advisor)) return forbidden(t.status === 'waiting' ? 'claim the ticket before closing it' : 'another advisor has this ticket');
      const state = nextState(t.conversationState, 'close');
      if (state instanceof StateTransitionError) return conflict(state.message);
      const survey = this.d.graph.start('satisfaction')!;
      const node = this.d.graph.node(survey);
      const choices = node?.type === 'menu' ? node.options.map((o) => ({ id: choiceId.option(survey, o.id), label: this.t(t, o.label) })) : [];
      const prompt = node?.type === 'menu' ? this.t(t, node.prompt) : '';
      const at = this.d.clock.now();
      const ok = await this.d.store.commitAdvisorAction({
        ticketId,
        expect: { status: [t.status], assignedTo: t.assignedTo },
        ticket: { status: 'closed', closedAt: at, outcome },
        conversation: { id: t.conversationId, state, position: { flow: survey.flow, node: survey.node } },
        replies: [this.reply(t, `${this.t(t, 'handoff.closed')}\n\n${prompt}`, 'bot', choices)],
        event: { kind: 'closed', advisorId: advisor.id, text: outcome },
        audit: { advisorId: advisor.id, action: `close:${outcome}` },
        at,
      });
      return ok ? { ok: true } : conflict('the ticket changed meanwhile');
    });
  }

  /** Reading a ticket shows personal data: it is logged. What the advisor saw is now read (the queue's unread count). */
  async view(ticketId: string, advisor: Advisor): Promise<TicketDetail | null> {
    const t = await this.d.store.getTicket(ticketId, advisor.id);
    if (!t) return null;
    const at = this.d.clock.now();
    await this.d.store.audit(advisor.id, 'view', ticketId, at);
    const seen = t.history.at(-1)?.seq;
    if (seen !== undefined && t.unread > 0) await this.d.store.markRead(ticketId, advisor.id, seen, at);
    return t;
  }

  /** Tickets nobody claimed in time: highlighted, and posted to the advisors' Telegram group. */
  async escalateDue(): Promise<number> {
    const now = this.d.clock.now();
    const due = await this.d.store.ticketsToEscalate(now - this.d.escalateAfterMinutes * 60_000);
    let count = 0;
    for (const t of due) {
      const minutes = Math.round((now - t.createdAt) / 60_000);
      const notice = this.d.advisorsTelegramChatId
        ? this.d.i18n.t(this.d.defaultLocale, 'escalation.notice', { pseudonym: t.pseudonym, minutes: String(minutes), ...(this.d.describe?.(t) ?? { topic: t.topic, language: t.locale ?? '?', channel: t.channel }) })
        : null;
      const ok = await this.d.store.commitAdvisorAction({
        ticketId: t.id,
        expect: { status: ['waiting'] },
        ticket: { escalatedAt: now },
        ...(notice
          ? {
              replies: [
                {
                  reply: { id: this.d.ids.next('m'), reply: { kind: 'text', text: notice, dir: this.d.i18n.dir(this.d.defaultLocale), locale: this.d.defaultLocale }, createdAt: now, author: 'bot' },
                  conversationId: `advisors:${this.d.advisorsTelegramChatId}`,
                  outbox: { channel: 'telegram', recipient: this.d.advisorsTelegramChatId! },
                },
              ],
            }
          : {}),
        event: { kind: 'escalated', advisorId: null },
        at: now,
      });
      if (ok) {
        count++;
        this.d.hub.publish({ kind: 'ticket', ticketId: t.id });
        this.d.log.warn('handoff.escalated', { ticket: t.id, minutes });
      }
    }
    if (count) this.d.kickOutbox();
    return count;
  }
}
