/** @jsxImportSource hono/jsx */
import type { Locale } from '../config/configSchema.js';
import type { Reply } from '../core/message.js';
import type { I18n } from '../i18n/createI18n.js';
import type { Session } from '../handoff/handoffPorts.js';
import { ChannelPreviews } from './adminChannelPreviews.js';
import type { CampaignInput, CampaignProgress } from '../program/campaigns.js';
import { CAMPAIGN_CHANNELS, CONTACT_LOCALES, PROVINCES } from '../program/programDeps.js';
import type { Campaign, EventRecord } from '../program/programStore.js';
import { NEWS_TOPICS, PROGRAM_LANGS } from '../program/programTurn.js';
import { eventTitle } from '../program/renderProgram.js';
import { AdminLayout, centerDateTime, Csrf, Errors, listOf } from './adminLayout.js';
import type { T } from './consolePages.js';

export function CampaignsPage(props: { t: T; lang: string; session: Session; campaigns: Campaign[]; timeZone: string }) {
  const { t } = props;
  return (
    <AdminLayout t={t} lang={props.lang} session={props.session} active="campaigns" title={t('program.campaigns.heading')}>
      <h1>{t('program.campaigns.heading')}</h1>
      <p>
        <a href="/advisor/admin/campaigns/new">{t('program.campaigns.new')}</a> · <a href="/advisor/admin/campaigns/new?kind=survey">{t('program.campaigns.new_survey')}</a>
      </p>
      {props.campaigns.length ? (
        <table id="campaigns">
          <thead>
            <tr>
              <th>{t('program.campaigns.name')}</th>
              <th>{t('program.campaigns.kind')}</th>
              <th>{t('program.campaigns.status')}</th>
              <th class="num">{t('program.campaigns.audience')}</th>
              <th>{t('program.campaigns.created')}</th>
            </tr>
          </thead>
          <tbody>
            {props.campaigns.map((c) => (
              <tr>
                <td>
                  <a href={`/advisor/admin/campaigns/${c.id}`}>{c.name}</a>
                </td>
                <td>{t(`program.kinds.${c.kind}`)}</td>
                <td>{t(`program.status.${c.status}`)}</td>
                <td class="num">{c.audienceCount ?? '–'}</td>
                <td>{centerDateTime(c.createdAt, props.timeZone, props.lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('program.campaigns.none')}</p>
      )}
    </AdminLayout>
  );
}

function Checks(props: { t: T; name: string; values: readonly string[]; checked: string[] | undefined; label: (v: string) => string }) {
  return (
    <>
      {props.values.map((v) => (
        <label class="check">
          <input type="checkbox" name={props.name} value={v} checked={props.checked?.includes(v)} />
          {props.label(v)}
        </label>
      ))}
    </>
  );
}

/** Audience filters, shared by the campaign form. */
export function CampaignForm(props: { t: T; lang: string; session: Session; input: CampaignInput; events: EventRecord[]; errors?: string[]; timeZone: string }) {
  const { t, input } = props;
  const survey = input.kind === 'survey';
  return (
    <AdminLayout t={t} lang={props.lang} session={props.session} active="campaigns" title={t('program.campaigns.new')}>
      <h1>{survey ? t('program.campaigns.new_survey') : t('program.campaigns.new')}</h1>
      <Errors t={t} errors={props.errors} />
      <form method="post" action="/advisor/admin/campaigns" class="stack" id="campaign-form">
        <Csrf session={props.session} />
        <input type="hidden" name="kind" value={survey ? 'survey' : 'news'} />
        {survey && <input type="hidden" name="survey" value="impact-survey" />}
        <label>
          {t('program.campaigns.name')}
          <input name="name" required maxlength={120} value={input.name ?? ''} />
        </label>
        <p class="note">{survey ? t('program.campaigns.survey_help') : t('program.campaigns.text_help')}</p>
        <div class="two">
          {PROGRAM_LANGS.map((l) => (
            <label>
              {t(`program.langs.${l}`)}
              <textarea name={`text_${l}`} rows={4} maxlength={1500} dir={l === 'ar' ? 'rtl' : 'ltr'} lang={l}>
                {input.texts?.[l] ?? ''}
              </textarea>
            </label>
          ))}
        </div>
        <fieldset>
          <legend>{t('program.campaigns.who')}</legend>
          <p class="note">{t('program.campaigns.optin_note')}</p>
          <label>
            {t('program.campaigns.topic')}{' '}
            <select name="topic">
              <option value="any">{t('program.topics.any')}</option>
              {NEWS_TOPICS.map((k) => (
                <option value={k} selected={input.topic === k}>
                  {t(`program.topics.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <p>
            <strong>{t('program.campaigns.languages')}</strong> <Checks t={t} name="locales" values={CONTACT_LOCALES} checked={input.locales} label={(v) => t(`program.langs.${v}`)} />
          </p>
          <p>
            <strong>{t('program.campaigns.channels')}</strong> <Checks t={t} name="channels" values={CAMPAIGN_CHANNELS} checked={input.channels} label={(v) => v} />
          </p>
          <p>
            <strong>{t('program.campaigns.audiences')}</strong> <Checks t={t} name="audiences" values={['migrant', 'mre']} checked={input.audiences} label={(v) => t(`audience.${v}`)} />
          </p>
          <p>
            <strong>{t('program.province')}</strong> <Checks t={t} name="provinces" values={PROVINCES} checked={input.provinces} label={(v) => t(`program.provinces.${v}`)} />
          </p>
          <p class="note">{t('program.campaigns.empty_means_all')}</p>
        </fieldset>
        {!survey && (
          <label>
            {t('program.campaigns.event')}{' '}
            <select name="eventId">
              <option value="">{t('program.campaigns.no_event')}</option>
              {props.events.map((e) => (
                <option value={e.id} selected={input.eventId === e.id}>
                  {`${eventTitle(e, props.lang)} · ${centerDateTime(e.startsAt, props.timeZone, props.lang)}${e.taken >= e.capacity ? ` · ${t('program.campaigns.full_mark')}` : ''}`}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" class="primary">
          {t('program.campaigns.save')}
        </button>
      </form>
    </AdminLayout>
  );
}

export function CampaignPage(props: {
  t: T;
  lang: string;
  session: Session;
  campaign: Campaign;
  progress: CampaignProgress;
  audience: Record<string, number>;
  preview: { locale: Locale; reply: Reply | null };
  /** The announced workshop can still take a registration: its messages carry "Register". */
  registerOpen: boolean;
  i18n: I18n;
  timeZone: string;
  errors?: string[];
}) {
  const { t, campaign: c, progress: p } = props;
  const f = c.filter;
  const live = p.status === 'sending' || p.status === 'scheduled' || (p.status === 'sent' && p.counts.queued > 0);
  const total = Object.values(props.audience).reduce((a, b) => a + b, 0);
  return (
    <AdminLayout t={t} lang={props.lang} session={props.session} active="campaigns" title={c.name}>
      <p>
        <a href="/advisor/admin/campaigns">{t('program.campaigns.back')}</a>
      </p>
      <h1>{c.name}</h1>
      <Errors t={t} errors={props.errors} />
      <section class="panel" id="campaign-live" data-url={`/advisor/admin/campaigns/${c.id}/progress.json`} data-live={live ? '1' : '0'}>
        <h2>
          {t('program.campaigns.status')}: <span id="campaign-status">{t(`program.status.${p.status}`)}</span>
          {c.scheduledAt && p.status === 'scheduled' && <> · {centerDateTime(c.scheduledAt, props.timeZone, props.lang)}</>}
        </h2>
        <div class="progress-row">
          <progress id="campaign-progress" max="100" value={p.percent}>
            {p.percent} %
          </progress>
          <strong id="campaign-percent">{p.percent} %</strong>
        </div>
        <table id="campaign-counts">
          <tbody>
            <tr>
              <th>{t('program.campaigns.audience')}</th>
              <td class="num" data-count="audience">{p.audience}</td>
              <th>{t('program.counts.enqueued')}</th>
              <td class="num" data-count="enqueued">{p.enqueued}</td>
              <th>{t('program.counts.done')}</th>
              <td class="num" data-count="done">{p.done}</td>
            </tr>
            <tr>
              <th>{t('program.counts.queued')}</th>
              <td class="num" data-count="queued">{p.counts.queued}</td>
              <th>{t('program.counts.sent')}</th>
              <td class="num" data-count="sent">{p.counts.sent}</td>
              <th>{t('program.counts.webchat')}</th>
              <td class="num" data-count="webchat">{p.webchat}</td>
            </tr>
            <tr>
              <th>{t('program.counts.delivered')}</th>
              <td class="num" data-count="delivered">{p.counts.delivered}</td>
              <th>{t('program.counts.read')}</th>
              <td class="num" data-count="read">{p.counts.read}</td>
              <th>{t('program.counts.failed')}</th>
              <td class="num" data-count="failed">{p.counts.failed}</td>
            </tr>
          </tbody>
        </table>
        <p class="note">{t('program.counts.note')}</p>
        {(p.status === 'draft' || p.status === 'scheduled') && (
          <div>
            <a href={`/advisor/admin/campaigns/${c.id}/send`} class="button primary" id="send-now">
              {t('program.campaigns.send_now', { n: total })}
            </a>{' '}
            <form method="post" action={`/advisor/admin/campaigns/${c.id}/schedule`} class="inline">
              <Csrf session={props.session} />
              <label>
                {t('program.campaigns.schedule')} <input type="date" name="date" required />
              </label>
              <input type="time" name="time" required />
              <button type="submit">{t('program.campaigns.do_schedule')}</button>
              <span class="note">{t('program.campaigns.tz_note', { tz: props.timeZone })}</span>
            </form>
          </div>
        )}
        {(p.status === 'draft' || p.status === 'scheduled' || p.status === 'sending') && (
          <form method="post" action={`/advisor/admin/campaigns/${c.id}/cancel`} class="inline">
            <Csrf session={props.session} />
            <button type="submit">{t('program.campaigns.cancel')}</button>
          </form>
        )}
      </section>

      {c.eventId && !props.registerOpen && (p.status === 'draft' || p.status === 'scheduled' || p.status === 'sending') && (
        <p class="warning" id="event-full">
          {t('program.campaigns.event_full')}
        </p>
      )}
      <section class="panel">
        <h2>{t('program.campaigns.who')}</h2>
        <dl>
          <dt>{t('program.campaigns.topic')}</dt>
          <dd>{t(`program.topics.${f.topic}`)}</dd>
          <dt>{t('program.campaigns.languages')}</dt>
          <dd>{f.locales.length ? listOf(f.locales.map((l) => t(`program.langs.${l}`)), props.lang) : t('program.all')}</dd>
          <dt>{t('program.campaigns.channels')}</dt>
          <dd>{f.channels.length ? listOf(f.channels.map((ch) => t(`channels.${ch}`)), props.lang) : t('program.all')}</dd>
          <dt>{t('program.campaigns.audiences')}</dt>
          <dd>{f.audiences.length ? listOf(f.audiences.map((a) => t(`audience.${a}`)), props.lang) : t('program.all')}</dd>
          <dt>{t('program.province')}</dt>
          <dd>{f.provinces.length ? listOf(f.provinces.map((v) => t(`program.provinces.${v}`)), props.lang) : t('program.all')}</dd>
          <dt>{t('program.campaigns.reach_now')}</dt>
          <dd id="audience-now">
            {total} ({listOf(Object.entries(props.audience).map(([ch, n]) => `${t(`channels.${ch}`)}: ${n}`), props.lang) || '–'})
          </dd>
        </dl>
        <p class="note">{t('program.campaigns.optin_note')}</p>
      </section>

      <section class="panel">
        <h2>{t('program.campaigns.preview')}</h2>
        <p class="tabs">
          {CONTACT_LOCALES.map((l) => (
            <a href={`/advisor/admin/campaigns/${c.id}?preview=${l}`} class={props.preview.locale === l ? 'active' : ''}>
              {t(`program.langs.${l}`)}
            </a>
          ))}
        </p>
        {props.preview.reply ? <ChannelPreviews t={t} reply={props.preview.reply} i18n={props.i18n} /> : <p class="muted">{t('program.campaigns.no_text')}</p>}
      </section>
    </AdminLayout>
  );
}
