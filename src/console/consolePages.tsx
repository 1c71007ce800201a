/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { Advisor, Session, TicketDetail, TicketSummary } from '../handoff/handoffPorts.js';
import { OUTCOMES } from '../handoff/handoffPorts.js';
import { MediaInHistory } from './consoleMedia.js';
import { directionOf, FSI, isolateFor, PDI } from '../i18n/bidiIsolate.js';
import { RichText } from './richText.js';
import { PersonText } from './personText.js';

export type T = (key: string, params?: Record<string, string | number>) => string;

export function Layout(props: { t: T; lang: string; title?: string; session?: Session; active?: string; children: Child }) {
  const { t, session } = props;
  return (
    <html lang={props.lang} dir={props.lang === 'ar' ? 'rtl' : 'ltr'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title ? `${props.title} · ${t('title')}` : t('title')}</title>
        <link rel="stylesheet" href="/advisor/assets/console.css" />
        <script src="/advisor/assets/console.js" defer></script>
      </head>
      <body data-live={session ? '1' : '0'}>
        {session && (
          <header>
            <nav>
              <strong>tawjih</strong>
              {(['waiting', 'mine', 'all'] as const).map((s) => (
                <a href={`/advisor?status=${s}`} class={props.active === s ? 'active' : ''}>
                  {t(`nav.${s}`)}
                </a>
              ))}
              {session.advisor.role === 'admin' && (
                <a href="/advisor/audit" class={props.active === 'audit' ? 'active' : ''}>
                  {t('nav.audit')}
                </a>
              )}
              {session.advisor.role === 'admin' && <a href="/advisor/admin">{t('nav.program')}</a>}
            </nav>
            <form method="post" action="/advisor/logout" class="inline">
              <input type="hidden" name="_csrf" value={session.csrfToken} />
              <span class="who">{session.advisor.name}</span> <button type="submit">{t('nav.logout')}</button>
            </form>
          </header>
        )}
        <main>{props.children}</main>
      </body>
    </html>
  );
}

export function LoginPage(props: { t: T; lang: string; error?: string; csrf: string; email?: string }) {
  const { t } = props;
  return (
    <Layout t={t} lang={props.lang}>
      <form method="post" action="/advisor/login" class="login">
        <h1>{t('login.heading')}</h1>
        {props.error && <p class="error" role="alert">{props.error}</p>}
        <input type="hidden" name="_csrf" value={props.csrf} />
        <label>
          {t('login.email')}
          <input type="email" name="email" required autocomplete="username" value={props.email ?? ''} />
        </label>
        <label>
          {t('login.password')}
          <input type="password" name="password" required autocomplete="current-password" />
        </label>
        <button type="submit">{t('login.submit')}</button>
      </form>
    </Layout>
  );
}

const minutesSince = (now: number, at: number) => Math.max(0, Math.round((now - at) / 60_000));

