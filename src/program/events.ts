/**
 * Workshops and events: the admin's side (create, cancel, registrations, attendance list) and the
 * reminder the day before, sent once through the outbox by the background loop.
 */
import type { Locale } from '../config/configSchema.js';
import { pseudonymFor } from '../handoff/pseudonym.js';
import { addDays, isDate, isTime, localDate, localTime, zonedToEpoch } from './centerTime.js';
import type { Checked } from './campaigns.js';
import { CONTACT_LOCALES, EVENT_PROVINCES, type ProgramDeps } from './programDeps.js';
import type { BatchMessage, EventRecord } from './programStore.js';
import { PROGRAM_LANGS, type Texts } from './programTurn.js';
import { eventCancelledReply, eventChangedReply, reminderReply } from './renderProgram.js';

/** Reminders go the day before the event, at this time in the Center's time zone. */
export const REMINDER_LOCAL_TIME = '10:00';

export interface EventInput {
  titles?: Partial<Record<string, string>>;
  place?: string;
  province?: string;
  date?: string;
  time?: string;
  capacity?: string;
  languages?: string[];
}

/** CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** An event as the form shows it (date and time in the Center's time zone), to edit it. */
export function eventInput(e: EventRecord, timeZone: string): EventInput {
  return { titles: { ...e.titles }, place: e.place, province: e.province, date: localDate(e.startsAt, timeZone), time: localTime(e.startsAt, timeZone), capacity: String(e.capacity), languages: [...e.languages] };
}

export class EventService {
  constructor(private readonly d: ProgramDeps) {}

  /** When the reminder of an event starting at `startsAt` goes: the day before, at 10:00 in Agadir. */
  remindAt(startsAt: number): number {
    return zonedToEpoch(addDays(localDate(startsAt, this.d.timeZone), -1), REMINDER_LOCAL_TIME, this.d.timeZone);
  }

