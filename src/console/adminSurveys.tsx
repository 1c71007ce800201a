/** @jsxImportSource hono/jsx */
import type { Session } from '../handoff/handoffPorts.js';
import type { FlowGraph } from '../flows/flowGraph.js';
import type { I18n } from '../i18n/createI18n.js';
import type { Locale } from '../config/configSchema.js';
import { HBars, PALETTE } from './adminCharts.js';
import { AdminLayout, cellText } from './adminLayout.js';
import { cell, SMALL_CELL } from '../program/analytics.js';
import { anonymousText, SURVEY_TEXT_MAX_CHARS } from '../core/anonymousText.js';
import { PersonText } from './personText.js';
import { FSI, PDI } from '../i18n/bidiIsolate.js';
import type { T } from './consolePages.js';

export interface SurveyResults {
  from: string;
  to: string;
  /** Distinct people per answer. */
  counts: { question: string; value: string; n: number }[];
  /** The free-text answers, without their time, and how many people wrote them. */
  comments: { comments: { value: string; locale: string | null }[]; people: number };
}

/**
 * The impact survey's results, question by question, in the order of its flow, with the labels
 * people saw (in the console's language). Answers carry no contact id: counts of distinct people
 * (1 to 4: "<5"), and the comments only once at least 5 people wrote one, in the order of their
 * text (not of time), without their time, cut, digit runs masked, bidi controls shown.
 */
export function SurveysPage(props: { t: T; lang: string; session: Session; survey: string; results: SurveyResults; graph: FlowGraph; i18n: I18n; timeZone: string }) {
  const { t, results: r } = props;
  const flow = props.graph.flow(props.survey);
  const locale = (props.lang === 'en' ? 'en' : props.lang === 'ar' ? 'ar' : 'fr') as Locale;
  const questions = Object.entries(flow?.nodes ?? {}).flatMap(([, node]) =>
    node.type === 'menu' && node.options.some((o) => o.record)
      ? [{ question: node.options.find((o) => o.record)!.record!.question, prompt: props.i18n.t(locale, node.prompt), options: node.options.filter((o) => o.record).map((o) => ({ value: o.record!.value, label: props.i18n.t(locale, o.label) })) }]
      : [],
  );
  const count = (q: string, v: string) => r.counts.find((c) => c.question === q && c.value === v)?.n ?? 0;
  const comments = r.comments.people >= SMALL_CELL ? r.comments.comments : [];
  const respondents = Math.max(0, ...questions.map((q) => q.options.reduce((s, o) => s + count(q.question, o.value), 0)));
  return (
    <AdminLayout t={t} lang={props.lang} session={props.session} active="surveys" title={t('program.surveys.heading')}>
      <h1>{t('program.surveys.heading')}</h1>
      <form method="get" action="/advisor/admin/surveys" class="filters">
        <label>
          {t('program.dashboard.from')}
          <input type="date" name="from" value={r.from} />
        </label>
        <label>
          {t('program.dashboard.to')}
          <input type="date" name="to" value={r.to} />
        </label>
        <button type="submit">{t('program.dashboard.apply')}</button>
        <a href="/advisor/admin/campaigns/new?kind=survey">{t('program.campaigns.new_survey')}</a>
      </form>
      <p class="note">
        {t('program.surveys.respondents', { n: cellText(cell(respondents), props.lang) })} {t('program.surveys.anonymous')}
      </p>
      <div class="grid2">
        {questions.map((q, qi) => (
          <section class="panel" data-question={q.question}>
            <h2 dir="auto">{q.prompt}</h2>
            <HBars id={`survey-${q.question}`} title={q.prompt} rows={q.options.map((o, i) => ({ label: o.label, value: cell(count(q.question, o.value)), color: PALETTE[(i + qi) % PALETTE.length] }))} />
          </section>
        ))}
      </div>
      <section class="panel">
        <h2>{t('program.surveys.comments')}</h2>
        {comments.length ? (
          <ul id="comments">
            {comments.map((c) => (
              <li dir="auto">
                {FSI}
                <PersonText text={anonymousText(c.value, SURVEY_TEXT_MAX_CHARS)} />
                {PDI} <span class="muted">({c.locale ?? '?'})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{r.comments.people ? t('program.surveys.too_few', { n: SMALL_CELL }) : t('program.dashboard.nothing')}</p>
        )}
      </section>
    </AdminLayout>
  );
}
