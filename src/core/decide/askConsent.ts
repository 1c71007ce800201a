import { enterNode } from '../../flows/runFlow.js';
import type { ConsentIntent } from '../ports.js';
import { flowFacts, type TurnDraft } from '../turn/turnDraft.js';
import { playFlow } from './playFlow.js';

/**
 * The privacy notice, because what the person asked for needs their consent: the intent waits on
 * the conversation's position and is done as soon as they agree (resumeIntent.ts).
 */
export function askConsent(t: TurnDraft, intent: ConsentIntent, why: string): void {
  const notice = enterNode(t.deps.graph, { flow: 'onboarding', node: 'privacy' }, flowFacts(t));
  playFlow(t, { steps: [{ kind: 'say', key: why }, ...notice.steps], position: notice.position });
  if (t.conversation.position) t.conversation.position.resume = intent;
}
