import { Agent, request } from 'undici';
import type { ApiFetch } from '../channels/apiFetch.js';

/**
 * The HTTP client of the Bot API's and the Graph API's calls on Node: undici's `request` over kept-alive connections.
 * A call through grammY's default (node-fetch over Node's http agent) costs ~180 µs of the
 * caller's CPU, through Node's global fetch ~300 µs, through undici's request ~50 µs
 * (bench/tools/httpClients.ts; docs/performance.md, "The Bot API's HTTP client"). Errors stay
 * undici's (a connection refused is ECONNREFUSED, a deadline of AbortSignal.timeout a TimeoutError,
 * an aborted call an AbortError), which grammY wraps in its HttpError as before.
 */
export function undiciFetch(): { fetch: ApiFetch; close(): Promise<void> } {
  // Kept-alive connections, as many at once as the outbox's sends in flight (at most 64 a lane).
  const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 30_000 });
  const fetch: ApiFetch = async (url, init = {}) => {
    const headers: Record<string, string> = {};
    // "connection: keep-alive", which grammY sets, is a hop-by-hop header undici refuses: it keeps connections alive itself.
    for (const [name, value] of Object.entries(init.headers ?? {})) if (name.toLowerCase() !== 'connection') headers[name] = value;
    const res = await request(url, {
      dispatcher,
      method: (init.method ?? 'GET') as 'GET',
      headers,
      body: init.body as never,
      signal: init.signal ?? null,
    });
    return {
      ok: res.statusCode >= 200 && res.statusCode < 300,
      status: res.statusCode,
      headers: {
        get: (name: string) => {
          const value = res.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        },
      },
      json: () => res.body.json(),
      text: () => res.body.text(),
    };
  };
  return { fetch, close: () => dispatcher.close() };
}
