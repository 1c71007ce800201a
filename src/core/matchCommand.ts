import type { CommandName, Content } from '../content/contentTypes.js';
import { normalizeText } from '../knowledge/normalize.js';
import { STOPWORDS } from '../knowledge/stopwords.js';

/** Commands that change something are recognized only when they are the whole message. */
const EXACT_ONLY = new Set<CommandName>(['stop', 'start', 'delete']);
const MAX_TOKENS_FOR_CONTAINS = 10;
/** Words around a command that do not change it: "I want to talk to an advisor please". */
const FILLERS = new Set(
  normalizeText(
    'talk speak chat parler discuter hablar want veux voudrais quiero please svp stp plz por favor merci thanks shukran nhder nhdar nhadar nehder bghit bghina mumkin momkin ممكن بغيت نهضر أتحدث التحدث أريد اريد عافاك من فضلك go back retour volver open show montre afficher see voir ver',
  ).split(' '),
);

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
    for (const p of phrases) {
      if (!padded.includes(p.phrase)) continue;
      // Only when the rest of the message is small talk: "aide juridique" is a question, not "help".
      const rest = padded.replace(p.phrase, ' ').trim().split(' ').filter(Boolean);
      if (rest.every((w) => STOPWORDS.has(w) || FILLERS.has(w))) return p.command;
    }
    return null;
  };
}
