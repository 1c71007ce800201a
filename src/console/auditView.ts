import type { AuditEntry, AuditQuery } from '../handoff/handoffPorts.js';
import { addDays, isDate, zonedToEpoch } from '../program/centerTime.js';
import { AUDIT_FAMILIES } from './consoleLabels.js';

/** An audit row, or several views of one ticket by one advisor folded into it. */
export interface FoldedEntry extends AuditEntry {
  count: number;
  /** The first of the folded views (`at` is the last). */
  firstAt: number;
}

/**
 * Views are most of the log (every page load, every live refresh): the views of one ticket by one
 * advisor fold into one row until that advisor does something else to it (newest first).
 */
export function foldViews(entries: AuditEntry[]): FoldedEntry[] {
  const out: FoldedEntry[] = [];
  const open = new Map<string, FoldedEntry>();
  for (const e of entries) {
    const key = `${e.advisorId ?? ''}|${e.target ?? ''}`;
    if (e.action !== 'view' || e.target === null) {
      open.delete(key);
      out.push({ ...e, count: 1, firstAt: e.at });
      continue;
    }
    const row = open.get(key);
    if (row) {
      row.count++;
      row.firstAt = e.at;
      continue;
    }
    const fresh = { ...e, count: 1, firstAt: e.at };
    open.set(key, fresh);
    out.push(fresh);
  }
  return out;
}

export interface AuditFilter {
  advisor: string;
  action: string;
  from: string;
  to: string;
  before?: number;
}

/** ?advisor, action, from, to (the Center's days, YYYY-MM-DD), before (an entry id): lenient for pages, exact for the API. */
export function parseAuditFilter(get: (k: string) => string | undefined, timeZone: string): { filter: AuditFilter; query: Omit<AuditQuery, 'limit'>; errors: string[] } {
  const errors: string[] = [];
  const advisor = (get('advisor') ?? '').slice(0, 80);
  const actionRaw = get('action') ?? '';
  const action = (AUDIT_FAMILIES as readonly string[]).includes(actionRaw) ? actionRaw : '';
  if (actionRaw && !action) errors.push(`action is one of ${AUDIT_FAMILIES.join(', ')}`);
  const day = (name: 'from' | 'to') => {
    const v = get(name) ?? '';
    if (v && !isDate(v)) errors.push(`${name} is a date, YYYY-MM-DD`);
    return v && isDate(v) ? v : '';
  };
  const from = day('from');
  const to = day('to');
  const beforeRaw = get('before');
  const before = beforeRaw && /^\d{1,15}$/.test(beforeRaw) ? Number(beforeRaw) : undefined;
  if (beforeRaw && before === undefined) errors.push('before is an entry id');
  return {
    filter: { advisor, action, from, to, ...(before !== undefined ? { before } : {}) },
    query: {
      ...(advisor ? { advisorId: advisor } : {}),
      ...(action ? { action } : {}),
      ...(from ? { from: zonedToEpoch(from, '00:00', timeZone) } : {}),
      ...(to ? { to: zonedToEpoch(addDays(to, 1), '00:00', timeZone) } : {}),
      ...(before !== undefined ? { before } : {}),
    },
    errors,
  };
}
