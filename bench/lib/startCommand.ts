/**
 * The command `npm start` runs, read from package.json: the memory benchmark starts the server
 * with exactly these Node flags and this entry point, so the benchmark and `npm start` cannot
 * disagree. "start" must be `[NAME=value…] node <flags…> <entry>` (no quotes, no other shell
 * syntax): the assignments are environment variables sh gives node (the C allocator's, read before
 * any JavaScript runs); "prestart", if any, is what npm runs before it (the benchmark runs it too).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT } from './child.js';

export interface StartCommand {
  /** The "start" script as written in package.json. */
  script: string;
  /** Environment variables set before `node` (`NAME=value` words), in order. */
  env: Record<string, string>;
  /** Node's flags, in order (everything between `node` and the entry point). */
  nodeArgs: string[];
  /** The script Node runs, relative to the repository. */
  entry: string;
  /** The "prestart" script, if any. */
  prestart: string | null;
}

export function readStartCommand(root: string = ROOT): StartCommand {
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const script = pkg.scripts?.start;
  if (!script) throw new Error('package.json has no "start" script');
  const words = script.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) {
    const word = words.shift()!;
    env[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
  }
  if (words[0] !== 'node' || words.length < 2 || /["'`$|&;<>()\\]/.test(script)) {
    throw new Error(`package.json "start" must be \`[NAME=value…] node <flags…> <entry>\` without other shell syntax, to be read by the benchmark: ${script}`);
  }
  const rest = words.slice(1);
  // The entry is the last word; a flag with a separate value (`--import tsx`) stays a flag.
  const entry = rest[rest.length - 1]!;
  if (entry.startsWith('-')) throw new Error(`package.json "start" has no entry point: ${script}`);
  return { script, env, nodeArgs: rest.slice(0, -1), entry, prestart: pkg.scripts?.prestart ?? null };
}

/**
 * The start script's flags for V8 and Node (heap sizes), without its loader (`--import tsx`, which
 * a benchmark child gets anyway): the full server of the other sections runs with the same heap
 * as `npm start`, so their CPU figures include what those flags cost.
 */
export function startHeapFlags(root: string = ROOT): string[] {
  const args = readStartCommand(root).nodeArgs;
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--import' || args[i] === '--require' || args[i] === '-r') i++;
    else if (!/^--(import|require)=/.test(args[i]!)) out.push(args[i]!);
  }
  return out;
}
