import { whoAnswers } from '../conversationStates.js';
import type { InboundMessage } from '../message.js';
import { menuButton, position, say, tr, type TurnDraft } from '../turn/turnDraft.js';
import { answerDanger } from './answerDanger.js';
import { answerQuestion } from './answerQuestion.js';
import { answerSurveyText } from './answerSurveyText.js';
import { finishErasure, typedErasureAnswer } from './confirmErasure.js';
import { followChoice } from './followChoice.js';
import { matchTypedChoice } from './matchTypedChoice.js';
import { cancelTicketButton } from './openTicket.js';
import { runCommand } from './runCommand.js';
import { receiveMedia } from './receiveMedia.js';
import { shareLocation } from './shareLocation.js';

/**
 * Something the person wrote, or sent, in a conversation that exists. In this order: a shared
 * location; media (passed to an advisor during a handoff, else "I read only text"; a caption is
 * still read); the answer to "really
 * delete?"; a button typed as its number or label; a global command; the answer to a survey's
 * question; the safety net (danger: the safety reply, and an open ticket becomes sensitive); then,
 * depending on who answers: the bot searches the knowledge base, waits with the person for an
 * advisor (answering only what it is sure of), or stays silent (an advisor has the conversation:
 * never both).
 */
export function answerMessage(t: TurnDraft, msg: InboundMessage): void {
  if (msg.location) return shareLocation(t, msg.location.latitude, msg.location.longitude);
  const text = msg.text?.trim() ?? '';
  if (msg.media) receiveMedia(t, msg);
  if (!text) return;
  answerText(t, text);
}

function answerText(t: TurnDraft, text: string): void {
  const p = position(t);
  if (p?.pending === 'delete') {
    const answer = typedErasureAnswer(t, text);
    if (answer !== null) return finishErasure(t, answer);
    delete p.pending;
  }
  const typed = matchTypedChoice(t, text);
  if (typed) return followChoice(t, typed);
  const command = t.deps.commands(text);
  if (command) return runCommand(t, command);
  const who = whoAnswers(t.conversation.state);
  // The safety net, before anything else is read into the message: with a ticket open, the
  // ticket becomes sensitive; with an advisor in the conversation, the advisor answers.
  const signs = t.deps.knowledge.dangerSigns(text);
  if (signs.length && t.conversation.state !== 'bot') t.markOpenTicketSensitive = true;
  if (who === 'advisor') return;
  if (signs.length) return answerDanger(t, text, signs);
  const asked = p && !p.article ? t.deps.graph.node(p) : undefined;
  if (asked?.type === 'ask' && who === 'bot') return answerSurveyText(t, asked, text);
  if (who === 'bot_and_queue' && t.deps.knowledge.search(text).kind !== 'answer') {
    // Waiting for an advisor: the message is in the ticket; the bot answers only when sure.
    return say(t, tr(t, 'handoff.received'), [cancelTicketButton(t), menuButton(t)]);
  }
  answerQuestion(t, text);
}
