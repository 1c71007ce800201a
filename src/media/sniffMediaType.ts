import type { AdvisorMediaType } from '../core/advisorMedia.js';

const ascii = (b: Uint8Array, at: number, text: string) => [...text].every((c, i) => b[at + i] === c.charCodeAt(0));

/** ISO base media (MP4/M4A) brands that hold audio as WhatsApp and phones record it. */
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'mp42', 'mp41', 'isom', 'iso2', 'dash', '3gp4', '3gp5', '3gp6']);

/**
 * What a file is, from its first bytes (its "magic"), never from its name or what the sender
 * claims: JPEG, PNG, WebP, Ogg with Opus (voice notes), MP4 audio (only for a voice note or audio:
 * the same container holds videos), PDF. Anything else is null: not kept.
 */
export function sniffMediaType(b: Uint8Array, kind: 'image' | 'audio' | 'document'): AdvisorMediaType | null {
  if (b.length < 12) return null;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b[0] === 0x89 && ascii(b, 1, 'PNG\r\n\u001a\n')) return 'image/png';
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return 'image/webp';
  if (ascii(b, 0, '%PDF-')) return 'application/pdf';
  // Ogg: the first page's first packet is the Opus identification header ("OpusHead").
  if (ascii(b, 0, 'OggS') && b.length >= 36) {
    const segments = b[26]!;
    return ascii(b, 27 + segments, 'OpusHead') ? 'audio/ogg' : null;
  }
  if (kind === 'audio' && ascii(b, 4, 'ftyp')) {
    const brand = String.fromCharCode(b[8]!, b[9]!, b[10]!, b[11]!);
    return AUDIO_BRANDS.has(brand) ? 'audio/mp4' : null;
  }
  return null;
}
