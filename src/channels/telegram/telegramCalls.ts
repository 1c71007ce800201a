import { GrammyError, HttpError, type Transformer } from 'grammy';
import type { OutageReason } from '../../core/ports.js';
import type { ServiceHealth } from '../../health/serviceHealth.js';

/** A Bot API call with no answer in this time has failed (Telegram answers in well under a second). */
export const TELEGRAM_CALL_TIMEOUT_MS = 20_000;

/** A call that got no answer in time (grammY's own timeout is 500 s). */
export class TelegramCallTimeout extends Error {
  override name = 'TelegramCallTimeout';
}

/**
 * Every Bot API call gets a deadline (getUpdates: its long-poll time on top). The calls grammY
 * makes by itself during long polling report to the channel's health; the others are reported by
 * whoever made them (the outbox's lane, the connection).
 */
export function callDeadlines(timeoutMs: number, health: ServiceHealth): Transformer {
  return async (prev, method, payload, signal) => {
    const poll = method === 'getUpdates';
    const wait = timeoutMs + (poll ? Number((payload as { timeout?: number } | undefined)?.timeout ?? 0) * 1000 : 0);
    // One signal for both: the caller's (grammY's own, from its AbortController shim) and the deadline.
    const ctrl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, wait);
    const onAbort = () => ctrl.abort();
    if (signal?.aborted) ctrl.abort();
    else signal?.addEventListener('abort', onAbort);
    try {
      const res = await prev(method, payload, ctrl.signal as never);
      if (poll) {
        if (res.ok) health.ok();
        else if (res.error_code >= 500) health.failed('server_error', `telegram ${res.error_code}`);
        else if (res.error_code === 401) health.failed('token_refused', 'telegram 401');
      }
      return res;
    } catch (error) {
      if (signal?.aborted) throw error; // stopped by us (polling stops): not an outage
      const failure = timedOut ? new TelegramCallTimeout(`no answer in ${wait} ms`) : error;
      if (poll) {
        const out = telegramOutage(failure);
        if (out) health.failed(out.reason, out.error);
      }
      throw failure;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  };
}

/**
 * Whether a failed Bot API call means Telegram itself is unavailable to us (and why), rather than
 * something about one message: no connection, no answer in time, a 5xx, or our token refused.
 * The error said is a code, never grammY's message (its URL carries the token).
 */
export function telegramOutage(error: unknown): { reason: OutageReason; error: string } | null {
  if (error instanceof TelegramCallTimeout) return { reason: 'timeout', error: 'telegram timeout' };
  if (error instanceof HttpError) {
    const code = (error.error as { code?: unknown; cause?: { code?: unknown } } | undefined)?.code ?? (error.error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
    return { reason: 'unreachable', error: typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'telegram unreachable' };
  }
  if (error instanceof GrammyError) {
    if (error.error_code >= 500) return { reason: 'server_error', error: `telegram ${error.error_code}` };
    // 401: the token was revoked; getMe answers 404 to a token that never existed.
    if (error.error_code === 401 || (error.method === 'getMe' && error.error_code === 404)) return { reason: 'token_refused', error: `telegram ${error.error_code}` };
  }
  return null;
}
