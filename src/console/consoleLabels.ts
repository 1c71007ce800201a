import type { AuditEntry, TicketDetail, TicketSummary } from '../handoff/handoffPorts.js';
import type { View } from './consoleShell.js';

/** Readable names of what the console stores as ids, in the advisor's language. */

export const languageName = (v: View, locale: string | null) => (locale ? label(v, `program.langs.${locale}`, locale) : '–');
export const channelName = (v: View, channel: string) => label(v, `channels.${channel}`, channel);
export const provinceName = (v: View, province: string | null) => (province ? v.vocab.province(province, v.lang) : '–');
export const topicName = (v: View, topic: string) => v.vocab.topic(topic, v.lang);
export const outcomeName = (v: View, outcome: string | null) => (outcome ? label(v, `outcome.${outcome}`, outcome) : '');

/** A key's text, or the raw value when the key does not exist (an id nobody named yet). */
function label(v: View, key: string, raw: string): string {
  const s = v.t(key);
  return s === key ? raw : s;
}

/** Why a closed ticket ended: "The person cancelled their request." / "Closed by Amina: referred to a partner". */
export function endedLine(v: View, k: Pick<TicketSummary, 'status' | 'outcome' | 'closedByName'>): string {
  if (k.status !== 'closed') return '';
  if (k.outcome === 'cancelled') return v.t('ticket.ended_cancelled');
  return k.closedByName ? v.t('ticket.ended_by', { name: k.closedByName, outcome: outcomeName(v, k.outcome) }) : v.t('ticket.ended', { outcome: outcomeName(v, k.outcome) });
}

/** Where a ticket stands, in one line; `{{age}}` is left for the page's live timer when it runs. */
export function stateLine(v: View, k: TicketSummary): { text: string; since?: number; tpl?: string } {
  if (k.status === 'waiting') {
    const tpl = v.t('queue.waiting_for', { age: '{{age}}' });
    return { text: tpl.replace('{{age}}', v.fmt.since(k.createdAt)), since: k.createdAt, tpl };
  }
  if (k.status === 'with_advisor') return { text: k.assignedName ? v.t('ticket.claimed_by', { name: k.assignedName }) : v.t('status.with_advisor') };
  return { text: endedLine(v, k) };
}

/** The first line of the conversation's last message, and who wrote it. */
export function lastLine(v: View, k: TicketSummary): { who: string; text: string; person: boolean } | null {
  const m = k.last;
  if (!m) return null;
  const first = (m.text.split('\n').find((l) => l.trim()) ?? '').replace(/\*\*/g, '').trim();
  const cut = [...first].length > 90 ? `${[...first].slice(0, 89).join('')}…` : first;
  const text = m.kind === 'text' || m.kind === 'edit' ? cut : m.kind === 'tap' ? v.t('ticket.tapped', { label: cut }) : `${v.t(`queue.kind_${m.kind}`)}${cut ? ` ${cut}` : ''}`;
  // The person's own words (not a tap's label in our words) are shown with their bidi controls visible.
  return { who: m.from === 'person' ? '' : v.t(`queue.from_${m.from}`), text, person: m.from === 'person' && (m.kind === 'text' || m.kind === 'edit') };
}

/** What happened to a ticket, one event: "Taken by Amina", "Amina transferred it to Yassine". */
export function eventLine(v: View, e: TicketDetail['events'][number]): string {
  const name = e.advisorName ?? '?';
  switch (e.kind) {
    case 'opened':
      return v.t('ticket.event_opened');
    case 'claimed':
      return v.t('ticket.event_claimed', { name });
    case 'transferred':
      return v.t('ticket.event_transferred', { name, to: e.text ?? '?' });
    case 'escalated':
      return v.t('ticket.event_escalated');
    case 'closed':
      return v.t('ticket.ended_by', { name, outcome: outcomeName(v, e.text) });
    default:
      return e.kind;
  }
}

/** An audit action in words: "Closed: referred to a partner", "Transferred to Yassine". */
export function auditActionLine(v: View, e: Pick<AuditEntry, 'action'>, advisorName: (id: string) => string | null): string {
  const [family = '', detail = ''] = e.action.split(/:(.*)/s);
  if (family === 'close') return v.t('audit.actions.close', { outcome: outcomeName(v, detail) });
  if (family === 'transfer') return v.t('audit.actions.transfer', { name: advisorName(detail) ?? '?' });
  const key = `audit.actions.${e.action.replace(/:/g, '_')}`;
  return label(v, key, e.action);
}

const SOON_MS = 2 * 3600_000;

/**
 * The WhatsApp 24-hour window, in words: open until when (`tpl` and `until`: the page's countdown),
 * closed (a reply goes as the template, or nowhere without one), or the template already went.
 */
export function windowLine(v: View, w: NonNullable<TicketDetail['whatsappWindow']>, template: boolean): { state: 'open' | 'soon' | 'closed' | 'template_sent'; text: string; tpl?: string; until?: number } | null {
  const { t, fmt } = v;
  if (w.templateSentAt !== null) return { state: 'template_sent', text: t('ticket.window_template_sent', { time: fmt.when(w.templateSentAt) }) };
  if (w.closesAt === null) return null;
  if (fmt.now < w.closesAt) {
    const tpl = t('ticket.window_open', { time: fmt.when(w.closesAt), age: '{{age}}' });
    return { state: w.closesAt - fmt.now < SOON_MS ? 'soon' : 'open', text: tpl.replace('{{age}}', fmt.age(w.closesAt - fmt.now)), tpl, until: w.closesAt };
  }
  return { state: 'closed', text: t(template ? 'ticket.window_closed_template' : 'ticket.window_closed_no_template', { time: fmt.when(w.closesAt) }) };
}

/** The families of actions the audit log can be filtered by. */
export const AUDIT_FAMILIES = ['view', 'claim', 'reply', 'note', 'transfer', 'close', 'login', 'campaign', 'event', 'analytics'] as const;
