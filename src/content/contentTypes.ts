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

export interface Content {
  flows: Flow[];
  articles: Article[];
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
