import type { ConsentIntent } from '../ports.js';
import { PROVINCE_LABEL_KEYS } from '../provinceFromLocation.js';
import { say, tr, type TurnDraft } from '../turn/turnDraft.js';
import { actOnEvent } from './actOnEvent.js';

/** Consent was just given, or refused, while an intent waited for it: it is done now, or dropped saying so. */
export function resumeIntent(t: TurnDraft, intent: ConsentIntent, consented: boolean): void {
  if (!consented) return say(t, tr(t, intent.kind === 'register' ? 'program.events.not_registered' : 'location.not_saved'));
  if (intent.kind === 'register') return actOnEvent(t, 'reg', intent.eventId);
  t.contact.province = intent.province;
  say(t, tr(t, 'location.saved', { province: tr(t, PROVINCE_LABEL_KEYS[intent.province]!) }));
}
