import type { Context } from 'hono';

/**
 * What the HTTP layer may believe about a request: who sent it (the client's address), whether it
 * came over https, and which origin is the console's own. Decided once from the configuration.
 */
export interface RequestTrust {
  /** PUBLIC_URL: the public https address, when there is one. */
  publicUrl?: string | undefined;
  /** TRUST_PROXY: the request comes through one reverse proxy we run, which appends the client's address to X-Forwarded-For. */
  trustProxy: boolean;
  /** Where the client's address is when no proxy is trusted: Node's socket, or Cloudflare's own header on Workers. */
  addressSource: 'socket' | 'cloudflare';
}

/**
 * The client's address. Off (the default): the socket's peer (on Workers, `CF-Connecting-IP`, which
 * Cloudflare sets and overwrites). With TRUST_PROXY: the address the nearest proxy reports, the
 * last entry of X-Forwarded-For (what came before it was written by the client and proves nothing).
 */
export function clientAddress(c: Context, trust: RequestTrust): string {
  if (trust.trustProxy) {
    const nearest = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (nearest) return nearest.slice(0, 64);
  }
  if (trust.addressSource === 'cloudflare') return c.req.header('cf-connecting-ip')?.slice(0, 64) || 'unknown';
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** The request reached us over https (PUBLIC_URL https, an https URL, or the trusted proxy says so). */
export function servedOverHttps(c: Context, trust: RequestTrust): boolean {
  if (trust.publicUrl?.startsWith('https:')) return true;
  if (c.req.url.startsWith('https:')) return true;
  return trust.trustProxy && c.req.header('x-forwarded-proto')?.split(',').at(-1)?.trim() === 'https';
}

/** The console's own origin: PUBLIC_URL's when set, else the request's own (its scheme and Host). */
export function ownOrigin(c: Context, trust: RequestTrust): string {
  if (trust.publicUrl) return new URL(trust.publicUrl).origin;
  const url = new URL(c.req.url);
  const host = c.req.header('host') ?? url.host;
  return `${servedOverHttps(c, trust) ? 'https' : url.protocol.slice(0, -1)}://${host}`;
}

/**
 * A browser says where a request comes from: `Sec-Fetch-Site` (Chromium, Firefox, Safari since
 * 2023) and `Origin`. `Sec-Fetch-Site` decides when sent: anything but same-origin (or "none", typed
 * by the user) is another site or origin. Otherwise an `Origin` must be the console's own, except
 * "null": browsers send that for our own forms too (the console's Referrer-Policy is no-referrer),
 * so it proves nothing either way (the session's CSRF token and the API's JSON-only rule still
 * hold). Neither header: not a browser (curl, the tests), which carries nobody's cookies.
 */
export function fromAnotherOrigin(c: Context, trust: RequestTrust): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = c.req.header('origin');
  return origin !== undefined && origin !== 'null' && origin !== ownOrigin(c, trust);
}
