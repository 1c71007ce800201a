import type { FetchedMedia, MediaSource } from '../../media/mediaPorts.js';
import type { WhatsAppWebClient } from './whatsAppWebClient.js';

/**
 * The linked phone's files: whatsapp-web.js downloads a message's media in its browser
 * (`Message.downloadMedia()`, base64). The reference is the message's id; while the phone is not
 * connected, the file waits for a later try.
 */
export function whatsAppWebMediaSource(connected: () => WhatsAppWebClient | null): MediaSource {
  return {
    async fetch(ref, maxBytes): Promise<FetchedMedia> {
      const client = connected();
      if (!client) return { ok: false, reason: 'retry', error: 'whatsapp web not connected' };
      const media = await client.downloadMedia(ref);
      if (!media) return { ok: false, reason: 'gone', error: 'whatsapp web: media no longer available' };
      // Four base64 characters are three bytes: too large is known before decoding.
      if ((media.filesize ?? 0) > maxBytes || Math.floor((media.data.length * 3) / 4) > maxBytes + 2) return { ok: false, reason: 'too_large' };
      return { ok: true, bytes: new Uint8Array(Buffer.from(media.data, 'base64')), declaredType: media.mimetype };
    },
  };
}
