import type { Context } from 'hono';

/** The body was larger than allowed. */
export const BODY_TOO_LARGE = Symbol('body too large');

interface NodeIncoming {
  headers: Record<string, string | string[] | undefined>;
  readableEnded?: boolean;
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array>;
}

/**
 * The request body as text, at most `limit` bytes. On Node the server hands over its own request
 * stream (`c.env.incoming`): reading it directly skips building a web Request and its streams,
 * which cost a webhook more than everything else it does. Elsewhere (Workers, tests calling
 * `app.fetch`), the Request's body.
 */
export async function readRequestText(c: Context, limit: number): Promise<string | typeof BODY_TOO_LARGE> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > limit) return BODY_TOO_LARGE;
  const incoming = (c.env as { incoming?: NodeIncoming } | undefined)?.incoming;
  if (incoming && typeof incoming[Symbol.asyncIterator] === 'function' && !incoming.readableEnded) {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of incoming as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > limit) return BODY_TOO_LARGE;
      chunks.push(chunk);
    }
    const whole = chunks.length === 1 ? chunks[0]! : concat(chunks, size);
    return new TextDecoder().decode(whole);
  }
  const buffer = await c.req.arrayBuffer();
  if (buffer.byteLength > limit) return BODY_TOO_LARGE;
  return new TextDecoder().decode(buffer);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
