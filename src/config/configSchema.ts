import { z } from 'zod';
import { officeHoursSchema } from '../handoff/officeHours.js';

export const SUPPORTED_LOCALES = ['ar', 'fr', 'en', 'es', 'shi', 'ary'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

// 0 asks the system for a free port (tests).
const port = z.coerce.number().int().min(0).max(65535);

/** Every setting tawjih reads, with defaults that work on one machine. */
export const configSchema = z.object({
  PORT: port.default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|libsql:|https?:|wss?:|:memory:$)/, 'must start with file:, libsql:, https: or be :memory:')
    .default('file:data/tawjih.db'),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DEFAULT_LOCALE: z.enum(SUPPORTED_LOCALES).default('fr'),
  TZ_CENTER: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Africa/Casablanca')
    .default('Africa/Casablanca'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),

  // Telegram (enabled by the token).
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must look like 123456:ABC-DEF… (from @BotFather)').optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 characters of A-Z a-z 0-9 _ -')
    .optional(),
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org'),
  /** The bot's identity as getMe returns it (JSON), to skip the getMe call at start. */
  TELEGRAM_BOT_INFO: z
    .string()
    .refine((s) => {
      try {
        const v = JSON.parse(s) as { id?: unknown; username?: unknown };
        return typeof v.id === 'number' && typeof v.username === 'string';
      } catch {
        return false;
      }
    }, 'must be the JSON of getMe (with id and username)')
    .optional(),
  TELEGRAM_RATE_PER_SECOND: z.coerce.number().int().min(1).max(30).default(30),
  TELEGRAM_RATE_PER_CHAT_PER_SECOND: z.coerce.number().int().min(1).max(5).default(1),
  /** The advisors' Telegram group (a negative chat id): escalations are posted there. */
  TELEGRAM_ADVISORS_CHAT_ID: z.string().regex(/^-\d{5,20}$/, 'must be a group chat id such as -1001234567890').optional(),

  // Advisor handoff.
  HANDOFF_ESCALATE_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),

  // Privacy and protection.
  /** Conversations untouched for this many days are deleted. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** Messages per minute one person may send before being asked to slow down. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(20),
  OFFICE_HOURS: officeHoursSchema.default('mon-fri 09:00-16:30'),

  // WhatsApp Cloud API (enabled by the four values together: token, phone number id, app secret, verify token).
  WHATSAPP_TOKEN: z.string().regex(/^\S{20,}$/, 'must be a Meta access token (system user token from the Business settings)').optional(),
  WHATSAPP_PHONE_NUMBER_ID: z.string().regex(/^\d{5,20}$/, "must be the phone number's id (digits, from WhatsApp > API setup), not the phone number").optional(),
  WHATSAPP_APP_SECRET: z.string().regex(/^[A-Za-z0-9]{16,128}$/, "must be the Meta app's secret (App settings > Basic)").optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 characters of A-Z a-z 0-9 _ - (you choose it, and type it in the webhook settings)').optional(),
  WHATSAPP_API_ROOT: z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com/v24.0'),
  /** Sent instead of a reply when the 24-hour window is closed; approved in each of ar, fr, en, es. */
  WHATSAPP_TEMPLATE_NAME: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be a template name: lowercase letters, digits and _').optional(),
  WHATSAPP_CLOUD_RATE_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(80),
  // whatsapp-web.js (a linked phone, Node only).
  WHATSAPP_WEB: z.stringbool({ truthy: ['1', 'true', 'yes'], falsy: ['0', 'false', 'no'] }).default(false),
  WHATSAPP_CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  WHATSAPP_WEB_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(60).default(20),
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
    message: `Invalid ${name}${given !== undefined ? ` (${JSON.stringify(given)})` : ''}: ${issue.message}`,
  };
}
