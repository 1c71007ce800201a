import { PROVINCE_LABEL_KEYS, provinceFromLocation } from '../provinceFromLocation.js';
import { menuButton, say, tr, type TurnDraft } from '../turn/turnDraft.js';
import { askConsent } from './askConsent.js';

/**
 * A shared location sets the province, only with consent (no profile otherwise): without it, the
 * privacy notice is asked, and the province is noted as soon as the person agrees. The
 * coordinates are never kept.
 */
export function shareLocation(t: TurnDraft, latitude: number, longitude: number): void {
  const province = provinceFromLocation(latitude, longitude);
  if (t.contact.consentAt === null) return askConsent(t, { kind: 'province', province }, 'location.need_consent');
  t.contact.province = province;
  say(t, tr(t, 'location.saved', { province: tr(t, PROVINCE_LABEL_KEYS[province]!) }), [menuButton(t)]);
}
