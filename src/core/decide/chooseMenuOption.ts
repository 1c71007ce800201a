import { chooseOption, menuOptions } from '../../flows/runFlow.js';
import { flowFacts, localeOf, position, type TurnDraft } from '../turn/turnDraft.js';
import { playFlow } from './playFlow.js';
import { resumeIntent } from './resumeIntent.js';
import { updateProfile } from './updateProfile.js';

/** An option of a flow's menu: what it sets (profile, consent, news), a survey answer it records, and where it leads. */
export function chooseMenuOption(t: TurnDraft, addr: { flow: string; node: string }, optionId: string): void {
  const option = menuOptions(t.deps.graph, addr)!.find((o) => o.id === optionId)!;
  const p = position(t);
  // An intent that waited for consent at this menu (the privacy notice).
  const resume = p?.flow === addr.flow && p.node === addr.node ? p.resume : undefined;
  const { updates, run } = chooseOption(t.deps.graph, addr, option, flowFacts(t));
  updateProfile(t, updates);
  if (resume && updates.consent !== undefined) resumeIntent(t, resume, updates.consent);
  if (option.record) t.surveyAnswers.push({ ...option.record, locale: localeOf(t), channel: t.conversation.channel, at: t.now });
  playFlow(t, run);
}
