import { createHmac } from 'node:crypto';
import { FAKE_PHONE_NUMBER_ID } from './fakeGraphApi.js';

/**
 * Webhook payloads shaped as in Meta's WhatsApp Cloud API documentation (messages webhook
 * reference: text, interactive button_reply and list_reply, image, audio, location, statuses).
 * The profile name is there on purpose: the tests check it is never stored nor logged.
 */
export const PROFILE_NAME = 'Aminata Diallo';
const WABA_ID = '102290129340398';
const DISPLAY_PHONE_NUMBER = '15550783881';
let counter = 0x3a4b0000;

/** A wamid like Meta's: base64 that embeds the person's number. */
export function wamid(phone: string): string {
  const tail = (++counter).toString(16).toUpperCase().padStart(20, '0');
  return `wamid.${Buffer.from(`\u0018\u000c${phone}\u0015\u0002\u0000\u0012\u0018\u0014${tail}`).toString('base64')}`;
}

const seconds = (at = Date.now()) => String(Math.floor(at / 1000));

function envelope(value: Record<string, unknown>, phoneNumberId = FAKE_PHONE_NUMBER_ID) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        changes: [{ value: { messaging_product: 'whatsapp', metadata: { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: phoneNumberId }, ...value }, field: 'messages' }],
      },
    ],
  };
}

export interface MessageOptions {
  id?: string;
  /** When the person wrote (ms); now by default. */
  at?: number;
  phoneNumberId?: string;
  /** A message written in a group (Cloud API groups). */
  groupId?: string;
}

function incoming(from: string, message: Record<string, unknown>, o: MessageOptions = {}) {
  const id = o.id ?? wamid(from);
  return {
    id,
    payload: envelope(
      { contacts: [{ profile: { name: PROFILE_NAME }, wa_id: from }], messages: [{ from, ...(o.groupId ? { group_id: o.groupId } : {}), id, timestamp: seconds(o.at), ...message }] },
      o.phoneNumberId,
    ),
  };
}

/**
 * A text from a person who hides their number behind a WhatsApp username (Meta's business-scoped
 * user IDs guide): `contacts[].user_id` and `messages[].from_user_id` carry their BSUID, the
 * profile has their username, and there is no `wa_id` nor `from` phone number.
 */
export function usernameTextMessage(bsuid: string, username: string, body: string, o: MessageOptions = {}) {
  const id = o.id ?? wamid(bsuid);
  return {
    id,
    payload: envelope({
      contacts: [{ profile: { name: PROFILE_NAME, username }, user_id: bsuid }],
      messages: [{ from_user_id: bsuid, id, timestamp: seconds(o.at), type: 'text', text: { body } }],
    }),
  };
}

/** The person edited a message (Meta's edit messages webhook reference). */
export const editMessage = (from: string, originalId: string, body: string, o?: MessageOptions) =>
  incoming(from, { type: 'edit', edit: { original_message_id: originalId, message: { type: 'text', text: { body } } } }, o);

export const textMessage = (from: string, body: string, o?: MessageOptions) => incoming(from, { type: 'text', text: { body } }, o);

export const buttonReply = (from: string, id: string, title: string, o?: MessageOptions) =>
  incoming(from, { context: { from: DISPLAY_PHONE_NUMBER, id: wamid(from) }, type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } } }, o);

export const listReply = (from: string, id: string, title: string, o?: MessageOptions) =>
  incoming(from, { context: { from: DISPLAY_PHONE_NUMBER, id: wamid(from) }, type: 'interactive', interactive: { type: 'list_reply', list_reply: { id, title, description: '' } } }, o);

export const imageMessage = (from: string, caption?: string, o?: MessageOptions) =>
  incoming(
    from,
    {
      type: 'image',
      image: {
        ...(caption ? { caption } : {}),
        mime_type: 'image/jpeg',
        sha256: 'aIRhdQVWYsJxGkXHt6j5Kw6bLwO1lh2s8ynYfCGLg2M=',
        id: '1003383421387256',
        url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003383421387256&ext=1750690000&hash=ATuFake',
      },
    },
    o,
  );

export const voiceMessage = (from: string, o?: MessageOptions) =>
  incoming(from, { type: 'audio', audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'v4cf1n2Z3y1l4xqWm1c=', id: '1427950838536329', voice: true } }, o);

export const locationMessage = (from: string, latitude: number, longitude: number, o?: MessageOptions) =>
  incoming(from, { type: 'location', location: { latitude, longitude, name: 'Tiznit', address: 'Tiznit, Maroc' } }, o);

/** A contact card (Meta's contacts messages webhook reference): never read, let alone stored. */
export const contactsMessage = (from: string, o?: MessageOptions) =>
  incoming(
    from,
    {
      type: 'contacts',
      contacts: [{ name: { formatted_name: 'Moussa Traoré', first_name: 'Moussa', last_name: 'Traoré' }, phones: [{ phone: '+212 600 00 00 00', wa_id: '212600000000', type: 'CELL' }] }],
    },
    o,
  );

export const reactionMessage = (from: string, messageId: string, o?: MessageOptions) =>
  incoming(from, { type: 'reaction', reaction: { message_id: messageId, emoji: '\u{1F44D}' } }, o);

export type Status = 'sent' | 'delivered' | 'read' | 'failed';

/** A status report on a message we sent; `errorCode` for a failed one (131047: re-engagement). */
export function statusReport(messageId: string, recipient: string, status: Status, errorCode?: number) {
  return envelope({
    statuses: [
      {
        id: messageId,
        status,
        timestamp: seconds(),
        recipient_id: recipient,
        ...(status === 'failed'
          ? {
              errors: [
                {
                  code: errorCode ?? 131026,
                  title: errorCode === 131047 ? 'Re-engagement message' : 'Message undeliverable',
                  message: errorCode === 131047 ? 'Re-engagement message' : 'Message undeliverable',
                  error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
                  href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
                },
              ],
            }
          : {
              conversation: { id: '6ceb9d929c1f2c4d9d6b7cd0b9e5ad3f', ...(status === 'sent' ? { expiration_timestamp: seconds(Date.now() + 86_400_000) } : {}), origin: { type: 'service' } },
              pricing: { billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' },
            }),
      },
    ],
  });
}

/** `X-Hub-Signature-256` as Meta computes it. */
export function sign(rawBody: string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody, 'utf8').digest('hex')}`;
}

/** A document (Meta's document messages webhook reference: filename, mime_type, sha256, id), or a photo with its own media id. */
export const documentMessage = (from: string, d: { id: string; mime: string; filename?: string; caption?: string }, o?: MessageOptions) =>
  incoming(from, { type: 'document', document: { ...(d.caption ? { caption: d.caption } : {}), filename: d.filename ?? 'document.pdf', mime_type: d.mime, sha256: 'Zm9vYmFyZm9vYmFyZm9vYmFy', id: d.id } }, o);
export const photoMessage = (from: string, d: { id: string; mime: string }, o?: MessageOptions) =>
  incoming(from, { type: 'image', image: { mime_type: d.mime, sha256: 'Zm9vYmFyZm9vYmFyZm9vYmFy', id: d.id } }, o);
