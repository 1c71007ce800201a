import type { ParsedChoice } from '../validateChoice.js';
import { position, type TurnDraft } from '../turn/turnDraft.js';
import { actOnEvent } from './actOnEvent.js';
import { cancelTicket } from './cancelTicket.js';
import { chooseMenuOption } from './chooseMenuOption.js';
import { finishErasure } from './confirmErasure.js';
import { enterFlow, enterMainMenu } from './playFlow.js';
import { noneOfThese } from './offerArticles.js';
import { actOnArticle } from './rateArticle.js';
import { runCommand } from './runCommand.js';

/** Does what a button (tapped, or typed as its number or label) stands for. */
export function followChoice(t: TurnDraft, choice: ParsedChoice): void {
  switch (choice.kind) {
    case 'command':
      return runCommand(t, choice.command);
    case 'back': {
      const p = position(t);
      return p ? enterFlow(t, { flow: p.flow, node: p.node }) : enterMainMenu(t);
    }
    case 'delete':
      return finishErasure(t, choice.confirm);
    case 'cancel_ticket':
      return cancelTicket(t);
    case 'none_of_these':
      return noneOfThese(t);
    case 'article':
      return actOnArticle(t, choice.action, choice.articleId);
    case 'event':
      return actOnEvent(t, choice.action, choice.eventId);
    case 'option':
      return chooseMenuOption(t, { flow: choice.flow, node: choice.node }, choice.optionId);
  }
}
