import type { DangerKind, SafetyRules } from '../content/contentTypes.js';
import type { DangerSign } from './lexicon.js';
import type { KnowledgeIndex } from './searchKnowledge.js';
import type { SearchResult } from './searchTypes.js';

/**
 * When a message shows several kinds of danger, the one whose article comes first: violence by a
 * partner or a relative before exploitation (a husband who locks his wife in is domestic
 * violence), exploitation before a plain attack.
 */
const KIND_ORDER: readonly DangerKind[] = ['suicide', 'violence', 'exploitation', 'child', 'attack', 'emergency'];

export function dangerKindOf(signs: readonly DangerSign[]): DangerKind {
  return KIND_ORDER.find((k) => signs.some((s) => s.kind === k)) ?? signs[0]!.kind;
}

/**
 * The article a safety reply shows for a kind of danger: the first of knowledge/safety.yaml's list
 * that exists (predictable; a search leaned on words like "menace" that every sensitive article
 * has). The emergency numbers when none does.
 */
export function safetyArticle(kind: DangerKind, safety: SafetyRules, exists: (id: string) => boolean): string {
  return safety.kinds[kind].find(exists) ?? safety.numbers;
}

/** What a message gets, as the person sees it: the safety reply, or the search's decision. */
export type MessageOutcome = { kind: 'safety'; danger: DangerKind; articleId: string; numbers: string } | SearchResult;

export function readMessage(index: KnowledgeIndex, safety: SafetyRules, exists: (id: string) => boolean, text: string): MessageOutcome {
  const signs = index.dangerSigns(text);
  if (signs.length) {
    const danger = dangerKindOf(signs);
    return { kind: 'safety', danger, articleId: safetyArticle(danger, safety, exists), numbers: safety.numbers };
  }
  return index.search(text);
}

/** The article shown as an answer (first), and those offered to choose from. */
export function shownBy(outcome: MessageOutcome): { answered: string | null; offered: string[] } {
  switch (outcome.kind) {
    case 'safety':
      return { answered: outcome.articleId, offered: [] };
    case 'answer':
      return { answered: outcome.best.articleId, offered: [] };
    case 'clarify':
      return { answered: null, offered: outcome.candidates.map((c) => c.articleId) };
    case 'abstain':
      return { answered: null, offered: [] };
  }
}
