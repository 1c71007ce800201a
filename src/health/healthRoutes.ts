import { Hono } from 'hono';
import type { HealthBoard } from './healthBoard.js';

/**
 * GET /healthz/channels, for monitoring: each channel's state (and the database's, when remote),
 * 200 when all work or are connecting, 503 when one is down or waits for someone. No sign-in:
 * it says only states and enumerated reasons (no token, no address, no count of people), what an
 * uptime checker needs to alert. /healthz stays "this process can take and store messages".
 */
export function healthRoutes(board: HealthBoard): Hono {
  const app = new Hono();
  app.get('/channels', (c) => {
    const report = board.report();
    c.header('cache-control', 'no-store');
    return c.json(report, report.status === 'ok' ? 200 : 503);
  });
  return app;
}
