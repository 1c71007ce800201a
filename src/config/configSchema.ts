import * as z from 'zod/mini';
import { officeHoursSchema } from './officeHoursSpec.js';

export const SUPPORTED_LOCALES = ['ar', 'fr', 'en', 'es', 'shi', 'ary'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

// zod/mini: the same validation as zod, a twentieth of its size in the Workers bundle.
/** A whole number from the environment, within bounds, with a default. */
const int = (min: number, max: number, fallback: number) => z._default(z.coerce.number().check(z.int(), z.gte(min), z.lte(max)), fallback);
/** An optional value that must match a pattern; the message names what is expected. */
const matching = (pattern: RegExp, message: string) => z.optional(z.string().check(z.regex(pattern, message)));
const httpUrl = () => z.url({ protocol: /^https?$/ });
const validTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
const botInfoJson = (s: string) => {
  try {
    const v = JSON.parse(s) as { id?: unknown; username?: unknown };
    return typeof v.id === 'number' && typeof v.username === 'string';
  } catch {
    return false;
  }
};

/** Every setting tawjih reads, with defaults that work on one machine. */
export const configSchema = z.object({
  // 0 asks the system for a free port (tests).
  PORT: int(0, 65535, 8787),
  HOST: z._default(z.string().check(z.minLength(1)), '127.0.0.1'),
  DATABASE_URL: z._default(
    z.string().check(z.regex(/^(file:|libsql:|https?:|wss?:|:memory:$)/, 'must start with file:, libsql:, https: or be :memory:')),
    'file:data/tawjih.db',
  ),
  DATABASE_AUTH_TOKEN: z.optional(z.string()),
  PUBLIC_URL: z.optional(httpUrl()),
  /** 1: requests come through one reverse proxy of ours; its X-Forwarded-For (last entry) and X-Forwarded-Proto are believed. */
  TRUST_PROXY: z._default(z.stringbool({ truthy: ['1', 'true', 'yes'], falsy: ['0', 'false', 'no'] }), false),
  DEFAULT_LOCALE: z._default(z.enum(SUPPORTED_LOCALES), 'fr'),
  TZ_CENTER: z._default(z.string().check(z.refine(validTimeZone, 'must be an IANA time zone such as Africa/Casablanca')), 'Africa/Casablanca'),
  LOG_LEVEL: z._default(z.enum(['debug', 'info', 'warn', 'error', 'silent']), 'info'),

  // Telegram (enabled by the token).
  TELEGRAM_BOT_TOKEN: matching(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must look like 123456:ABC-DEF… (from @BotFather)'),
  TELEGRAM_WEBHOOK_SECRET: matching(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 characters of A-Z a-z 0-9 _ -'),
  TELEGRAM_API_ROOT: z._default(httpUrl(), 'https://api.telegram.org'),
  /** The bot's identity as getMe returns it (JSON), to skip the getMe call at start. */
  TELEGRAM_BOT_INFO: z.optional(z.string().check(z.refine(botInfoJson, 'must be the JSON of getMe (with id and username)'))),
  TELEGRAM_RATE_PER_SECOND: int(1, 30, 30),
  TELEGRAM_RATE_PER_CHAT_PER_SECOND: int(1, 5, 1),
  /** The advisors' Telegram group (a negative chat id): escalations are posted there. */
  TELEGRAM_ADVISORS_CHAT_ID: matching(/^-\d{5,20}$/, 'must be a group chat id such as -1001234567890'),

  // Advisor handoff.
  HANDOFF_ESCALATE_MINUTES: int(1, 1440, 10),
  /** The largest photo, voice note or document passed to an advisor (Telegram lets bots download 20 MB at most). */
  MEDIA_MAX_MB: int(1, 20, 10),

  // Privacy and protection.
  /** Conversations untouched for this many days are deleted. */
  RETENTION_DAYS: int(1, 3650, 180),
  /** Messages per minute one person may send before being asked to slow down. */
  RATE_LIMIT_PER_MINUTE: int(1, 1000, 20),
  OFFICE_HOURS: z._default(officeHoursSchema, 'mon-fri 09:00-16:30'),

  // WhatsApp Cloud API (enabled by the four values together: token, phone number id, app secret, verify token).
  WHATSAPP_TOKEN: matching(/^\S{20,}$/, 'must be a Meta access token (system user token from the Business settings)'),
  WHATSAPP_PHONE_NUMBER_ID: matching(/^\d{5,20}$/, "must be the phone number's id (digits, from WhatsApp > API setup), not the phone number"),
  WHATSAPP_APP_SECRET: matching(/^[A-Za-z0-9]{16,128}$/, "must be the Meta app's secret (App settings > Basic)"),
  WHATSAPP_VERIFY_TOKEN: matching(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 characters of A-Z a-z 0-9 _ - (you choose it, and type it in the webhook settings)'),
  WHATSAPP_API_ROOT: z._default(httpUrl(), 'https://graph.facebook.com/v24.0'),
  /** Sent instead of a reply when the 24-hour window is closed; approved in each of ar, fr, en, es. */
  WHATSAPP_TEMPLATE_NAME: matching(/^[a-z0-9_]{1,512}$/, 'must be a template name: lowercase letters, digits and _'),
  WHATSAPP_CLOUD_RATE_PER_SECOND: int(1, 1000, 80),
  // whatsapp-web.js (a linked phone, Node only).
  WHATSAPP_WEB: z._default(z.stringbool({ truthy: ['1', 'true', 'yes'], falsy: ['0', 'false', 'no'] }), false),
  WHATSAPP_CHROMIUM_PATH: z._default(z.string().check(z.minLength(1)), '/usr/bin/chromium'),
  WHATSAPP_WEB_RATE_PER_MINUTE: int(1, 60, 20),
});

const WHATSAPP_CLOUD_KEYS = ['WHATSAPP_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN'] as const;

export type Config = z.infer<typeof configSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

/** Parses the environment once. A bad value gives one line naming the variable. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const result = configSchema.safeParse(cleaned);
  if (result.success) {
    const c = result.data;
    if (c.TELEGRAM_BOT_TOKEN && c.PUBLIC_URL && !c.TELEGRAM_WEBHOOK_SECRET) {
      return { ok: false, message: 'Missing TELEGRAM_WEBHOOK_SECRET: with PUBLIC_URL set, Telegram uses a webhook, which needs a secret' };
    }
    const missing = WHATSAPP_CLOUD_KEYS.filter((k) => !c[k]);
    if (missing.length && missing.length < WHATSAPP_CLOUD_KEYS.length) {
      return { ok: false, message: `Missing ${missing[0]}: the WhatsApp Cloud API needs ${WHATSAPP_CLOUD_KEYS.join(', ')} together` };
    }
    return { ok: true, config: c };
  }
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'configuration');
  const given = cleaned[name];
  return {
    ok: false,
    message: `Invalid ${name}${given !== undefined ? ` (${shown(name, given)})` : ''}: ${issue.message}`,
  };
}

/** Tokens and secrets: an error says what is wrong with them, never what they are (logs are kept). */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'WHATSAPP_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'DATABASE_AUTH_TOKEN']);

/** A value as an error may show it: a secret only by its length and its spaces; a URL without its credentials. */
function shown(name: string, value: string): string {
  if (SECRET_KEYS.has(name)) {
    const what = [`${value.length} characters`];
    if (/^\s/.test(value)) what.push('starts with a space');
    if (/\s$/.test(value)) what.push('ends with a space');
    if (/\S\s+\S/.test(value)) what.push('contains a space');
    return what.join(', ');
  }
  if (name === 'DATABASE_URL') return JSON.stringify(value.replace(/\/\/[^/@]*@/, '//…@').replace(/\?.*$/, value.includes('?') ? '?…' : ''));
  return JSON.stringify(value);
}

/** Any configured secret found in a text (an error from a library) replaced by its variable's name. */
export function redactSecrets(text: string, config: Partial<Record<string, unknown>>): string {
  let out = text;
  for (const name of SECRET_KEYS) {
    const value = config[name];
    if (typeof value === 'string' && value.length >= 8) out = out.split(value).join(`[${name}]`);
  }
  return out;
}
