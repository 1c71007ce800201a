import { Hono, type Context } from 'hono';
import type { HandoffStore } from '../handoff/handoffPorts.js';
import type { LibsqlMediaStore } from '../media/libsqlMediaStore.js';
import type { ConsoleEnv } from './consoleAuth.js';

export interface ConsoleMediaDeps {
  store: LibsqlMediaStore;
  /** Wakes the downloads (after a retry). */
  worker: { kick(): Promise<void> };
  /** For the audit log (who asked a file again). */
  handoffStore: HandoffStore;
  /** A ticket's page or API changed: live updates. */
  changed: (conversationId: string) => void;
  now: () => number;
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'audio/ogg': 'ogg', 'audio/mp4': 'm4a', 'application/pdf': 'pdf' };
const ID = /^f_[a-z0-9]{1,40}$/;

/**
 * The files of a handoff, for signed-in advisors only (mounted behind the console's sign-in and
 * CSRF checks): served with the type read from their bytes, never sniffed by the browser, in a
 * sandbox (a PDF or an image opened in its own tab runs nothing), not cached; only while their
 * ticket is open. `mode`: the pages (a form's retry goes back to the ticket) or the JSON API.
 */
export function consoleMediaRoutes(d: ConsoleMediaDeps, mode: 'page' | 'api'): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    const m = ID.test(id) ? await d.store.get(id) : null;
    if (!m || !m.ticketOpen || m.status !== 'stored' || !m.contentType) return c.json({ error: m?.status === 'erased' || (m && !m.ticketOpen) ? 'this file was erased' : 'no such file' }, m ? 410 : 404);
    const bytes = (await d.store.bytes(id)) as Uint8Array<ArrayBuffer>;
    return serve(c, bytes, m.contentType, `${m.kind}-${id}.${EXTENSIONS[m.contentType] ?? 'bin'}`);
  });
  app.post('/:id/retry', async (c) => {
    const id = c.req.param('id');
    const m = ID.test(id) ? await d.store.get(id) : null;
    if (!m) return mode === 'api' ? c.json({ error: 'no such file' }, 404) : c.redirect('/advisor', 303);
    const ok = m.canRetry && (await d.store.retry(id, d.now()));
    if (ok) {
      await d.handoffStore.audit(c.get('session').advisor.id, 'media:retry', m.ticketId, d.now());
      d.changed(m.conversationId);
      const fetched = d.worker.kick().then(() => d.changed(m.conversationId));
      // The page shows the outcome when it comes back quickly (else "downloading…", then a live update).
      if (mode === 'page') await Promise.race([fetched, new Promise((r) => setTimeout(r, 5000))]);
    }
    if (mode === 'api') return ok ? c.json({ ok: true, status: 'pending' }) : c.json({ error: 'this file cannot be downloaded again (its ticket is closed, or it is not a failed download)' }, 409);
    return c.redirect(`/advisor/tickets/${m.ticketId}`, 303);
  });
  return app;
}

/** The bytes, whole or one range of them (an audio player asks for ranges), with safe headers. */
function serve(c: Context, bytes: Uint8Array<ArrayBuffer>, type: string, filename: string): Response {
  const headers: Record<string, string> = {
    'content-type': type,
    'content-disposition': `${type === 'application/pdf' ? 'attachment' : 'inline'}; filename="${filename}"`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': 'no-store',
    'accept-ranges': 'bytes',
  };
  const range = /^bytes=(\d*)-(\d*)$/.exec(c.req.header('range') ?? '');
  if (range && (range[1] || range[2])) {
    const size = bytes.byteLength;
    let start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    let end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (!range[1]) end = size - 1;
    if (start >= size || start > end) return c.body(null, 416, { ...headers, 'content-range': `bytes */${size}` });
    start = Math.max(0, start);
    return c.body(bytes.slice(start, end + 1), 206, { ...headers, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1) });
  }
  return c.body(bytes, 200, { ...headers, 'content-length': String(bytes.byteLength) });
}
