import type { FlowNode } from '../../flows/flowSchema.js';
import { localeOf, type TurnDraft } from '../turn/turnDraft.js';
import { enterFlow } from './playFlow.js';
import { anonymousText, SURVEY_TEXT_MAX_CHARS } from '../anonymousText.js';

/** A short free-text answer to a survey question: recorded without the contact (cut, digit runs masked), then the survey goes on. */
export function answerSurveyText(t: TurnDraft, node: Extract<FlowNode, { type: 'ask' }>, text: string): void {
  const p = t.conversation.position!;
  t.surveyAnswers.push({ ...node.record, value: anonymousText(text, SURVEY_TEXT_MAX_CHARS), locale: localeOf(t), channel: t.conversation.channel, at: t.now });
  const next = t.deps.graph.resolve(node.next, p.flow);
  if (next) enterFlow(t, next);
  else t.conversation.position = null;
}
