import type { Locale } from '../../config/configSchema.js';
import type { Choice, Reply } from '../../core/message.js';
import type { I18n } from '../../i18n/createI18n.js';
import { labelWithin } from '../../i18n/bidiIsolate.js';
import { BSUID } from './whatsAppIdentity.js';
import { numberedMenu, splitTail, splitWhatsAppText, toWhatsAppText } from './whatsAppText.js';

/** Meta's limits for interactive messages (Cloud API reference). */
export const BUTTONS_MAX = 3;
export const BUTTON_TITLE_MAX = 20;
export const LIST_ROWS_MAX = 10;
export const LIST_ROW_TITLE_MAX = 24;
export const INTERACTIVE_BODY_MAX = 1024;

/**
 * Who a message goes to: a phone number in `to`, or, for a person who hides their number behind
 * a WhatsApp username, their business-scoped user id (BSUID) in `recipient` (Meta's
 * business-scoped user IDs guide).
 */
type Envelope = { messaging_product: 'whatsapp'; recipient_type: 'individual' } & ({ to: string } | { recipient: string });

export function envelopeFor(recipient: string): Envelope {
  return BSUID.test(recipient)
    ? { messaging_product: 'whatsapp', recipient_type: 'individual', recipient }
    : { messaging_product: 'whatsapp', recipient_type: 'individual', to: recipient };
}

export type GraphMessage = Envelope &
  (
    | { type: 'text'; text: { body: string; preview_url: boolean } }
    | {
        type: 'interactive';
        interactive:
          | { type: 'button'; body: { text: string }; action: { buttons: { type: 'reply'; reply: { id: string; title: string } }[] } }
          | { type: 'list'; body: { text: string }; action: { button: string; sections: { rows: { id: string; title: string }[] }[] } };
      }
    | { type: 'template'; template: { name: string; language: { code: string } } }
  );

/** The template's language for a reply locale: Tachelhit and Darija get the Arabic one. */
export const TEMPLATE_LANGUAGE: Record<Locale, string> = { ar: 'ar', ary: 'ar', shi: 'ar', fr: 'fr', en: 'en', es: 'es' };

const chars = (s: string) => [...s].length;
const distinct = (choices: Choice[]) => new Set(choices.map((c) => c.label)).size === choices.length;

function fits(choices: Choice[], max: number, titleMax: number): boolean {
  return choices.length <= max && distinct(choices) && choices.every((c) => c.label.trim() !== '' && chars(c.label) <= titleMax);
}

/**
 * One reply as Graph API messages: up to 3 short choices as reply buttons, up to 10 as a list,
 * anything else as numbered text; long text split, with the buttons on the last message.
 */
export function renderWhatsAppCloudReply(reply: Reply, to: string, i18n: I18n): GraphMessage[] {
  const envelope = envelopeFor(to);
  const text = (body: string): GraphMessage => ({ ...envelope, type: 'text', text: { body, preview_url: false } });
  const body = toWhatsAppText(reply.kind === 'link' ? `${reply.text}\n${reply.url}` : reply.text);
  const choices = reply.kind === 'text' ? (reply.choices ?? []) : [];
  if (!choices.length) return splitWhatsAppText(body).map(text);

  // Isolates count in Meta's limits: a label they alone would push over goes without them.
  const buttons = choices.map((c) => ({ id: c.id, label: labelWithin(c.label, BUTTON_TITLE_MAX) }));
  const rows = choices.map((c) => ({ id: c.id, label: labelWithin(c.label, LIST_ROW_TITLE_MAX) }));
  const asButtons = fits(buttons, BUTTONS_MAX, BUTTON_TITLE_MAX);
  const asList = !asButtons && fits(rows, LIST_ROWS_MAX, LIST_ROW_TITLE_MAX);
  if (!asButtons && !asList) {
    const hint = i18n.t(reply.locale, 'common.reply_number', { max: choices.length });
    return splitWhatsAppText(numberedMenu(body, choices, hint)).map(text);
  }
  const [before, last] = splitTail(body, INTERACTIVE_BODY_MAX);
  const interactive: GraphMessage = asButtons
    ? {
        ...envelope,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: last },
          action: { buttons: buttons.map((c) => ({ type: 'reply' as const, reply: { id: c.id, title: c.label } })) },
        },
      }
    : {
        ...envelope,
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: last },
          action: { button: i18n.t(reply.locale, 'common.choose'), sections: [{ rows: rows.map((c) => ({ id: c.id, title: c.label })) }] },
        },
      };
  return [...(before ? splitWhatsAppText(before).map(text) : []), interactive];
}

/** The approved template sent when the 24-hour window is closed. */
export function renderWhatsAppTemplate(to: string, name: string, locale: Locale): GraphMessage {
  return {
    ...envelopeFor(to),
    type: 'template',
    template: { name, language: { code: TEMPLATE_LANGUAGE[locale] } },
  };
}
