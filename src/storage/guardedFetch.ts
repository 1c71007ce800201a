import type { ServiceHealth } from '../health/serviceHealth.js';
import { DatabaseUnavailableError } from './databaseUnavailable.js';

/** A call to the remote database with no answer in this time has failed (a stall never holds a request for long). */
export const DATABASE_CALL_TIMEOUT_MS = 10_000;

/**
 * The fetch the remote database's client uses (Node's @libsql/client, the Worker's Hrana client):
 * every call gets a deadline, and its outcome feeds the database's health (logged once per change
 * of state). A call that cannot reach the server, gets no answer in time or a 5xx throws
 * DatabaseUnavailableError, which the HTTP app answers with a 503.
 */
export function guardedFetch(health: ServiceHealth, timeoutMs: number = DATABASE_CALL_TIMEOUT_MS, fetcher: typeof fetch = (i, init) => fetch(i, init)): typeof fetch {
  return async (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const given = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    let res: Response;
    try {
      res = await fetcher(input, { ...init, signal: given ? AbortSignal.any([given, deadline]) : deadline });
      // The body is read here, under the same deadline: a response that stalls or is cut midway fails now.
      const body = await res.arrayBuffer();
      res = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } catch (error) {
      if (given?.aborted) throw error;
      const reason = deadline.aborted ? 'timeout' : 'unreachable';
      health.failed(reason, deadline.aborted ? 'no answer' : codeOf(error));
      throw new DatabaseUnavailableError(reason);
    }
    if (res.status >= 500) {
      health.failed('server_error', `http ${res.status}`);
      throw new DatabaseUnavailableError('server_error');
    }
    if (res.status === 401 || res.status === 403) health.failed('token_refused', `http ${res.status}`);
    else health.ok();
    return res;
  };
}

/** A network error's code (ECONNREFUSED, ECONNRESET…), never its message. */
function codeOf(error: unknown): string {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code ?? (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'fetch failed';
}
