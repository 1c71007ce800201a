import { menuOptions } from '../../flows/runFlow.js';
import type { ParsedChoice } from '../validateChoice.js';
import { position, say, tr, type TurnDraft } from '../turn/turnDraft.js';
import { followChoice } from './followChoice.js';
import { enterMainMenu } from './playFlow.js';

/**
 * A tap on a button. The buttons of the last message are live; an older button is followed only
 * when what it does does not depend on when it was shown (a command, an article, an event, a menu
 * link). One that would change the profile or consent ("I agree", a language, a province, "yes,
 * delete") from an old message, or an id nobody knows, changes nothing: the person is told the
 * menu is out of date and gets the current one.
 */
export function answerTap(t: TurnDraft, id: string, choice: ParsedChoice | null): void {
  if (choice && (isLive(t, id, choice) || followsAnytime(t, choice))) return followChoice(t, choice);
  if (t.live?.length) return say(t, tr(t, 'choice.stale'), t.live);
  enterMainMenu(t, ['choice.stale']);
}

function isLive(t: TurnDraft, id: string, choice: ParsedChoice): boolean {
  if (t.live?.some((c) => c.id === id)) return true;
  const p = position(t);
  if (choice.kind === 'delete') return p?.pending === 'delete';
  // The menu the conversation is at, even if another message came after it.
  return choice.kind === 'option' && !!p && !p.article && !p.pending && p.flow === choice.flow && p.node === choice.node;
}

function followsAnytime(t: TurnDraft, choice: ParsedChoice): boolean {
  switch (choice.kind) {
    case 'option': {
      const option = menuOptions(t.deps.graph, { flow: choice.flow, node: choice.node })?.find((o) => o.id === choice.optionId);
      return !!option && !option.set;
    }
    case 'delete':
      return !choice.confirm;
    default:
      return true;
  }
}
