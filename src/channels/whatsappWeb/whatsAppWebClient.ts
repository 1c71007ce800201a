/**
 * The narrow part of whatsapp-web.js's Client that the adapter uses: events in, sendMessage out.
 * The real one comes from createRealWhatsAppWebClient.ts; tests use a fake emitting messages
 * shaped like whatsapp-web.js's Message.
 */

/** The fields of whatsapp-web.js's Message the adapter reads. */
export interface WhatsAppWebMessage {
  id: { _serialized: string };
  /** The chat: `212600000000@c.us` for a person, `…@g.us` for a group, `status@broadcast`. */
  from: string;
  /** The text, or a media's caption. */
  body: string;
  /** chat, image, video, ptt, audio, sticker, document, location, vcard, revoked… */
  type: string;
  hasMedia: boolean;
  fromMe: boolean;
  isStatus: boolean;
  location?: { latitude: number | string; longitude: number | string } | undefined;
  /** Seconds since the epoch. */
  timestamp: number;
}

export interface WhatsAppWebClient {
  on(event: 'qr', listener: (qr: string) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  on(event: 'message', listener: (message: WhatsAppWebMessage) => void): unknown;
  /** `reason`: a WAState such as CONFLICT or UNPAIRED, or LOGOUT. */
  on(event: 'disconnected', listener: (reason: string) => void): unknown;
  on(event: 'auth_failure', listener: (message: string) => void): unknown;
  sendMessage(chatId: string, text: string): Promise<{ id: { _serialized: string } }>;
  /**
   * A received message's media (whatsapp-web.js `getMessageById(id)` then `downloadMedia()`):
   * base64 data and its MIME type, or null when WhatsApp no longer has it.
   */
  downloadMedia(messageId: string): Promise<{ mimetype: string; data: string; filesize?: number | null } | null>;
  initialize(): Promise<void>;
  destroy(): Promise<void>;
}

/** Makes a new client: one per connection (a disconnected client is destroyed, not reused). */
export type WhatsAppWebClientFactory = () => WhatsAppWebClient | Promise<WhatsAppWebClient>;
