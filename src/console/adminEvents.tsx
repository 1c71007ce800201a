/** @jsxImportSource hono/jsx */
import type { Session } from '../handoff/handoffPorts.js';
import { pseudonymFor } from '../handoff/pseudonym.js';
import type { EventInput } from '../program/events.js';
import { CONTACT_LOCALES, EVENT_PROVINCES } from '../program/programDeps.js';
import type { EventRecord, RegistrationRow } from '../program/programStore.js';
import { PROGRAM_LANGS } from '../program/programTurn.js';
import { eventTitle } from '../program/renderProgram.js';
import { AdminLayout, centerDateTime, Csrf, Errors, listOf } from './adminLayout.js';
import type { T } from './consolePages.js';
import { isolateFor } from '../i18n/bidiIsolate.js';

export function EventsPage(props: { t: T; lang: string; session: Session; events: EventRecord[]; timeZone: string; now: number }) {
  const { t } = props;
  return (
    <AdminLayout t={t} lang={props.lang} session={props.session} active="workshops" title={t('program.events.heading')}>
      <h1>{t('program.events.heading')}</h1>
      <p>
        <a href="/advisor/admin/workshops/new">{t('program.events.new')}</a>
      </p>
      {props.events.length ? (
        <table id="events">
          <thead>
            <tr>
              <th>{t('program.events.title')}</th>
              <th>{t('program.events.when')}</th>
              <th>{t('program.province')}</th>
              <th class="num">{t('program.events.registered')}</th>
              <th>{t('program.campaigns.status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.events.map((e) => (
              <tr>
                <td>
                  <a href={`/advisor/admin/workshops/${e.id}`}>{eventTitle(e, props.lang)}</a>
                </td>
                <td>{centerDateTime(e.startsAt, props.timeZone, props.lang)}</td>
                <td>{t(`program.provinces.${e.province}`)}</td>
                <td class="num">{t('program.events.seats_taken', { taken: e.taken, capacity: e.capacity })}</td>
                <td>{e.status === 'cancelled' ? t('program.events.status_cancelled') : e.startsAt < props.now ? t('program.events.status_past') : t('program.events.status_active')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('program.events.none')}</p>
      )}
    </AdminLayout>
  );
}

/** The form of a new event, or of an existing one (`editing`: its id and how many people registered). */
export function EventForm(props: { t: T; lang: string; session: Session; input: EventInput; errors?: string[]; timeZone: string; editing?: { id: string; registered: number } }) {
  const { t, input, editing } = props;
  const heading = editing ? t('program.events.edit_heading') : t('program.events.new');
  return (
    <AdminLayout t={t} lang={props.lang} session={props.session} active="workshops" title={heading}>
      {editing && (
        <p>
          <a href={`/advisor/admin/workshops/${editing.id}`}>{t('program.events.back_to_event')}</a>
        </p>
      )}
      <h1>{heading}</h1>
      <Errors t={t} errors={props.errors} params={editing ? { n: editing.registered } : {}} />
      <form method="post" action={editing ? `/advisor/admin/workshops/${editing.id}` : '/advisor/admin/workshops'} class="stack" id="event-form">
        {editing && <p class="warning">{t('program.events.change_note', { n: editing.registered })}</p>}
        <Csrf session={props.session} />
        <p class="note">{t('program.events.title_help')}</p>
        <div class="two">
          {PROGRAM_LANGS.map((l) => (
            <label>
              {`${t('program.events.title')} (${t(`program.langs.${l}`)})`}
              <input name={`title_${l}`} maxlength={120} dir={l === 'ar' ? 'rtl' : 'ltr'} lang={l} value={input.titles?.[l] ?? ''} />
            </label>
          ))}
        </div>
        <label>
          {t('program.events.place')}
          <input name="place" required maxlength={200} value={input.place ?? ''} />
        </label>
        <label>
          {t('program.province')}{' '}
          <select name="province" required>
            {EVENT_PROVINCES.map((p) => (
              <option value={p} selected={input.province === p}>
                {t(`program.provinces.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <div class="two">
          <label>
            {t('program.events.date')}
            <input type="date" name="date" required value={input.date ?? ''} />
          </label>
          <label>
            {t('program.events.time')}
            <input type="time" name="time" required value={input.time ?? ''} />
          </label>
        </div>
        <p class="note">{t('program.campaigns.tz_note', { tz: props.timeZone })}</p>
        <label>
          {t('program.events.capacity')}
          <input type="number" name="capacity" min="1" max="10000" required value={input.capacity ?? ''} />
        </label>
        <fieldset>
          <legend>{t('program.events.languages')}</legend>
          {CONTACT_LOCALES.map((l) => (
            <label class="check">
              <input type="checkbox" name="languages" value={l} checked={input.languages?.includes(l)} />
              {t(`program.langs.${l}`)}
            </label>
          ))}
        </fieldset>
        <p class="note">{t('program.events.reminder_note')}</p>
        <button type="submit" class="primary">
          {t('program.events.save')}
        </button>
      </form>
    </AdminLayout>
  );
}

export function EventPage(props: { t: T; lang: string; session: Session; event: EventRecord; registrations: RegistrationRow[]; timeZone: string; now: number; notified?: number }) {
  const { t, event: e } = props;
  const registered = props.registrations.filter((r) => r.status === 'registered');
  const open = e.status === 'active' && e.startsAt > props.now;
  return (
    <AdminLayout t={t} lang={props.lang} session={props.session} active="workshops" title={eventTitle(e, props.lang)}>
      <p>
        <a href="/advisor/admin/workshops">{t('program.events.back')}</a>
      </p>
      <h1>{eventTitle(e, props.lang)}</h1>
      {props.notified !== undefined && (
        <p class="ok" role="status" id="event-saved">
          {t('program.events.saved_notified', { n: props.notified })}
        </p>
      )}
      <section class="panel">
        <dl>
          {PROGRAM_LANGS.filter((l) => e.titles[l]).map((l) => (
            <>
              <dt>{t(`program.langs.${l}`)}</dt>
              <dd dir={l === 'ar' ? 'rtl' : 'ltr'}>{isolateFor(e.titles[l]!, l === 'ar' ? 'rtl' : 'ltr')}</dd>
            </>
          ))}
          <dt>{t('program.events.when')}</dt>
          <dd>{centerDateTime(e.startsAt, props.timeZone, props.lang)}</dd>
          <dt>{t('program.events.place')}</dt>
          <dd>
            {e.place} ({t(`program.provinces.${e.province}`)})
          </dd>
          <dt>{t('program.events.languages')}</dt>
          <dd>{listOf(e.languages.map((l) => t(`program.langs.${l}`)), props.lang)}</dd>
          <dt>{t('program.events.registered')}</dt>
          <dd id="event-taken">{t('program.events.seats_taken', { taken: e.taken, capacity: e.capacity })}</dd>
          <dt>{t('program.events.reminder')}</dt>
          <dd>{centerDateTime(e.remindAt, props.timeZone, props.lang)}</dd>
          <dt>{t('program.campaigns.status')}</dt>
          <dd>{e.status === 'cancelled' ? t('program.events.status_cancelled') : e.startsAt < props.now ? t('program.events.status_past') : t('program.events.status_active')}</dd>
        </dl>
        <p>
          <a href={`/advisor/admin/workshops/${e.id}/attendance.csv`} id="attendance-csv">
            {t('program.events.export')}
          </a>{' '}
          · <a href={`/advisor/admin/campaigns/new?eventId=${e.id}&topic=workshops`}>{t('program.events.announce')}</a>
          {open && (
            <>
              {' '}
              · <a href={`/advisor/admin/workshops/${e.id}/edit`} id="edit-event">{t('program.events.edit')}</a>
            </>
          )}
        </p>
        {open && (
          <form method="post" action={`/advisor/admin/workshops/${e.id}/cancel`} class="inline">
            <Csrf session={props.session} />
            <button type="submit">{t('program.events.cancel_event', { n: registered.length })}</button>
          </form>
        )}
      </section>
      <section class="panel">
        <h2>{t('program.events.registrations')}</h2>
        {props.registrations.length ? (
          <table id="registrations">
            <thead>
              <tr>
                <th>{t('queue.person')}</th>
                <th>{t('queue.language')}</th>
                <th>{t('queue.channel')}</th>
                <th>{t('program.campaigns.status')}</th>
                <th>{t('program.events.registered_at')}</th>
                <th>{t('program.events.reminded')}</th>
              </tr>
            </thead>
            <tbody>
              {props.registrations.map((r) => (
                <tr>
                  <td>{pseudonymFor(r.contactId)}</td>
                  <td>{r.locale ?? '?'}</td>
                  <td>{r.channel ?? '?'}</td>
                  <td>{t(`program.events.reg_${r.status}`)}</td>
                  <td>{centerDateTime(r.createdAt, props.timeZone, props.lang)}</td>
                  <td>{r.remindedAt ? centerDateTime(r.remindedAt, props.timeZone, props.lang) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">{t('program.events.no_registrations')}</p>
        )}
      </section>
    </AdminLayout>
  );
}
