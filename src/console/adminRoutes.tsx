/** @jsxImportSource hono/jsx */
import { Hono, type Context } from 'hono';
import type { Locale } from '../config/configSchema.js';
import type { FlowGraph } from '../flows/flowGraph.js';
import type { HandoffStore } from '../handoff/handoffPorts.js';
import type { I18n } from '../i18n/createI18n.js';
import { loadDashboard, parseRange } from '../program/analytics.js';
import type { CampaignInput } from '../program/campaigns.js';
import { localDays } from '../program/centerTime.js';
import type { EventInput } from '../program/events.js';
import type { ProgramService } from '../program/programService.js';
import { CONTACT_LOCALES } from '../program/programDeps.js';
import { PROGRAM_LANGS } from '../program/programTurn.js';
import { CampaignForm, CampaignPage, CampaignsPage } from './adminCampaigns.js';
import { DashboardPage } from './adminDashboard.js';
import { EventForm, EventPage, EventsPage } from './adminEvents.js';
import { ADMIN_CSS, ADMIN_JS, AdminLayout } from './adminLayout.js';
import { SurveysPage } from './adminSurveys.js';
import type { ConsoleAuth, ConsoleEnv } from './consoleAuth.js';
import { consoleHeaders, consoleLang, consoleTranslator } from './consoleShell.js';

export interface AdminDeps {
  auth: ConsoleAuth;
  program: ProgramService;
  /** For the audit log (who exported or sent what). */
  handoffStore: HandoffStore;
  i18n: I18n;
  graph: FlowGraph;
  timeZone: string;
}


/** An HTML page in standards mode. */
async function page(c: Context, body: unknown, status: 200 | 400 | 403 | 404 | 409 = 200): Promise<Response> {
  return c.html(`<!doctype html>${String(await body)}`, status);
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : []);

/**
 * The Center's program in the console, for admins: dashboard, campaigns (with previews and live
 * progress), workshops and events (registrations, attendance list), survey results. Mounted at
 * /advisor/admin; every page needs an admin session, every form its CSRF token.
 */
