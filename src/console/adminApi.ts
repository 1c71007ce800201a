import { Hono } from 'hono';
import type { HandoffStore, Session } from '../handoff/handoffPorts.js';
import { analyticsCsv, loadDashboard, parseRange } from '../program/analytics.js';
import type { ProgramStore } from '../program/programStore.js';
import type { Clock } from '../core/ports.js';

/**
 * /admin/api: the export for the regional observatory. composeApp guards /admin/* with an admin
 * session (an advisor gets 403); this app checks again, so it is safe wherever it is mounted.
 */
export function adminApi(d: { store: ProgramStore; handoffStore: HandoffStore; clock: Clock; timeZone: string }): Hono {
  const app = new Hono();
  app.get('/analytics.csv', async (c) => {
    const session = (c as unknown as { get(k: 'session'): Session | undefined }).get('session');
    if (!session || session.advisor.role !== 'admin') return c.json({ error: 'admins only' }, 403);
    const range = parseRange({ from: c.req.query('from'), to: c.req.query('to'), province: c.req.query('province') || undefined }, d.clock.now(), d.timeZone);
    if (!range.ok) return c.json({ error: range.error }, 400);
    const csv = analyticsCsv(await loadDashboard(d.store, d.timeZone, range));
    await d.handoffStore.audit(session.advisor.id, 'analytics:export', `${range.from}..${range.to}`, d.clock.now());
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="tawjih-analytics-${range.from}-${range.to}.csv"`,
      'cache-control': 'no-store',
    });
  });
  return app;
}
