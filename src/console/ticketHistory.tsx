/** @jsxImportSource hono/jsx */
import type { HistoryItem, TicketDetail } from '../handoff/handoffPorts.js';
import type { View } from './consoleShell.js';
import { MediaInHistory } from './consoleMedia.js';
import { directionOf, FSI, isolateFor, PDI } from '../i18n/bidiIsolate.js';
import { RichText } from './richText.js';
import { PersonText } from './personText.js';

/**
 * The whole conversation, in order, a line per day; the person's text in its own direction, its
 * bidi controls shown rather than obeyed (PersonText). The list can be focused and scrolled with
 * the keyboard.
 */
export function History(props: { view: View; ticket: TicketDetail; csrf?: string; mediaMaxMb?: number }) {
  const { view } = props;
  const { t, fmt } = view;
  let day = '';
  return (
    <ol class="history" tabindex={0} aria-label={t('ticket.history')}>
      {props.ticket.history.map((m) => {
        const key = fmt.dayKey(m.at);
        const separator =
          key !== day ? (
            <li class="day" data-id={`day-${key}`}>
              {fmt.day(m.at)}
            </li>
          ) : null;
        day = key;
        return (
          <>
            {separator}
            <Message view={view} m={m} csrf={props.csrf} mediaMaxMb={props.mediaMaxMb ?? 10} />
          </>
        );
      })}
    </ol>
  );
}

function Message(props: { view: View; m: HistoryItem; csrf: string | undefined; mediaMaxMb: number }) {
  const { t, fmt } = props.view;
  const { m } = props;
  return (
    <li class={`msg ${m.from}`} dir={m.kind === 'tap' ? undefined : m.dir} data-id={m.id} data-seq={String(m.seq)}>
      <span class="from">{t(`ticket.from_${m.from}`)}</span>
      {m.kind === 'tap' ? (
        <div class="text tap">{m.text ? t('ticket.tapped', { label: directionOf(m.text) === 'rtl' ? FSI + isolateFor(m.text, 'rtl') + PDI : m.text }) : t('ticket.tapped_unknown')}</div>
      ) : m.kind === 'text' ? (
        <div class="text">{m.from === 'person' ? <PersonText text={m.text} dir={m.dir} /> : <RichText text={m.text} dir={m.dir} markup={true} />}</div>
      ) : m.kind === 'edit' ? (
        <div class="text">
          <em class="media">{t('ticket.edited')}</em> <PersonText text={m.text} dir={m.dir} />
        </div>
      ) : (
        <div class="text">
          <em class="media">{t(m.media ? `ticket.media.sent_${m.kind}` : `ticket.sent_${m.kind}`)}</em>
          {m.media && <MediaInHistory t={t} media={m.media} maxMb={props.mediaMaxMb} {...(props.csrf ? { csrf: props.csrf } : {})} />}
          {m.text ? '\n' : ''}
          {m.text ? <PersonText text={m.text} dir={m.dir} /> : ''}
        </div>
      )}
      {m.failed && <p class="failed">{t('ticket.not_handled')}</p>}
      <span class="foot" dir="ltr">
        <time datetime={new Date(m.at).toISOString()}>{fmt.clock(m.at)}</time>
        {m.from === 'advisor' && m.delivery && (
          <span class={`delivery ${m.delivery.status}`} dir={props.view.lang === 'ar' ? 'rtl' : 'ltr'}>
            {m.delivery.reason === 'window_closed' ? t('ticket.delivery_window_closed') : t(`ticket.delivery_${m.delivery.status}`)}
          </span>
        )}
      </span>
    </li>
  );
}
