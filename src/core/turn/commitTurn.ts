import type { AssistantDeps } from '../assistantDeps.js';
import type { InboundMessage, StoredReply } from '../message.js';
import type { ConversationState } from '../ports.js';
import type { LoadedTurn } from './loadTurn.js';

/**
 * The last step: everything the turn changed, in one batch (contact, conversation, the person's
 * message, the replies and their deliveries, ticket, gaps, feedback, survey answers, receipt),
 * then the outbox and the advisors' console are told.
 */
export async function commitTurn(deps: AssistantDeps, loaded: LoadedTurn, msg: InboundMessage, stateBefore: ConversationState): Promise<StoredReply[]> {
  const t = loaded.draft;
  const replies: StoredReply[] = t.replies.map((reply) => ({ id: deps.ids.next('m'), reply, createdAt: t.now, author: 'bot' }));
  const pushed = deps.delivery(msg.channel) === 'push';
  await deps.store.commitTurn({
    receipt: { channel: msg.channel, channelMessageId: msg.channelMessageId },
    contact: t.contact,
    contactIsNew: loaded.isNew,
    conversation: t.conversation,
    conversationIsNew: loaded.isNew,
    expectUpdatedAt: loaded.expectUpdatedAt,
    inbound: t.eraseContact ? null : loaded.inbound,
    replies,
    outbox: pushed ? replies.map((r) => ({ replyId: r.id, channel: msg.channel, recipient: msg.channelUserId, reply: r.reply })) : [],
    ...(t.ticket ? { ticket: t.ticket } : {}),
    ...(t.eraseContact ? { eraseContact: true } : {}),
    knowledgeGaps: t.gaps,
    feedback: t.feedback,
    surveyAnswers: t.surveyAnswers,
    ...(t.closeOpenTicket ? { closeOpenTicket: t.closeOpenTicket } : {}),
    ...(t.media && !t.eraseContact ? { media: t.media } : {}),
    ...(t.markOpenTicketSensitive ? { markOpenTicketSensitive: true } : {}),
  });
  if (t.media && !t.eraseContact) deps.onMedia?.();
  if (stateBefore !== 'bot' || t.conversation.state !== 'bot') deps.onHandoffActivity?.(t.conversation.id);
  if (replies.length && pushed) deps.onOutbox?.();
  deps.log.info('turn', { conversation: t.conversation.id, channel: msg.channel, replies: replies.length, state: t.conversation.state });
  return replies;
}
