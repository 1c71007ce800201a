import type { Advisor, TicketStatus } from './handoffPorts.js';

export type TicketAction = 'claim' | 'reply' | 'note' | 'transfer' | 'close';

/**
 * Who may do what to an open ticket, decided by role (docs/security.md, "Who may do what"):
 * - anyone signed in claims a waiting ticket, and leaves a note on one (context for whoever takes it);
 * - the advisor who holds a ticket replies, notes, transfers and closes it; nobody else replies
 *   (the person talks to one advisor), not even an admin;
 * - an admin supervises: notes on any open ticket, transfers any claimed one, closes any open one
 *   (an unclaimed duplicate or spam included); an advisor claims a ticket before closing it.
 * The ticket's state (closed, taken meanwhile) is checked apart: that is a conflict, not a role.
 */
export function mayAct(action: TicketAction, ticket: { status: TicketStatus; assignedTo: string | null }, advisor: Pick<Advisor, 'id' | 'role'>): boolean {
  const holds = ticket.status === 'with_advisor' && ticket.assignedTo === advisor.id;
  const admin = advisor.role === 'admin';
  switch (action) {
    case 'claim':
      return true;
    case 'reply':
      return holds || ticket.status === 'waiting';
    case 'note':
      return holds || admin || ticket.status === 'waiting';
    case 'transfer':
    case 'close':
      return holds || admin;
  }
}
