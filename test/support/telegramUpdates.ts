/**
 * Update payloads shaped as in the Telegram Bot API documentation (https://core.telegram.org/bots/api#update):
 * Message, CallbackQuery, ChatMemberUpdated, with a private chat and a user with language_code.
 */
let updateId = 500_000_000;
let messageId = 1;
const now = () => Math.floor(Date.now() / 1000);

export function user(id: number, languageCode = 'fr') {
  return { id, is_bot: false, first_name: 'Aminata', language_code: languageCode };
}
function privateChat(id: number) {
  return { id, first_name: 'Aminata', type: 'private' as const };
}

export function textUpdate(chatId: number, text: string, languageCode = 'fr') {
  const entities = text.startsWith('/') ? [{ offset: 0, length: text.split(' ')[0]!.length, type: 'bot_command' }] : undefined;
  return {
    update_id: ++updateId,
    message: { message_id: ++messageId, from: user(chatId, languageCode), chat: privateChat(chatId), date: now(), text, ...(entities ? { entities } : {}) },
  };
}

export function callbackUpdate(chatId: number, data: string, languageCode = 'fr') {
  return {
    update_id: ++updateId,
    callback_query: {
      id: String(4_000_000_000 + updateId),
      from: user(chatId, languageCode),
      message: { message_id: messageId, from: { id: 7000000001, is_bot: true, first_name: 'tawjih', username: 'tawjih_test_bot' }, chat: privateChat(chatId), date: now(), text: '…' },
      chat_instance: '-4012345678901234567',
      data,
    },
  };
}

export function editedUpdate(chatId: number, originalMessageId: number, text: string) {
  return {
    update_id: ++updateId,
    edited_message: { message_id: originalMessageId, from: user(chatId), chat: privateChat(chatId), date: now() - 30, edit_date: now(), text },
  };
}

export function photoUpdate(chatId: number, caption?: string) {
  return {
    update_id: ++updateId,
    message: {
      message_id: ++messageId,
      from: user(chatId),
      chat: privateChat(chatId),
      date: now(),
      photo: [
        { file_id: 'AgACAgQAAxkBAAIBQ2Vsmall', file_unique_id: 'AQADsmall', file_size: 1204, width: 90, height: 67 },
        { file_id: 'AgACAgQAAxkBAAIBQ2Vlarge', file_unique_id: 'AQADlarge', file_size: 48213, width: 800, height: 600 },
      ],
      ...(caption ? { caption } : {}),
    },
  };
}

export function voiceUpdate(chatId: number) {
  return {
    update_id: ++updateId,
    message: { message_id: ++messageId, from: user(chatId), chat: privateChat(chatId), date: now(), voice: { file_id: 'AwACAgQAAxkBAAIBvoice', file_unique_id: 'AgADvoice', duration: 4, mime_type: 'audio/ogg', file_size: 9021 } },
  };
}

export function locationUpdate(chatId: number, latitude: number, longitude: number) {
  return { update_id: ++updateId, message: { message_id: ++messageId, from: user(chatId), chat: privateChat(chatId), date: now(), location: { latitude, longitude } } };
}

export function groupTextUpdate(chatId: number, text: string) {
  return {
    update_id: ++updateId,
    message: { message_id: ++messageId, from: user(42), chat: { id: chatId, title: 'Famille', type: 'group' }, date: now(), text },
  };
}

export function blockedUpdate(chatId: number) {
  return {
    update_id: ++updateId,
    my_chat_member: {
      chat: privateChat(chatId),
      from: user(chatId),
      date: now(),
      old_chat_member: { user: { id: 7000000001, is_bot: true, first_name: 'tawjih', username: 'tawjih_test_bot' }, status: 'member' },
      new_chat_member: { user: { id: 7000000001, is_bot: true, first_name: 'tawjih', username: 'tawjih_test_bot' }, status: 'kicked', until_date: 0 },
    },
  };
}

export function lastMessageId(): number {
  return messageId;
}

/** A document (Bot API Document: file_id, file_unique_id, file_name, mime_type, file_size), with an optional caption. */
export function documentUpdate(chatId: number, d: { fileId: string; mime: string; size: number; fileName?: string; caption?: string }) {
  return {
    update_id: ++updateId,
    message: {
      message_id: ++messageId,
      from: user(chatId),
      chat: privateChat(chatId),
      date: now(),
      document: { file_name: d.fileName ?? 'convocation.pdf', mime_type: d.mime, file_id: d.fileId, file_unique_id: `AgAD${d.fileId.slice(-6)}`, file_size: d.size },
      ...(d.caption ? { caption: d.caption } : {}),
    },
  };
}
