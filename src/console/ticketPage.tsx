/** @jsxImportSource hono/jsx */
import type { AdvisorPresence, QueueCounts, Session, TicketDetail } from '../handoff/handoffPorts.js';
import { endedLine, windowLine } from './consoleLabels.js';
import { Layout } from './consolePages.js';
import type { View } from './consoleShell.js';
import type { QueueParams } from './queueParams.js';
import { Composer, TicketAside, type CannedReply } from './ticketPanels.js';
import { History } from './ticketHistory.js';

export interface TicketPageProps {
  view: View;
  session: Session;
  counts: QueueCounts;
  params: QueueParams;
  ticket: TicketDetail;
  presence: AdvisorPresence[];
  canned: CannedReply[];
  /** The queue this ticket was opened from, and its neighbours there (j / k). */
  nav: { back: string; prev: string | null; next: string | null; ctx: string };
  /** A WhatsApp Cloud template is configured (WHATSAPP_TEMPLATE_NAME). */
  whatsappTemplate: boolean;
  /** MEDIA_MAX_MB, for "not kept: over N MB". */
  mediaMaxMb: number;
  error?: string;
}

export function TicketPage(p: TicketPageProps) {
  const { view, ticket: k } = p;
  const { t } = view;
  return (
    <Layout view={view} session={p.session} title={k.pseudonym} counts={p.counts} queue={p.params}>
      <div class="ticket-top">
        <a href={p.nav.back}>{t('ticket.back')}</a>
        <span class="neighbours">
          {p.nav.prev ? (
            <a href={p.nav.prev} rel="prev">
              {t('ticket.prev')}
            </a>
          ) : (
            <span class="off">{t('ticket.prev')}</span>
          )}
          {p.nav.next ? (
            <a href={p.nav.next} rel="next">
              {t('ticket.next')}
            </a>
          ) : (
            <span class="off">{t('ticket.next')}</span>
          )}
        </span>
      </div>
      {p.error && (
        <p class="error" role="alert">
          {p.error}
        </p>
      )}
      <div class="ticket-grid" data-ticket={k.id}>
        <section class="conversation">
          <TicketHead view={view} ticket={k} whatsappTemplate={p.whatsappTemplate} />
          <div id="history" data-live>
            <History view={view} ticket={k} csrf={p.session.csrfToken} mediaMaxMb={p.mediaMaxMb} />
          </div>
          <Composer view={view} session={p.session} ticket={k} canned={p.canned} ctx={p.nav.ctx} whatsappTemplate={p.whatsappTemplate} />
        </section>
        <TicketAside view={view} session={p.session} ticket={k} presence={p.presence} ctx={p.nav.ctx} />
      </div>
    </Layout>
  );
}

/** Who, where the ticket stands, since when (timers stop when it closes), why it ended, the WhatsApp window. */
function TicketHead(props: { view: View; ticket: TicketDetail; whatsappTemplate: boolean }) {
  const { view, ticket: k } = props;
  const { t, fmt } = view;
  const waitingTpl = t('ticket.waiting_for', { age: '{{age}}' });
  return (
    <div id="ticket-head" class="ticket-head" data-live>
      <h1>
        <bdi>{k.pseudonym}</bdi> {k.sensitive && <span class="badge sens">{t('queue.sensitive_badge')}</span>}
      </h1>
      <p class={`state ${k.status}`}>
        {k.status === 'waiting' && (
          <time data-since={String(k.createdAt)} data-tpl={waitingTpl}>
            {waitingTpl.replace('{{age}}', fmt.since(k.createdAt))}
          </time>
        )}
        {k.status === 'with_advisor' && (
          <>
            {k.assignedName && t('ticket.with_since', { name: k.assignedName, time: fmt.when(k.claimedAt ?? k.createdAt) })}
            {k.claimedAt !== null && <span class="sub"> · {t('ticket.waited', { age: fmt.age(k.claimedAt - k.createdAt) })}</span>}
          </>
        )}
        {k.status === 'closed' && k.closedAt !== null && t('ticket.closed_at', { when: fmt.when(k.closedAt), age: fmt.age(k.closedAt - k.createdAt) })}
      </p>
      {k.status === 'closed' && <p class="ended">{endedLine(view, k)}</p>}
      {k.whatsappWindow && k.status !== 'closed' && <WhatsAppWindow view={view} window={k.whatsappWindow} template={props.whatsappTemplate} />}
    </div>
  );
}

/** WhatsApp Cloud: when the 24-hour window closes, and what a reply does after it. */
function WhatsAppWindow(props: { view: View; window: NonNullable<TicketDetail['whatsappWindow']>; template: boolean }) {
  const line = windowLine(props.view, props.window, props.template);
  if (!line) return null;
  return (
    <p class={`window ${line.state === 'template_sent' ? 'closed' : line.state}`} id="wa-window">
      {line.until !== undefined ? (
        <time data-until={String(line.until)} data-tpl={line.tpl}>
          {line.text}
        </time>
      ) : (
        line.text
      )}
    </p>
  );
}
