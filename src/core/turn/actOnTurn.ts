import type { AssistantDeps } from '../assistantDeps.js';
import type { InboundMessage } from '../message.js';
import { hasProgramEffects } from '../programPort.js';
import { programView } from '../decide/playFlow.js';
import type { TurnDraft } from './turnDraft.js';

/**
 * What the decision changes outside the conversation: subscriptions and registrations (the
 * program). A registration takes its seat here, in one statement; if the last seat went since the
 * turn loaded, the reply says what happened instead of "you are registered".
 */
export async function actOnTurn(deps: AssistantDeps, t: TurnDraft, msg: InboundMessage, isNew: boolean): Promise<void> {
  const effects = t.effects;
  if (!effects || !hasProgramEffects(effects)) return;
  if (!deps.program) return deps.log.warn('program.unavailable', { conversation: t.conversation.id });
  // A first message never changes the program (the contact does not exist yet).
  if (isNew) return;
  const ok = await deps.program.apply({ contactId: t.contact.id, channel: msg.channel, recipient: msg.channelUserId }, effects, t.now);
  if (ok || !t.registration) return;
  const { eventId, replyIndex } = t.registration;
  const fresh = await deps.program.context({ id: t.contact.id, province: t.contact.province }, t.now, [eventId]);
  t.replies[replyIndex] = deps.program.registerReply(programView(t), fresh, eventId, deps.program.registerOutcome(fresh, eventId, t.now));
}
