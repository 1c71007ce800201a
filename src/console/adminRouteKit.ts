import type { Context } from 'hono';
import type { FlowGraph } from '../flows/flowGraph.js';
import type { HealthBoard } from '../health/healthBoard.js';
import type { HandoffStore } from '../handoff/handoffPorts.js';
import type { I18n } from '../i18n/createI18n.js';
import type { CampaignInput } from '../program/campaigns.js';
import type { EventInput } from '../program/events.js';
import type { ProgramService } from '../program/programService.js';
import { PROGRAM_LANGS } from '../program/programTurn.js';
import type { ConsoleAuth, ConsoleEnv } from './consoleAuth.js';
import { BODY_TOO_LARGE } from '../http/readRequestBody.js';
import { readForm, type FormFields } from '../http/readForm.js';

export interface AdminDeps {
  auth: ConsoleAuth;
  program: ProgramService;
  /** For the audit log (who exported or sent what). */
  handoffStore: HandoffStore;
  i18n: I18n;
  graph: FlowGraph;
  timeZone: string;
  /** Each channel's state (the status page). */
  health: HealthBoard;
  /** Replies waiting to leave, per channel. */
  waiting(): Promise<{ channel: string; waiting: number; oldest: number }[]>;
}

/** An HTML page in standards mode. */
export async function page(c: Context, body: unknown, status: 200 | 400 | 403 | 404 | 409 = 200): Promise<Response> {
  return c.html(`<!doctype html>${String(await body)}`, status);
}

/** The request's form, read (bounded, streamed) once by the console's first middleware; empty if it was refused. */
export async function formOf(c: Context): Promise<FormFields> {
  const form = await readForm(c);
  return form === BODY_TOO_LARGE ? {} : form;
}

export const str = (v: unknown) => (typeof v === 'string' ? v : '');
export const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : []);

/** Who did what to which campaign or event: the audit log. */
export const auditAs = (d: AdminDeps) => (c: Context<ConsoleEnv>, action: string, target: string | null) =>
  d.handoffStore.audit(c.get('session').advisor.id, action, target, d.program.deps.clock.now());

/** The event form's fields (checkboxes repeat). */
export function eventFormInput(f: Record<string, unknown>): EventInput {
  return {
    titles: Object.fromEntries(PROGRAM_LANGS.map((l) => [l, str(f[`title_${l}`])])),
    place: str(f.place),
    province: str(f.province),
    date: str(f.date),
    time: str(f.time),
    capacity: str(f.capacity),
    languages: list(f.languages),
  };
}

/** The campaign form's fields. */
export function campaignFormInput(f: Record<string, unknown>): CampaignInput {
  return {
    name: str(f.name),
    kind: str(f.kind),
    survey: str(f.survey),
    texts: Object.fromEntries(PROGRAM_LANGS.map((l) => [l, str(f[`text_${l}`])])),
    topic: str(f.topic),
    locales: list(f.locales),
    channels: list(f.channels),
    audiences: list(f.audiences),
    provinces: list(f.provinces),
    eventId: str(f.eventId),
  };
}
