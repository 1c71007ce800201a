import type { EventAction } from '../choiceIds.js';
import { programEffects, requireProgram, type TurnDraft } from '../turn/turnDraft.js';
import { askConsent } from './askConsent.js';
import { enterFlow, enterMainMenu, programView } from './playFlow.js';

/**
 * The workshops near the person, registering with one tap (with consent: the registration is
 * kept for the reminder), cancelling. The seat is taken when the turn acts (turn/actOnTurn.ts):
 * if the last one went meanwhile, the reply says so.
 */
export function actOnEvent(t: TurnDraft, action: EventAction, eventId: string): void {
  const events = t.deps.graph.start('events');
  if (action === 'list') return events ? enterFlow(t, events) : enterMainMenu(t);
  const program = t.deps.program!;
  const ctx = requireProgram(t);
  const view = programView(t);
  if (action === 'cancel') {
    const registered = ctx.registered.includes(eventId);
    if (registered) programEffects(t).cancel = eventId;
    t.replies.push(program.cancelReply(view, ctx, eventId, registered));
    return;
  }
  const outcome = program.registerOutcome(ctx, eventId, t.now);
  if (outcome === 'ok' && t.contact.consentAt === null) return askConsent(t, { kind: 'register', eventId }, 'program.events.need_consent');
  if (outcome === 'ok') {
    programEffects(t).register = eventId;
    t.registration = { eventId, replyIndex: t.replies.length };
  }
  t.replies.push(program.registerReply(view, ctx, eventId, outcome));
}
