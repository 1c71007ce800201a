/** @jsxImportSource hono/jsx */
import type { Session } from '../handoff/handoffPorts.js';
import type { HealthSnapshot } from '../health/serviceHealth.js';
import { AdminLayout, centerDateTime } from './adminLayout.js';
import type { T } from './consolePages.js';

export interface StatusData {
  database: HealthSnapshot | null;
  channels: HealthSnapshot[];
  /** Replies waiting to leave, per channel; null when the database cannot say (it is down). */
  waiting: { channel: string; waiting: number; oldest: number }[] | null;
  now: number;
}

/** Where an admin acts on a reason (the QR code page for a phone to link). */
const ACTION_LINK: Record<string, string> = { not_linked: '/admin/whatsapp/qr' };

/**
 * Each channel's state for the Center's admins: up, down (and why: tawjih tries again by itself),
 * or waiting for someone (what to do), since when, and how many replies wait in its lane. The
 * same states as GET /healthz/channels, with what monitoring is not told: the replies waiting and
 * what to do.
 */
export function StatusPage(props: { t: T; lang: string; session: Session; data: StatusData; timeZone: string }) {
  const { t, data } = props;
  const rows = [...(data.database ? [data.database] : []), ...data.channels];
  const waiting = (name: string) => data.waiting?.find((w) => w.channel === name);
  return (
    <AdminLayout t={t} lang={props.lang} session={props.session} active="status" title={t('health.heading')}>
      <h1>{t('health.heading')}</h1>
      <p class="note">{t('health.intro')}</p>
      <section class="panel">
        <table class="status">
          <thead>
            <tr>
              <th>{t('health.service')}</th>
              <th>{t('health.state')}</th>
              <th>{t('health.since')}</th>
              <th>{t('health.what')}</th>
              <th>{t('health.waiting')}</th>
            </tr>
          </thead>
          <tbody>
            <tr data-service="webchat">
              <td>{t('health.services.webchat')}</td>
              <td class="state-up">{t('health.states.up')}</td>
              <td>—</td>
              <td>{t('health.webchat')}</td>
              <td>—</td>
            </tr>
            {rows.map((s) => {
              const w = waiting(s.name);
              const link = s.reason ? ACTION_LINK[s.reason] : undefined;
              return (
                <tr data-service={s.name} data-state={s.state}>
                  <td>{t(`health.services.${s.name}`)}</td>
                  <td class={`state-${s.state}`}>{t(`health.states.${s.state}`)}</td>
                  <td>{centerDateTime(s.since, props.timeZone, props.lang)}</td>
                  <td>
                    {s.reason ? <WithCommands text={t(`health.reasons.${s.reason}`)} /> : s.state === 'up' ? '' : t(`health.states_help.${s.state}`)}
                    {s.retryInMs !== null && s.state === 'down' ? ` ${t('health.retry', { seconds: Math.ceil(s.retryInMs / 1000) })}` : ''}
                    {link ? (
                      <>
                        {' '}
                        <a href={link}>{t('health.open')}</a>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {s.name === 'database'
                      ? '—'
                      : data.waiting === null
                        ? t('health.unknown')
                        : w
                          ? t('health.waiting_since', { n: w.waiting, since: centerDateTime(w.oldest, props.timeZone, props.lang) })
                          : '0'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </AdminLayout>
  );
}

/** Commands and settings to type, in a reason ("npm run telegram:webhook -- set", "TELEGRAM_BOT_TOKEN"). */
const COMMAND = /(npm run [\w:-]+(?: -- \w+)?|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b)/;

/** A reason with its commands as code: left to right and on one line, even in an Arabic sentence. */
function WithCommands(props: { text: string }) {
  return (
    <>
      {props.text.split(COMMAND).map((part, i) =>
        i % 2 ? (
          <code dir="ltr" translate="no">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

export const STATUS_CSS = `
table.status code{white-space:nowrap}
table.status td.state-up{color:#0b6e4f;font-weight:600}
table.status td.state-down,table.status td.state-action_needed{color:#8a1c1c;font-weight:600}
table.status td.state-connecting,table.status td.state-stopped{color:#5d5d5a}
`;
