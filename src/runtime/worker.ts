/**
 * Cloudflare Workers entry point: the same Hono app as on Node (web chat, Telegram webhook,
 * WhatsApp Cloud webhook, advisor console), on D1 (binding DB) or a remote libSQL database
 * (DATABASE_URL=libsql://…). Only this file and runtime/node.ts read the environment.
 * whatsapp-web.js needs a long-lived browser: it stays on a Node process (see README).
 */
import { CONTENT } from '../content/generated/content.js';
import { KNOWLEDGE_SNAPSHOT } from '../content/generated/knowledgeSnapshot.js';
import { restoreKnowledge } from '../knowledge/indexSnapshot.js';
import { prepareContent } from '../app/prepareContent.js';
import { warmContent } from '../app/warmContent.js';
import { emptyD1, runStartUpTurn } from './startUpTurn.js';
import { renderConsoleSamples } from '../console/renderConsoleSamples.js';
import { buildWorkerApp, type Built, type WorkerEnv } from './buildWorkerApp.js';

export type { WorkerEnv };

interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * What the content alone makes (flows, translations, commands, the console's names), made at the
 * module's start: an isolate's start-up (allowed 1 s), not a request (10 ms of CPU on the free
 * plan). The knowledge index comes built from `npm run content:build`, restored here: building it
 * normalizes and stems every article, some 200-500 ms (docs/performance.md, "The Worker's CPU").
 */
const PREPARED = prepareContent(CONTENT, restoreKnowledge(KNOWLEDGE_SNAPSHOT));
warmContent(PREPARED);

/**
 * Built once per isolate (content parsed and indexed once), rebuilt if the bindings change.
 * `bindings`: a plain copy of the bindings it was built with; `env`: the last env object found to
 * hold them (the same object again is not compared).
 */
let cached: { env: WorkerEnv; bindings: Record<string, unknown>; built: Built | Error } | null = null;

/**
 * The same bindings: the same names, each the same value (a request's env is a new object each
 * time). Compared with a plain copy, never through `cloudflare:workers`' env (a proxy: reading it
 * key by key cost ~0.3 ms a request).
 */
function sameBindings(bindings: Record<string, unknown>, env: WorkerEnv): boolean {
  let n = 0;
  for (const k in env) {
    if (!Object.hasOwn(bindings, k) || bindings[k] !== env[k]) return false;
    n++;
  }
  return n === Object.keys(bindings).length;
}

const build = (env: WorkerEnv): Built | Error => buildWorkerApp(env, CONTENT, PREPARED);

function get(env: WorkerEnv): Built | Error {
  if (cached && (cached.env === env || sameBindings(cached.bindings, env))) {
    cached.env = env;
    return cached.built;
  }
  const bindings = { ...env };
  cached = { env, bindings, built: build(bindings) };
  return cached.built;
}

/**
 * The app is built at the module's start too, where workerd gives the bindings
 * (`cloudflare:workers`' env): making it (config, stores, routes) costs ~10 ms of CPU, the free
 * plan's whole budget for a request. Building queries nothing and needs no clock or randomness
 * (refused at a module's start): only wiring. Elsewhere (Node, tests) there is no such module and
 * the first request builds it, as before.
 */
const WORKERS_MODULE = 'cloudflare:workers';
const startEnv = await import(/* @vite-ignore */ WORKERS_MODULE).then(
  (m: { env?: WorkerEnv }) => m.env ?? null,
  () => null,
);
if (startEnv) {
  const built = get(startEnv);
  // Hono builds its router's matcher at the first match (~5 ms): one match now builds it.
  if (!(built instanceof Error)) built.app.http.router.match('GET', '/start-up');
  // A person's first messages, answered by a throwaway app whose database stores nothing (no
  // trace in D1, nothing sent, nothing logged): V8 compiles the turn now, not in the isolate's
  // first request (8.2 -> 5.2 ms of CPU on average; docs/performance.md, "A fourth pass").
  if (!(built instanceof Error)) {
    const { DATABASE_URL: _remote, ...rest } = startEnv as Record<string, unknown>;
    const throwaway = build({ ...rest, LOG_LEVEL: 'silent', DB: emptyD1() });
    if (!(throwaway instanceof Error)) {
      // A request to no route through its middleware (compiled now too): it stops where workerd
      // refuses to make a Response at a module's start, which only the throwaway app, silent, sees.
      await Promise.resolve(throwaway.app.http.fetch(new Request('https://start-up.invalid/start-up'))).catch(() => undefined);
      await runStartUpTurn(throwaway.app.assistant);
    }
    // The console's pages, rendered with made-up data for nobody: an advisor's first page of an
    // isolate compiled them in the request (15-19 ms of CPU; docs/performance.md, "The console on Workers").
    await renderConsoleSamples({ i18n: PREPARED.i18n, vocab: PREPARED.vocab, timeZone: built.config.TZ_CENTER, now: 0 }).catch(() => undefined);
  }
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContextLike): Promise<Response> {
    const built = get(env);
    if (built instanceof Error) {
      console.error(JSON.stringify({ level: 'error', event: 'worker.config', error: built.message }));
      return Response.json({ error: `tawjih is not configured: ${built.message}` }, { status: 500 });
    }
    const response = await built.app.http.fetch(request);
    // Replies queued by this request leave now, after the response, while the request lives: the
    // turn (or the advisor's reply) that queued them started its channel's pass, awaited here.
    // No pass is started for a request that queued nothing (a web chat message, a console page):
    // each asked D1 for due replies, ~0.6-1.2 ms of CPU per lane and request (the free plan
    // allows 10). Each channel in its own lane, each call with a deadline: a channel that is down
    // or stalls holds only its own replies, tried again by the cron (every minute) or the next
    // reply queued on that channel.
    ctx.waitUntil(built.app.outbox.settled());
    // And the files a person sent during a handoff, which the turn that recorded them started
    // fetching: awaited, no pass started (a pass asks D1 for what is due, ~0.6 ms of every request
    // with a channel that has files; a failed fetch is tried again by the cron).
    ctx.waitUntil(built.app.media.settled());
    return response;
  },

  /** Cron Trigger: retries, unanswered messages, escalations, retention. */
  async scheduled(_controller: unknown, env: WorkerEnv, ctx: ExecutionContextLike): Promise<void> {
    const built = get(env);
    if (built instanceof Error) throw built;
    ctx.waitUntil(built.loop.runOnce());
  },
};
