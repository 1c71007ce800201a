import type { Context } from 'hono';

/** The body was larger than allowed. */
export const BODY_TOO_LARGE = Symbol('body too large');

interface NodeIncoming {
  readableEnded?: boolean;
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  destroy(): unknown;
}

/**
 * The request body, at most `limit` bytes: the one way everything reads what it is sent (channels,
 * the console's API and forms). Past the limit, reading stops: nothing more is kept in memory and
 * the answer (413) does not wait for the rest. On Node the server hands over its own request
 * stream (`c.env.incoming`): reading it directly skips building a web Request and its streams,
 * which cost a webhook more than everything else it does. Elsewhere (Workers, tests calling
 * `app.request`), the Request's body stream.
 */
export async function readRequestBody(c: Context, limit: number): Promise<Uint8Array<ArrayBuffer> | typeof BODY_TOO_LARGE> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > limit) return BODY_TOO_LARGE;
  const incoming = (c.env as { incoming?: NodeIncoming } | undefined)?.incoming;
  if (incoming && typeof incoming.on === 'function' && !incoming.readableEnded) {
    return new Promise((resolve, reject) => {
      const chunks: Uint8Array[] = [];
      let size = 0;
      let tooLarge = false;
      incoming.on('data', (chunk) => {
        size += chunk.byteLength;
        if (size <= limit) return void chunks.push(chunk);
        // Past the limit: answered now (413, and the connection is closed after it, see
        // createHttpApp); what still arrives is dropped, never kept.
        if (!tooLarge) resolve(BODY_TOO_LARGE);
        tooLarge = true;
        chunks.length = 0;
      });
      incoming.on('end', () => resolve(tooLarge ? BODY_TOO_LARGE : concat(chunks, size)));
      incoming.on('error', reject);
      incoming.on('close', () => resolve(tooLarge ? BODY_TOO_LARGE : concat(chunks, Math.min(size, limit))));
    });
  }
  const body = c.req.raw.body;
  if (!body) return new Uint8Array(0);
  if (declared >= 0) {
    // Its length declared and within the limit (HTTP's framing holds a body to it): read in one
    // call, not chunk by chunk through a reader (~0.3 ms of a request's CPU in workerd); checked
    // again all the same.
    const whole = new Uint8Array(await c.req.raw.arrayBuffer());
    return whole.byteLength > limit ? BODY_TOO_LARGE : whole;
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return BODY_TOO_LARGE;
    }
    chunks.push(value);
  }
  return concat(chunks, size);
}

const decoder = new TextDecoder();

/** The body as text (UTF-8), at most `limit` bytes. */
export async function readRequestText(c: Context, limit: number): Promise<string | typeof BODY_TOO_LARGE> {
  const body = await readRequestBody(c, limit);
  return body === BODY_TOO_LARGE ? body : decoder.decode(body);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  // One chunk (the usual webhook): used as it is (Node's buffers are never shared memory).
  if (chunks.length === 1) return chunks[0]! as Uint8Array<ArrayBuffer>;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