export function adminRoutes(d: AdminDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const { program } = d;
  const now = () => program.deps.clock.now();

  app.use('*', consoleHeaders);
  const lang = consoleLang;
  const tr = consoleTranslator(d.i18n);

  app.use(
    '*',
    d.auth.require('admin', (c, status) =>
      status === 401
        ? c.req.path.endsWith('.json')
          ? c.json({ error: 'sign in first' }, 401)
          : c.redirect('/advisor/login', 303)
        : c.req.path.endsWith('.json') || c.req.path.endsWith('.csv')
          ? c.json({ error: 'admins only' }, 403)
          : c.html(`<!doctype html><p class="error">${tr(c)('errors.forbidden')}</p>`, 403),
    ),
  );
  app.use('*', async (c, next) => {
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      if (!d.auth.csrfOk(c.get('session'), String(form._csrf ?? ''))) return c.html(`<!doctype html><p class="error">${tr(c)('errors.csrf')}</p>`, 403);
    }
    await next();
  });
  const audit = (c: Context<ConsoleEnv>, action: string, target: string | null) => d.handoffStore.audit(c.get('session').advisor.id, action, target, now());

  app.get('/assets/admin.css', (c) => c.body(ADMIN_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));
  app.get('/assets/admin.js', (c) => c.body(ADMIN_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/', (c) => c.redirect('/advisor/admin/dashboard', 303));

  // Dashboard.
  app.get('/dashboard', async (c) => {
    const range = parseRange({ from: c.req.query('from'), to: c.req.query('to'), province: c.req.query('province') || undefined }, now(), d.timeZone);
    const q = range.ok ? range : (parseRange({}, now(), d.timeZone) as Extract<typeof range, { ok: true }>);
    const data = await loadDashboard(program.deps.store, d.timeZone, q);
    return page(c, <DashboardPage t={tr(c)} lang={lang(c)} session={c.get('session')} data={data} timeZone={d.timeZone} {...(range.ok ? {} : { error: range.error })} />, range.ok ? 200 : 400);
  });

  // Campaigns.
  app.get('/campaigns', async (c) => page(c, <CampaignsPage t={tr(c)} lang={lang(c)} session={c.get('session')} campaigns={await program.deps.store.campaigns.listCampaigns(200)} timeZone={d.timeZone} />));
  const upcomingEvents = () => program.deps.store.events.listEvents(now(), 50).then((list) => list.filter((e) => e.status === 'active'));
  app.get('/campaigns/new', async (c) => {
    const input: CampaignInput = { kind: c.req.query('kind') === 'survey' ? 'survey' : 'news', ...(c.req.query('eventId') ? { eventId: c.req.query('eventId')! } : {}), ...(c.req.query('topic') ? { topic: c.req.query('topic')! } : {}) };
    return page(c, <CampaignForm t={tr(c)} lang={lang(c)} session={c.get('session')} input={input} events={await upcomingEvents()} timeZone={d.timeZone} />);
  });
  app.post('/campaigns', async (c) => {
    const f = await c.req.parseBody({ all: true });
    const input: CampaignInput = {
      name: str(f.name),
      kind: str(f.kind),
      survey: str(f.survey),
      texts: Object.fromEntries(PROGRAM_LANGS.map((l) => [l, str(f[`text_${l}`])])),
      topic: str(f.topic),
      locales: list(f.locales),
      channels: list(f.channels),
      audiences: list(f.audiences),
      provinces: list(f.provinces),
      eventId: str(f.eventId),
    };
    const r = await program.campaigns.create(input, c.get('session').advisor.id);
    if (!r.ok) return page(c, <CampaignForm t={tr(c)} lang={lang(c)} session={c.get('session')} input={input} events={await upcomingEvents()} errors={r.errors} timeZone={d.timeZone} />, 400);
    await audit(c, 'campaign:create', r.value.id);
    return c.redirect(`/advisor/admin/campaigns/${r.value.id}`, 303);
  });
  const campaignPage = async (c: Context<ConsoleEnv>, errors?: string[], status: 200 | 400 | 409 = 200) => {
    const campaign = await program.deps.store.campaigns.getCampaign(c.req.param('id')!);
    if (!campaign) return page(c, <AdminLayout t={tr(c)} lang={lang(c)} session={c.get('session')} active="campaigns" title="404"><p class="error">{tr(c)('program.errors.not_found')}</p></AdminLayout>, 404);
    const asked = c.req.query('preview');
    const previewLocale = ((CONTACT_LOCALES as readonly string[]).includes(asked ?? '') ? asked : lang(c) === 'en' ? 'en' : lang(c) === 'ar' ? 'ar' : 'fr') as Locale;
    return page(
      c,
      <CampaignPage
        t={tr(c)}
        lang={lang(c)}
        session={c.get('session')}
        campaign={campaign}
        progress={(await program.campaigns.progress(campaign.id))!}
        audience={await program.campaigns.audience(campaign.filter)}
        preview={{ locale: previewLocale, reply: program.campaigns.replyFor(campaign, previewLocale) }}
        i18n={d.i18n}
        timeZone={d.timeZone}
        {...(errors ? { errors } : {})}
      />,
      status,
    );
  };
  app.get('/campaigns/:id', (c) => campaignPage(c));
  app.get('/campaigns/:id/progress.json', async (c) => {
    const p = await program.campaigns.progress(c.req.param('id'));
    if (!p) return c.json({ error: 'no such campaign' }, 404);
    const live = p.status === 'sending' || p.status === 'scheduled' || (p.status === 'sent' && p.counts.queued > 0);
    return c.json({ ...p, live, statusLabel: tr(c)(`program.status.${p.status}`) });
  });
  app.post('/campaigns/:id/send', async (c) => {
    const id = c.req.param('id');
    if (!(await program.campaigns.sendNow(id))) return campaignPage(c, ['program.errors.state'], 409);
    await audit(c, 'campaign:send', id);
    return c.redirect(`/advisor/admin/campaigns/${id}`, 303);
  });
  app.post('/campaigns/:id/schedule', async (c) => {
    const id = c.req.param('id');
    const f = await c.req.parseBody();
    const r = await program.campaigns.schedule(id, str(f.date), str(f.time));
    if (!r.ok) return campaignPage(c, r.errors, 400);
    await audit(c, 'campaign:schedule', id);
    return c.redirect(`/advisor/admin/campaigns/${id}`, 303);
  });
  app.post('/campaigns/:id/cancel', async (c) => {
    const id = c.req.param('id');
    if (!(await program.campaigns.cancel(id))) return campaignPage(c, ['program.errors.state'], 409);
    await audit(c, 'campaign:cancel', id);
    return c.redirect(`/advisor/admin/campaigns/${id}`, 303);
  });

  // Workshops and events.
  app.get('/workshops', async (c) => page(c, <EventsPage t={tr(c)} lang={lang(c)} session={c.get('session')} events={await program.deps.store.events.listEvents(now() - 90 * 86_400_000, 300)} timeZone={d.timeZone} now={now()} />));
  app.get('/workshops/new', (c) => page(c, <EventForm t={tr(c)} lang={lang(c)} session={c.get('session')} input={{ languages: ['ar', 'fr'] }} timeZone={d.timeZone} />));
  app.post('/workshops', async (c) => {
    const f = await c.req.parseBody({ all: true });
    const input: EventInput = {
      titles: Object.fromEntries(PROGRAM_LANGS.map((l) => [l, str(f[`title_${l}`])])),
      place: str(f.place),
      province: str(f.province),
      date: str(f.date),
      time: str(f.time),
      capacity: str(f.capacity),
      languages: list(f.languages),
    };
    const r = await program.events.create(input);
    if (!r.ok) return page(c, <EventForm t={tr(c)} lang={lang(c)} session={c.get('session')} input={input} errors={r.errors} timeZone={d.timeZone} />, 400);
    await audit(c, 'event:create', r.value.id);
    return c.redirect(`/advisor/admin/workshops/${r.value.id}`, 303);
  });
  app.get('/workshops/:id', async (c) => {
    const event = await program.deps.store.events.getEvent(c.req.param('id'));
    if (!event) return page(c, <AdminLayout t={tr(c)} lang={lang(c)} session={c.get('session')} active="workshops" title="404"><p class="error">{tr(c)('program.errors.not_found')}</p></AdminLayout>, 404);
    // Registrations are personal data (pseudonymous): reading them is audited.
    await audit(c, 'event:view', event.id);
    return page(c, <EventPage t={tr(c)} lang={lang(c)} session={c.get('session')} event={event} registrations={await program.deps.store.events.registrations(event.id)} timeZone={d.timeZone} now={now()} />);
  });
  app.post('/workshops/:id/cancel', async (c) => {
    const id = c.req.param('id');
    if (await program.events.cancel(id)) await audit(c, 'event:cancel', id);
    return c.redirect(`/advisor/admin/workshops/${id}`, 303);
  });
  app.get('/workshops/:id/attendance.csv', async (c) => {
    const id = c.req.param('id');
    const csv = await program.events.attendanceCsv(id);
    if (csv === null) return c.json({ error: 'no such event' }, 404);
    await audit(c, 'event:export', id);
    return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="attendance-${id}.csv"` });
  });

  // Surveys.
  app.get('/surveys', async (c) => {
    const range = parseRange({ from: c.req.query('from'), to: c.req.query('to') }, now(), d.timeZone);
    const q = range.ok ? range : (parseRange({}, now(), d.timeZone) as Extract<typeof range, { ok: true }>);
    const days = localDays(q.from, q.to, d.timeZone);
    const span = { from: days[0]!.start, to: days.at(-1)!.end, province: null };
    const [counts, comments] = await Promise.all([program.deps.store.analytics.surveyCounts('impact', span), program.deps.store.analytics.surveyComments('impact', 'comment', span, 200)]);
    return page(
      c,
      <SurveysPage t={tr(c)} lang={lang(c)} session={c.get('session')} survey="impact-survey" results={{ from: q.from, to: q.to, counts, comments }} graph={d.graph} i18n={d.i18n} timeZone={d.timeZone} />,
    );
  });
  return app;
}
