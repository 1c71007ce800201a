import { Hono } from 'hono';
import { pseudonymFor } from '../handoff/pseudonym.js';
import { eventInput, type EventInput } from '../program/events.js';
import type { EventRecord } from '../program/programStore.js';
import { PROGRAM_LANGS } from '../program/programTurn.js';
import { adminSession, apiErrors, readJsonBody, type AdminApiDeps } from './adminApi.js';

const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** A JSON body as the event form's input; on PATCH, what is missing keeps its current value. */
function inputFrom(body: Record<string, unknown>, current: EventInput = {}): EventInput {
  const titles = body.titles && typeof body.titles === 'object' ? (body.titles as Record<string, unknown>) : null;
  return {
    titles: titles ? Object.fromEntries(PROGRAM_LANGS.map((l) => [l, text(titles[l]) ?? ''])) : (current.titles ?? {}),
    place: text(body.place) ?? current.place ?? '',
    province: text(body.province) ?? current.province ?? '',
    date: text(body.date) ?? current.date ?? '',
    time: text(body.time) ?? current.time ?? '',
    capacity: text(body.capacity) ?? current.capacity ?? '',
    languages: Array.isArray(body.languages) ? body.languages.filter((l): l is string => typeof l === 'string') : (current.languages ?? []),
  };
}

/** /admin/api/workshops: the workshops page's actions as JSON. */
export function adminApiWorkshops(d: AdminApiDeps): Hono {
  const app = new Hono();
  const { program } = d;
  const now = () => program.deps.clock.now();
  const audit = (c: Parameters<typeof adminSession>[0], action: string, target: string) => d.handoffStore.audit(adminSession(c)!.advisor.id, action, target, now());
  const view = (e: EventRecord) => ({
    id: e.id,
    ...eventInput(e, d.timeZone),
    capacity: e.capacity,
    startsAt: new Date(e.startsAt).toISOString(),
    registered: e.taken,
    seatsLeft: Math.max(0, e.capacity - e.taken),
    status: e.status === 'cancelled' ? 'cancelled' : e.startsAt <= now() ? 'past' : 'open',
  });

  app.get('/', async (c) => c.json({ workshops: (await program.deps.store.events.listEvents(now() - 90 * 86_400_000, 300)).map(view) }));
  app.post('/', async (c) => {
    const body = await readJsonBody(c);
    if (!body) return c.json({ error: 'send a JSON object' }, 400);
    const r = await program.events.create(inputFrom(body));
    if (!r.ok) return c.json(apiErrors(d.i18n, r.errors), 400);
    await audit(c, 'event:create', r.value.id);
    return c.json({ workshop: view(r.value) }, 201);
  });
  app.get('/:id', async (c) => {
    const e = await program.deps.store.events.getEvent(c.req.param('id'));
    if (!e) return c.json({ error: 'no such workshop' }, 404);
    await audit(c, 'event:view', e.id);
    const registrations = (await program.deps.store.events.registrations(e.id)).map((r) => ({
      pseudonym: pseudonymFor(r.contactId),
      locale: r.locale,
      channel: r.channel,
      status: r.status,
      registeredAt: new Date(r.createdAt).toISOString(),
      remindedAt: r.remindedAt === null ? null : new Date(r.remindedAt).toISOString(),
    }));
    return c.json({ workshop: view(e), registrations });
  });
  app.patch('/:id', async (c) => {
    const e = await program.deps.store.events.getEvent(c.req.param('id'));
    if (!e) return c.json({ error: 'no such workshop' }, 404);
    const body = await readJsonBody(c);
    if (!body) return c.json({ error: 'send a JSON object' }, 400);
    const r = await program.events.update(e.id, inputFrom(body, eventInput(e, d.timeZone)));
    if (!r.ok) return c.json(apiErrors(d.i18n, r.errors, { n: String(e.taken) }), r.errors.includes('program.errors.event_closed') ? 409 : 400);
    await audit(c, 'event:update', e.id);
    return c.json({ workshop: view(r.value.event), notified: r.value.notified });
  });
  app.post('/:id/cancel', async (c) => {
    const id = c.req.param('id');
    if (!(await program.events.cancel(id))) return c.json({ error: 'no such active workshop' }, 409);
    await audit(c, 'event:cancel', id);
    return c.json({ ok: true });
  });
  return app;
}
