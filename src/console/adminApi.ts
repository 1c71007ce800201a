import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Locale } from '../config/configSchema.js';
import type { HandoffStore, Session } from '../handoff/handoffPorts.js';
import type { I18n } from '../i18n/createI18n.js';
import { analyticsCsv, loadDashboard, parseRange } from '../program/analytics.js';
import type { ProgramService } from '../program/programService.js';
import { adminApiCampaigns } from './adminApiCampaigns.js';
import { adminApiWorkshops } from './adminApiWorkshops.js';

export interface AdminApiDeps {
  program: ProgramService;
  handoffStore: HandoffStore;
  i18n: I18n;
  timeZone: string;
  /** The console's CSRF check (the session's token in X-CSRF-Token). */
  csrfOk: (session: Session, given: string | undefined) => boolean;
}

/** The session composeApp's /admin/* guard put on the request (undefined if it is mounted elsewhere). */
export const adminSession = (c: Context): Session | undefined => (c as unknown as { get(k: 'session'): Session | undefined }).get('session');

/** Form errors (console i18n keys) as JSON: the key and its English text. */
export const apiErrors = (i18n: I18n, keys: string[], params?: Record<string, string>) => ({
  errors: keys.map((key) => ({ key, message: i18n.t('en' as Locale, key, params, 'console') })),
});

/**
 * /admin/api, for admins: the export for the regional observatory, and the program's actions as
 * JSON (workshops, campaigns: the same as the pages). composeApp guards /admin/* with an admin
 * session (an advisor gets 403); this app checks again, so it is safe wherever it is mounted.
 * Every change carries the session's CSRF token (X-CSRF-Token), as the advisor API does.
 */
export function adminApi(d: AdminApiDeps): Hono {
  const app = new Hono();
  app.use('*', bodyLimit({ maxSize: 32 * 1024, onError: (c) => c.json({ error: 'body too large' }, 413) }));
  app.use('*', async (c, next) => {
    const session = adminSession(c);
    if (!session || session.advisor.role !== 'admin') return c.json({ error: 'admins only' }, 403);
    if (c.req.method !== 'GET' && !d.csrfOk(session, c.req.header('x-csrf-token'))) return c.json({ error: 'missing or wrong X-CSRF-Token' }, 403);
    await next();
  });
  const store = d.program.deps.store;
  const clock = d.program.deps.clock;
  app.get('/analytics.csv', async (c) => {
    const session = adminSession(c)!;
    const range = parseRange({ from: c.req.query('from'), to: c.req.query('to'), province: c.req.query('province') || undefined }, clock.now(), d.timeZone);
    if (!range.ok) return c.json({ error: range.error }, 400);
    const csv = analyticsCsv(await loadDashboard(store, d.timeZone, range));
    await d.handoffStore.audit(session.advisor.id, 'analytics:export', `${range.from}..${range.to}`, clock.now());
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="tawjih-analytics-${range.from}-${range.to}.csv"`,
      'cache-control': 'no-store',
    });
  });
  app.route('/workshops', adminApiWorkshops(d));
  app.route('/campaigns', adminApiCampaigns(d));
  return app;
}

export async function readJsonBody(c: Context): Promise<Record<string, unknown> | null> {
  try {
    const v: unknown = JSON.parse(await c.req.text());
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
