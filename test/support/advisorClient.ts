import { send, type Target } from './transport.js';
import type { Client } from '@libsql/client';
import { hashPassword } from '../../src/advisors/passwords.js';
import { LibsqlHandoffStore } from '../../src/handoff/libsqlHandoffStore.js';

let n = 0;
/** Creates an advisor account directly in the test database (what `npm run advisors -- add` does). */
export async function createAdvisor(db: Client, name: string, role: 'advisor' | 'admin' = 'advisor', password = 'correct horse battery staple', iterations?: number) {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${++n}@center.test`;
  const id = `a_test_${n}_${Date.now().toString(36)}`;
  await new LibsqlHandoffStore(db).createAdvisor({
    id,
    email,
    name,
    role,
    passwordHash: await hashPassword(email, password, iterations),
    disabledAt: null,
    createdAt: Date.now(),
  });
  return { id, email, password, name };
}

/** An advisor using the console's JSON API, with the session cookie and CSRF token. */
export class AdvisorClient {
  cookie = '';
  csrf = '';
  constructor(readonly baseUrl: Target) {}

  async login(email: string, password: string): Promise<Response> {
    const res = await send(this.baseUrl, `/advisor/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (res.ok) {
      this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      this.csrf = ((await res.clone().json()) as { csrfToken: string }).csrfToken;
    }
    return res;
  }

  async get(path: string): Promise<{ status: number; json: any }> {
    const res = await send(this.baseUrl, `/advisor/api${path}`, { headers: { cookie: this.cookie } });
    return { status: res.status, json: await res.json() };
  }

  async post(path: string, body: unknown = {}, opts: { csrf?: string | null } = {}): Promise<{ status: number; json: any }> {
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    const res = await send(this.baseUrl, `/advisor/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: this.cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  }

  async waitingTicketFor(predicate: (t: any) => boolean = () => true): Promise<any> {
    const { json } = await this.get('/tickets?status=waiting');
    return json.tickets.find(predicate);
  }
}
