import type { InboundMessage } from '../../core/message.js';
import type { DeliveryStatus } from '../../core/ports.js';
import { BSUID } from './whatsAppIdentity.js';

/**
 * What one webhook payload holds, for the adapter. `phoneNumberId` is the business number the
 * event is for (an app may receive events for several numbers).
 */
export type WhatsAppCloudEvent =
  | { kind: 'message'; msg: InboundMessage; phoneNumberId: string | undefined; sentAt: number }
  | { kind: 'status'; providerMessageId: string; status: DeliveryStatus; errorCode?: number; phoneNumberId: string | undefined }
  | { kind: 'ignore'; reason: string };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const MEDIA: Record<string, NonNullable<InboundMessage['media']>> = {
  image: 'image',
  audio: 'audio',
  video: 'video',
  sticker: 'sticker',
  document: 'document',
};
const STATUSES = new Set<string>(['sent', 'delivered', 'read', 'failed']);
/** Events that are not something the person said: nothing to answer. */
const SILENT = new Set(['reaction', 'system', 'request_welcome', 'ephemeral', 'revoke']);

/**
 * Turns a Cloud API webhook payload (entry[].changes[].value) into messages for the core and
 * delivery reports for the outbox. Pure. The person's profile name (contacts[].profile.name) is
 * deliberately never read: it must not be stored anywhere.
 */
export function toWhatsAppCloudInbound(payload: unknown, receivedAt: number): WhatsAppCloudEvent[] {
  const events: WhatsAppCloudEvent[] = [];
  for (const entry of arr(obj(payload)?.entry)) {
    for (const change of arr(obj(entry)?.changes)) {
      const c = obj(change);
      const value = obj(c?.value);
      if (c?.field !== 'messages' || !value) {
        events.push({ kind: 'ignore', reason: `field ${String(c?.field)}` });
        continue;
      }
      const phoneNumberId = str(obj(value.metadata)?.phone_number_id);
      for (const m of arr(value.messages)) events.push(toMessage(obj(m) ?? {}, phoneNumberId, receivedAt));
      for (const s of arr(value.statuses)) events.push(toStatus(obj(s) ?? {}, phoneNumberId));
      if (arr(value.errors).length) events.push({ kind: 'ignore', reason: 'errors' });
    }
  }
  return events;
}

function toMessage(m: Json, phoneNumberId: string | undefined, receivedAt: number): WhatsAppCloudEvent {
  const id = str(m.id);
  const type = str(m.type) ?? 'unknown';
  // The person: their phone number (`from`), or, when they hide it behind a WhatsApp username,
  // their business-scoped user id (`from_user_id`), which replies are then addressed to. The
  // number when there is one: the conversations recorded before usernames stay the same.
  const phone = str(m.from);
  const userId = str(m.from_user_id);
  const from = phone && /^\d{6,20}$/.test(phone) ? phone : userId && BSUID.test(userId) ? userId : undefined;
  if (!from || !id) return { kind: 'ignore', reason: 'no sender phone number, user id or message id' };
  if (m.group_id !== undefined) return { kind: 'ignore', reason: 'group' };
  if (SILENT.has(type)) return { kind: 'ignore', reason: type };
  const sentAt = Number(m.timestamp) * 1000 || receivedAt;
  const base = { channel: 'whatsapp-cloud' as const, channelUserId: from, channelMessageId: id, receivedAt };
  const message = (fields: Partial<InboundMessage>): WhatsAppCloudEvent => ({ kind: 'message', msg: { ...base, ...fields }, phoneNumberId, sentAt });

  if (type === 'text') {
    const body = str(obj(m.text)?.body);
    return body ? message({ text: body }) : { kind: 'ignore', reason: 'empty text' };
  }
  if (type === 'edit') {
    // The person corrected a message: read as a new message (README, "Edited messages").
    const edit = obj(m.edit);
    const inner = obj(edit?.message);
    const innerType = str(inner?.type) ?? '';
    const text = innerType === 'text' ? str(obj(inner?.text)?.body) : str(obj(inner?.[innerType])?.caption);
    const original = str(edit?.original_message_id);
    return text ? message({ text, ...(original ? { editOf: original } : {}) }) : { kind: 'ignore', reason: 'edit without text' };
  }
  if (type === 'interactive') {
    const i = obj(m.interactive);
    const reply = obj(i?.button_reply) ?? obj(i?.list_reply);
    const choice = str(reply?.id);
    return choice ? message({ choice }) : message({ media: 'other' });
  }
  if (type === 'button') {
    // A quick-reply button of a template (the re-engagement message): its text is read.
    const text = str(obj(m.button)?.text);
    return text ? message({ text }) : { kind: 'ignore', reason: 'empty button' };
  }
  if (type === 'location') {
    const l = obj(m.location);
    const latitude = Number(l?.latitude);
    const longitude = Number(l?.longitude);
    if (Number.isFinite(latitude) && Number.isFinite(longitude)) return message({ location: { latitude, longitude } });
    return message({ media: 'other' });
  }
  const media = MEDIA[type];
  if (media) {
    const body = obj(m[type]);
    const caption = str(body?.caption);
    // Photos, voice notes and documents can reach an advisor: the media id to fetch them (GET /<id>).
    const id = str(body?.id);
    const mime = str(body?.mime_type);
    const attachment = id && /^[0-9A-Za-z_-]{1,100}$/.test(id) && (media === 'image' || media === 'audio' || media === 'document') ? { ref: id, ...(mime ? { type: mime } : {}) } : undefined;
    return message({ media, ...(attachment ? { attachment } : {}), ...(caption ? { text: caption } : {}) });
  }
  // contacts, order, unsupported…: something the bot cannot read.
  return message({ media: 'other' });
}

function toStatus(s: Json, phoneNumberId: string | undefined): WhatsAppCloudEvent {
  const id = str(s.id);
  const status = str(s.status);
  if (!id || !status || !STATUSES.has(status)) return { kind: 'ignore', reason: `status ${String(status)}` };
  const code = Number(obj(arr(s.errors)[0])?.code);
  return {
    kind: 'status',
    providerMessageId: id,
    status: status as DeliveryStatus,
    ...(Number.isFinite(code) ? { errorCode: code } : {}),
    phoneNumberId,
  };
}
