import { ANSWER_LOCALE } from '../../knowledge/detectLanguage.js';
import type { InboundMessage } from '../message.js';
import { localeOf, type TurnDraft } from '../turn/turnDraft.js';
import { answerDanger } from './answerDanger.js';
import { answerSearch } from './answerQuestion.js';
import { enterFlow } from './playFlow.js';
import { runCommand } from './runCommand.js';

/**
 * A brand-new conversation. Most people open a chat with their question, so a question is
 * answered at once, in the language it is written in (contact.locale, turn/newConversation.ts),
 * and a short onboarding follows (confirmLanguage). Danger gets the safety reply; "advisor", an
 * advisor. A greeting or small talk starts the onboarding: welcome, language, consent, profile.
 * A photo, voice note or contact card first is told, before the welcome, that only text can be
 * read; a location, that it was not saved; a tap on a button of a conversation that is gone
 * (erased, purged), that it is out of date.
 */
export function startConversation(t: TurnDraft, msg: InboundMessage): void {
  const first = msg.choice !== undefined ? 'choice.stale' : msg.location ? 'location.not_saved_first' : msg.media ? 'media.unsupported' : null;
  const text = msg.text?.trim() ?? '';
  const onboarding = () => enterFlow(t, t.deps.graph.start('onboarding')!, first ? [first] : []);
  if (first || !text) return onboarding();
  const signs = t.deps.knowledge.dangerSigns(text);
  if (signs.length) return answerDanger(t, text, signs);
  const command = t.deps.commands(text);
  if (command === 'advisor') return runCommand(t, 'advisor');
  if (command) return onboarding();
  const result = t.deps.knowledge.search(text);
  if (result.kind === 'abstain' && result.reason === 'empty') return onboarding();
  answerSearch(t, text, result);
  confirmLanguage(t, text);
}

/**
 * After the answer to a first question: "I answered in French: shall we go on in French?" with a
 * button, then consent (first-answer.yaml). A message in Italian, Dutch or German is told, once,
 * which languages tawjih speaks. The question stays on the position ("not what I asked").
 */
function confirmLanguage(t: TurnDraft, text: string): void {
  const written = t.deps.knowledge.detectLanguage(text);
  const before = ['onboarding.welcome'];
  if (written && ANSWER_LOCALE[written] !== written && ANSWER_LOCALE[written] === localeOf(t)) before.push(`first.reads_${written}`);
  enterFlow(t, t.deps.graph.start('first-answer')!, before);
  if (t.conversation.position) t.conversation.position.query = text;
}
