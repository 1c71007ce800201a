/** @jsxImportSource hono/jsx */
import { Hono, type Context } from 'hono';
import type { Locale } from '../config/configSchema.js';
import type { ActionResult } from '../handoff/handoffService.js';
import { OUTCOMES, type Advisor, type Outcome, type TicketDetail } from '../handoff/handoffPorts.js';
import type { ConsoleEnv } from './consoleAuth.js';
import { queuePageSize, type ConsoleDeps, type Page, type PageStatus } from './consoleRoutes.js';
import { formOf, type View } from './consoleShell.js';
import { STATUS } from './consoleApi.js';
import { field, type FormFields } from '../http/readForm.js';
import { Layout } from './consolePages.js';
import { TicketPage } from './ticketPage.js';
import { cannedFor } from './cannedReplies.js';
import { queueParamsOrDefault, queueQuery, toQueueFilter, withQuery, type QueueParams } from './queueParams.js';

type Action = 'claim' | 'reply' | 'note' | 'transfer' | 'close';

/** Why an action failed, in the advisor's language, from what the ticket is now (and who may do what, handoff/ticketPermissions.ts). */
export function failureText(v: View, action: Action, r: Extract<ActionResult, { ok: false }>, now: TicketDetail | null, me: Advisor): string {
  if (r.error === 'not_found' || !now) return v.t('errors.not_found');
  if (r.error === 'invalid') return v.t(action === 'transfer' ? 'errors.transfer_target' : action === 'close' ? 'errors.outcome' : 'errors.text_length');
  if (r.error === 'forbidden') {
    if (action === 'close' && now.status === 'waiting') return v.t('errors.forbidden_close_waiting');
    if (action === 'note' || action === 'transfer') return v.t(`errors.forbidden_${action}`);
    return v.t('errors.conflict_taken', { name: now.assignedName ?? '?' });
  }
  if (now.status === 'closed') return v.t('errors.conflict_closed');
  if (now.status === 'with_advisor' && now.assignedTo !== me.id) return v.t('errors.conflict_taken', { name: now.assignedName ?? '?' });
  if (now.status === 'waiting' && action !== 'claim' && action !== 'close' && action !== 'note') return v.t('errors.conflict_claim_first');
  return v.t('errors.conflict_changed');
}

/** A ticket's page and the forms on it (claim, reply, note, transfer, close). */
export function ticketRoutes(d: ConsoleDeps, view: (c: Context) => View, page: Page): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  /** The queue the advisor came from: the address's own, or a form's `ctx`. */
  const paramsOf = (c: Context, form?: FormFields): QueueParams => {
    if (form && field(form, 'ctx')) {
      const s = new URLSearchParams(field(form, 'ctx').slice(0, 600));
      return queueParamsOrDefault((k) => s.get(k) ?? undefined);
    }
    return queueParamsOrDefault((k) => c.req.query(k));
  };

  const render = async (c: Context<ConsoleEnv>, params: QueueParams, error?: string, status: PageStatus = 200) => {
    const session = c.get('session');
    const v = view(c);
    const id = c.req.param('id')!;
    const ticket = await d.handoff.view(id, session.advisor);
    const counts = await d.store.queueCounts(session.advisor.id);
    if (!ticket) return page(c, <Layout view={v} session={session} counts={counts}><p class="error">{v.t('errors.not_found')}</p></Layout>, 404);
    // The page of the queue it was opened from: its neighbours there (j / k).
    const size = queuePageSize(d);
    const [queue, presence] = await Promise.all([d.store.listTickets(toQueueFilter(params, d.vocab), session.advisor.id, size, ((params.page ?? 1) - 1) * size), d.store.advisorPresence(d.now())]);
    const ctx = queueQuery(params);
    const at = queue.findIndex((k) => k.id === id);
    const link = (k: { id: string } | undefined) => (k ? withQuery(`/advisor/tickets/${k.id}`, ctx) : null);
    // Not in that queue (any more): "next" is its first ticket.
    const nav = { back: withQuery('/advisor', ctx), prev: at > 0 ? link(queue[at - 1]) : null, next: link(at >= 0 ? queue[at + 1] : queue.find((k) => k.id !== id)), ctx };
    const canned = cannedFor(d.i18n, v, (ticket.locale ?? 'fr') as Locale);
    return page(
      c,
      <TicketPage view={v} session={session} counts={counts} params={params} ticket={ticket} presence={presence} canned={canned} nav={nav} whatsappTemplate={d.whatsappTemplate} mediaMaxMb={d.media.maxMb} {...(error ? { error } : {})} />,
      status,
    );
  };
  app.get('/:id', (c) => render(c, paramsOf(c)));

  const act = (action: Action, run: (c: Context<ConsoleEnv>, form: FormFields) => Promise<ActionResult>) => async (c: Context<ConsoleEnv>) => {
    const form = (await formOf(c)) ?? {};
    const params = paramsOf(c, form);
    const r = await run(c, form);
    if (r.ok) return c.redirect(withQuery(`/advisor/tickets/${c.req.param('id')}`, queueQuery(params)), 303);
    const now = await d.store.getTicket(c.req.param('id')!);
    const message = failureText(view(c), action, r, now, c.get('session').advisor);
    return render(c, params, message, STATUS[r.error]);
  };
  const me = (c: Context<ConsoleEnv>) => c.get('session').advisor;
  app.post('/:id/claim', act('claim', (c) => d.handoff.claim(c.req.param('id')!, me(c))));
  app.post('/:id/reply', act('reply', (c, f) => d.handoff.sendMessage(c.req.param('id')!, me(c), field(f, 'text'))));
  app.post('/:id/note', act('note', (c, f) => d.handoff.addNote(c.req.param('id')!, me(c), field(f, 'text'))));
  app.post('/:id/transfer', act('transfer', async (c, f) => d.handoff.transfer(c.req.param('id')!, me(c), await d.store.findAdvisor(field(f, 'advisorId').slice(0, 80)))));
  app.post(
    '/:id/close',
    act('close', async (c, f) => {
      const outcome = field(f, 'outcome') as Outcome;
      if (!OUTCOMES.includes(outcome)) return { ok: false, error: 'invalid', message: `outcome is one of ${OUTCOMES.join(', ')}` };
      return d.handoff.close(c.req.param('id')!, me(c), outcome);
    }),
  );
  return app;
}
