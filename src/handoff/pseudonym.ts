/**
 * What advisors see instead of a phone number: a stable, short pseudonym derived from the
 * contact's random id ("P-7KQ2-M9"). It says nothing about the person or their number.
 */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export function pseudonymFor(contactId: string): string {
  let h = 2166136261;
  for (const ch of contactId) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 16777619) >>> 0;
  }
  let out = '';
  for (let i = 0; i < 6; i++) {
    out += ALPHABET[h % 32];
    h = Math.floor(h / 32) ^ Math.imul(h, 2654435761) >>> 0;
    h >>>= 0;
  }
  return `P-${out.slice(0, 4)}-${out.slice(4)}`;
}
