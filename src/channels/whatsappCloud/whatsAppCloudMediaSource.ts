import type { FetchedMedia, MediaSource } from '../../media/mediaPorts.js';
import { readCapped, statusOutcome } from '../../media/readCapped.js';

/**
 * WhatsApp Cloud API media: `GET /<media id>` (with the phone number id, as Meta advises) gives a
 * media object whose `url` is valid for five minutes; that URL is downloaded with the same bearer
 * token. The media id stays valid for 30 days, so a later try asks for a new URL.
 */
export function whatsAppCloudMediaSource(o: { apiRoot: string; token: string; phoneNumberId: string; fetch?: typeof fetch }): MediaSource {
  const fetcher = o.fetch ?? fetch;
  const auth = { authorization: `Bearer ${o.token}` };
  return {
    async fetch(ref, maxBytes, signal): Promise<FetchedMedia> {
      if (!/^[0-9A-Za-z_-]{1,100}$/.test(ref)) return { ok: false, reason: 'gone', error: 'whatsapp: bad media id' };
      const meta = await fetcher(`${o.apiRoot.replace(/\/$/, '')}/${ref}?phone_number_id=${encodeURIComponent(o.phoneNumberId)}`, { headers: auth, signal });
      if (!meta.ok) return statusOutcome(meta.status === 400 ? 404 : meta.status, 'whatsapp media');
      const info = (await meta.json().catch(() => null)) as { url?: unknown; mime_type?: unknown; file_size?: unknown; sha256?: unknown } | null;
      if (!info || typeof info.url !== 'string' || !/^https?:\/\//.test(info.url)) return { ok: false, reason: 'retry', error: 'whatsapp media: no url' };
      if (Number(info.file_size) > maxBytes) return { ok: false, reason: 'too_large' };
      const res = await fetcher(info.url, { headers: auth, signal });
      if (!res.ok) return statusOutcome(res.status, 'whatsapp download');
      const bytes = await readCapped(res, maxBytes);
      if (bytes === 'too_large') return { ok: false, reason: 'too_large' };
      // The media object's SHA-256 (hex): a file damaged on the way is fetched again.
      if (typeof info.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(info.sha256) && (await hex(bytes)) !== info.sha256.toLowerCase()) {
        return { ok: false, reason: 'retry', error: 'whatsapp download: sha256 mismatch' };
      }
      return { ok: true, bytes, ...(typeof info.mime_type === 'string' ? { declaredType: info.mime_type } : {}) };
    },
  };
}

async function hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as unknown as ArrayBuffer));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}
