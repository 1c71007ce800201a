import { DANGER_KINDS, type DangerKind, type LexiconFile } from '../content/contentTypes.js';
import { normalizeText } from './normalize.js';
import { PhraseMatcher } from './phraseMatcher.js';

/**
 * A phrase of the lexicon as normalized tokens, keeping its `*` marks and `*`/`**` words:
 * "Baston*" -> "baston*", "corps habillés" -> "corps habilles", "mari ** tuer". Empty when nothing
 * is left.
 */
export function normalizePattern(phrase: string): string {
  return phrase
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((token) => {
      if (token === '*' || token === '**') return [token];
      const start = token.startsWith('*');
      const end = token.endsWith('*') && token.length > 1;
      const core = normalizeText(token.replace(/^\*|\*$/g, ''));
      if (!core) return [];
      const parts = core.split(' ');
      if (start) parts[0] = `*${parts[0]}`;
      if (end) parts[parts.length - 1] = `${parts[parts.length - 1]}*`;
      return parts;
    })
    .join(' ');
}

/**
 * The same tokens without the conjunction و and the article ال glued to an Arabic word
 * ("وشالوا" -> "شالوا", "الدري" -> "دري", "والولد" -> "ولد"): tried where the token as written
 * matches nothing. At least three letters are left.
 */
function withoutConjunction(tokens: readonly string[]): readonly string[] {
  let out: string[] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.charCodeAt(0) < 0x600 || !/^[\u0600-\u06FF]+$/.test(t)) continue;
    const bare = t.replace(/^و(?=.{3})/, '').replace(/^ال(?=.{3})/, '');
    if (bare !== t) (out ??= [...tokens])[i] = bare;
  }
  return out ?? tokens;
}

/**
 * What the safety net read in a message: the kind of danger, and the phrase that said so. A weak
 * sign (a phrase written "~…": "~pris mon passeport", "~sans salaire") counts only beside another
 * sign: a passport kept by a hospital over a bill is not trafficking; kept by a boss who does not
 * pay, it may be.
 */
export interface DangerSign {
  kind: DangerKind;
  phrase: string;
  weak: boolean;
}

/**
 * The vocabulary layer, compiled from knowledge/lexicon/*.yaml: variants rewritten into the words
 * the articles use, extra stopwords, off-topic phrases and danger phrases. Read-only once built.
 */
export class Lexicon {
  private readonly words = new PhraseMatcher<string[]>();
  private readonly stop = new Set<string>();
  private readonly offtopic = new PhraseMatcher<string>();
  private readonly danger = new PhraseMatcher<DangerSign>();
  private readonly notDanger = new PhraseMatcher<true>();

  constructor(files: readonly LexiconFile[] = []) {
    for (const f of files) {
      for (const [variant, target] of Object.entries(f.words)) {
        const key = normalizePattern(variant);
        const words = normalizeText(target).split(' ').filter(Boolean);
        if (key && words.length) this.words.add(key, words);
      }
      for (const w of f.stopwords) for (const t of normalizeText(w).split(' ')) if (t) this.stop.add(t);
      for (const p of f.offtopic) {
        const key = normalizePattern(p);
        if (key) this.offtopic.add(key, key);
      }
      for (const kind of DANGER_KINDS) {
        for (const p of f.danger[kind] ?? []) {
          const key = normalizePattern(p);
          if (key) this.danger.add(key, { kind, phrase: key, weak: p.trimStart().startsWith('~') });
        }
      }
      for (const p of f.notDanger) {
        const key = normalizePattern(p);
        if (key) this.notDanger.add(key, true);
      }
    }
  }

  /**
   * Variants replaced by the words the articles use ("bailleur" -> "proprietaire"). A single word
   * the articles already use (`known`) is kept as typed: "bébé" is a keyword of its own.
   */
  rewrite(tokens: readonly string[], known?: (token: string) => boolean): string[] {
    if (this.words.size === 0) return [...tokens];
    const out: string[] = [];
    const bare = withoutConjunction(tokens);
    for (let i = 0; i < tokens.length; ) {
      const m = this.words.matchAt(tokens, i) ?? (bare[i] !== tokens[i] ? this.words.matchAt(bare, i) : null);
      if (m && !(m.length === 1 && known?.(tokens[i]!))) {
        out.push(...m.value);
        i += m.length;
      } else out.push(tokens[i++]!);
    }
    return out;
  }

  isStopword(token: string): boolean {
    return this.stop.has(token);
  }

  /** The off-topic phrases of a message (normalized tokens). */
  offTopicPhrases(tokens: readonly string[]): string[] {
    return this.offtopic.findAll(tokens).map((m) => m.value);
  }

  /**
   * The signs of danger in a message, in order, on its tokens as written and as rewritten (a
   * variant may be known only through the words it stands for); a phrase of `not_danger` covers
   * what it spans ("en danger de perdre mon emploi").
   */
  dangerSigns(tokens: readonly string[]): DangerSign[] {
    const signs: DangerSign[] = [];
    const bare = withoutConjunction(tokens);
    for (const seq of bare === tokens ? [tokens, this.rewrite(tokens)] : [tokens, bare, this.rewrite(tokens)]) {
      const masked = new Set<number>();
      for (const m of this.notDanger.findAll(seq)) for (let k = m.start; k < m.start + m.length; k++) masked.add(k);
      for (const m of this.danger.findAll(seq)) {
        if (Array.from({ length: m.length }, (_, k) => m.start + k).some((k) => masked.has(k))) continue;
        if (!signs.some((s) => s.phrase === m.value.phrase)) signs.push(m.value);
      }
    }
    const strong = signs.filter((s) => !s.weak).length;
    return strong > 0 || signs.length >= 2 ? signs : [];
  }

  /** Every target word, for the validator (each must be a word some article uses). */
  static targets(files: readonly LexiconFile[]): { file: string; variant: string; word: string }[] {
    return files.flatMap((f) =>
      Object.entries(f.words).flatMap(([variant, target]) => normalizeText(target).split(' ').filter(Boolean).map((word) => ({ file: f.file, variant, word }))),
    );
  }
}
