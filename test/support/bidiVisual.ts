import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

/**
 * What a screen shows, left to right, line by line: the Unicode Bidirectional Algorithm (bidi-js,
 * which passes Unicode's own conformance tests) applied to each line as a paragraph of direction
 * `dir` ('auto': from its first letter, as Telegram and WhatsApp lay out a message). Isolate and mark characters, which
 * are invisible, are dropped from the result.
 */
export function visualLines(text: string, dir: 'rtl' | 'ltr' | 'auto'): string[] {
  return text.split('\n').map((line) => {
    if (!line) return '';
    const levels = bidi.getEmbeddingLevels(line, dir === 'auto' ? undefined : dir);
    const shown = bidi.getReorderedString(line, levels);
    return shown.replace(/[\u2066-\u2069\u200e\u200f]/g, '');
  });
}

export const visual = (text: string, dir: 'rtl' | 'ltr') => visualLines(text, dir).join('\n');
