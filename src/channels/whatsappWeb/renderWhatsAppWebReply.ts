import type { Choice, Reply } from '../../core/message.js';
import type { I18n } from '../../i18n/createI18n.js';
import { numberedMenu, splitWhatsAppText, toWhatsAppText } from '../whatsappCloud/whatsAppText.js';

export interface WhatsAppWebRendered {
  /** The messages to send, in order. */
  texts: string[];
  /** The options, in the order they are numbered. */
  choices: Choice[];
}

/** A reply as plain WhatsApp text: a linked phone has no buttons, so options are numbered ("reply 1-6"). */
export function renderWhatsAppWebReply(reply: Reply, i18n: I18n): WhatsAppWebRendered {
  const body = toWhatsAppText(reply.kind === 'link' ? `${reply.text}\n${reply.url}` : reply.text);
  const choices = reply.kind === 'text' ? (reply.choices ?? []) : [];
  if (!choices.length) return { texts: splitWhatsAppText(body), choices };
  const hint = i18n.t(reply.locale, 'common.reply_number', { max: choices.length });
  return { texts: splitWhatsAppText(numberedMenu(body, choices, hint)), choices };
}
