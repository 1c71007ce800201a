import type { Flow } from '../flows/flowSchema.js';
import type { Locale } from '../config/configSchema.js';
import type { Publishers } from './publishers.js';

export const ARTICLE_LANGS = ['ar', 'fr', 'en', 'es'] as const;
export type ArticleLang = (typeof ARTICLE_LANGS)[number];

export interface ArticleText {
  lang: ArticleLang;
  title: string;
  summary: string;
  keywords: string[];
  updated: string;
  reviewBy: string;
  sources: string[];
  body: string;
}

export interface ArticleMeta {
  category: 'rights' | 'services' | 'mre' | 'investment' | 'data-protection';
  audience: 'migrant' | 'mre' | 'both';
  related: string[];
  sensitive: boolean;
}

export interface Article {
  id: string;
  meta: ArticleMeta;
  texts: Partial<Record<ArticleLang, ArticleText>>;
}

export type { CommandName } from '../core/choiceIds.js';
import type { CommandName } from '../core/choiceIds.js';

/** Languages people write in: the six tawjih speaks, and Italian, Dutch and German (MREs), which it reads. */
export const WRITTEN_LANGUAGES = ['ar', 'ary', 'shi', 'fr', 'en', 'es', 'it', 'nl', 'de'] as const;
export type WrittenLanguage = (typeof WRITTEN_LANGUAGES)[number];

/** Kinds of danger the safety net recognizes before any search (knowledge/lexicon/*.yaml, knowledge/safety.yaml). */
export const DANGER_KINDS = ['violence', 'attack', 'exploitation', 'child', 'suicide', 'emergency'] as const;
export type DangerKind = (typeof DANGER_KINDS)[number];

/**
 * One vocabulary file, `knowledge/lexicon/<variety>.yaml`: how people write, mapped to the words
 * the articles use. Keys and phrases are matched on normalized tokens (normalize.ts); `*` at the
 * start or end of a token matches any ending or beginning.
 */
export interface LexiconFile {
  /** The file's path, for messages. */
  file: string;
  /** The language the file's words belong to: its stopwords and variants also tell it apart. */
  language: WrittenLanguage;
  /** Variant (a word or a phrase) -> the words articles use for it (space-separated). */
  words: Record<string, string>;
  /** Words that carry no topic in this variety (fillers, story words, greetings). */
  stopwords: string[];
  /** Phrases that say the message is not for the Center (flirting, a loan, football, crypto...). */
  offtopic: string[];
  /** Phrases that mean danger, by kind. */
  danger: Partial<Record<DangerKind, string[]>>;
  /** Phrases that look like danger but are not ("en danger de perdre mon travail"). */
  notDanger: string[];
}

/** Which articles a safety reply may show, by kind of danger, best first (knowledge/safety.yaml). */
export interface SafetyRules {
  kinds: Record<DangerKind, string[]>;
  /** The article with the emergency numbers, shown with every safety reply. */
  numbers: string;
}

export interface Content {
  flows: Flow[];
  articles: Article[];
  /** The vocabulary layer: dialect and register variants, stopwords, off-topic and danger phrases. */
  lexicon: LexiconFile[];
  safety: SafetyRules;
  /** lng -> namespace -> nested strings */
  locales: Record<string, Record<string, unknown>>;
  /** lng -> command -> keywords */
  commands: Partial<Record<Locale, Partial<Record<CommandName, string[]>>>>;
  /** The Center's details; null = not confirmed yet. */
  center: Record<string, string | null>;
  /** Who publishes each source (knowledge/publishers.yaml): sources are shown by these names. */
  publishers?: Publishers;
}

/** A content problem, with the file it is in. */
export interface ContentIssue {
  file: string;
  message: string;
}
