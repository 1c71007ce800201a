/** @jsxImportSource hono/jsx */
import { OUTCOMES, type AdvisorPresence, type Session, type TicketDetail } from '../handoff/handoffPorts.js';
import { channelName, eventLine, languageName, outcomeName, provinceName, topicName } from './consoleLabels.js';
import type { View } from './consoleShell.js';
import { ONLINE_MS } from './consolePresence.js';
import { mayAct } from '../handoff/ticketPermissions.js';
import { directionOf } from '../i18n/bidiIsolate.js';
import { RichText } from './richText.js';

export interface CannedReply {
  key: string;
  /** Its name in the advisor's language. */
  name: string;
  /** Its text in the person's language. */
  text: string;
  dir: 'rtl' | 'ltr';
  lang: string;
}


const mineOf = (k: TicketDetail, s: Session) => k.status === 'with_advisor' && k.assignedTo === s.advisor.id;
const Csrf = (props: { session: Session }) => <input type="hidden" name="_csrf" value={props.session.csrfToken} />;
const Ctx = (props: { ctx: string }) => (props.ctx ? <input type="hidden" name="ctx" value={props.ctx} /> : null);

/** Claim, reply (with canned replies), internal note. Drafts are kept by the page's script (data-draft). */
export function Composer(props: { view: View; session: Session; ticket: TicketDetail; canned: CannedReply[]; ctx: string; whatsappTemplate: boolean }) {
  const { view, ticket: k, session } = props;
  const { t } = view;
  const mine = mineOf(k, session);
  // WhatsApp, outside the 24-hour window: the next reply goes as the template, or (template sent already, or none) nowhere until the person writes.
  const w = k.whatsappWindow;
  const windowShut = Boolean(w && (w.templateSentAt !== null || (w.closesAt !== null && view.fmt.now >= w.closesAt)));
  const asTemplate = windowShut && w!.templateSentAt === null && props.whatsappTemplate;
  return (
    <div id="composer" data-live>
      {k.status === 'waiting' && (
        <form method="post" action={`/advisor/tickets/${k.id}/claim`}>
          <Csrf session={session} />
          <Ctx ctx={props.ctx} />
          <button type="submit" class="primary" id="claim">
            {t('ticket.claim')}
          </button>
        </form>
      )}
      {k.status === 'with_advisor' && !mine && <p class="warning">{t('ticket.not_yours')}</p>}
      {mine && (
        <form method="post" action={`/advisor/tickets/${k.id}/reply`} class="reply">
          <Csrf session={session} />
          <Ctx ctx={props.ctx} />
          <label for="reply-text">{t('ticket.reply')}</label>
          <details class="canned" id="canned">
            <summary>{t('ticket.canned')}</summary>
            <p class="hint">{t('ticket.canned_help', { language: languageName(view, k.locale) })}</p>
            <ul>
              {props.canned.map((c) => (
                <li>
                  <button type="button" class="canned-item" data-text={c.text} data-key={c.key}>
                    <b>{c.name}</b>
                    <span dir={c.dir} lang={c.lang}>
                      {c.text}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </details>
          <textarea id="reply-text" name="text" rows={4} required maxlength={4000} dir="auto" placeholder={t('ticket.reply_placeholder')} data-draft={`${k.id}.reply`}></textarea>
          {windowShut && <p class="hint warn">{t(asTemplate ? 'ticket.reply_as_template' : w!.templateSentAt !== null ? 'ticket.reply_after_template' : 'ticket.reply_undeliverable')}</p>}
          <button type="submit" class="primary">
            {asTemplate ? t('ticket.send_template') : t('ticket.send')}
          </button>
        </form>
      )}
      {k.status !== 'closed' && mayAct('note', k, session.advisor) && (
        <form method="post" action={`/advisor/tickets/${k.id}/note`} class="note">
          <Csrf session={session} />
          <Ctx ctx={props.ctx} />
          <label for="note-text">{t('ticket.note')}</label>
          <textarea id="note-text" name="text" rows={2} required maxlength={4000} dir="auto" data-draft={`${k.id}.note`}></textarea>
          <button type="submit">{t('ticket.add_note')}</button>
        </form>
      )}
    </div>
  );
}

/** The person, what happened, notes, transfer (who is on the console), close: each form shown to whoever may use it (handoff/ticketPermissions.ts). */
export function TicketAside(props: { view: View; session: Session; ticket: TicketDetail; presence: AdvisorPresence[]; ctx: string }) {
  const { view, ticket: k, session } = props;
  const { t, fmt } = view;
  return (
    <aside id="aside" data-live>
      <section class="person">
        <h2>{t('ticket.person')}</h2>
        <dl>
          <dt>{t('ticket.language')}</dt>
          <dd>{languageName(view, k.locale)}</dd>
          <dt>{t('ticket.channel')}</dt>
          <dd>{channelName(view, k.channel)}</dd>
          <dt>{t('ticket.audience')}</dt>
          <dd>{k.audience ? t(`audience.${k.audience}`) : '–'}</dd>
          <dt>{t('ticket.province')}</dt>
          <dd>{provinceName(view, k.province)}</dd>
          <dt>{t('ticket.topic')}</dt>
          <dd>
            <bdi>{topicName(view, k.topic)}</bdi>
          </dd>
          <dt>{t('ticket.opened')}</dt>
          <dd>{fmt.when(k.createdAt)}</dd>
        </dl>
      </section>
      <section class="timeline">
        <h2>{t('ticket.timeline')}</h2>
        <ol>
          {k.events.map((e) => (
            <li>
              <time>{fmt.when(e.at)}</time> {eventLine(view, e)}
            </li>
          ))}
          {k.status === 'closed' && k.outcome === 'cancelled' && k.closedAt !== null && (
            <li>
              <time>{fmt.when(k.closedAt)}</time> {t('ticket.ended_cancelled')}
            </li>
          )}
        </ol>
      </section>
      {k.notes.length > 0 && (
        <section>
          <h2>{t('ticket.notes')}</h2>
          <ul class="notes">
            {k.notes.map((n) => (
              <li>
                <strong>{n.advisorName ?? '?'}</strong> <time>{fmt.when(n.at)}</time>
                <p dir={directionOf(n.text)}>
                  <RichText text={n.text} dir={directionOf(n.text)} markup={false} />
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {k.status === 'with_advisor' && mayAct('transfer', k, session.advisor) && <Transfer view={view} session={session} ticket={k} presence={props.presence} ctx={props.ctx} />}
      {k.status !== 'closed' && mayAct('close', k, session.advisor) && (
        <form method="post" action={`/advisor/tickets/${k.id}/close`} class="close" id="close-form">
          <Csrf session={session} />
          <Ctx ctx={props.ctx} />
          <label for="close-outcome">{t('ticket.close')}</label>
          <select name="outcome" id="close-outcome">
            {OUTCOMES.map((o) => (
              <option value={o}>{outcomeName(view, o)}</option>
            ))}
          </select>
          <button type="submit">{t('ticket.do_close')}</button>
        </form>
      )}
    </aside>
  );
}

/** Transfer: the other advisors, on the console first, with how many conversations each holds; alone, it says so. */
function Transfer(props: { view: View; session: Session; ticket: TicketDetail; presence: AdvisorPresence[]; ctx: string }) {
  const { view, session, ticket: k } = props;
  const { t, fmt } = view;
  const online = (a: AdvisorPresence) => a.lastSeenAt !== null && fmt.now - a.lastSeenAt < ONLINE_MS;
  // Anyone but me and whoever holds it now (an admin may transfer a colleague's ticket).
  const others = props.presence.filter((a) => a.id !== session.advisor.id && a.id !== k.assignedTo).sort((a, b) => Number(online(b)) - Number(online(a)) || Number(b.signedIn) - Number(a.signedIn) || a.name.localeCompare(b.name));
  if (!others.length) {
    return (
      <section class="transfer">
        <h2>{t('ticket.transfer')}</h2>
        <p class="hint" id="transfer-alone">
          {t('ticket.transfer_alone')}
        </p>
      </section>
    );
  }
  const state = (a: AdvisorPresence) =>
    online(a) ? { key: 'online', text: t('ticket.presence_online') } : a.signedIn && a.lastSeenAt !== null ? { key: 'away', text: t('ticket.presence_away', { age: fmt.since(a.lastSeenAt) }) } : { key: 'out', text: t('ticket.presence_signed_out') };
  return (
    <form method="post" action={`/advisor/tickets/${k.id}/transfer`} class="transfer">
      <Csrf session={session} />
      <Ctx ctx={props.ctx} />
      <fieldset id="transfer-to">
        <legend>{t('ticket.transfer')}</legend>
        {others.map((a, i) => {
          const s = state(a);
          return (
            <label class="advisor-choice">
              <input type="radio" name="advisorId" value={a.id} required checked={i === 0} />
              <span>
                <b>{a.name}</b> <span class={`presence ${s.key}`}>{s.text}</span> · <span class="load">{t('ticket.presence_load', { count: a.openTickets })}</span>
              </span>
            </label>
          );
        })}
      </fieldset>
      {!others.some(online) && <p class="hint">{t('ticket.transfer_nobody_online')}</p>}
      <button type="submit">{t('ticket.do_transfer')}</button>
    </form>
  );
}
