import { localeFromHint } from '../../i18n/createI18n.js';
import { ANSWER_LOCALE } from '../../knowledge/detectLanguage.js';
import type { AssistantDeps } from '../assistantDeps.js';
import type { InboundMessage } from '../message.js';
import type { Contact, Conversation } from '../ports.js';

/**
 * A person writing for the first time: a pseudonymous contact, in the language their message is
 * written in (Italian, Dutch and German: the language tawjih answers them in), else the one the
 * channel hints (Telegram's language, the page's), else the default.
 */
export function newContact(deps: AssistantDeps, msg: InboundMessage, now: number): Contact {
  const hinted = localeFromHint(msg.localeHint);
  const written = msg.text ? deps.knowledge.detectLanguage(msg.text) : null;
  return {
    id: deps.ids.next('c'),
    locale: (written && ANSWER_LOCALE[written]) ?? hinted ?? deps.defaultLocale,
    localeChosen: false,
    audience: null,
    province: null,
    consentAt: null,
    consentVersion: null,
    consentPurpose: null,
    subscribed: false,
    source: msg.source ?? null,
    createdAt: now,
    lastSeenAt: now,
  };
}

export function newConversation(deps: AssistantDeps, msg: InboundMessage, contact: Contact, now: number): Conversation {
  return { id: deps.ids.next('v'), contactId: contact.id, channel: msg.channel, channelUserId: msg.channelUserId, state: 'bot', position: null, createdAt: now, updatedAt: now };
}
