import { z } from 'zod';

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
});

export type Config = z.infer<typeof configSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

/** Parses the environment once. A bad value gives one line naming the variable. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const result = configSchema.safeParse(cleaned);
  if (result.success) return { ok: true, config: result.data };
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'configuration');
  const given = cleaned[name];
  return {
    ok: false,
    message: `Invalid ${name}${given !== undefined ? ` (${JSON.stringify(given)})` : ''}: ${issue.message}`,
  };
}
