/**
 * What a person's words keep when they are stored without the person (a question without an
 * answer, a survey comment): at most `max` characters, whitespace runs as one space, and every run
 * of two or more digits (a phone number, a date of birth, a passport or card number, however
 * spaced or dotted, in any script's digits) replaced by "###". One digit stays ("3 enfants").
 */
export function anonymousText(text: string, max: number): string {
  const masked = text
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/\p{Nd}(?:[\s./-]*\p{Nd})+/gu, '###');
  const chars = [...masked];
  return chars.length > max ? chars.slice(0, max).join('') : masked;
}

/** A question without an answer is kept at most this long. */
export const GAP_MAX_CHARS = 200;
/** A survey's free-text answer is kept at most this long. */
export const SURVEY_TEXT_MAX_CHARS = 500;
