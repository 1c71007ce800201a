/** @jsxImportSource hono/jsx */
import type { Locale } from '../config/configSchema.js';
import type { Advisor, HistoryItem, Session, TicketDetail } from '../handoff/handoffPorts.js';
import type { I18n } from '../i18n/createI18n.js';
import { cannedFor } from './cannedReplies.js';
import { LoginPage } from './consolePages.js';
import { viewIn } from './consoleShell.js';
import type { ConsoleLang, ConsoleVocabulary } from './consoleVocabulary.js';
import { QueuePage } from './queuePage.js';
import { TicketPage } from './ticketPage.js';

const HOUR = 3_600_000;

/** A made-up ticket with a message of each kind, events and a note: what a ticket's page shows. */
function sampleTicket(now: number): TicketDetail {
  const at = now - 2 * HOUR;
  const item = (seq: number, from: HistoryItem['from'], kind: string, text: string, extra: Partial<HistoryItem> = {}): HistoryItem => ({ id: `m_sample_${seq}`, seq, from, kind, text, at: at + seq * 60_000, dir: 'ltr', failed: false, ...extra });
  return {
    id: 't_sample',
    status: 'with_advisor',
    topic: 'general',
    sensitive: false,
    createdAt: at,
    claimedAt: at + HOUR,
    escalatedAt: null,
    closedAt: null,
    outcome: null,
    closedByName: null,
    assignedTo: 'a_sample',
    assignedName: 'Sample',
    conversationId: 'v_sample',
    channel: 'telegram',
    locale: 'fr',
    province: null,
    pseudonym: 'P-SAMP-LE',
    lastMessageAt: at + 4 * 60_000,
    lastPersonAt: at + 3 * 60_000,
    last: { from: 'person', kind: 'text', text: 'Bonjour', at: at + 3 * 60_000 },
    unread: 1,
    audience: 'migrant',
    conversationState: 'with_advisor',
    contactId: 'c_sample',
    channelUserId: '0',
    windowClosed: false,
    whatsappWindow: null,
    history: [
      item(1, 'person', 'text', 'Bonjour'),
      item(2, 'bot', 'text', 'Bienvenue'),
      item(3, 'person', 'image', 'photo', { media: { id: 'md_sample', kind: 'image', status: 'stored', reason: null, contentType: 'image/jpeg', size: 1000 } }),
      item(4, 'advisor', 'text', 'Bonjour, je suis là', { delivery: { status: 'delivered' } }),
    ],
    notes: [{ text: 'note', at: at + HOUR, advisorName: 'Sample' }],
    events: [
      { kind: 'opened', at, advisorName: null, text: null },
      { kind: 'claimed', at: at + HOUR, advisorName: 'Sample', text: null },
    ],
  };
}

/**
 * The console's three pages (sign-in, queue, a ticket) rendered with made-up data, for nobody: at
 * a Worker's start, so that V8 compiles the pages' code then and not in an advisor's first request
 * (10 ms of CPU on the free plan; docs/performance.md). Returns the pages' HTML (tests read it).
 */
export async function renderConsoleSamples(d: { i18n: I18n; vocab: ConsoleVocabulary; timeZone: string; now: number }, lang: ConsoleLang = 'fr'): Promise<string[]> {
  const view = viewIn(lang, d);
  const advisor: Advisor = { id: 'a_sample', email: 'sample@tawjih.invalid', name: 'Sample', role: 'admin', passwordHash: '', disabledAt: null, createdAt: 0 };
  const session: Session = { advisor, csrfToken: 'sample', expiresAt: d.now + HOUR };
  const counts = { waiting: 1, mine: 1, mineUnread: 1 };
  const params = { status: 'all' as const, q: '', sensitive: false };
  const ticket = sampleTicket(d.now);
  const presence = [{ id: 'a_sample', name: 'Sample', role: 'admin' as const, signedIn: true, lastSeenAt: d.now, openTickets: 1 }];
  const nav = { back: '/advisor', prev: null, next: null, ctx: '' };
  const pages = [
    <LoginPage view={view} csrf="sample" />,
    <QueuePage view={view} session={session} counts={counts} params={params} tickets={[ticket]} />,
    <TicketPage view={view} session={session} counts={counts} params={params} ticket={ticket} presence={presence} canned={cannedFor(d.i18n, view, (ticket.locale ?? 'fr') as Locale)} nav={nav} whatsappTemplate={false} mediaMaxMb={10} />,
  ];
  return Promise.all(pages.map(async (p) => String(await p)));
}
