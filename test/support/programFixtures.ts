import { send, type Target } from './transport.js';
import type { Client } from '@libsql/client';
import { expect } from 'vitest';

let seq = 0;

export interface SeededPerson {
  contactId: string;
  conversationId: string;
  channel: string;
  channelUserId: string;
  locale: string;
}

/**
 * People as the bot leaves them after onboarding (contact, conversation, subscriptions), written
 * straight into the test database: a 2,000-person campaign does not need 10,000 onboarding turns.
 */
export async function seedPeople(
  db: Client,
  count: number,
  o: {
    channel: 'webchat' | 'telegram' | 'whatsapp-cloud' | 'whatsapp-web';
    locale?: string | ((i: number) => string);
    topics?: string[];
    consent?: boolean;
    audience?: 'migrant' | 'mre';
    province?: string;
    unreachable?: boolean;
    /** Telegram chat ids / web chat ids start here. */
    firstId?: number;
    at?: number;
  },
): Promise<SeededPerson[]> {
  const people: SeededPerson[] = [];
  const at = o.at ?? Date.now();
  const batchId = `${++seq}${Date.now().toString(36)}`;
  const statements: { sql: string; args: (string | number | null)[] }[] = [];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(6, '0');
    const contactId = `c_seed${batchId}_${n}`;
    const conversationId = `v_seed${batchId}_${n}`;
    const channelUserId = o.channel === 'webchat' ? `seed-${batchId}-${n}` : String((o.firstId ?? 900_000_000) + i);
    const locale = typeof o.locale === 'function' ? o.locale(i) : (o.locale ?? 'fr');
    const consent = o.consent ?? true;
    statements.push(
      {
        sql: `INSERT INTO contacts (id, locale, locale_chosen, audience, province, consent_at, consent_version, consent_purpose, subscribed, created_at, last_seen_at)
              VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [contactId, locale, consent ? (o.audience ?? 'migrant') : null, consent ? (o.province ?? 'tiznit') : null, consent ? at : null, consent ? '2026-11-22' : null, consent ? 'orientation' : null, o.topics?.length ? 1 : 0, at, at],
      },
      {
        sql: 'INSERT INTO conversations (id, contact_id, channel, channel_user_id, state, position, unreachable_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)',
        args: [conversationId, contactId, o.channel, channelUserId, 'bot', o.unreachable ? at : null, at, at],
      },
    );
    for (const topic of o.topics ?? []) statements.push({ sql: 'INSERT INTO subscriptions (contact_id, topic, created_at) VALUES (?, ?, ?)', args: [contactId, topic, at] });
    people.push({ contactId, conversationId, channel: o.channel, channelUserId, locale });
  }
  for (let i = 0; i < statements.length; i += 500) await db.batch(statements.slice(i, i + 500), 'write');
  return people;
}

/** An admin (or advisor) using the console's program pages: session cookie, CSRF token, forms. */
export class ConsoleSession {
  cookie = '';
  csrf = '';
  constructor(readonly baseUrl: Target) {}

  async login(email: string, password: string): Promise<this> {
    const res = await send(this.baseUrl, `/advisor/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    expect(res.status).toBe(200);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return this;
  }

  get(path: string): Promise<Response> {
    return send(this.baseUrl, `${path}`, { headers: { cookie: this.cookie }, redirect: 'manual' });
  }

  async json<T = any>(path: string): Promise<T> {
    const res = await this.get(path);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  }

  /** Posts a form as the browser does (repeated fields for checkboxes); the CSRF token unless told otherwise. */
  post(path: string, fields: Record<string, string | string[]>, opts: { csrf?: boolean } = {}): Promise<Response> {
    const body = new URLSearchParams();
    if (opts.csrf !== false) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return send(this.baseUrl, `${path}`, { method: 'POST', headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
  }

  /** Creates a campaign through the form; returns its id (from the redirect). */
  async createCampaign(fields: Record<string, string | string[]>): Promise<string> {
    const res = await this.post('/advisor/admin/campaigns', fields);
    expect(res.status, await res.clone().text()).toBe(303);
    return res.headers.get('location')!.split('/').pop()!;
  }

  /**
   * "Send now" as an admin does it: the confirmation page says how many people it goes to, and
   * that number is confirmed (the page's own form). Returns the answer to the confirmed POST.
   */
  async sendCampaign(id: string): Promise<Response> {
    const confirm = await this.get(`/advisor/admin/campaigns/${id}/send`);
    const html = confirm.status === 200 ? await confirm.text() : '';
    const audience = /name="audience" value="(\d+)"/.exec(html)?.[1] ?? '0';
    return this.post(`/advisor/admin/campaigns/${id}/send`, { confirm: 'yes', audience });
  }

  async createEvent(fields: Record<string, string | string[]>): Promise<string> {
    const res = await this.post('/advisor/admin/workshops', fields);
    expect(res.status, await res.clone().text()).toBe(303);
    return res.headers.get('location')!.split('/').pop()!;
  }
}

/** Minimal CSV reader (quoted cells, "" escapes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}
