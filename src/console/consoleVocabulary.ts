import type { Article } from '../content/contentTypes.js';
import type { QueueWord } from '../handoff/handoffPorts.js';
import type { I18n } from '../i18n/createI18n.js';
import { normalizeText } from '../knowledge/normalize.js';
import { PROVINCES } from '../program/programDeps.js';

/** The languages the console is written in. */
export const CONSOLE_LANGS = ['fr', 'en', 'ar'] as const;
export type ConsoleLang = (typeof CONSOLE_LANGS)[number];

/** Topics a ticket opens with besides an article id (flows/handoff.yaml). */
const FLOW_TOPICS = ['general'];

/**
 * What internal ids are called, in each console language: a ticket's topic (an article's title,
 * or a flow's topic), a province. The queue's search finds tickets by these names too.
 */
export class ConsoleVocabulary {
  private readonly titles = new Map<string, Partial<Record<string, string>>>();
  /** Normalized names (every console language and article language) → the ids they name. */
  private readonly names: { kind: 'topic' | 'province'; id: string; name: string }[] = [];

  constructor(
    private readonly i18n: I18n,
    articles: Pick<Article, 'id' | 'texts'>[],
  ) {
    for (const a of articles) {
      const titles = Object.fromEntries(Object.entries(a.texts).map(([l, x]) => [l, x!.title]));
      this.titles.set(a.id, titles);
      for (const title of Object.values(titles)) this.names.push({ kind: 'topic', id: a.id, name: normalizeText(title) });
    }
    for (const lang of CONSOLE_LANGS) {
      for (const id of FLOW_TOPICS) this.names.push({ kind: 'topic', id, name: normalizeText(this.topic(id, lang)) });
      for (const id of PROVINCES) this.names.push({ kind: 'province', id, name: normalizeText(this.province(id, lang)) });
    }
  }

  /** A topic's name: the article's title in this language (or French, English), or the flow topic's label. */
  topic(id: string, lang: ConsoleLang): string {
    const titles = this.titles.get(id);
    if (titles) return titles[lang] ?? titles.fr ?? titles.en ?? id;
    const key = `topics.${id}`;
    return this.i18n.has(lang, key, 'console') ? this.i18n.t(lang, key, undefined, 'console') : id;
  }

  province(id: string, lang: ConsoleLang): string {
    const key = `program.provinces.${id}`;
    return this.i18n.has(lang, key, 'console') ? this.i18n.t(lang, key, undefined, 'console') : id;
  }

  /**
   * A search typed in the queue, as words: each may match the conversation's text as typed, or
   * name a topic or a province in any language ("inezgane", "passeport", "تيزنيت").
   */
  words(query: string): QueueWord[] {
    const raw = query.trim().split(/\s+/).filter((w) => w.length >= 2).slice(0, 8);
    return raw.map((text) => {
      // Normalizing folds repeats ("zzz" is "z"): a name is matched on three letters at least.
      const n = normalizeText(text);
      const hits = [...n].length >= 3 ? this.names.filter((x) => x.name.includes(n)) : [];
      return {
        text,
        topics: [...new Set(hits.filter((h) => h.kind === 'topic').map((h) => h.id))],
        provinces: [...new Set(hits.filter((h) => h.kind === 'province').map((h) => h.id))],
      };
    });
  }
}

export const isConsoleLang = (l: string): l is ConsoleLang => (CONSOLE_LANGS as readonly string[]).includes(l);
