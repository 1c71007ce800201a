/**
 * Reads a response's body, at most `maxBytes` of it: a larger file is not read to its end (nor
 * kept in memory), whatever its Content-Length says.
 */
export async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array | 'too_large'> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    return 'too_large';
  }
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return 'too_large';
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** A response status as a fetch outcome: 404 and 410 mean the file is gone, the rest is worth another try. */
export const statusOutcome = (status: number, who: string) =>
  status === 404 || status === 410 ? ({ ok: false, reason: 'gone', error: `${who} ${status}` } as const) : ({ ok: false, reason: 'retry', error: `${who} ${status}` } as const);
