import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Real small files, as people send them: a photo of a récépissé (JPEG, from libjpeg's cjpeg), a
 * scanned letter (PNG), a photo as WhatsApp re-encodes some (WebP, cwebp), a voice note (Ogg
 * Opus, from opusenc, 1.6 s) and a convocation (PDF 1.4, one page).
 */
const dir = join(process.cwd(), 'test', 'fixtures', 'media');
const read = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

export const FIXTURES = {
  jpeg: read('recepisse.jpg'),
  png: read('letter.png'),
  webp: read('photo.webp'),
  ogg: read('voice.ogg'),
  pdf: read('convocation.pdf'),
};
