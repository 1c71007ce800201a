import { describe, expect, it } from 'vitest';
import { sniffMediaType } from '../src/media/sniffMediaType.js';
import { declaredMediaType } from '../src/core/advisorMedia.js';
import { FIXTURES } from './support/mediaFixtures.js';

const bytes = (text: string, pad = 40) => {
  const b = new Uint8Array(Math.max(text.length, pad));
  b.set(new TextEncoder().encode(text));
  return b;
};

describe('the type of a file is read from its bytes', () => {
  it('real files: JPEG, PNG, WebP, Ogg Opus, PDF', () => {
    expect(sniffMediaType(FIXTURES.jpeg, 'image')).toBe('image/jpeg');
    expect(sniffMediaType(FIXTURES.png, 'document')).toBe('image/png');
    expect(sniffMediaType(FIXTURES.webp, 'image')).toBe('image/webp');
    expect(sniffMediaType(FIXTURES.ogg, 'audio')).toBe('audio/ogg');
    expect(sniffMediaType(FIXTURES.pdf, 'document')).toBe('application/pdf');
  });

  it('MP4 audio only for a voice note or an audio file (the same box holds videos)', () => {
    const m4a = bytes('\u0000\u0000\u0000\u0020ftypM4A \u0000\u0000\u0000\u0000');
    expect(sniffMediaType(m4a, 'audio')).toBe('audio/mp4');
    expect(sniffMediaType(m4a, 'document')).toBeNull();
    expect(sniffMediaType(bytes('\u0000\u0000\u0000\u0020ftypqt  '), 'audio')).toBeNull();
  });

  it('what a name or a sender claims does not count: HTML, SVG, an Ogg that is not Opus, a truncated file are refused', () => {
    expect(sniffMediaType(bytes('<html><script>alert(1)</script></html>'), 'document')).toBeNull();
    expect(sniffMediaType(bytes('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image')).toBeNull();
    const vorbis = FIXTURES.ogg.slice();
    vorbis.set(new TextEncoder().encode('\u0001vorbis\u0000'), 28);
    expect(sniffMediaType(vorbis, 'audio')).toBeNull();
    expect(sniffMediaType(FIXTURES.jpeg.slice(0, 4), 'image')).toBeNull();
  });

  it('what channels declare is read loosely, and refused early when it cannot be kept', () => {
    expect(declaredMediaType('audio/ogg; codecs=opus')).toBe('audio/ogg');
    expect(declaredMediaType('image/jpg')).toBe('image/jpeg');
    expect(declaredMediaType(undefined)).toBeNull();
    expect(declaredMediaType('application/octet-stream')).toBeNull();
    expect(declaredMediaType('video/mp4')).toBe('refused');
    expect(declaredMediaType('application/msword')).toBe('refused');
  });
});
