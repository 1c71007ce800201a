import type { Update } from 'grammy/types';
import type { InboundMessage } from '../../core/message.js';

export type TelegramEvent =
  | { kind: 'message'; msg: InboundMessage; callbackQueryId?: string }
  /** The person blocked the bot (my_chat_member: kicked) or unblocked it. */
  | { kind: 'blocked' | 'unblocked'; chatId: string }
  | { kind: 'ignore'; reason: string };

/** Turns a Telegram update into the internal message model. Pure: no grammY context needed. */
export function toTelegramInbound(update: Update, receivedAt: number): TelegramEvent {
  if (update.my_chat_member) {
    const m = update.my_chat_member;
    if (m.chat.type !== 'private') return { kind: 'ignore', reason: 'group membership' };
    const status = m.new_chat_member.status;
    if (status === 'kicked' || status === 'left') return { kind: 'blocked', chatId: String(m.chat.id) };
    if (status === 'member') return { kind: 'unblocked', chatId: String(m.chat.id) };
    return { kind: 'ignore', reason: `membership ${status}` };
  }
  if (update.callback_query) {
    const q = update.callback_query;
    const chat = q.message?.chat;
    if (chat && chat.type !== 'private') return { kind: 'ignore', reason: 'group callback' };
    if (!q.data) return { kind: 'ignore', reason: 'callback without data' };
    return {
      kind: 'message',
      callbackQueryId: q.id,
      msg: {
        channel: 'telegram',
        channelUserId: String(chat?.id ?? q.from.id),
        channelMessageId: `cb:${q.id}`,
        choice: q.data,
        ...(q.from.language_code ? { localeHint: q.from.language_code } : {}),
        receivedAt,
      },
    };
  }
  const edited = Boolean(update.edited_message);
  const message = update.message ?? update.edited_message;
  if (!message) return { kind: 'ignore', reason: 'unsupported update' };
  if (message.chat.type !== 'private') return { kind: 'ignore', reason: 'not a private chat' };
  const base = {
    channel: 'telegram' as const,
    channelUserId: String(message.chat.id),
    // An edit is read as a new message (README, "Edited messages"): it gets its own id.
    channelMessageId: edited ? `${message.chat.id}:${message.message_id}:e${message.edit_date ?? 0}` : `${message.chat.id}:${message.message_id}`,
    ...(edited ? { editOf: `${message.chat.id}:${message.message_id}` } : {}),
    ...(message.from?.language_code ? { localeHint: message.from.language_code } : {}),
    receivedAt,
  };
  if (message.location) {
    return { kind: 'message', msg: { ...base, location: { latitude: message.location.latitude, longitude: message.location.longitude } } };
  }
  if (typeof message.text === 'string') {
    const start = /^\/start(?:@\w+)?(?:\s+([A-Za-z0-9_-]{1,64}))?\s*$/.exec(message.text);
    if (start) return { kind: 'message', msg: { ...base, text: '/start', ...(start[1] ? { source: start[1] } : {}) } };
    return { kind: 'message', msg: { ...base, text: message.text } };
  }
  const media: InboundMessage['media'] = message.photo
    ? 'image'
    : message.voice || message.audio
      ? 'audio'
      : message.video || message.video_note
        ? 'video'
        : message.sticker
          ? 'sticker'
          : message.document
            ? 'document'
            : 'other';
  const attachment = attachmentOf(message);
  return { kind: 'message', msg: { ...base, media, ...(attachment ? { attachment } : {}), ...(message.caption ? { text: message.caption } : {}) } };
}

const FILE_ID = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * How to fetch a photo (its largest size: Telegram sends photos as JPEG), a voice note, an audio
 * file or a document, should an advisor need it (getFile). Never the document's file name.
 */
function attachmentOf(m: NonNullable<Update['message']>): InboundMessage['attachment'] {
  const file = m.photo?.at(-1) ?? m.voice ?? m.audio ?? m.document;
  if (!file || !FILE_ID.test(file.file_id)) return undefined;
  const type = m.photo ? 'image/jpeg' : 'mime_type' in file ? file.mime_type : undefined;
  return { ref: file.file_id, ...(type ? { type } : {}), ...(typeof file.file_size === 'number' ? { size: file.file_size } : {}) };
}
