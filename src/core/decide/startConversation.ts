import type { InboundMessage } from '../message.js';
import type { TurnDraft } from '../turn/turnDraft.js';
import { enterFlow } from './playFlow.js';

/**
 * A brand-new conversation: welcome and onboarding. A photo, voice note or contact card first is
 * told, before the welcome, that only text can be read; a location, that it was not saved; a tap
 * on a button of a conversation that is gone (erased, purged), that it is out of date.
 */
export function startConversation(t: TurnDraft, msg: InboundMessage): void {
  const first = msg.choice !== undefined ? 'choice.stale' : msg.location ? 'location.not_saved_first' : msg.media ? 'media.unsupported' : null;
  enterFlow(t, t.deps.graph.start('onboarding')!, first ? [first] : []);
}
