/** @jsxImportSource hono/jsx */
import { Hono, type Context } from 'hono';
import { eventInput } from '../program/events.js';
import { AdminLayout } from './adminLayout.js';
import { EventForm, EventPage, EventsPage } from './adminEvents.js';
import { auditAs, formOf, eventFormInput, page, type AdminDeps } from './adminRouteKit.js';
import type { ConsoleEnv } from './consoleAuth.js';
import { consoleLang as lang, consoleTranslator } from './consoleShell.js';

/** /advisor/admin/workshops: list, create, edit (the people registered are told of a move), cancel, attendance list. */
export function adminWorkshopRoutes(d: AdminDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const { program } = d;
  const now = () => program.deps.clock.now();
  const tr = consoleTranslator(d.i18n);
  const audit = auditAs(d);
  const notFound = (c: Context<ConsoleEnv>) =>
    page(c, <AdminLayout t={tr(c)} lang={lang(c)} session={c.get('session')} active="workshops" title="404"><p class="error">{tr(c)('program.errors.not_found')}</p></AdminLayout>, 404);

  app.get('/', async (c) => page(c, <EventsPage t={tr(c)} lang={lang(c)} session={c.get('session')} events={await program.deps.store.events.listEvents(now() - 90 * 86_400_000, 300)} timeZone={d.timeZone} now={now()} />));
  app.get('/new', (c) => page(c, <EventForm t={tr(c)} lang={lang(c)} session={c.get('session')} input={{ languages: ['ar', 'fr'] }} timeZone={d.timeZone} />));
  app.post('/', async (c) => {
    const input = eventFormInput(await formOf(c));
    const r = await program.events.create(input);
    if (!r.ok) return page(c, <EventForm t={tr(c)} lang={lang(c)} session={c.get('session')} input={input} errors={r.errors} timeZone={d.timeZone} />, 400);
    await audit(c, 'event:create', r.value.id);
    return c.redirect(`/advisor/admin/workshops/${r.value.id}`, 303);
  });
  app.get('/:id', async (c) => {
    const event = await program.deps.store.events.getEvent(c.req.param('id'));
    if (!event) return notFound(c);
    // Registrations are personal data (pseudonymous): reading them is audited.
    await audit(c, 'event:view', event.id);
    const notified = /^\d{1,6}$/.test(c.req.query('notified') ?? '') ? Number(c.req.query('notified')) : undefined;
    return page(
      c,
      <EventPage t={tr(c)} lang={lang(c)} session={c.get('session')} event={event} registrations={await program.deps.store.events.registrations(event.id)} timeZone={d.timeZone} now={now()} {...(notified !== undefined ? { notified } : {})} />,
    );
  });
  app.get('/:id/edit', async (c) => {
    const event = await program.deps.store.events.getEvent(c.req.param('id'));
    if (!event) return notFound(c);
    return page(c, <EventForm t={tr(c)} lang={lang(c)} session={c.get('session')} input={eventInput(event, d.timeZone)} timeZone={d.timeZone} editing={{ id: event.id, registered: event.taken }} />);
  });
  app.post('/:id', async (c) => {
    const id = c.req.param('id');
    const input = eventFormInput(await formOf(c));
    const r = await program.events.update(id, input);
    if (!r.ok) {
      const event = await program.deps.store.events.getEvent(id);
      if (!event) return notFound(c);
      return page(c, <EventForm t={tr(c)} lang={lang(c)} session={c.get('session')} input={input} errors={r.errors} timeZone={d.timeZone} editing={{ id, registered: event.taken }} />, 400);
    }
    await audit(c, 'event:update', id);
    return c.redirect(`/advisor/admin/workshops/${id}?notified=${r.value.notified}`, 303);
  });
  app.post('/:id/cancel', async (c) => {
    const id = c.req.param('id');
    if (await program.events.cancel(id)) await audit(c, 'event:cancel', id);
    return c.redirect(`/advisor/admin/workshops/${id}`, 303);
  });
  app.get('/:id/attendance.csv', async (c) => {
    const id = c.req.param('id');
    const csv = await program.events.attendanceCsv(id);
    if (csv === null) return c.json({ error: 'no such event' }, 404);
    await audit(c, 'event:export', id);
    return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="attendance-${id}.csv"` });
  });
  return app;
}
