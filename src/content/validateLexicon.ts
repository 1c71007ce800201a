import { normalizeText } from '../knowledge/normalize.js';
import { documentTerms } from '../knowledge/queryWords.js';
import { normalizePattern } from '../knowledge/lexicon.js';
import { MIN_WILDCARD_STEM } from '../knowledge/phraseMatcher.js';
import { stem } from '../knowledge/stem.js';
import { STOPWORDS } from '../knowledge/stopwords.js';
import { DANGER_KINDS, type Content } from './contentTypes.js';
import type { ContentProblem } from './validateContent.js';

/** A danger or off-topic phrase of one word must be at least this long: "me" would match everything. */
const MIN_SINGLE_PHRASE = 4;

/**
 * The vocabulary layer's rules (knowledge/lexicon/*.yaml, knowledge/safety.yaml): a variant is not
 * a stopword nor a two-letter token once normalized (it would rewrite common words: "my" folds to
 * "mi"); its target is made of words the articles use; a variant has one target; wildcards keep
 * at least three letters; the safety rules name articles that exist.
 */
export function validateLexicon(content: Content): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const err = (file: string, message: string) => problems.push({ file, message, severity: 'error' });
  const warn = (file: string, message: string) => problems.push({ file, message, severity: 'warning' });
  const vocabulary = new Set<string>();
  for (const a of content.articles)
    for (const t of Object.values(a.texts)) for (const w of documentTerms([t!.title, t!.keywords.join(' , '), t!.summary, t!.body].join(' '))) vocabulary.add(w);

  const checkPattern = (file: string, what: string, phrase: string, minSingle: number): string | null => {
    const key = normalizePattern(phrase);
    if (!key) return err(file, `${what} "${phrase}" has no letters`), null;
    const tokens = key.split(' ');
    if (tokens[0]!.startsWith('*') && tokens[0]!.replace(/\*/g, '') === '') return err(file, `${what} "${phrase}" starts with a bare * or **`), null;
    if (tokens.at(-1) === '**') return err(file, `${what} "${phrase}" ends with **`), null;
    for (const t of tokens) {
      const core = t.replace(/^\*|\*$/g, '');
      if (t !== '*' && t !== '**' && core !== t && [...core].length < MIN_WILDCARD_STEM) err(file, `${what} "${phrase}": "${t}" keeps under ${MIN_WILDCARD_STEM} letters`);
    }
    if (tokens.length === 1 && !tokens[0]!.includes('*') && (STOPWORDS.has(key) || [...key].length < minSingle))
      err(file, `${what} "${phrase}" normalizes to "${key}", a stopword or under ${minSingle} letters: it would match everyday words`);
    return key;
  };

  const targetOf = new Map<string, { file: string; target: string }>();
  for (const f of content.lexicon) {
    for (const [variant, target] of Object.entries(f.words)) {
      const key = checkPattern(f.file, 'variant', variant, 3);
      if (!key) continue;
      const words = normalizeText(target).split(' ').filter((w) => w && !STOPWORDS.has(w));
      if (!words.some((w) => vocabulary.has(stem(w)))) err(f.file, `"${variant}": its target "${target}" has no word the articles use`);
      const normalizedTarget = normalizeText(target);
      const before = targetOf.get(key);
      if (before && before.target !== normalizedTarget) err(f.file, `"${variant}" is also in ${before.file} with another target ("${before.target}")`);
      else targetOf.set(key, { file: f.file, target: normalizedTarget });
    }
    for (const p of f.offtopic) checkPattern(f.file, 'off-topic phrase', p, MIN_SINGLE_PHRASE);
    for (const kind of DANGER_KINDS) for (const p of f.danger[kind] ?? []) checkPattern(f.file, `danger phrase (${kind})`, p, MIN_SINGLE_PHRASE);
    for (const p of f.notDanger) checkPattern(f.file, 'not_danger phrase', p, MIN_SINGLE_PHRASE);
  }

  const ids = new Set(content.articles.map((a) => a.id));
  const file = 'knowledge/safety.yaml';
  if (!ids.has(content.safety.numbers)) err(file, `numbers: "${content.safety.numbers}" is not an article`);
  for (const kind of DANGER_KINDS) {
    const list = content.safety.kinds[kind];
    // An article another change is still writing may be named before it exists: it is skipped.
    for (const id of list) if (!ids.has(id)) warn(file, `${kind}: "${id}" is not an article (yet): skipped`);
    if (!list.some((id) => ids.has(id))) err(file, `${kind}: none of its articles exists`);
  }
  return problems;
}
