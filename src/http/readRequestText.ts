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
 * The request body as text, at most `limit` bytes. On Node the server hands over its own request
 * stream (`c.env.incoming`): reading it directly skips building a web Request and its streams,
 * which cost a webhook more than everything else it does. Elsewhere (Workers, tests calling
 * `app.fetch`), the Request's body.
 */
export async function readRequestText(c: Context, limit: number): Promise<string | typeof BODY_TOO_LARGE> {
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
        if (size > limit) tooLarge = true;
        else chunks.push(chunk);
      });
      incoming.on('end', () => resolve(tooLarge ? BODY_TOO_LARGE : decoder.decode(chunks.length === 1 ? chunks[0]! : concat(chunks, size))));
      incoming.on('error', reject);
      incoming.on('close', () => resolve(tooLarge ? BODY_TOO_LARGE : decoder.decode(concat(chunks, Math.min(size, limit)))));
    });
  }
  const buffer = await c.req.arrayBuffer();
  if (buffer.byteLength > limit) return BODY_TOO_LARGE;
  return decoder.decode(buffer);
}

const decoder = new TextDecoder();

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
