/**
 * Passwords, with PBKDF2-HMAC-SHA256 through WebCrypto (the same code on Node, on Workers and, for
 * the sign-in form, in the browser).
 *
 * The slow part runs where the password is typed: the sign-in page derives a key from the password
 * (600,000 iterations, salted with the account's email) and sends it with the form; the server
 * keeps only the key's SHA-256 and checks a sign-in with one SHA-256. Cloudflare's Workers refuse
 * PBKDF2 over 100,000 iterations, and their free plan allows 10 ms of CPU a request: they could
 * not check a password themselves. Someone who reads the database still has to run the 600,000
 * iterations for every guess; a key seen on the wire is as good as the password on this site only
 * (TLS protects both). A form sent without the key (no JavaScript, or a page that is not https,
 * where browsers give no WebCrypto) is checked on the server where it can (Node): the same key,
 * derived there.
 *
 *   "pbkdf2-sha256-email$<iterations>$<SHA-256 of the key, b64>"   what `hashPassword` makes
 *   "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>"            accounts made before: checked by
 *                                                                 password on Node, and rewritten
 *                                                                 in the new form at that sign-in
 */
export const PBKDF2_ITERATIONS = 600_000; // OWASP 2023 for PBKDF2-HMAC-SHA256
const SCHEME = 'pbkdf2-sha256-email';
const LEGACY = 'pbkdf2-sha256';

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFKC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, 256);
  return new Uint8Array(bits);
}

/** The salt of an account's key: its email, as the sign-in page writes it (`consoleScript.ts` does the same). */
export function keySalt(email: string): Uint8Array {
  return new TextEncoder().encode(`tawjih-console:${email.trim().toLowerCase()}`);
}

/** The key the sign-in page derives from a password (base64 of 32 bytes). */
export async function clientKey(email: string, password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  return b64(await derive(password, keySalt(email), iterations));
}

/** A key as sent by a form: base64 of 32 bytes, or null. */
export function parseKey(given: string | undefined | null): Uint8Array | null {
  if (typeof given !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(given)) return null;
  return unb64(given);
}

async function digest(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
}

function sameBytes(expected: Uint8Array, actual: Uint8Array): boolean {
  let diff = expected.length ^ actual.length;
  for (let i = 0; i < expected.length; i++) diff |= expected[i]! ^ (actual[i] ?? 0);
  return diff === 0;
}

/** What is stored for an account: the SHA-256 of its key. */
export async function hashPassword(email: string, password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  return `${SCHEME}$${iterations}$${b64(await digest(unb64(await clientKey(email, password, iterations))))}`;
}

/** A hash in the new form that no key matches (its SHA-256 would be 32 zero bytes): an unknown account's. */
export const DECOY_HASH = `${SCHEME}$${PBKDF2_ITERATIONS}$${'A'.repeat(43)}=`;

/** Stored in the form of accounts made before the key (checked by password only, on Node). */
export function isLegacyHash(stored: string): boolean {
  return stored.startsWith(`${LEGACY}$`);
}

/** A sign-in with the page's key: one SHA-256, wherever it runs. A legacy hash never matches a key. */
export async function verifyKey(key: Uint8Array, stored: string): Promise<boolean> {
  const [scheme, iter, hash] = stored.split('$');
  if (scheme !== SCHEME || !iter || !hash) return false;
  return sameBytes(unb64(hash), await digest(key));
}

/** A sign-in with the password itself (the slow part on the server: Node only). */
export async function verifyPassword(email: string, password: string, stored: string): Promise<boolean> {
  const [scheme, iter, salt, hash] = stored.split('$');
  if (scheme === SCHEME && iter) return verifyKey(unb64(await clientKey(email, password, Number(iter))), stored);
  if (scheme !== LEGACY || !iter || !salt || !hash) return false;
  return sameBytes(unb64(hash), await derive(password, unb64(salt), Number(iter)));
}

/** A password for a new account, printed once: 4 groups of 5 letters and digits (~100 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{5}/g)!.join('-');
}

export function randomToken(bytes = 32): string {
  return b64(crypto.getRandomValues(new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return b64(new Uint8Array(digest));
}
