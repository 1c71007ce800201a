import type { CommandName, Content } from '../content/contentTypes.js';
import { normalizeText } from '../knowledge/normalize.js';

/** Commands that change something are recognized only when they are the whole message. */
const EXACT_ONLY = new Set<CommandName>(['stop', 'start', 'delete']);
const MAX_TOKENS_FOR_CONTAINS = 5;

export type CommandMatcher = (text: string) => CommandName | null;

/** Global commands from the keyword lists of every locale ("menu", "القائمة", "conseiller"...). */
export function createCommandMatcher(commands: Content['commands']): CommandMatcher {
  const exact = new Map<string, CommandName>();
  const phrases: { phrase: string; command: CommandName }[] = [];
  for (const byCommand of Object.values(commands)) {
    for (const [command, words] of Object.entries(byCommand ?? {}) as [CommandName, string[]][]) {
      for (const w of words) {
        const n = normalizeText(w.replace(/^\//, ''));
        if (!n) continue;
        if (!exact.has(n)) exact.set(n, command);
        if (!EXACT_ONLY.has(command)) phrases.push({ phrase: ` ${n} `, command });
      }
    }
  }
  phrases.sort((a, b) => b.phrase.length - a.phrase.length);
  return (text) => {
    const n = normalizeText(text.replace(/^\//, ''));
    if (!n) return null;
    const hit = exact.get(n);
    if (hit) return hit;
    if (n.split(' ').length > MAX_TOKENS_FOR_CONTAINS) return null;
    const padded = ` ${n} `;
    return phrases.find((p) => padded.includes(p.phrase))?.command ?? null;
  };
}
