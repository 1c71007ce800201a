import type { Context } from 'hono';

/** A file served as it is: its path, its bytes, its type, and an ETag of its content. */
export interface StaticAsset {
  path: string;
  body: string | Uint8Array;
  type: string;
  etag: string;
}

/** Cached for a year and never revalidated: the name changes with the content. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Kept, but asked about again every time (a 304 costs a few hundred bytes). */
export const REVALIDATE = 'no-cache';

/**
 * A short hash of a text or bytes (cyrb53: 53 bits, synchronous, the same on Node and Workers):
 * enough to tell two versions of a file apart in its name and its ETag; not a security measure.
 */
export function contentHash(body: string | Uint8Array): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < body.length; i++) {
    const ch = typeof body === 'string' ? body.charCodeAt(i) : body[i]!;
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** An asset whose name carries its content's hash: `dir/name.<hash>.ext`. */
export function hashedAsset(dir: string, name: string, ext: string, body: string | Uint8Array, type: string): StaticAsset {
  const hash = contentHash(body);
  return { path: `${dir}/${name}.${hash}.${ext}`, body, type, etag: `"${hash}"` };
}

/** True when If-None-Match names this ETag (weak or strong: a compressed copy has a weak one). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v.replace(/^W\//, '') === bare;
  });
}

/** Serves an asset with its ETag and caching, or a 304 when the browser has this version. */
export function serveAsset(c: Context, asset: Pick<StaticAsset, 'body' | 'type' | 'etag'>, cacheControl: string, extra: Record<string, string> = {}): Response {
  const headers = { etag: asset.etag, 'cache-control': cacheControl, ...extra };
  if (etagMatches(c.req.header('if-none-match'), asset.etag)) return c.body(null, 304, headers);
  const body = typeof asset.body === 'string' ? asset.body : (asset.body.slice().buffer as ArrayBuffer);
  return c.body(body, 200, { 'content-type': asset.type, ...headers });
}
