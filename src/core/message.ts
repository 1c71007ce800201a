import type { Locale } from '../config/configSchema.js';

export type ChannelName = 'webchat' | 'telegram' | 'whatsapp-web' | 'whatsapp-cloud' | 'cli';

/** What every channel turns an incoming message into. */
export interface InboundMessage {
  channel: ChannelName;
  /** The person on this channel: web chat conversation id, Telegram chat id, phone JID... */
  channelUserId: string;
  /** Unique per channel: used to answer a repeated delivery once. */
  channelMessageId: string;
  /** Typed text, if any. */
  text?: string;
  /** A choice id from a button, if the person tapped one. */
  choice?: string;
  /** Something the bot cannot read (photo, voice note, sticker, document). */
  media?: 'image' | 'audio' | 'video' | 'sticker' | 'document' | 'other';
  /**
   * How to fetch that media from the channel, for an advisor (a handoff): the channel's reference
   * (Telegram file_id, Graph API media id, WhatsApp Web message id) and what the channel says of
   * it (its MIME type and size, when it says). Never its file name.
   */
  attachment?: { ref: string; type?: string; size?: number };
  /** Language suggested by the channel (Telegram language_code, page locale). */
  localeHint?: string;
  /** Where the person came from (deep link payload). */
  source?: string;
  /** A shared location (Telegram, WhatsApp): may set the province. */
  location?: { latitude: number; longitude: number };
  /**
   * This message corrects the message with this channel message id (Telegram edited_message,
   * WhatsApp "edit"). One rule on every channel: an edit is read as a new message, answered like
   * any other, and kept beside the original (advisors see both, the correction marked).
   */
  editOf?: string;
  receivedAt: number;
}

export interface Choice {
  id: string;
  label: string;
}

/** Channel-neutral reply; adapters render it within their own limits. */
export type Reply =
  | {
      kind: 'text';
      text: string;
      choices?: Choice[];
      dir: 'rtl' | 'ltr';
      locale: Locale;
      /** The article this reply shows (its summary or its text): what the person was answered. */
      articleId?: string;
      /** The articles this reply offers to choose from, when the search hesitated. */
      suggestedArticleIds?: string[];
    }
  | { kind: 'link'; text: string; url: string; dir: 'rtl' | 'ltr'; locale: Locale };

export interface StoredReply {
  id: string;
  reply: Reply;
  createdAt: number;
  author: 'bot' | 'advisor';
}

/** One message of a conversation as its people see it again (both sides, in order). */
export interface HistoryItem {
  id: string;
  author: 'person' | 'bot' | 'advisor';
  /** A person's message: text, tap, location, image… (schema.ts, messages.kind). */
  kind: string;
  /** What the person wrote (a tap: the button's label; media: the caption), or the reply's text. */
  text: string | null;
  reply: Reply | null;
  at: number;
}
