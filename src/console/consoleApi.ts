import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import type { ActionResult, HandoffService } from '../handoff/handoffService.js';
import { OUTCOMES, type HandoffStore, type Outcome, type TicketDetail, type TicketSummary } from '../handoff/handoffPorts.js';
import type { ConsoleAuth, ConsoleEnv } from './consoleAuth.js';
import { consoleMediaRoutes, type ConsoleMediaDeps } from './consoleMediaRoutes.js';
import { BODY_TOO_LARGE, readRequestText } from '../http/readRequestBody.js';

const loginSchema = z.object({ email: z.email().check(z.maxLength(200)), password: z.string().check(z.minLength(1), z.maxLength(200)) });
const textSchema = z.object({ text: z.string().check(z.minLength(1), z.maxLength(4000)) });
const closeSchema = z.object({ outcome: z.enum(OUTCOMES as [Outcome, ...Outcome[]]) });
const transferSchema = z.object({ advisorId: z.string().check(z.minLength(1), z.maxLength(80)) });
const statusSchema = z.enum(['waiting', 'mine', 'all']);

/** What the API shows of a ticket: a pseudonym, never the phone number or channel id. */
function publicTicket(t: TicketSummary | TicketDetail) {
  const { conversationId: _c, ...rest } = t as TicketDetail;
  const safe = { ...rest } as Record<string, unknown>;
  delete safe.channelUserId;
  delete safe.contactId;
  return safe;
}

/** A refused action's HTTP status: the role forbids it (403), the ticket's state does (409). */
export const STATUS = { not_found: 404, conflict: 409, invalid: 400, forbidden: 403 } as const;

/** The API's bodies are small JSON objects. */
export const API_BODY_LIMIT = 16 * 1024;
const TOO_LARGE = Symbol('too large');

/** The body as JSON, read streamed and at most API_BODY_LIMIT bytes; undefined when it is not JSON. */
async function readJson(c: Context): Promise<unknown> {
  const text = await readRequestText(c, API_BODY_LIMIT);
  if (text === BODY_TOO_LARGE) return TOO_LARGE;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The console's JSON API (used by the console's script and by tests). */
export function consoleApi(deps: { auth: ConsoleAuth; handoff: HandoffService; store: HandoffStore; media: ConsoleMediaDeps }): Hono<ConsoleEnv> {
  const { auth, handoff, store } = deps;
  const api = new Hono<ConsoleEnv>();
  const bodies = new WeakMap<Request, unknown>();
  const json = (c: Context) => bodies.get(c.req.raw);
  const denied = (c: { json: (b: unknown, s: 401 | 403) => Response }, status: 401 | 403) =>
    c.json({ error: status === 401 ? 'sign in first' : 'your role does not allow this' }, status);
  // Every body is JSON, bounded; anything that changes something comes from the console's own origin.
  api.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    if (auth.crossOrigin(c)) return c.json({ error: 'cross-origin requests are refused' }, 403);
    if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) return c.json({ error: 'send application/json' }, 415);
    const body = await readJson(c);
    if (body === TOO_LARGE) return c.json({ error: `body is larger than ${API_BODY_LIMIT} bytes` }, 413);
    bodies.set(c.req.raw, body);
    await next();
  });

  api.post('/login', async (c) => {
    const parsed = loginSchema.safeParse(bodies.get(c.req.raw));
    if (!parsed.success) return c.json({ error: 'send {"email", "password"}' }, 400);
    const r = await auth.login(parsed.data.email, parsed.data.password, auth.address(c));
    if (!r.ok) {
      if (r.reason === 'too_many') {
        c.header('Retry-After', String(Math.ceil((r.retryAfterMs ?? 60_000) / 1000)));
        return c.json({ error: 'too many attempts, try again later' }, 429);
      }
      return c.json({ error: 'wrong email or password' }, 401);
    }
    auth.setSessionCookie(c, r.token);
    return c.json({ advisor: { id: r.advisor.id, name: r.advisor.name, role: r.advisor.role }, csrfToken: r.csrfToken });
  });

  api.use('*', auth.require('advisor', denied));
  // Every state-changing call carries the session's CSRF token.
  api.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && !auth.csrfOk(c.get('session'), c.req.header('x-csrf-token'))) return c.json({ error: 'missing or wrong X-CSRF-Token' }, 403);
    await next();
  });

  api.post('/logout', async (c) => {
    await auth.logout(c);
    return c.json({ ok: true });
  });

  api.get('/tickets', async (c) => {
    const status = statusSchema.safeParse(c.req.query('status') ?? 'waiting');
    if (!status.success) return c.json({ error: 'status is waiting, mine or all' }, 400);
    const tickets = await store.listTickets(status.data, c.get('session').advisor.id, 200);
    return c.json({ tickets: tickets.map(publicTicket) });
  });

  api.get('/tickets/:id', async (c) => {
    const t = await handoff.view(c.req.param('id'), c.get('session').advisor);
    return t ? c.json({ ticket: publicTicket(t) }) : c.json({ error: 'no such ticket' }, 404);
  });

  const answer = (c: { json: (b: unknown, s?: 200 | 400 | 403 | 404 | 409) => Response }, r: ActionResult) =>
    r.ok ? c.json({ ok: true }) : c.json({ error: r.message }, STATUS[r.error]);

  api.post('/tickets/:id/claim', async (c) => answer(c, await handoff.claim(c.req.param('id'), c.get('session').advisor)));

  api.post('/tickets/:id/messages', async (c) => {
    const parsed = textSchema.safeParse(json(c));
    if (!parsed.success) return c.json({ error: 'send {"text"} (1 to 4000 characters)' }, 400);
    return answer(c, await handoff.sendMessage(c.req.param('id'), c.get('session').advisor, parsed.data.text));
  });

  api.post('/tickets/:id/notes', async (c) => {
    const parsed = textSchema.safeParse(json(c));
    if (!parsed.success) return c.json({ error: 'send {"text"} (1 to 4000 characters)' }, 400);
    return answer(c, await handoff.addNote(c.req.param('id'), c.get('session').advisor, parsed.data.text));
  });

  api.post('/tickets/:id/transfer', async (c) => {
    const parsed = transferSchema.safeParse(json(c));
    if (!parsed.success) return c.json({ error: 'send {"advisorId"}' }, 400);
    return answer(c, await handoff.transfer(c.req.param('id'), c.get('session').advisor, await store.findAdvisor(parsed.data.advisorId)));
  });

  api.post('/tickets/:id/close', async (c) => {
    const parsed = closeSchema.safeParse(json(c));
    if (!parsed.success) return c.json({ error: `outcome is one of ${OUTCOMES.join(', ')}` }, 400);
    return answer(c, await handoff.close(c.req.param('id'), c.get('session').advisor, parsed.data.outcome));
  });

  api.get('/advisors', async (c) => {
    const list = await store.listAdvisors();
    return c.json({ advisors: list.filter((a) => a.disabledAt === null).map((a) => ({ id: a.id, name: a.name, role: a.role })) });
  });

  // A file of a ticket's history (`history[].media.id`), and "download it again" after a failure.
  api.route('/media', consoleMediaRoutes(deps.media, 'api'));

  api.get('/audit', auth.require('admin', denied), async (c) => c.json({ entries: await store.auditLog(500) }));
  return api;
}
