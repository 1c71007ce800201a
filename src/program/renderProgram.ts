/**
 * The bot's words about the program: events near the person, registration answers, reminders,
 * campaign messages. Pure (i18n keys in, channel-neutral replies out): used by the turn and by the
 * background jobs, so a reminder reads like the bot.
 */
import type { Choice, Reply } from '../core/message.js';
import { choiceId } from '../core/choiceIds.js';
import { PROVINCE_LABEL_KEYS } from '../core/provinceFromLocation.js';
import { formatWhen } from './centerTime.js';
import { pickText, type ProgramContext, type ProgramEvent, type Texts } from './programTurn.js';
import type { ProgramView, RegisterOutcome } from '../core/programPort.js';

export type { ProgramView };

/** Events shown at once (each with its button; a WhatsApp list holds 10 rows). */
export const EVENTS_SHOWN = 3;

const t = (v: ProgramView, key: string, params?: Record<string, string | number>) => v.i18n.t(v.locale, key, params);

export function reply(v: ProgramView, text: string, choices?: Choice[], dir?: 'rtl' | 'ltr'): Reply {
  return { kind: 'text', text, ...(choices?.length ? { choices } : {}), dir: dir ?? v.i18n.dir(v.locale), locale: v.locale };
}

export const menuChoice = (v: ProgramView): Choice => ({ id: choiceId.command('menu'), label: t(v, 'common.menu') });
export const eventsChoice = (v: ProgramView): Choice => ({ id: choiceId.eventList, label: t(v, 'program.events.list') });

export function eventTitle(e: Pick<ProgramEvent, 'titles'>, locale: string): string {
  return pickText(e.titles, locale)?.text ?? '';
}

function eventFacts(v: ProgramView, e: ProgramEvent): { title: string; when: string; place: string } {
  const province = PROVINCE_LABEL_KEYS[e.province];
  return {
    title: eventTitle(e, v.locale),
    when: formatWhen(e.startsAt, v.locale, v.timeZone),
    place: province ? `${e.place} (${t(v, province)})` : e.place,
  };
}

/** The languages an event is held in, named in the reader's language ("arabe, français" to a French reader). */
export const languageNames = (v: ProgramView, languages: string[]): string =>
  languages.map((l) => t(v, `program.language_names.${l}`)).join(v.i18n.dir(v.locale) === 'rtl' ? '، ' : ', ');

export const seatsLeft = (e: ProgramEvent) => Math.max(0, e.capacity - e.taken);

/** "Events near me": up to three, each with its register (or cancel) button. */
export function eventsListReply(v: ProgramView, ctx: ProgramContext): Reply {
  if (!ctx.nearby.length) return reply(v, t(v, 'program.events.none'), [{ id: choiceId.command('start'), label: t(v, 'program.news_button') }, menuChoice(v)]);
  const heading = { province: 'program.events.heading_near', region: 'program.events.heading_region', all: 'program.events.heading_all' }[ctx.nearbyScope];
  const lines = [t(v, heading)];
  const choices: Choice[] = [];
  ctx.nearby.slice(0, EVENTS_SHOWN).forEach((e, i) => {
    const f = eventFacts(v, e);
    const n = i + 1;
    const registered = ctx.registered.includes(e.id);
    const langs = languageNames(v, e.languages);
    const seats = registered ? t(v, 'program.events.you_are_registered') : seatsLeft(e) > 0 ? t(v, 'program.events.seats', { n: seatsLeft(e) }) : t(v, 'program.events.full_short');
    lines.push(`${n}. **${f.title}**\n${f.when} · ${f.place}\n${langs} · ${seats}`);
    if (registered) choices.push({ id: choiceId.event('cancel', e.id), label: t(v, 'program.events.cancel_n', { n }) });
    else if (seatsLeft(e) > 0) choices.push({ id: choiceId.event('reg', e.id), label: t(v, 'program.events.register_n', { n }) });
  });
  choices.push(menuChoice(v));
  return reply(v, lines.join('\n\n'), choices);
}

export type { RegisterOutcome };

