/** @jsxImportSource hono/jsx */
import type { Session } from '../handoff/handoffPorts.js';
import type { Cell, DashboardData } from '../program/analytics.js';
import { PersonText } from './personText.js';
import { FSI, PDI } from '../i18n/bidiIsolate.js';
import { PROVINCES } from '../program/programDeps.js';
import { CHANNEL_COLORS, HBars, Legend, PALETTE, StackedBars } from './adminCharts.js';
import { AdminLayout, cellText, centerDateTime, listOf, minutesText } from './adminLayout.js';
import type { T } from './consolePages.js';

/** A cell of a record: 0 when absent, null (fewer than 5 people) kept as it is. */
const of = (r: Record<string, Cell>, k: string): Cell => (k in r ? r[k]! : 0);

export function DashboardPage(props: { t: T; lang: string; session: Session; data: DashboardData; timeZone: string; error?: string }) {
  const { t, data: d } = props;
  const channels = Object.keys(d.totals.channel).sort();
  const locales = Object.keys(d.totals.locale).sort();
  const perDay = (list: { day: string; key: string; n: Cell }[]) => {
    const m = new Map(list.map((x) => [`${x.day}|${x.key}`, x.n]));
    return (day: string, key: string) => (m.has(`${day}|${key}`) ? m.get(`${day}|${key}`)! : 0);
  };
  const csv = `/admin/api/analytics.csv?from=${d.from}&to=${d.to}${d.province ? `&province=${d.province}` : ''}`;
  const topArticles = d.articles.slice(0, 10);
  return (
    <AdminLayout t={t} lang={props.lang} session={props.session} active="dashboard" title={t('program.dashboard.heading')}>
      <h1>{t('program.dashboard.heading')}</h1>
      {props.error && <p class="error" role="alert">{props.error}</p>}
      <form method="get" action="/advisor/admin/dashboard" class="filters">
        <label>
          {t('program.dashboard.from')}
          <input type="date" name="from" value={d.from} required />
        </label>
        <label>
          {t('program.dashboard.to')}
          <input type="date" name="to" value={d.to} required />
        </label>
        <label>
          {t('program.province')}
          <select name="province">
            <option value="">{t('program.all_provinces')}</option>
            {PROVINCES.map((p) => (
              <option value={p} selected={d.province === p}>
                {t(`program.provinces.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('program.dashboard.apply')}</button>
        <a href={csv} id="export-csv">
          {t('program.dashboard.export')}
        </a>
      </form>
      <div class="cards">
        <div class="card">
          <b id="total-conversations">{cellText(d.totals.all, props.lang)}</b>
          <span>{t('program.dashboard.conversation_days')}</span>
        </div>
        <div class="card">
          <b>{cellText(d.handoffs.people, props.lang)}</b>
          <span>{t('program.dashboard.handoffs')}</span>
        </div>
        <div class="card">
          <b>{minutesText(d.handoffs.p50Ms, props.lang)}</b>
          <span>{t('program.dashboard.wait_p50')}</span>
        </div>
        <div class="card">
          <b>{minutesText(d.handoffs.p90Ms, props.lang)}</b>
          <span>{t('program.dashboard.wait_p90')}</span>
        </div>
        <div class="card">
          <b>{d.csat.mean === null ? '–' : d.csat.mean.toFixed(1)}</b>
          <span>{t('program.dashboard.csat_mean', { n: cellText(d.csat.n, props.lang) })}</span>
        </div>
        <div class="card">
          <b>{cellText(of(d.subscriptions, 'people'), props.lang)}</b>
          <span>{t('program.dashboard.subscribers')}</span>
        </div>
      </div>

      <section class="panel">
        <h2>{t('program.dashboard.per_day_channel')}</h2>
        <Legend items={channels.map((c) => ({ key: CHANNEL_COLORS[c] ? c : 'cli', label: t(`channels.${c}`) }))} />
        <StackedBars id="chart-channels" title={t('program.dashboard.per_day_channel')} days={d.days} series={channels} value={perDay(d.perDay.channel)} />
      </section>
      <section class="panel">
        <h2>{t('program.dashboard.per_day_language')}</h2>
        <Legend items={locales.map((l, i) => ({ key: String(i % PALETTE.length), label: t(`program.langs.${l}`) }))} />
        <StackedBars id="chart-languages" title={t('program.dashboard.per_day_language')} days={d.days} series={locales} value={perDay(d.perDay.locale)} colors={(_s, i) => PALETTE[i % PALETTE.length]!} />
      </section>

      <div class="grid2">
        <section class="panel">
          <h2>{t('program.dashboard.top_articles')}</h2>
          {topArticles.length ? (
            <>
              <HBars id="chart-articles" title={t('program.dashboard.top_articles')} rows={topArticles.map((a) => ({ label: a.articleId, value: a.shown }))} />
              <table>
                <thead>
                  <tr>
                    <th>{t('program.dashboard.article')}</th>
                    <th class="num">{t('program.dashboard.shown')}</th>
                    <th class="num">{t('program.dashboard.helpful')}</th>
                    <th class="num">{t('program.dashboard.not_helpful')}</th>
                  </tr>
                </thead>
                <tbody>
                  {topArticles.map((a) => (
                    <tr>
                      <td>{a.articleId}</td>
                      <td class="num">{cellText(a.shown, props.lang)}</td>
                      <td class="num">{cellText(a.helpful, props.lang)}</td>
                      <td class="num">{cellText(a.notHelpful, props.lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : (
            <p class="muted">{t('program.dashboard.nothing')}</p>
          )}
        </section>
        <section class="panel">
          <h2>{t('program.dashboard.satisfaction')}</h2>
          <HBars id="chart-csat" title={t('program.dashboard.satisfaction')} rows={['5', '4', '3', '2', '1'].map((v, i) => ({ label: t('program.dashboard.csat_score', { score: v }), value: of(d.csat.counts, v), color: PALETTE[i] }))} />
          <h2>{t('program.dashboard.handoffs')}</h2>
          {d.handoffs.people !== 0 ? (
            <HBars id="chart-outcomes" title={t('program.dashboard.handoffs')} rows={Object.entries(d.handoffs.outcomes).map(([k, v]) => ({ label: t(`program.outcomes.${k}`), value: v }))} />
          ) : (
            <p class="muted">{t('program.dashboard.nothing')}</p>
          )}
          <p class="note">{t('program.dashboard.wait_note', { claimed: cellText(d.handoffs.claimed, props.lang) })}</p>
        </section>
      </div>

      <section class="panel">
        <h2>{t('program.dashboard.gaps', { n: cellText(d.gapPeople, props.lang) })}</h2>
        {d.gaps.length ? (
          <table id="gaps">
            <thead>
              <tr>
                <th>{t('program.dashboard.question')}</th>
                <th class="num">{t('program.dashboard.times')}</th>
                <th>{t('program.dashboard.languages')}</th>
                <th>{t('program.dashboard.also_asked')}</th>
              </tr>
            </thead>
            <tbody>
              {d.gaps.slice(0, 20).map((g) => (
                <tr>
                  <td dir="auto">
                    <PersonText text={g.label} />
                  </td>
                  <td class="num">{g.people}</td>
                  <td>{listOf(g.langs.map((l) => t(`program.langs.${l}`)), props.lang)}</td>
                  <td dir="auto" class="muted">
                    {g.examples.map((e, i) => (
                      <>
                        {i ? ' · ' : ''}
                        {FSI}
                        <PersonText text={e} />
                        {PDI}
                      </>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">{t('program.dashboard.nothing')}</p>
        )}
        <p class="note">{t('program.dashboard.anonymous_note')}</p>
      </section>

      <div class="grid2">
        <section class="panel">
          <h2>{t('program.dashboard.registrations')}</h2>
          {d.registrations.length ? (
            <table>
              <thead>
                <tr>
                  <th>{t('program.events.title')}</th>
                  <th>{t('program.events.when')}</th>
                  <th class="num">{t('program.events.registered')}</th>
                  <th class="num">{t('program.events.cancelled')}</th>
                </tr>
              </thead>
              <tbody>
                {d.registrations.map((r) => (
                  <tr>
                    <td>
                      <a href={`/advisor/admin/workshops/${r.eventId}`}>{r.title}</a>
                    </td>
                    <td>{centerDateTime(r.startsAt, props.timeZone, props.lang)}</td>
                    <td class="num">{cellText(r.registered, props.lang)}</td>
                    <td class="num">{cellText(r.cancelled, props.lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">{t('program.dashboard.nothing')}</p>
          )}
        </section>
        <section class="panel">
          <h2>{t('program.dashboard.subscriptions')}</h2>
          <HBars id="chart-subscriptions" title={t('program.dashboard.subscriptions')} rows={['workshops', 'rights', 'investment'].map((k) => ({ label: t(`program.topics.${k}`), value: of(d.subscriptions, k) }))} />
          <h2>{t('program.dashboard.by_language')}</h2>
          <HBars id="chart-language-totals" title={t('program.dashboard.by_language')} rows={locales.map((l, i) => ({ label: t(`program.langs.${l}`), value: of(d.totals.locale, l), color: PALETTE[i % PALETTE.length] }))} />
        </section>
      </div>
    </AdminLayout>
  );
}
