import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Clock, IdSource } from '../core/ports.js';
import type { Logger } from '../core/assistantDeps.js';
import { hashPassword, randomToken, sha256, verifyPassword } from '../advisors/passwords.js';
import type { Advisor, HandoffStore, Role, Session } from '../handoff/handoffPorts.js';
import { timingSafeEqualText } from '../http/timingSafeEqual.js';

export const SESSION_COOKIE = 'tawjih_session';
const SESSION_MS = 12 * 3600_000;
const LOGIN_WINDOW_MS = 15 * 60_000;
/** Per account: 5 wrong passwords in 15 minutes. Per client address (a whole office may share one): 30. */
const LOGIN_MAX_FAILURES = { email: 5, client: 30 };

export type ConsoleEnv = { Variables: { session: Session } };

export interface ConsoleAuthDeps {
  store: HandoffStore;
  clock: Clock;
  ids: IdSource;
  log: Logger;
  /** Cookies get Secure when the console is served over https. */
  secureCookies: boolean;
}

/** Failed logins per email and per client, in a sliding window: slows down password guessing. */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  constructor(private readonly clock: Clock) {}

  retryAfterMs(keys: string[]): number {
    const now = this.clock.now();
    let wait = 0;
    for (const k of keys) {
      const list = (this.failures.get(k) ?? []).filter((t) => t > now - LOGIN_WINDOW_MS);
      if (list.length) this.failures.set(k, list);
      else this.failures.delete(k);
      if (list.length >= (k.startsWith('client:') ? LOGIN_MAX_FAILURES.client : LOGIN_MAX_FAILURES.email)) wait = Math.max(wait, list[0]! + LOGIN_WINDOW_MS - now);
    }
    return wait;
  }

  fail(keys: string[]): void {
    const now = this.clock.now();
    for (const k of keys) this.failures.set(k, [...(this.failures.get(k) ?? []), now]);
    // Attempts with ever new emails or addresses must not grow the memory forever.
    if (this.failures.size > 10_000) for (const [k, l] of this.failures) if (l[l.length - 1]! <= now - LOGIN_WINDOW_MS) this.failures.delete(k);
  }

  succeed(keys: string[]): void {
    for (const k of keys) this.failures.delete(k);
  }
}

export type LoginResult = { ok: true; advisor: Advisor; token: string; csrfToken: string } | { ok: false; reason: 'invalid' | 'too_many'; retryAfterMs?: number };

export class ConsoleAuth {
  readonly limiter: LoginLimiter;
  // A constant hash to compare against when the email is unknown: same time either way.
  private readonly decoy = hashPassword('decoy-password-for-unknown-accounts');

  constructor(private readonly d: ConsoleAuthDeps) {
    this.limiter = new LoginLimiter(d.clock);
  }

  async login(email: string, password: string, client: string): Promise<LoginResult> {
    const keys = [`email:${email.toLowerCase()}`, `client:${client}`];
    const wait = this.limiter.retryAfterMs(keys);
    if (wait > 0) return { ok: false, reason: 'too_many', retryAfterMs: wait };
    const advisor = await this.d.store.findAdvisorByEmail(email.trim());
    const valid = await verifyPassword(password, advisor?.passwordHash ?? (await this.decoy));
    if (!advisor || !valid || advisor.disabledAt !== null) {
      this.limiter.fail(keys);
      this.d.log.warn('console.login_failed');
      return { ok: false, reason: 'invalid' };
    }
    this.limiter.succeed(keys);
    const token = randomToken();
    const csrfToken = randomToken(24);
    const now = this.d.clock.now();
    await this.d.store.createSession({ tokenHash: await sha256(token), advisorId: advisor.id, csrfToken, at: now, expiresAt: now + SESSION_MS });
    await this.d.store.audit(advisor.id, 'login', null, now);
    return { ok: true, advisor, token, csrfToken };
  }

  setSessionCookie(c: Context, token: string): void {
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: this.d.secureCookies, path: '/', maxAge: SESSION_MS / 1000 });
  }

  async logout(c: Context): Promise<void> {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await this.d.store.deleteSession(await sha256(token));
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: this.d.secureCookies });
  }

  async sessionOf(c: Context): Promise<Session | null> {
    const token = getCookie(c, SESSION_COOKIE);
    if (!token || token.length > 200) return null;
    return this.d.store.findSession(await sha256(token), this.d.clock.now());
  }

  /** Requires a signed-in advisor with the role (admin includes advisor); `onMissing` answers otherwise. */
  require(role: Role, onMissing: (c: Context, status: 401 | 403) => Response | Promise<Response>): MiddlewareHandler<ConsoleEnv> {
    return async (c, next) => {
      const session = await this.sessionOf(c);
      if (!session) return onMissing(c, 401);
      if (role === 'admin' && session.advisor.role !== 'admin') return onMissing(c, 403);
      c.set('session', session);
      await next();
    };
  }

  /** Every state-changing request carries the session's CSRF token (header or form field). */
  csrfOk(session: Session, given: string | undefined | null): boolean {
    return typeof given === 'string' && timingSafeEqualText(given, session.csrfToken);
  }
}

export function clientKey(c: Context): string {
  // Cloudflare sets cf-connecting-ip on Workers; a reverse proxy sets x-forwarded-for.
  const forwarded = c.req.header('cf-connecting-ip') ?? c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return forwarded || env?.incoming?.socket?.remoteAddress || 'unknown';
}