export function registerOutcome(ctx: ProgramContext, eventId: string, now: number): RegisterOutcome {
  const e = ctx.requested.find((x) => x.id === eventId) ?? ctx.nearby.find((x) => x.id === eventId);
  if (!e || e.status !== 'active' || e.startsAt <= now) return 'gone';
  if (ctx.registered.includes(eventId)) return 'already';
  return seatsLeft(e) > 0 ? 'ok' : 'full';
}

export function findEvent(ctx: ProgramContext, eventId: string): ProgramEvent | undefined {
  return ctx.requested.find((x) => x.id === eventId) ?? ctx.nearby.find((x) => x.id === eventId);
}

/** The answer to "register" (one tap), whatever happened. */
export function registerReply(v: ProgramView, ctx: ProgramContext, eventId: string, outcome: RegisterOutcome): Reply {
  const e = findEvent(ctx, eventId);
  if (!e || outcome === 'gone') return reply(v, t(v, 'program.events.gone'), [eventsChoice(v), menuChoice(v)]);
  const f = eventFacts(v, e);
  const cancel = { id: choiceId.event('cancel', e.id), label: t(v, 'program.events.cancel') };
  if (outcome === 'already') return reply(v, t(v, 'program.events.already', f), [cancel, menuChoice(v)]);
  if (outcome === 'full') return reply(v, t(v, 'program.events.full', f), [eventsChoice(v), menuChoice(v)]);
  return reply(v, t(v, 'program.events.registered', f), [cancel, menuChoice(v)]);
}

export function cancelReply(v: ProgramView, ctx: ProgramContext, eventId: string, wasRegistered: boolean): Reply {
  const e = findEvent(ctx, eventId);
  if (!e || !wasRegistered) return reply(v, t(v, 'program.events.not_registered'), [eventsChoice(v), menuChoice(v)]);
  return reply(v, t(v, 'program.events.cancelled', eventFacts(v, e)), [eventsChoice(v), menuChoice(v)]);
}

/** Sent the day before (background job, through the outbox). */
export function reminderReply(v: ProgramView, e: ProgramEvent): Reply {
  return reply(v, t(v, 'program.events.reminder', eventFacts(v, e)), [{ id: choiceId.event('cancel', e.id), label: t(v, 'program.events.cancel') }, menuChoice(v)]);
}

/** Sent to the people registered when the Center cancels an event. */
export function eventCancelledReply(v: ProgramView, e: ProgramEvent): Reply {
  return reply(v, t(v, 'program.events.cancelled_by_center', eventFacts(v, e)), [eventsChoice(v), menuChoice(v)]);
}

/** Sent to the people registered when the Center moves an event (another date, time or place). */
export function eventChangedReply(v: ProgramView, e: ProgramEvent): Reply {
  return reply(v, t(v, 'program.events.changed', eventFacts(v, e)), [{ id: choiceId.event('cancel', e.id), label: t(v, 'program.events.cancel') }, menuChoice(v)]);
}

/**
 * A campaign message for one person: the text in their language (or its fallback), then either
 * the first question of a survey or the buttons of a news message (register, menu, stop news).
 */
export function campaignReply(
  v: ProgramView,
  texts: Texts,
  extra: { survey?: { prompt: string; choices: Choice[] }; eventId?: string | null },
): Reply | null {
  const picked = pickText(texts, v.locale);
  if (!picked && !extra.survey) return null;
  const dir = picked ? (picked.lang === 'ar' ? 'rtl' : 'ltr') : v.i18n.dir(v.locale);
  if (extra.survey) {
    const text = [picked?.text, extra.survey.prompt].filter(Boolean).join('\n\n');
    return reply(v, text, extra.survey.choices, picked ? dir : v.i18n.dir(v.locale));
  }
  const choices: Choice[] = [];
  if (extra.eventId) choices.push({ id: choiceId.event('reg', extra.eventId), label: t(v, 'program.campaign.register') });
  choices.push(menuChoice(v), { id: choiceId.command('stop'), label: t(v, 'program.campaign.stop') });
  return reply(v, picked!.text, choices, dir);
}
