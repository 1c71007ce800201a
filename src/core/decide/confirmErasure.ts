import { normalizeText } from '../../knowledge/normalize.js';
import { choiceId } from '../choiceIds.js';
import { menuButton, say, tr, type TurnDraft } from '../turn/turnDraft.js';

/** "Delete my data": asked to confirm first (an erasure cannot be undone). */
export function askErasure(t: TurnDraft): void {
  t.conversation.position = { ...(t.conversation.position ?? { flow: 'main', node: 'menu' }), pending: 'delete' };
  delete t.conversation.position.article;
  say(t, tr(t, 'commands.delete_confirm'), [
    { id: choiceId.delete(true), label: tr(t, 'commands.delete_yes') },
    { id: choiceId.delete(false), label: tr(t, 'commands.delete_no') },
  ]);
}

/** The answer typed to the confirmation: "1" or "yes, erase", "2" or "no, keep"; anything else is read as a new message. */
export function typedErasureAnswer(t: TurnDraft, text: string): boolean | null {
  const n = normalizeText(text);
  if (n === '1' || normalizeText(tr(t, 'commands.delete_yes')) === n) return true;
  if (n === '2' || normalizeText(tr(t, 'commands.delete_no')) === n) return false;
  return null;
}

export function finishErasure(t: TurnDraft, confirm: boolean): void {
  if (t.conversation.position) delete t.conversation.position.pending;
  if (!confirm) return say(t, tr(t, 'commands.delete_cancelled'), [menuButton(t)]);
  t.eraseContact = true;
  say(t, tr(t, 'commands.delete_done'));
}