export function QueueTable(props: { t: T; tickets: TicketSummary[]; now: number }) {
  const { t } = props;
  if (!props.tickets.length) return <p class="empty">{t('queue.empty')}</p>;
  return (
    <table class="queue">
      <thead>
        <tr>
          <th>{t('queue.person')}</th>
          <th>{t('queue.language')}</th>
          <th>{t('queue.channel')}</th>
          <th>{t('queue.topic')}</th>
          <th>{t('queue.waiting_for')}</th>
          <th>{t('queue.status')}</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {props.tickets.map((k) => (
          <tr class={`${k.escalatedAt && k.status === 'waiting' ? 'escalated' : ''} ${k.sensitive ? 'sensitive' : ''}`} data-ticket={k.id}>
            <td>
              {k.pseudonym}
              {k.sensitive && <span class="badge" title={t('queue.sensitive')}>!</span>}
              {k.escalatedAt && k.status === 'waiting' && <span class="badge esc">{t('queue.escalated')}</span>}
            </td>
            <td>{k.locale ?? '?'}</td>
            <td>{k.channel}</td>
            <td>{k.topic}</td>
            <td>{t('minutes', { count: minutesSince(props.now, k.createdAt) })}</td>
            <td>{k.status === 'with_advisor' && k.assignedName ? t('ticket.claimed_by', { name: k.assignedName }) : t(`status.${k.status}`)}</td>
            <td>
              <a href={`/advisor/tickets/${k.id}`}>{t('queue.open')}</a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function History(props: { t: T; ticket: TicketDetail; csrf?: string; mediaMaxMb?: number }) {
  const { t } = props;
  return (
    <ol class="history">
      {props.ticket.history.map((m) => (
        // What the person sent is shown with its bidi controls visible, never obeyed (PersonText).
        <li class={`msg ${m.from}`} dir={m.kind === 'tap' ? undefined : m.dir} data-id={m.id}>
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
              {m.media && <MediaInHistory t={t} media={m.media} maxMb={props.mediaMaxMb ?? 10} {...(props.csrf ? { csrf: props.csrf } : {})} />}
              {m.text ? '\n' : ''}
              {m.text ? <PersonText text={m.text} dir={m.dir} /> : ''}
            </div>
          )}
          {m.failed && <p class="failed">{t('ticket.not_handled')}</p>}
          <time>{new Date(m.at).toISOString().slice(11, 16)}</time>
        </li>
      ))}
    </ol>
  );
}

export function TicketPage(props: { t: T; lang: string; session: Session; ticket: TicketDetail; advisors: Advisor[]; canned: Record<string, string>; error?: string; now: number; mediaMaxMb?: number }) {
  const { t, ticket: k, session } = props;
  const mine = k.status === 'with_advisor' && k.assignedTo === session.advisor.id;
  const csrf = <input type="hidden" name="_csrf" value={session.csrfToken} />;
  return (
    <Layout t={t} lang={props.lang} session={session} title={k.pseudonym}>
      <p>
        <a href="/advisor">{t('ticket.back')}</a>
      </p>
      {props.error && <p class="error" role="alert">{props.error}</p>}
      <section class="person" data-ticket={k.id}>
        <h1>{k.pseudonym}</h1>
        <dl>
          <dt>{t('ticket.language')}</dt>
          <dd>{k.locale ?? '?'}</dd>
          <dt>{t('ticket.channel')}</dt>
          <dd>{k.channel}</dd>
          <dt>{t('ticket.audience')}</dt>
          <dd>{k.audience ? t(`audience.${k.audience}`) : '–'}</dd>
          <dt>{t('ticket.province')}</dt>
          <dd>{k.province ?? '–'}</dd>
          <dt>{t('ticket.topic')}</dt>
          <dd>{k.topic}</dd>
          <dt>{t('queue.status')}</dt>
          <dd>{k.status === 'with_advisor' && k.assignedName ? t('ticket.claimed_by', { name: k.assignedName }) : t(`status.${k.status}`)}</dd>
        </dl>
        {k.windowClosed && <p class="warning">{t('ticket.window_closed')}</p>}
      </section>
      <section>
        <h2>{t('ticket.history')}</h2>
        <div id="history">
          <History t={t} ticket={k} csrf={session.csrfToken} {...(props.mediaMaxMb ? { mediaMaxMb: props.mediaMaxMb } : {})} />
        </div>
      </section>
      <div id="actions">
      {k.status === 'waiting' && (
        <form method="post" action={`/advisor/tickets/${k.id}/claim`}>
          {csrf}
          <button type="submit" class="primary" id="claim">
            {t('ticket.claim')}
          </button>
        </form>
      )}
      {k.status === 'with_advisor' && !mine && <p class="warning">{t('ticket.not_yours')}</p>}
      {mine && (
        <form method="post" action={`/advisor/tickets/${k.id}/reply`} class="reply">
          {csrf}
          <label for="reply-text">{t('ticket.reply')}</label>
          <select id="canned" aria-label={t('ticket.canned')}>
            <option value="">{t('ticket.canned_pick')}</option>
            {Object.entries(props.canned).map(([key, text]) => (
              <option value={text}>{key}</option>
            ))}
          </select>
          <textarea id="reply-text" name="text" rows={4} required maxlength={4000} dir="auto" placeholder={t('ticket.reply_placeholder')}></textarea>
          <button type="submit" class="primary">
            {t('ticket.send')}
          </button>
        </form>
      )}
      {k.status !== 'closed' && (
        <form method="post" action={`/advisor/tickets/${k.id}/note`} class="note">
          {csrf}
          <label for="note-text">{t('ticket.note')}</label>
          <textarea id="note-text" name="text" rows={2} required maxlength={4000} dir="auto"></textarea>
          <button type="submit">{t('ticket.add_note')}</button>
        </form>
      )}
      {k.notes.length > 0 && (
        <section>
          <h2>{t('ticket.notes')}</h2>
          <ul class="notes">
            {k.notes.map((n) => (
              <li dir={directionOf(n.text)}>
                <strong>{n.advisorName ?? '?'}</strong> <RichText text={n.text} dir={directionOf(n.text)} markup={false} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {mine && (
        <form method="post" action={`/advisor/tickets/${k.id}/transfer`} class="inline">
          {csrf}
          <label>
            {t('ticket.transfer')}{' '}
            <select name="advisorId">
              {props.advisors
                .filter((a) => a.id !== session.advisor.id && a.disabledAt === null)
                .map((a) => (
                  <option value={a.id}>{a.name}</option>
                ))}
            </select>
          </label>
          <button type="submit">{t('ticket.do_transfer')}</button>
        </form>
      )}
      {(mine || k.status === 'waiting') && (
        <form method="post" action={`/advisor/tickets/${k.id}/close`} class="inline">
          {csrf}
          <label>
            {t('ticket.close')}{' '}
            <select name="outcome">
              {OUTCOMES.map((o) => (
                <option value={o}>{t(`outcome.${o}`)}</option>
              ))}
            </select>
          </label>
          <button type="submit">{t('ticket.do_close')}</button>
        </form>
      )}
      </div>
    </Layout>
  );
}

export function AuditPage(props: { t: T; lang: string; session: Session; entries: { advisorName: string | null; action: string; target: string | null; at: number }[] }) {
  const { t } = props;
  return (
    <Layout t={t} lang={props.lang} session={props.session} active="audit" title={t('audit.heading')}>
      <h1>{t('audit.heading')}</h1>
      <table>
        <thead>
          <tr>
            <th>{t('audit.when')}</th>
            <th>{t('audit.who')}</th>
            <th>{t('audit.action')}</th>
            <th>{t('audit.target')}</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr>
              <td>{new Date(e.at).toISOString().replace('T', ' ').slice(0, 16)}</td>
              <td>{e.advisorName ?? '–'}</td>
              <td>{e.action}</td>
              <td>{e.target ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
