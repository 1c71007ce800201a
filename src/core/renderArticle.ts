import type { Locale } from '../config/configSchema.js';
import { ARTICLE_LANGS, type Article, type ArticleLang, type ArticleText } from '../content/contentTypes.js';
import { LOCALE_FALLBACKS, type I18n } from '../i18n/createI18n.js';
import type { Choice, Reply } from './message.js';
import { choiceId } from './choiceIds.js';
import { formatDay } from '../i18n/formatDates.js';
import { LRI, PDI, RLI } from '../i18n/bidiIsolate.js';
import { sourceLink, type Publishers } from '../content/publishers.js';

/** The article language to show a person: their locale, then its fallbacks, then any. */
export function articleTextFor(article: Article, locale: Locale): ArticleText | null {
  const chain = [locale, ...(LOCALE_FALLBACKS[locale] ?? LOCALE_FALLBACKS.default!), 'en'];
  for (const l of chain) {
    if ((ARTICLE_LANGS as readonly string[]).includes(l)) {
      const t = article.texts[l as ArticleLang];
      if (t) return t;
    }
  }
  return Object.values(article.texts)[0] ?? null;
}

/** Fills {{center.field}} from center.yaml; an empty field says "to be confirmed", never a guess. */
export function fillCenterPlaceholders(text: string, center: Record<string, string | null>, toConfirm: string): string {
  return text.replace(/\{\{\s*center\.([a-z_]+)\s*\}\}/g, (_, field: string) => center[field] ?? toConfirm);
}

export interface ArticleView {
  article: Article;
  locale: Locale;
  i18n: I18n;
  center: Record<string, string | null>;
  /** Who publishes each source (knowledge/publishers.yaml). */
  publishers?: Publishers;
  /** Whether a "Back" button returns to a menu. */
  canGoBack: boolean;
}

function replyDir(text: ArticleText, i18n: I18n): 'rtl' | 'ltr' {
  return text.lang === 'ar' ? 'rtl' : i18n.dir(text.lang as Locale);
}

/** "Last checked: 22 November 2026", the date in the sentence's language (not the article's: a Tachelhit reader may get the Arabic text). */
const reviewed = (v: ArticleView, text: ArticleText) => v.i18n.t(v.locale, 'article.reviewed', { date: formatDay(text.updated, v.locale) });

/** A source by its publisher's name, linked: "[UNHCR Maroc](https://…)"; the name in the article's language. */
const source = (v: ArticleView, text: ArticleText, url: string) => sourceLink(url, v.publishers ?? {}, text.lang);

/**
 * A line in the person's language inside an article in another script (a Tachelhit reader gets
 * the Arabic text; its "Ittuẓra ɣ 22 nuwanbir 2026" line is Tachelhit): isolated whole in its
 * own direction, so that it reads as one sentence. One line at a time (an isolate ends with its line).
 */
function ownLine(v: ArticleView, text: ArticleText, line: string): string {
  const own = v.i18n.dir(v.locale);
  if (own === replyDir(text, v.i18n)) return line;
  return (own === 'ltr' ? LRI : RLI) + line + PDI;
}

function navigation(v: ArticleView): Choice[] {
  const t = (k: string) => v.i18n.t(v.locale, k);
  return [
    { id: choiceId.command('advisor'), label: t('common.advisor') },
    v.canGoBack ? { id: choiceId.back, label: t('common.back') } : { id: choiceId.command('menu'), label: t('common.menu') },
  ];
}

/** The short answer: summary, last review date, first source; buttons more / helped / not it / advisor. */
export function renderArticleSummary(v: ArticleView): Reply {
  const text = articleTextFor(v.article, v.locale);
  const t = (k: string, p?: Record<string, string>) => v.i18n.t(v.locale, k, p);
  if (!text) return { kind: 'text', text: t('article.placeholder'), choices: navigation(v), dir: v.i18n.dir(v.locale), locale: v.locale };
  const parts: string[] = [];
  if (v.article.meta.sensitive) parts.push(t('article.safety_first'));
  parts.push(`**${text.title}**`, fillCenterPlaceholders(text.summary, v.center, t('common.to_confirm')));
  parts.push(ownLine(v, text, `${reviewed(v, text)} · ${t('article.sources')}: ${source(v, text, text.sources[0]!)}`));
  return {
    kind: 'text',
    articleId: v.article.id,
    text: parts.join('\n\n'),
    choices: [
      { id: choiceId.article('more', v.article.id), label: t('article.more') },
      { id: choiceId.article('yes', v.article.id), label: t('article.helpful') },
      { id: choiceId.article('no', v.article.id), label: t('article.not_helpful') },
      ...navigation(v),
    ],
    dir: replyDir(text, v.i18n),
    locale: v.locale,
  };
}

/** The full text with every source. */
export function renderArticleBody(v: ArticleView): Reply {
  const text = articleTextFor(v.article, v.locale);
  const t = (k: string, p?: Record<string, string>) => v.i18n.t(v.locale, k, p);
  if (!text) return renderArticleSummary(v);
  const body = fillCenterPlaceholders(text.body, v.center, t('common.to_confirm'));
  const sources = text.sources.map((s) => `- ${source(v, text, s)}`).join('\n');
  return {
    kind: 'text',
    articleId: v.article.id,
    text: `${body}\n\n${ownLine(v, text, `${t('article.sources')}:`)}\n${sources}\n${ownLine(v, text, reviewed(v, text))}`,
    choices: [
      { id: choiceId.article('yes', v.article.id), label: t('article.helpful') },
      { id: choiceId.article('no', v.article.id), label: t('article.not_helpful') },
      ...navigation(v),
    ],
    dir: replyDir(text, v.i18n),
    locale: v.locale,
  };
}
