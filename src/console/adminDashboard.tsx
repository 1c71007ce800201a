/** @jsxImportSource hono/jsx */
import type { Session } from '../handoff/handoffPorts.js';
import type { DashboardData } from '../program/analytics.js';
import { PROVINCES } from '../program/programDeps.js';
import { CHANNEL_COLORS, HBars, Legend, PALETTE, StackedBars } from './adminCharts.js';
import { AdminLayout, centerDateTime } from './adminLayout.js';
import type { T } from './consolePages.js';
import { typedText } from './richText.js';

const minutes = (ms: number | null) => (ms === null ? '–' : `${Math.round(ms / 6000) / 10} min`);

export function DashboardPage(props: { t: T; lang: string; session: Session; data: DashboardData; timeZone: string; error?: string }) {
  const { t, data: d } = props;
  const channels = [...new Set(d.conversations.map((c) => c.channel))].sort();
  const locales = [...new Set(d.conversations.map((c) => c.locale))].sort();
  const cell = new Map<string, number>();
  const add = (k: string, n: number) => cell.set(k, (cell.get(k) ?? 0) + n);
  for (const c of d.conversations) {
    add(`ch|${c.day}|${c.channel}`, c.n);
    add(`lo|${c.day}|${c.locale}`, c.n);
    add(`chTotal|${c.channel}`, c.n);
    add(`loTotal|${c.locale}`, c.n);
    add('total', c.n);
  }
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
          <b id="total-conversations">{cell.get('total') ?? 0}</b>
          <span>{t('program.dashboard.conversation_days')}</span>
        </div>
        <div class="card">
          <b>{d.handoffs.total}</b>
          <span>{t('program.dashboard.handoffs')}</span>
        </div>
        <div class="card">
          <b>{minutes(d.handoffs.p50Ms)}</b>
          <span>{t('program.dashboard.wait_p50')}</span>
        </div>
        <div class="card">
          <b>{minutes(d.handoffs.p90Ms)}</b>
          <span>{t('program.dashboard.wait_p90')}</span>
        </div>
        <div class="card">
          <b>{d.csat.mean === null ? '–' : d.csat.mean.toFixed(1)}</b>
          <span>{t('program.dashboard.csat_mean', { n: d.csat.n })}</span>
        </div>
        <div class="card">
          <b>{d.subscriptions.people ?? 0}</b>
          <span>{t('program.dashboard.subscribers')}</span>
        </div>
      </div>

      <section class="panel">
        <h2>{t('program.dashboard.per_day_channel')}</h2>
        <Legend items={channels.map((c) => ({ key: CHANNEL_COLORS[c] ? c : 'cli', label: c }))} />
        <StackedBars id="chart-channels" title={t('program.dashboard.per_day_channel')} days={d.days} series={channels} value={(day, s) => cell.get(`ch|${day}|${s}`) ?? 0} />
      </section>
      <section class="panel">
        <h2>{t('program.dashboard.per_day_language')}</h2>
        <Legend items={locales.map((l, i) => ({ key: String(i % PALETTE.length), label: l }))} />
        <StackedBars id="chart-languages" title={t('program.dashboard.per_day_language')} days={d.days} series={locales} value={(day, s) => cell.get(`lo|${day}|${s}`) ?? 0} colors={(_s, i) => PALETTE[i % PALETTE.length]!} />
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
                      <td class="num">{a.shown}</td>
                      <td class="num">{a.helpful}</td>
                      <td class="num">{a.notHelpful}</td>
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
          <HBars id="chart-csat" title={t('program.dashboard.satisfaction')} rows={['5', '4', '3', '2', '1'].map((v, i) => ({ label: `${v} / 5`, value: d.csat.counts[v] ?? 0, color: PALETTE[i] }))} />
          <h2>{t('program.dashboard.handoffs')}</h2>
          {d.handoffs.total ? (
            <HBars id="chart-outcomes" title={t('program.dashboard.handoffs')} rows={Object.entries(d.handoffs.outcomes).map(([k, v]) => ({ label: t(`program.outcomes.${k}`), value: v }))} />
          ) : (
            <p class="muted">{t('program.dashboard.nothing')}</p>
          )}
          <p class="note">{t('program.dashboard.wait_note', { claimed: d.handoffs.claimed })}</p>
        </section>
      </div>

      <section class="panel">
        <h2>{t('program.dashboard.gaps', { n: d.gapTotal })}</h2>
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
                  <td dir="auto">{typedText(g.label)}</td>
                  <td class="num">{g.count}</td>
                  <td>{g.langs.join(', ')}</td>
                  <td dir="auto" class="muted">
                    {g.examples.map(typedText).join(' · ')}
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
                    <td class="num">{r.registered}</td>
                    <td class="num">{r.cancelled}</td>
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
          <HBars id="chart-subscriptions" title={t('program.dashboard.subscriptions')} rows={['workshops', 'rights', 'investment'].map((k) => ({ label: t(`program.topics.${k}`), value: d.subscriptions[k] ?? 0 }))} />
          <h2>{t('program.dashboard.by_language')}</h2>
          <HBars id="chart-language-totals" title={t('program.dashboard.by_language')} rows={locales.map((l, i) => ({ label: l, value: cell.get(`loTotal|${l}`) ?? 0, color: PALETTE[i % PALETTE.length] }))} />
        </section>
      </div>
    </AdminLayout>
  );
}
