import type { MiddlewareHandler } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';

const NO_BODY = new Set([101, 204, 205, 206, 304]);

/** True when the client takes gzip (and did not refuse it with q=0). */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    if (name!.trim().toLowerCase() !== 'gzip' && name!.trim() !== '*') return false;
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)/.exec(p)?.[1]).find(Boolean);
    return q === undefined || Number(q) > 0;
  });
}

/**
 * Gzips a text response of at least `threshold` bytes (the web chat page is about 1 KB: HTML, CSS, JavaScript, JSON, CSV, SVG) when
 * the client takes gzip, with its Content-Length: a whole body, never a stream. Hono's `compress`
 * was measured first and left: it cannot see a length Hono does not set, so it streamed
 * `{"status":"ok"}` gzipped (larger than itself, chunked), and a server with such a response
 * unread could not stop. The console's live updates (text/event-stream) are never touched: each
 * event leaves at once. Web APIs only (CompressionStream); used on Node (Workers: Cloudflare's edge
 * compresses).
 */
export function gzipResponses(threshold = 512): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get('content-type') ?? '';
    if (c.req.method === 'HEAD' || NO_BODY.has(res.status) || !res.body || res.headers.has('content-encoding')) return;
    if (!COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) || /(^|,)\s*no-transform\s*(,|$)/i.test(res.headers.get('cache-control') ?? '')) return;
    // Hono copies the headers of the response it had onto the one set here: they are changed in place.
    const headers = res.headers;
    const vary = headers.get('vary');
    if (!vary) headers.set('vary', 'Accept-Encoding');
    else if (vary !== '*' && !/(^|,)\s*accept-encoding\s*(,|$)/i.test(vary)) headers.set('vary', `${vary}, Accept-Encoding`);
    // A client that takes no gzip (Telegram's and Meta's webhook calls among them) gets the
    // response as it is: reading and rebuilding it was a tenth of a webhook's allocations.
    if (!acceptsGzip(c.req.header('accept-encoding'))) return;
    const body = new Uint8Array(await res.arrayBuffer());
    let out: Uint8Array = body;
    if (body.length >= threshold) {
      out = new Uint8Array(await new Response(new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
      headers.set('content-encoding', 'gzip');
      const etag = headers.get('etag');
      if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
    }
    headers.set('content-length', String(out.length));
    c.res = new Response(out as BodyInit, { status: res.status, statusText: res.statusText, headers });
  };
}
