import { timingSafeEqualText } from '../../http/timingSafeEqual.js';

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, key);
  }
  return key;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Checks Meta's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app
 * secret>`, with WebCrypto (Node and Workers) and a constant-time comparison.
 */
export async function verifyMetaSignature(rawBody: Uint8Array<ArrayBuffer>, header: string | undefined, appSecret: string): Promise<boolean> {
  if (!header || !/^sha256=[0-9a-fA-F]{64}$/.test(header.trim())) return false;
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(appSecret), rawBody));
  return timingSafeEqualText(header.trim().toLowerCase(), `sha256=${hex(mac)}`);
}