  check(input: EventInput): Checked<Omit<EventRecord, 'id' | 'createdAt' | 'taken' | 'status'>> {
    const errors: string[] = [];
    const titles: Texts = {};
    for (const l of PROGRAM_LANGS) {
      const t = (input.titles?.[l] ?? '').trim();
      if (t.length > 120) errors.push('program.errors.title_long');
      if (t) titles[l] = t;
    }
    if (!Object.keys(titles).length) errors.push('program.errors.title');
    const place = (input.place ?? '').trim();
    if (!place || place.length > 200) errors.push('program.errors.place');
    const province = (EVENT_PROVINCES as readonly string[]).includes(input.province ?? '') ? input.province! : null;
    if (!province) errors.push('program.errors.province');
    let startsAt = 0;
    if (!isDate(input.date ?? '') || !isTime(input.time ?? '')) errors.push('program.errors.when');
    else {
      startsAt = zonedToEpoch(input.date!, input.time!, this.d.timeZone);
      if (startsAt <= this.d.clock.now()) errors.push('program.errors.past');
    }
    const capacity = Number(input.capacity);
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 10_000) errors.push('program.errors.capacity');
    const languages = [...new Set((input.languages ?? []).filter((l) => (CONTACT_LOCALES as readonly string[]).includes(l)))];
    if (!languages.length) errors.push('program.errors.languages');
    if (errors.length) return { ok: false, errors: [...new Set(errors)] };
    return { ok: true, value: { titles, place, province: province!, startsAt, remindAt: this.remindAt(startsAt), capacity, languages } };
  }

  async create(input: EventInput): Promise<Checked<EventRecord>> {
    const checked = this.check(input);
    if (!checked.ok) return checked;
    const event: EventRecord = { ...checked.value, id: this.d.ids.next('e'), status: 'active', taken: 0, createdAt: this.d.clock.now() };
    await this.d.store.events.saveEvent(event);
    this.d.log.info('event.created', { event: event.id, province: event.province });
    return { ok: true, value: event };
  }

  /**
   * Saves an edited event (an upcoming, active one). When its date, time or place changed, the
   * people registered are told, each in their language, through the outbox; after a change of
   * date their reminder goes again the day before the new date.
   */
  async update(id: string, input: EventInput): Promise<Checked<{ event: EventRecord; notified: number }>> {
    const now = this.d.clock.now();
    const before = await this.d.store.events.getEvent(id);
    if (!before) return { ok: false, errors: ['program.errors.not_found'] };
    if (before.status !== 'active' || before.startsAt <= now) return { ok: false, errors: ['program.errors.event_closed'] };
    const checked = this.check(input);
    if (!checked.ok) return checked;
    const event: EventRecord = { ...before, ...checked.value };
    if (event.capacity < before.taken) return { ok: false, errors: ['program.errors.capacity_taken'] };
    const moved = event.startsAt !== before.startsAt;
    const relocated = moved || event.place !== before.place || event.province !== before.province;
    if (!(await this.d.store.events.updateEvent(event, moved ? (event.remindAt > now ? 'again' : 'done') : 'keep', now))) {
      // Cancelled meanwhile, or people registered past the new number of seats.
      const fresh = await this.d.store.events.getEvent(id);
      return { ok: false, errors: [fresh?.status === 'active' ? 'program.errors.capacity_taken' : 'program.errors.event_closed'] };
    }
    const notified = relocated ? await this.tellRegistered(event, eventChangedReply, now) : 0;
    this.d.log.info('event.updated', { event: id, moved, relocated, notified });
    return { ok: true, value: { event, notified } };
  }

  /** A message to each person registered for an event, in their language (stored, and queued unless web chat). */
  private async tellRegistered(event: EventRecord, render: typeof eventChangedReply, now: number): Promise<number> {
    const people = await this.d.store.events.registeredRecipients(event.id);
    const messages: BatchMessage[] = people.map((p) => ({
      messageId: this.d.ids.next('m'),
      conversationId: p.conversationId,
      channel: p.channel,
      recipient: p.channelUserId,
      pushed: this.d.delivery(p.channel) === 'push',
      reply: render({ i18n: this.d.i18n, locale: (p.locale ?? this.d.defaultLocale) as Locale, timeZone: this.d.timeZone }, event),
    }));
    await this.d.store.events.storeMessages(messages, now);
    if (messages.length) this.d.kickOutbox();
    return messages.length;
  }

  /** Cancels an event and tells the people registered, in their language. */
  async cancel(id: string): Promise<boolean> {
    const now = this.d.clock.now();
    const event = await this.d.store.events.getEvent(id);
    if (!event || !(await this.d.store.events.cancelEvent(id, now))) return false;
    const notified = await this.tellRegistered(event, eventCancelledReply, now);
    this.d.log.info('event.cancelled', { event: id, notified });
    return true;
  }

  /** Reminders due now (the day before), each sent once. Returns how many went. */
  async sendReminders(): Promise<number> {
    const now = this.d.clock.now();
    let total = 0;
    for (let round = 0; round < 20; round++) {
      const due = await this.d.store.events.dueReminders(now, 100);
      if (!due.length) break;
      const events = new Map<string, EventRecord | null>();
      const items = [];
      for (const r of due) {
        if (!events.has(r.eventId)) events.set(r.eventId, await this.d.store.events.getEvent(r.eventId));
        const event = events.get(r.eventId);
        if (!event) continue;
        const view = { i18n: this.d.i18n, locale: (r.locale ?? this.d.defaultLocale) as Locale, timeZone: this.d.timeZone };
        items.push({
          eventId: r.eventId,
          contactId: r.contactId,
          message: { messageId: this.d.ids.next('m'), conversationId: r.conversationId, channel: r.channel, recipient: r.channelUserId, pushed: this.d.delivery(r.channel) === 'push', reply: reminderReply(view, event) },
        });
      }
      const sent = await this.d.store.events.recordReminders(items, now);
      total += sent;
      if (sent === 0) break;
    }
    if (total) {
      this.d.log.info('event.reminders', { count: total });
      this.d.kickOutbox();
    }
    return total;
  }

  /** The attendance list: pseudonyms (as advisors see them), never a phone number or chat id. */
  async attendanceCsv(id: string): Promise<string | null> {
    const event = await this.d.store.events.getEvent(id);
    if (!event) return null;
    const rows = await this.d.store.events.registrations(id);
    const tz = this.d.timeZone;
    const lines = [['pseudonym', 'language', 'channel', 'status', 'registered_at', 'reminded', 'present'].join(',')];
    for (const r of rows) {
      lines.push(
        [pseudonymFor(r.contactId), r.locale ?? '', r.channel ?? '', r.status, `${localDate(r.createdAt, tz)} ${localTime(r.createdAt, tz)}`, r.remindedAt ? 'yes' : 'no', '']
          .map(csvCell)
          .join(','),
      );
    }
    return `${lines.join('\r\n')}\r\n`;
  }
}
