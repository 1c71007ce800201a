import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import type { Locale } from '../config/configSchema.js';
import type { ActionResult } from '../handoff/handoffService.js';
import { OUTCOMES, type Outcome, type TicketDetail, type TicketSummary } from '../handoff/handoffPorts.js';
import type { ConsoleEnv } from './consoleAuth.js';
import { BODY_TOO_LARGE, readRequestText } from '../http/readRequestBody.js';
import { ONLINE_MS, presence } from './consolePresence.js';
import type { ConsoleDeps } from './consoleRoutes.js';
import { viewOf, type View } from './consoleShell.js';
import { auditActionLine, channelName, endedLine, languageName, outcomeName, provinceName, stateLine, topicName, windowLine } from './consoleLabels.js';
import { parseQueueParams, toQueueFilter, queueParamsOrDefault } from './queueParams.js';
import { cannedFor } from './cannedReplies.js';
import { foldViews, parseAuditFilter } from './auditView.js';
import { consoleMediaRoutes } from './consoleMediaRoutes.js';

const loginSchema = z.object({ email: z.email().check(z.maxLength(200)), password: z.optional(z.string().check(z.minLength(1), z.maxLength(200))), key: z.optional(z.string().check(z.maxLength(100))) });
const textSchema = z.object({ text: z.string().check(z.minLength(1), z.maxLength(4000)) });
const closeSchema = z.object({ outcome: z.enum(OUTCOMES as [Outcome, ...Outcome[]]) });
const transferSchema = z.object({ advisorId: z.string().check(z.minLength(1), z.maxLength(80)) });

/** What the API shows of a ticket: a pseudonym, never the phone number or channel id; its ids named in the advisor's language. */
function publicTicket(v: View, t: TicketSummary | TicketDetail, whatsappTemplate = false) {
  const { conversationId: _c, ...rest } = t as TicketDetail;
  const safe = { ...rest } as Record<string, unknown>;
  delete safe.channelUserId;
  delete safe.contactId;
  safe.labels = {
    topic: topicName(v, t.topic),
    province: t.province ? provinceName(v, t.province) : null,
    language: languageName(v, t.locale),
    channel: channelName(v, t.channel),
    outcome: t.outcome ? outcomeName(v, t.outcome) : null,
    state: stateLine(v, t).text,
    ended: t.status === 'closed' ? endedLine(v, t) : null,
    ...('whatsappWindow' in t && t.whatsappWindow && t.status !== 'closed' ? { window: windowLine(v, t.whatsappWindow, whatsappTemplate)?.text ?? null } : {}),
  };
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
export function consoleApi(d: ConsoleDeps): Hono<ConsoleEnv> {
  const { auth, handoff, store } = d;
  const api = new Hono<ConsoleEnv>();
  const view = (c: Context): View => viewOf(c, { i18n: d.i18n, vocab: d.vocab, timeZone: d.timeZone, now: d.now() });
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
    if (!parsed.success || !(parsed.data.password || parsed.data.key)) return c.json({ error: 'send {"email", "key"} or {"email", "password"}' }, 400);
    const { email, password, key } = parsed.data;
    const r = await auth.login(email, { ...(password ? { password } : {}), ...(key ? { key } : {}) }, auth.address(c));
    if (!r.ok) {
      if (r.reason === 'needs_key') return c.json({ error: 'send "key": the password derived as the sign-in page does (passwords.ts); passwords are not checked here' }, 400);
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
  api.use('*', presence(d));
  // Every state-changing call carries the session's CSRF token.
  api.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && !auth.csrfOk(c.get('session'), c.req.header('x-csrf-token'))) return c.json({ error: 'missing or wrong X-CSRF-Token' }, 403);
    await next();
  });

  api.post('/logout', async (c) => {
    await auth.logout(c);
    return c.json({ ok: true });
  });

  /** The queue: ?status=waiting|mine|all, q (pseudonym, words, topic, province), channel, language, sensitive=1. */
  api.get('/tickets', async (c) => {
    const parsed = parseQueueParams((k) => c.req.query(k));
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    const me = c.get('session').advisor.id;
    const [tickets, counts] = await Promise.all([store.listTickets(toQueueFilter(parsed.params, d.vocab), me, 200), store.queueCounts(me)]);
    const v = view(c);
    return c.json({ tickets: tickets.map((t) => publicTicket(v, t)), counts });
  });

  /** One ticket (reading it is audited and marks it read); `neighbours` in the queue given by the same query as the list. */
  api.get('/tickets/:id', async (c) => {
    const session = c.get('session');
    const t = await handoff.view(c.req.param('id'), session.advisor);
    if (!t) return c.json({ error: 'no such ticket' }, 404);
    const v = view(c);
    const queue = await store.listTickets(toQueueFilter(queueParamsOrDefault((k) => c.req.query(k)), d.vocab), session.advisor.id, 200);
    const at = queue.findIndex((k) => k.id === t.id);
    return c.json({
      ticket: publicTicket(v, t, d.whatsappTemplate),
      canned: cannedFor(d.i18n, v, (t.locale ?? 'fr') as Locale),
      neighbours: { prev: at > 0 ? queue[at - 1]!.id : null, next: (at >= 0 ? queue[at + 1] : queue.find((k) => k.id !== t.id))?.id ?? null },
      whatsappTemplate: t.whatsappWindow ? d.whatsappTemplate : undefined,
    });
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

  /** Who can take a ticket: every active advisor, signed in or not, on the console now or not, with how many conversations they hold. */
  api.get('/advisors', async (c) => {
    const now = d.now();
    const list = await store.advisorPresence(now);
    return c.json({ advisors: list.map((a) => ({ ...a, online: a.lastSeenAt !== null && now - a.lastSeenAt < ONLINE_MS })) });
  });

  // A file of a ticket's history (`history[].media.id`), and "download it again" after a failure.
  api.route('/media', consoleMediaRoutes(d.media, 'api'));

  /** The audit log: ?advisor=<id>, action=<family>, from, to (YYYY-MM-DD, the Center's days), before=<id>; views folded unless fold=0. */
  api.get('/audit', auth.require('admin', denied), async (c) => {
    const { query, errors } = parseAuditFilter((k) => c.req.query(k), d.timeZone);
    if (errors.length) return c.json({ error: errors.join('; ') }, 400);
    const limit = 500;
    const [entries, advisors] = await Promise.all([store.auditLog({ ...query, limit }), store.listAdvisors()]);
    const v = view(c);
    const names = new Map(advisors.map((a) => [a.id, a.name]));
    const rows = c.req.query('fold') === '0' ? entries.map((e) => ({ ...e, count: 1, firstAt: e.at })) : foldViews(entries);
    return c.json({
      entries: rows.map((e) => ({ ...e, label: auditActionLine(v, e, (id) => names.get(id) ?? null) })),
      next: entries.length === limit ? entries.at(-1)!.id : null,
    });
  });
  return api;
}
