import type { InboundMessage } from '../../core/message.js';
import type { WhatsAppWebMessage } from './whatsAppWebClient.js';

export type WhatsAppWebEvent = { kind: 'message'; msg: InboundMessage } | { kind: 'ignore'; reason: string };

const MEDIA: Record<string, NonNullable<InboundMessage['media']>> = {
  image: 'image',
  video: 'video',
  ptt: 'audio',
  audio: 'audio',
  sticker: 'sticker',
  document: 'document',
  album: 'image',
};
const CAPTIONED = new Set(['image', 'video', 'document', 'album']);
const FETCHABLE = new Set(['image', 'ptt', 'audio', 'document']);
/** Not something the person said: nothing to answer. */
const SILENT = new Set([
  'revoked', 'reaction', 'e2e_notification', 'notification', 'notification_template', 'gp2', 'group_notification',
  'broadcast_notification', 'call_log', 'ciphertext', 'protocol', 'debug', 'unknown',
]);

/** Turns a whatsapp-web.js message into the internal message model. Pure. */
export function toWhatsAppWebInbound(m: WhatsAppWebMessage, receivedAt: number): WhatsAppWebEvent {
  if (m.fromMe) return { kind: 'ignore', reason: 'own message' };
  if (m.isStatus || m.from === 'status@broadcast') return { kind: 'ignore', reason: 'status broadcast' };
  // Only one-to-one chats: a phone JID (@c.us) or a hidden-number id (@lid). Groups, channels, broadcasts: no.
  if (!/^[0-9]{5,20}@(c\.us|lid)$/.test(m.from)) return { kind: 'ignore', reason: m.from.endsWith('@g.us') ? 'group' : 'not a person' };
  if (!m.id?._serialized) return { kind: 'ignore', reason: 'no message id' };
  if (SILENT.has(m.type)) return { kind: 'ignore', reason: m.type };
  const base = { channel: 'whatsapp-web' as const, channelUserId: m.from, channelMessageId: m.id._serialized, receivedAt };
  const text = m.body?.trim() ? m.body : undefined;
  if (m.type === 'chat') return text ? { kind: 'message', msg: { ...base, text } } : { kind: 'ignore', reason: 'empty text' };
  if (m.type === 'location' && m.location) {
    const latitude = Number(m.location.latitude);
    const longitude = Number(m.location.longitude);
    if (Number.isFinite(latitude) && Number.isFinite(longitude)) return { kind: 'message', msg: { ...base, location: { latitude, longitude } } };
  }
  const media = MEDIA[m.type] ?? 'other';
  // For a photo, video or document, `body` is its caption: still read. Anything else (a contact
  // card's vCard, a poll…) is not read, let alone stored.
  const caption = CAPTIONED.has(m.type) ? text : undefined;
  // A photo, voice note or document can reach an advisor: downloaded later through the message's id.
  const attachment = m.hasMedia && FETCHABLE.has(m.type) ? { ref: m.id._serialized } : undefined;
  return { kind: 'message', msg: { ...base, media, ...(attachment ? { attachment } : {}), ...(caption ? { text: caption } : {}) } };
}
