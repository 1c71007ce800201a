/** @jsxImportSource hono/jsx */
import { SUPPORTED_LOCALES } from '../config/configSchema.js';
import type { QueueCounts, Session, TicketSummary } from '../handoff/handoffPorts.js';
import { channelName, languageName, lastLine, provinceName, stateLine, topicName } from './consoleLabels.js';
import { Layout } from './consolePages.js';
import { PersonText } from './personText.js';
import type { View } from './consoleShell.js';
import { QUEUE_CHANNELS, queueQuery, withQuery, type QueueParams } from './queueParams.js';

const WINDOW_MS = 24 * 3600_000;

export function QueuePage(props: { view: View; session: Session; counts: QueueCounts; params: QueueParams; tickets: TicketSummary[]; more?: boolean }) {
  const { view, params } = props;
  const { t } = view;
  const heading = t(`nav.${params.status}`);
  return (
    <Layout view={view} session={props.session} active={params.status} title={heading} counts={props.counts} queue={params}>
      <h1>{params.q ? t('queue.results', { q: params.q, where: heading }) : heading}</h1>
      <Filters view={view} params={params} />
      <div id="queue" data-live>
        <QueueList view={view} params={params} tickets={props.tickets} more={props.more ?? false} />
      </div>
    </Layout>
  );
}

function Filters(props: { view: View; params: QueueParams }) {
  const { view, params } = props;
  const { t } = view;
  return (
    <form method="get" action="/advisor" class="filters" aria-label={t('queue.filters')}>
      {params.status !== 'waiting' && <input type="hidden" name="status" value={params.status} />}
      {params.q && <input type="hidden" name="q" value={params.q} />}
      <select name="channel" id="filter-channel" aria-label={t('queue.channel')}>
        <option value="">{t('queue.any_channel')}</option>
        {QUEUE_CHANNELS.map((c) => (
          <option value={c} selected={params.channel === c}>
            {channelName(view, c)}
          </option>
        ))}
      </select>
      <select name="language" id="filter-language" aria-label={t('queue.language')}>
        <option value="">{t('queue.any_language')}</option>
        {SUPPORTED_LOCALES.map((l) => (
          <option value={l} selected={params.language === l}>
            {languageName(view, l)}
          </option>
        ))}
      </select>
      <label class="check">
        <input type="checkbox" name="sensitive" value="1" id="filter-sensitive" checked={params.sensitive} /> {t('queue.sensitive_only')}
      </label>
      <button type="submit">{t('queue.apply')}</button>
      {(params.channel || params.language || params.sensitive || params.q) && <a href={withQuery('/advisor', queueQuery({ status: params.status, q: '', sensitive: false }))}>{t('queue.clear')}</a>}
    </form>
  );
}

export function QueueList(props: { view: View; params: QueueParams; tickets: TicketSummary[]; more: boolean }) {
  const { view, params } = props;
  const { t } = view;
  const page = params.page ?? 1;
  const toPage = (n: number) => withQuery('/advisor', queueQuery(params, { page: n }));
  if (!props.tickets.length) {
    return (
      <div class="empty">
        <p>{params.q ? t('queue.empty_search', { q: params.q }) : t('queue.empty')}</p>
        {params.q && params.status !== 'all' && <a href={withQuery('/advisor', queueQuery(params, { status: 'all', page: 1 }))}>{t('queue.search_all')}</a>}
        {page > 1 && <a href={toPage(1)}>{t('queue.first_page')}</a>}
      </div>
    );
  }
  const ctx = queueQuery(params);
  return (
    <>
      <ol class="queue" aria-label={t('queue.list')}>
        {props.tickets.map((k) => (
          <QueueItem view={view} ticket={k} href={withQuery(`/advisor/tickets/${k.id}`, ctx)} />
        ))}
      </ol>
      {(page > 1 || props.more) && (
        <nav class="pages" aria-label={t('queue.pages')}>
          {page > 1 && (
            <a href={toPage(page - 1)} rel="prev">
              {t('queue.prev_page')}
            </a>
          )}
          <span>{t('queue.page', { page })}</span>
          {props.more && (
            <a href={toPage(page + 1)} rel="next">
              {t('queue.next_page')}
            </a>
          )}
        </nav>
      )}
    </>
  );
}

function QueueItem(props: { view: View; ticket: TicketSummary; href: string }) {
  const { view, ticket: k } = props;
  const { t, fmt } = view;
  const escalated = k.escalatedAt !== null && k.status === 'waiting';
  const windowShut = k.channel === 'whatsapp-cloud' && k.status !== 'closed' && k.lastPersonAt !== null && fmt.now >= k.lastPersonAt + WINDOW_MS;
  const state = stateLine(view, k);
  const last = lastLine(view, k);
  const classes = ['ticket', k.status, escalated ? 'escalated' : '', k.sensitive ? 'sensitive' : '', k.unread ? 'unread' : ''].filter(Boolean).join(' ');
  return (
    <li class={classes} data-ticket={k.id}>
      <a href={props.href} class="card">
        <span class="line1">
          <bdi class="pseudonym">{k.pseudonym}</bdi>
          {k.unread > 0 && (
            <span class="badge new" title={t('queue.unread', { count: k.unread })} aria-label={t('queue.unread', { count: k.unread })}>
              {k.unread}
            </span>
          )}
          {k.sensitive && <span class="badge sens">{t('queue.sensitive_badge')}</span>}
          {escalated && <span class="badge esc">{t('queue.escalated')}</span>}
          {windowShut && <span class="badge wa">{t('queue.window_closed')}</span>}
          {last && (
            <time class="age" datetime={new Date(k.last!.at).toISOString()} data-since={String(k.last!.at)} title={fmt.when(k.last!.at)}>
              {fmt.since(k.last!.at)}
            </time>
          )}
        </span>
        {last && (
          <span class="preview">
            {last.who && <span class="who">{last.who} </span>}
            <bdi dir="auto">{last.person ? <PersonText text={last.text} /> : last.text}</bdi>
          </span>
        )}
        <span class="meta">
          {languageName(view, k.locale)} · {channelName(view, k.channel)} · {provinceName(view, k.province)} · <bdi>{topicName(view, k.topic)}</bdi>
        </span>
        <span class="state">
          {state.since !== undefined ? (
            <time data-since={String(state.since)} data-tpl={state.tpl}>
              {state.text}
            </time>
          ) : (
            state.text
          )}
        </span>
      </a>
    </li>
  );
}
