/** @jsxImportSource hono/jsx */
import { Hono, type Context } from 'hono';
import type { Locale } from '../config/configSchema.js';
import type { CampaignInput } from '../program/campaigns.js';
import { CONTACT_LOCALES } from '../program/programDeps.js';
import { CampaignForm, CampaignPage, CampaignsPage } from './adminCampaigns.js';
import { ConfirmSendPage } from './adminCampaignSend.js';
import { AdminLayout } from './adminLayout.js';
import { auditAs, formOf, campaignFormInput, page, str, type AdminDeps } from './adminRouteKit.js';
import type { ConsoleEnv } from './consoleAuth.js';
import { consoleLang as lang, consoleTranslator } from './consoleShell.js';

/** /advisor/admin/campaigns: list, create, preview, send (after a confirmation), schedule, cancel, live progress. */
export function adminCampaignRoutes(d: AdminDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const { program } = d;
  const now = () => program.deps.clock.now();
  const tr = consoleTranslator(d.i18n);
  const audit = auditAs(d);
  const upcomingEvents = () => program.deps.store.events.listEvents(now(), 50).then((list) => list.filter((e) => e.status === 'active'));
  const notFound = (c: Context<ConsoleEnv>) =>
    page(c, <AdminLayout t={tr(c)} lang={lang(c)} session={c.get('session')} active="campaigns" title="404"><p class="error">{tr(c)('program.errors.not_found')}</p></AdminLayout>, 404);

  app.get('/', async (c) => page(c, <CampaignsPage t={tr(c)} lang={lang(c)} session={c.get('session')} campaigns={await program.deps.store.campaigns.listCampaigns(200)} timeZone={d.timeZone} />));
  app.get('/new', async (c) => {
    const input: CampaignInput = { kind: c.req.query('kind') === 'survey' ? 'survey' : 'news', ...(c.req.query('eventId') ? { eventId: c.req.query('eventId')! } : {}), ...(c.req.query('topic') ? { topic: c.req.query('topic')! } : {}) };
    return page(c, <CampaignForm t={tr(c)} lang={lang(c)} session={c.get('session')} input={input} events={await upcomingEvents()} timeZone={d.timeZone} />);
  });
  app.post('/', async (c) => {
    const input = campaignFormInput(await formOf(c));
    const r = await program.campaigns.create(input, c.get('session').advisor.id);
    if (!r.ok) return page(c, <CampaignForm t={tr(c)} lang={lang(c)} session={c.get('session')} input={input} events={await upcomingEvents()} errors={r.errors} timeZone={d.timeZone} />, 400);
    await audit(c, 'campaign:create', r.value.id);
    return c.redirect(`/advisor/admin/campaigns/${r.value.id}`, 303);
  });
  const campaignPage = async (c: Context<ConsoleEnv>, errors?: string[], status: 200 | 400 | 409 = 200) => {
    const campaign = await program.deps.store.campaigns.getCampaign(c.req.param('id')!);
    if (!campaign) return notFound(c);
    const asked = c.req.query('preview');
    const previewLocale = ((CONTACT_LOCALES as readonly string[]).includes(asked ?? '') ? asked : lang(c) === 'en' ? 'en' : lang(c) === 'ar' ? 'ar' : 'fr') as Locale;
    const registerOpen = await program.campaigns.registrationOpen(campaign);
    return page(
      c,
      <CampaignPage
        t={tr(c)}
        lang={lang(c)}
        session={c.get('session')}
        campaign={campaign}
        progress={(await program.campaigns.progress(campaign.id))!}
        audience={await program.campaigns.audience(campaign.filter)}
        preview={{ locale: previewLocale, reply: program.campaigns.replyFor(campaign, previewLocale, registerOpen) }}
        registerOpen={registerOpen}
        i18n={d.i18n}
        timeZone={d.timeZone}
        {...(errors ? { errors } : {})}
      />,
      status,
    );
  };
  app.get('/:id', (c) => campaignPage(c));
  app.get('/:id/progress.json', async (c) => {
    const p = await program.campaigns.progress(c.req.param('id'));
    if (!p) return c.json({ error: 'no such campaign' }, 404);
    const live = p.status === 'sending' || p.status === 'scheduled' || (p.status === 'sent' && p.counts.queued > 0);
    return c.json({ ...p, live, statusLabel: tr(c)(`program.status.${p.status}`) });
  });

  /** The confirmation: how many people, on which channels; `changedFrom` when the number moved since. */
  const confirmPage = async (c: Context<ConsoleEnv>, changedFrom?: number) => {
    const campaign = await program.deps.store.campaigns.getCampaign(c.req.param('id')!);
    if (!campaign) return notFound(c);
    if (campaign.status !== 'draft' && campaign.status !== 'scheduled') return c.redirect(`/advisor/admin/campaigns/${campaign.id}`, 303);
    const audience = await program.campaigns.audience(campaign.filter);
    const registerOpen = await program.campaigns.registrationOpen(campaign);
    return page(
      c,
      <ConfirmSendPage t={tr(c)} lang={lang(c)} session={c.get('session')} campaign={campaign} audience={audience} registerOpen={registerOpen} {...(changedFrom !== undefined ? { changedFrom } : {})} />,
      changedFrom === undefined ? 200 : 409,
    );
  };
  app.get('/:id/send', (c) => confirmPage(c));
  app.post('/:id/send', async (c) => {
    const id = c.req.param('id');
    const f = await formOf(c);
    // Without the confirmation (an old form, a double click), nothing is sent: the question is asked.
    if (str(f.confirm) !== 'yes' || !/^\d{1,9}$/.test(str(f.audience))) return c.redirect(`/advisor/admin/campaigns/${id}/send`, 303);
    const r = await program.campaigns.sendConfirmed(id, Number(f.audience));
    if (r === 'changed') return confirmPage(c, Number(f.audience));
    if (r !== 'sending') return campaignPage(c, ['program.errors.state'], 409);
    await audit(c, 'campaign:send', id);
    return c.redirect(`/advisor/admin/campaigns/${id}`, 303);
  });
  app.post('/:id/schedule', async (c) => {
    const id = c.req.param('id');
    const f = await formOf(c);
    const r = await program.campaigns.schedule(id, str(f.date), str(f.time));
    if (!r.ok) return campaignPage(c, r.errors, 400);
    await audit(c, 'campaign:schedule', id);
    return c.redirect(`/advisor/admin/campaigns/${id}`, 303);
  });
  app.post('/:id/cancel', async (c) => {
    const id = c.req.param('id');
    if (!(await program.campaigns.cancel(id))) return campaignPage(c, ['program.errors.state'], 409);
    await audit(c, 'campaign:cancel', id);
    return c.redirect(`/advisor/admin/campaigns/${id}`, 303);
  });
  return app;
}
