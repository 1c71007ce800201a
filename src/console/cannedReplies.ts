import type { Locale } from '../config/configSchema.js';
import type { I18n } from '../i18n/createI18n.js';
import type { View } from './consoleShell.js';
import type { CannedReply } from './ticketPanels.js';

export const CANNED_KEYS = ['greeting', 'documents', 'referral', 'visit', 'closing'] as const;

/** The canned replies: named in the advisor's language, written in the person's (with its direction). */
export function cannedFor(i18n: I18n, view: View, personLocale: Locale): CannedReply[] {
  return CANNED_KEYS.map((key) => {
    const text = i18n.t(personLocale, key, undefined, 'canned');
    const rtl = /[\u0600-\u06FF]/.test(text);
    return { key, name: view.t(`canned.${key}`), text, dir: rtl ? 'rtl' : 'ltr', lang: rtl && personLocale !== 'ary' ? 'ar' : personLocale };
  });
}
