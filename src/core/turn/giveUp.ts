import type { AssistantDeps } from '../assistantDeps.js';
import { choiceId } from '../choiceIds.js';
import type { InboundMessage, StoredReply } from '../message.js';
import { inboundRecord } from './inboundRecord.js';
import { newContact, newConversation } from './newConversation.js';

/** A message whose turn keeps failing is given up after this many tries (and logged). */
export const MAX_TURN_ATTEMPTS = 5;

/**
 * Every try to handle a message failed: it is kept in the conversation, marked (advisors see
 * "this message could not be handled"), and the person is told, in their language, instead of
 * silence. The conversation goes back to the start of the menu: a broken position cannot keep
 * failing every message after this one.
 */
export async function giveUp(deps: AssistantDeps, msg: InboundMessage, reason: string): Promise<void> {
  deps.log.error('turn.gave_up', { channel: msg.channel, error: reason, attempts: MAX_TURN_ATTEMPTS });
  try {
    const now = deps.clock.now();
    const found = await deps.store.findConversation(msg.channel, msg.channelUserId);
    const contact = found?.contact ?? newContact(deps, msg, now);
    const conversation = found?.conversation ?? newConversation(deps, msg, contact, now);
    const expectUpdatedAt = found ? found.conversation.updatedAt : null;
    conversation.position = null;
    conversation.updatedAt = now;
    const locale = contact.locale ?? deps.defaultLocale;
    const t = (key: string) => deps.i18n.t(locale, key);
    const reply: StoredReply = {
      id: deps.ids.next('m'),
      reply: {
        kind: 'text',
        text: t('errors.not_handled'),
        choices: [
          { id: choiceId.command('menu'), label: t('common.menu') },
          { id: choiceId.command('advisor'), label: t('common.advisor') },
        ],
        dir: deps.i18n.dir(locale),
        locale,
      },
      createdAt: now,
      author: 'bot',
    };
    const pushed = deps.delivery(msg.channel) === 'push';
    await deps.store.commitTurn({
      receipt: { channel: msg.channel, channelMessageId: msg.channelMessageId },
      contact,
      contactIsNew: !found,
      conversation,
      conversationIsNew: !found,
      expectUpdatedAt,
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
