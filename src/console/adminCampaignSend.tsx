/** @jsxImportSource hono/jsx */
import type { Session } from '../handoff/handoffPorts.js';
import type { Campaign } from '../program/programStore.js';
import { AdminLayout, Csrf } from './adminLayout.js';
import type { T } from './consolePages.js';

/**
 * "Send now" asks first: the number of people it goes to (per channel), what is missing (a full
 * workshop's "Register" button), and only then sends. `changedFrom`: the number the admin
 * confirmed before the audience changed (people subscribed or left meanwhile): asked again.
 */
export function ConfirmSendPage(props: { t: T; lang: string; session: Session; campaign: Campaign; audience: Record<string, number>; registerOpen: boolean; changedFrom?: number }) {
  const { t, campaign: c } = props;
  const total = Object.values(props.audience).reduce((a, b) => a + b, 0);
  const back = `/advisor/admin/campaigns/${c.id}`;
  return (
    <AdminLayout t={t} lang={props.lang} session={props.session} active="campaigns" title={t('program.campaigns.confirm_heading', { name: c.name })}>
      <p>
        <a href={back}>{t('program.campaigns.back_to_campaign')}</a>
      </p>
      <h1>{t('program.campaigns.confirm_heading', { name: c.name })}</h1>
      <section class="panel" id="confirm-send-panel">
        {props.changedFrom !== undefined && (
          <p class="warning" role="alert">
            {t('program.campaigns.confirm_changed', { before: props.changedFrom, n: total })}
          </p>
        )}
        {total === 0 ? (
          <p class="warning" id="confirm-nobody">
            {t('program.campaigns.confirm_nobody')}
          </p>
        ) : (
          <>
            <p id="confirm-audience">{t('program.campaigns.confirm_text', { n: total })}</p>
            <ul id="confirm-channels">
              {Object.entries(props.audience)
                .filter(([, n]) => n > 0)
                .map(([channel, n]) => (
                  <li>{`${t(`channels.${channel}`)}: ${n}`}</li>
                ))}
            </ul>
          </>
        )}
        {c.eventId && !props.registerOpen && <p class="warning" id="confirm-event-full">{t('program.campaigns.event_full')}</p>}
        <p class="note">{t('program.campaigns.confirm_note')}</p>
        <div class="confirm-actions">
          {total > 0 && (
            <form method="post" action={`/advisor/admin/campaigns/${c.id}/send`} class="inline">
              <Csrf session={props.session} />
              <input type="hidden" name="confirm" value="yes" />
              <input type="hidden" name="audience" value={String(total)} />
              <button type="submit" class="primary" id="confirm-send">
                {t('program.campaigns.confirm_yes', { n: total })}
              </button>
            </form>
          )}
          <a href={back} class="button" id="confirm-back">
            {t('program.campaigns.confirm_back')}
          </a>
        </div>
      </section>
    </AdminLayout>
  );
}
