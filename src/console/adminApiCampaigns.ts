import { Hono } from 'hono';
import type { Locale } from '../config/configSchema.js';
import type { CampaignInput } from '../program/campaigns.js';
import type { Campaign } from '../program/programStore.js';
import { PROGRAM_LANGS } from '../program/programTurn.js';
import { adminSession, apiErrors, readJsonBody, type AdminApiDeps } from './adminApi.js';

const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** /admin/api/campaigns: the campaigns page's actions as JSON; sending needs the audience size confirmed. */
export function adminApiCampaigns(d: AdminApiDeps): Hono {
  const app = new Hono();
  const { program } = d;
  const now = () => program.deps.clock.now();
  const audit = (c: Parameters<typeof adminSession>[0], action: string, target: string) => d.handoffStore.audit(adminSession(c)!.advisor.id, action, target, now());
  const view = (k: Campaign) => ({
    id: k.id,
    name: k.name,
    kind: k.kind,
    texts: k.texts,
    filter: k.filter,
    eventId: k.eventId,
    status: k.status,
    scheduledAt: k.scheduledAt === null ? null : new Date(k.scheduledAt).toISOString(),
    audienceCount: k.audienceCount,
  });
  const audienceOf = async (k: Campaign) => {
    const byChannel = await program.campaigns.audience(k.filter);
    return { total: Object.values(byChannel).reduce((a, b) => a + b, 0), byChannel };
  };

  app.get('/', async (c) => c.json({ campaigns: (await program.deps.store.campaigns.listCampaigns(200)).map(view) }));
  app.post('/', async (c) => {
    const b = await readJsonBody(c);
    if (!b) return c.json({ error: 'send a JSON object' }, 400);
    const texts = b.texts && typeof b.texts === 'object' ? (b.texts as Record<string, unknown>) : {};
    const input: CampaignInput = {
      name: text(b.name),
      kind: text(b.kind),
      survey: text(b.survey),
      texts: Object.fromEntries(PROGRAM_LANGS.map((l) => [l, text(texts[l])])),
      topic: text(b.topic),
      locales: strings(b.locales),
      channels: strings(b.channels),
      audiences: strings(b.audiences),
      provinces: strings(b.provinces),
      eventId: text(b.eventId),
    };
    const r = await program.campaigns.create(input, adminSession(c)!.advisor.id);
    if (!r.ok) return c.json(apiErrors(d.i18n, r.errors), 400);
    await audit(c, 'campaign:create', r.value.id);
    return c.json({ campaign: view(r.value), audience: await audienceOf(r.value) }, 201);
  });
  app.get('/:id', async (c) => {
    const k = await program.deps.store.campaigns.getCampaign(c.req.param('id'));
    if (!k) return c.json({ error: 'no such campaign' }, 404);
    const registerOpen = await program.campaigns.registrationOpen(k);
    const preview = program.campaigns.replyFor(k, (c.req.query('preview') ?? 'fr') as Locale, registerOpen);
    return c.json({ campaign: view(k), audience: await audienceOf(k), registerButton: Boolean(k.eventId && registerOpen), progress: await program.campaigns.progress(k.id), preview });
  });
  // The confirmation step: the number of people the admin agreed to, which must still be the audience.
  app.post('/:id/send', async (c) => {
    const id = c.req.param('id');
    const k = await program.deps.store.campaigns.getCampaign(id);
    if (!k) return c.json({ error: 'no such campaign' }, 404);
    const b = await readJsonBody(c);
    const confirmed = b?.confirmAudience;
    if (typeof confirmed !== 'number' || !Number.isInteger(confirmed) || confirmed < 0) {
      return c.json({ error: 'confirm the number of people it goes to: {"confirmAudience": N}', audience: await audienceOf(k) }, 400);
    }
    const r = await program.campaigns.sendConfirmed(id, confirmed);
    if (r === 'changed') return c.json({ error: 'the audience changed: nothing was sent; confirm the new number', audience: await audienceOf(k) }, 409);
    if (r === 'state') return c.json({ error: `the campaign is ${k.status}: it cannot be sent now` }, 409);
    await audit(c, 'campaign:send', id);
    return c.json({ ok: true, status: 'sending' });
  });
  app.post('/:id/schedule', async (c) => {
    const id = c.req.param('id');
    const b = await readJsonBody(c);
    const r = await program.campaigns.schedule(id, text(b?.date), text(b?.time));
    if (!r.ok) return c.json(apiErrors(d.i18n, r.errors), r.errors.includes('program.errors.state') ? 409 : 400);
    await audit(c, 'campaign:schedule', id);
    return c.json({ ok: true, scheduledAt: new Date(r.value).toISOString() });
  });
  app.post('/:id/cancel', async (c) => {
    const id = c.req.param('id');
    if (!(await program.campaigns.cancel(id))) return c.json({ error: 'this campaign cannot be cancelled now' }, 409);
    await audit(c, 'campaign:cancel', id);
    return c.json({ ok: true });
  });
  return app;
}
