import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Clock, IdSource } from '../core/ports.js';
import type { Logger } from '../core/assistantDeps.js';
import { DECOY_HASH, hashPassword, isLegacyHash, parseKey, randomToken, sha256, verifyKey, verifyPassword } from '../advisors/passwords.js';
import type { Advisor, HandoffStore, Role, Session } from '../handoff/handoffPorts.js';
import { timingSafeEqualText } from '../http/timingSafeEqual.js';
import { clientAddress, fromAnotherOrigin, servedOverHttps, type RequestTrust } from '../http/requestTrust.js';

export const SESSION_COOKIE = 'tawjih_session';
const SESSION_MS = 12 * 3600_000;
const LOGIN_WINDOW_MS = 15 * 60_000;
/**
 * Wrong passwords allowed in 15 minutes: per account from one address (the real user, typing from
 * their own, is never locked out by someone else's guesses); per address over all accounts (a whole
 * office may share one); and, over everything, a ceiling past which only addresses that signed in
 * successfully before may still try (a guesser spread over many addresses).
 */
export const LOGIN_LIMITS = { pair: 5, address: 30, global: 300 };
/** An address that signed in is "known" for this long (the global ceiling spares it). */
const KNOWN_ADDRESS_MS = 30 * 24 * 3600_000;
const MAX_TRACKED = 10_000;

export type ConsoleEnv = { Variables: { session: Session } };

export interface ConsoleAuthDeps {
  store: HandoffStore;
  clock: Clock;
  ids: IdSource;
  log: Logger;
  /** Who sent a request, whether it came over https, the console's own origin. */
  trust: RequestTrust;
  /**
   * Whether a password may be checked here when the form brings no key (600,000 PBKDF2 iterations
   * on this process): yes on Node; no on Workers, which refuse it (passwords.ts).
   */
  serverHashing: boolean;
}

/** What a sign-in brings: the page's key (passwords.ts), the password, or both. */
export interface Credentials {
  password?: string;
  key?: string;
}

/** Failed logins in a sliding window (in this process): slows down password guessing, never locks out the real user. */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  private global: number[] = [];
  private readonly known = new Map<string, number>();
  constructor(private readonly clock: Clock) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - LOGIN_WINDOW_MS);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** How long this account may not be tried from this address (0: go ahead). */
  retryAfterMs(email: string, address: string): number {
    const now = this.clock.now();
    this.global = this.global.filter((t) => t > now - LOGIN_WINDOW_MS);
    const until = (list: number[], max: number) => (list.length >= max ? list[list.length - max]! + LOGIN_WINDOW_MS - now : 0);
    const waits = [until(this.recent(`pair:${email}|${address}`, now), LOGIN_LIMITS.pair), until(this.recent(`address:${address}`, now), LOGIN_LIMITS.address)];
    const known = (this.known.get(address) ?? -Infinity) > now - KNOWN_ADDRESS_MS;
    if (!known) waits.push(until(this.global, LOGIN_LIMITS.global));
    return Math.max(0, ...waits);
  }

  fail(email: string, address: string): void {
    const now = this.clock.now();
    for (const k of [`pair:${email}|${address}`, `address:${address}`]) this.failures.set(k, [...(this.failures.get(k) ?? []), now]);
    this.global.push(now);
    // Attempts with ever new emails or addresses must not grow the memory forever.
    if (this.failures.size > MAX_TRACKED) for (const [k, l] of this.failures) if (l[l.length - 1]! <= now - LOGIN_WINDOW_MS) this.failures.delete(k);
    if (this.global.length > LOGIN_LIMITS.global * 4) this.global = this.global.slice(-LOGIN_LIMITS.global);
  }

  succeed(email: string, address: string): void {
    this.failures.delete(`pair:${email}|${address}`);
    this.known.delete(address);
    this.known.set(address, this.clock.now());
    if (this.known.size > MAX_TRACKED) this.known.delete(this.known.keys().next().value!);
  }
}

export type LoginResult =
  | { ok: true; advisor: Advisor; token: string; csrfToken: string }
  /** needs_key: no key, and no password may be checked here (Workers): the page needs JavaScript and https. */
  | { ok: false; reason: 'invalid' | 'too_many' | 'needs_key'; retryAfterMs?: number };

