import { parseConfig, type Config } from '../config/configSchema.js';

/**
 * The one place that reads the process's environment (with node.ts and worker.ts for their own
 * entry): variables, the working directory, whether it runs as root. Everything else gets what it
 * needs from here, as values.
 */
export interface ProcessEnvironment {
  /** The project's root: content (flows/, knowledge/, locales/) is read from there. */
  root: string;
  /** Chromium refuses its sandbox as root (a container): whatsapp-web.js needs to know. */
  runsAsRoot: boolean;
}

export function processEnvironment(): ProcessEnvironment {
  return { root: process.cwd(), runsAsRoot: typeof process.getuid === 'function' && process.getuid() === 0 };
}

/**
 * The configuration of a command-line tool: the environment's variables (with `overrides`),
 * parsed once. A bad value stops the tool with one line naming the variable.
 */
export function cliConfig(overrides: Record<string, string> = {}): Config {
  const parsed = parseConfig({ ...process.env, ...overrides });
  if (!parsed.ok) {
    console.error(`tawjih: ${parsed.message}`);
    process.exit(1);
  }
  return parsed.config;
}
