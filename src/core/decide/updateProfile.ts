import type { FieldUpdate } from '../../flows/flowSchema.js';
import { programEffects, type TurnDraft } from '../turn/turnDraft.js';

/** What the onboarding notice asks consent for (recorded with the time and the notice's version). */
export const PRIVACY_PURPOSE = 'orientation by the Center; anonymous statistics';

/**
 * What a menu option sets: language, consent, audience, province, news topics. Without consent no
 * profile is kept: audience and province only with it; withdrawing it clears them and the news.
 */
export function updateProfile(t: TurnDraft, u: FieldUpdate): void {
  const c = t.contact;
  if (u.locale) {
    c.locale = u.locale;
    c.localeChosen = true;
  }
  if (u.keepLocale && c.locale !== null) c.localeChosen = true;
  if (u.consent === true) {
    c.consentAt = t.now;
    c.consentVersion = t.deps.privacyNoticeVersion;
    c.consentPurpose = PRIVACY_PURPOSE;
  }
  if (u.consent === false) {
    if (c.consentAt !== null) programEffects(t).unsubscribeAll = true;
    c.consentAt = null;
    c.consentVersion = null;
    c.consentPurpose = null;
    c.audience = null;
    c.province = null;
  }
  if (c.consentAt === null) return;
  if (u.audience) c.audience = u.audience;
  if (u.province) c.province = u.province;
  // News only for people who opted in, topic by topic.
  if (u.news === 'none') {
    c.subscribed = false;
    programEffects(t).unsubscribeAll = true;
  } else if (u.news) {
    c.subscribed = true;
    const e = programEffects(t);
    e.subscribe = [...new Set([...(e.subscribe ?? []), ...u.news])];
  }
}
