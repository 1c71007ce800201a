import type { AssistantDeps } from '../assistantDeps.js';
import type { InboundMessage } from '../message.js';
import type { FoundConversation, InboundRecord } from '../ports.js';
import type { ProgramContext } from '../programPort.js';
import type { Pace } from '../decide/decideTurn.js';
import { matchTypedChoice } from '../decide/matchTypedChoice.js';
import { parseChoice, type ParsedChoice } from '../validateChoice.js';
import { inboundRecord } from './inboundRecord.js';
import { newContact, newConversation } from './newConversation.js';
import { programNeeds } from './programNeeds.js';
import { flowFacts, newDraft, type TurnDraft } from './turnDraft.js';

export interface LoadedTurn {
  draft: TurnDraft;
  /** The person's first message: the conversation does not exist yet. */
  isNew: boolean;
  /** The conversation's `updatedAt` as read (null: new): the commit checks nobody wrote it since. */
  expectUpdatedAt: number | null;
  /** The button tapped, if it names something that exists. */
  choice: ParsedChoice | null;
  /** The person's message, as the conversation keeps it. */
  inbound: InboundRecord;
  pace: Pace;
}

const NO_PROGRAM: ProgramContext = { nearby: [], nearbyScope: 'all', requested: [], registered: [] };

/**
 * Everything the turn needs, read before it decides: the conversation and its contact (or new
 * ones), the buttons on the person's screen, how fast they write, and the program's data when
 * what they chose may reach it (programNeeds.ts). `read`: the conversation as the receipt's round trip
 * read it (undefined: read it now).
 */
export async function loadTurn(deps: AssistantDeps, msg: InboundMessage, now: number, paceOf: (key: string, now: number) => Pace, read?: FoundConversation | null): Promise<LoadedTurn> {
  const found = read !== undefined ? read : await deps.store.findConversation(msg.channel, msg.channelUserId);
  const contact = found?.contact ?? newContact(deps, msg, now);
  const conversation = found?.conversation ?? newConversation(deps, msg, contact, now);
  const expectUpdatedAt = found ? found.conversation.updatedAt : null;
  contact.lastSeenAt = now;
  conversation.updatedAt = now;
  // A node the content no longer has (renamed in a new version): the conversation starts from the menu again.
  if (conversation.position && !deps.graph.node(conversation.position)) conversation.position = null;
  const seen = found?.seen ?? { live: null, recent: [] };
  const draft = newDraft(deps, now, contact, conversation, seen.live, null);
  const choice = msg.choice !== undefined ? parseChoice(msg.choice, deps.graph, (id) => deps.knowledge.article(id) !== undefined) : null;
  const typed = !choice && found && msg.text && !msg.media ? matchTypedChoice(draft, msg.text) : null;
  const needs = found ? programNeeds(deps.graph, choice ?? typed, conversation.position, flowFacts(draft)) : null;
  if (needs) draft.program = deps.program ? await deps.program.context({ id: contact.id, province: contact.province }, now, needs) : NO_PROGRAM;
  // With an advisor, many short messages are a conversation, not a flood: they all go to the
  // advisor, and the bot never speaks (not even to say "slow down").
  const pace = conversation.state === 'with_advisor' ? 'ok' : paceOf(`${msg.channel}:${msg.channelUserId}`, now);
  if (pace === 'silent') deps.log.warn('turn.rate_limited', { conversation: conversation.id });
  return { draft, isNew: !found, expectUpdatedAt, choice, inbound: inboundRecord(msg, deps.ids.next('m'), now, seen.recent), pace };
}
