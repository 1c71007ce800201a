import type { Locale } from '../../config/configSchema.js';
import type { FlowFacts } from '../../flows/runFlow.js';
import type { AssistantDeps } from '../assistantDeps.js';
import { choiceId } from '../choiceIds.js';
import type { Choice, Reply } from '../message.js';
import type { Contact, Conversation, FlowPosition, TurnCommit } from '../ports.js';
import type { ProgramContext, ProgramEffects } from '../programPort.js';

/**
 * One turn while it is being decided: what was loaded (read only) and what the decision changes
 * (the contact, the conversation, the replies and the rest of the commit). Every decide/ function
 * takes it first. Nothing here does I/O: what the turn needs was loaded before (turn/loadTurn.ts).
 */
export interface TurnDraft {
  readonly deps: AssistantDeps;
  readonly now: number;
  contact: Contact;
  conversation: Conversation;
  /** The buttons of the last message the person received: the live ones. */
  readonly live: Choice[] | null;
  /** Events near the person and their registrations, loaded when the turn may need them. */
  program: ProgramContext | null;
  replies: Reply[];
  ticket?: TurnCommit['ticket'];
  eraseContact?: boolean;
  gaps: NonNullable<TurnCommit['knowledgeGaps']>;
  feedback: NonNullable<TurnCommit['feedback']>;
  surveyAnswers: NonNullable<TurnCommit['surveyAnswers']>;
  closeOpenTicket?: TurnCommit['closeOpenTicket'];
  /** A danger message while a ticket is open: it becomes sensitive. */
  markOpenTicketSensitive?: boolean;
  /** Subscriptions and registrations the turn changes (applied by turn/actOnTurn.ts). */
  effects?: ProgramEffects;
  /** A photo, voice note or document passed to the advisor of the open ticket (fetched after the turn). */
  media?: NonNullable<TurnCommit['media']>;
  /** The reply saying "you are registered": reworded if the last seat went meanwhile. */
  registration?: { eventId: string; replyIndex: number };
}

export function newDraft(deps: AssistantDeps, now: number, contact: Contact, conversation: Conversation, live: Choice[] | null, program: ProgramContext | null): TurnDraft {
  return { deps, now, contact, conversation, live, program, replies: [], gaps: [], feedback: [], surveyAnswers: [] };
}

export const localeOf = (t: TurnDraft): Locale => t.contact.locale ?? t.deps.defaultLocale;

/** A string of the person's language. */
export const tr = (t: TurnDraft, key: string, params?: Record<string, string | number>): string => t.deps.i18n.t(localeOf(t), key, params);

export function say(t: TurnDraft, text: string, choices?: Choice[]): void {
  const locale = localeOf(t);
  t.replies.push({ kind: 'text', text, ...(choices ? { choices } : {}), dir: t.deps.i18n.dir(locale), locale });
}

export const menuButton = (t: TurnDraft): Choice => ({ id: choiceId.command('menu'), label: tr(t, 'common.menu') });
export const advisorButton = (t: TurnDraft): Choice => ({ id: choiceId.command('advisor'), label: tr(t, 'common.advisor') });

export const position = (t: TurnDraft): FlowPosition | null => t.conversation.position;

export const programEffects = (t: TurnDraft): ProgramEffects => (t.effects ??= {});

export const flowFacts = (t: TurnDraft): FlowFacts => ({ audience: t.contact.audience, consent: t.contact.consentAt !== null, province: t.contact.province !== null });

/** The program's data, which the turn was given when it could need it (turn/programNeeds.ts). */
export function requireProgram(t: TurnDraft): ProgramContext {
  if (!t.program) throw new ProgramNotLoadedError();
  return t.program;
}

/** A turn reached the program without its data: turn/programNeeds.ts missed a case (a bug). */
export class ProgramNotLoadedError extends Error {
  override readonly name = 'ProgramNotLoadedError';
  constructor() {
    super('the turn needs the program context, which programNeeds did not ask for');
  }
}