export class ConsoleAuth {
  readonly limiter: LoginLimiter;
  constructor(private readonly d: ConsoleAuthDeps) {
    this.limiter = new LoginLimiter(d.clock);
  }

  async login(email: string, given: Credentials, address: string): Promise<LoginResult> {
    const account = email.trim().toLowerCase();
    const key = parseKey(given.key);
    const password = given.password ?? '';
    if (!key && !(this.d.serverHashing && password)) return { ok: false, reason: key || password ? 'needs_key' : 'invalid' };
    const wait = this.limiter.retryAfterMs(account, address);
    if (wait > 0) return { ok: false, reason: 'too_many', retryAfterMs: wait };
    const advisor = await this.d.store.findAdvisorByEmail(email.trim());
    // An unknown email is checked against a hash no key matches: the same work either way.
    const stored = advisor?.passwordHash ?? DECOY_HASH;
    // The key (one SHA-256); where it does not match (an account in the old form, a page without
    // JavaScript, a wrong password), the password, here, if this process checks passwords (Node).
    const valid = (key !== null && (await verifyKey(key, stored))) || (this.d.serverHashing && password !== '' && (await verifyPassword(account, password, stored)));
    if (!advisor || !valid || advisor.disabledAt !== null) {
      this.limiter.fail(account, address);
      this.d.log.warn('console.login_failed');
      return { ok: false, reason: 'invalid' };
    }
    this.limiter.succeed(account, address);
    // An account made before the key: its hash in the new form, from the password just checked.
    if (isLegacyHash(stored)) await this.d.store.setAdvisorPasswordHash(advisor.email, await hashPassword(account, password));
    const token = randomToken();
    const csrfToken = randomToken(24);
    const now = this.d.clock.now();
    await this.d.store.createSession({ tokenHash: await sha256(token), advisorId: advisor.id, csrfToken, at: now, expiresAt: now + SESSION_MS });
    await this.d.store.audit(advisor.id, 'login', null, now);
    return { ok: true, advisor, token, csrfToken };
  }

  /** Sets a console cookie: HttpOnly, SameSite=Strict, and Secure whenever the request came over https. */
  cookie(c: Context, name: string, value: string, opts: { path?: string; maxAge?: number; httpOnly?: boolean } = {}): void {
    setCookie(c, name, value, { httpOnly: opts.httpOnly ?? true, sameSite: 'Strict', secure: servedOverHttps(c, this.d.trust), path: opts.path ?? '/', ...(opts.maxAge ? { maxAge: opts.maxAge } : {}) });
  }

  setSessionCookie(c: Context, token: string): void {
    this.cookie(c, SESSION_COOKIE, token, { maxAge: SESSION_MS / 1000 });
  }

  async logout(c: Context): Promise<void> {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const hash = await sha256(token);
      await this.d.store.deleteSession(hash);
      this.ended(hash);
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: servedOverHttps(c, this.d.trust) });
  }

  private readonly endListeners = new Set<(tokenHash: string) => void>();
  /** Called with a session's token hash when it ends here (logout): its live-update streams close. */
  onSessionEnd(listener: (tokenHash: string) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }
  private ended(tokenHash: string): void {
    for (const l of this.endListeners) l(tokenHash);
  }

  /** The request's client address (the socket's, or the trusted proxy's word). */
  address(c: Context): string {
    return clientAddress(c, this.d.trust);
  }

  /** A browser request from another site or origin (refused on anything that signs in or changes something). */
  crossOrigin(c: Context): boolean {
    return fromAnotherOrigin(c, this.d.trust);
  }

  async sessionOf(c: Context): Promise<Session | null> {
    const hash = await this.sessionHash(c);
    return hash ? this.sessionByHash(hash) : null;
  }

  /** The request's session token, as stored (its SHA-256); null without a cookie. */
  async sessionHash(c: Context): Promise<string | null> {
    const token = getCookie(c, SESSION_COOKIE);
    return token && token.length <= 200 ? sha256(token) : null;
  }

  /** The session, if it is still valid now (not logged out, not expired, its account not disabled). */
  sessionByHash(tokenHash: string): Promise<Session | null> {
    return this.d.store.findSession(tokenHash, this.d.clock.now());
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
