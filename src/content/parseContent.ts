import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { flowSchema, type Flow } from '../flows/flowSchema.js';
import { SUPPORTED_LOCALES, type Locale } from '../config/configSchema.js';
import { parseArticleMeta, parseArticleText } from './parseArticle.js';
import type { Publishers } from './publishers.js';
import { DEFAULT_SAFETY, parseLexicon, parseSafetyRules } from './parseLexicon.js';
import { ARTICLE_LANGS, type Article, type ArticleLang, type CommandName, type Content, type ContentIssue } from './contentTypes.js';

/** Content files by path relative to the project root: "flows/main.yaml" -> its text. */
export type ContentFiles = Record<string, string>;

const commandsSchema = z.record(z.string(), z.array(z.string().min(1)));
const publishersSchema = z.record(z.string().min(3), z.union([z.string().min(1), z.partialRecord(z.enum(['ar', 'fr', 'en', 'es']), z.string().min(1))]));
const centerSchema = z.record(z.string(), z.union([z.string(), z.number()]).nullable().transform((v) => (v === null ? null : String(v))));

/**
 * Turns raw content files into validated content. Pure: Node reads the files from disk,
 * Workers import them from a generated module. Problems are returned, not thrown.
 */
export function parseContent(files: ContentFiles): { content: Content; issues: ContentIssue[] } {
  const issues: ContentIssue[] = [];
  const flows: Flow[] = [];
  const locales: Content['locales'] = {};
  const commands: Content['commands'] = {};
  const articles = new Map<string, Article>();
  let center: Content['center'] = {};
  let publishers: Publishers = {};
  const lexicon: Content['lexicon'] = [];
  let safety: Content['safety'] = DEFAULT_SAFETY;

  for (const [path, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const issue = (message: string) => issues.push({ file: path, message });
    const parts = path.split('/');
    if (parts[0] === 'flows' && /\.ya?ml$/.test(path)) {
      let data: unknown;
      try {
        data = parseYaml(text);
      } catch (e) {
        issue(`not valid YAML: ${(e as Error).message.split('\n')[0]}`);
        continue;
      }
      const r = flowSchema.safeParse(data);
      if (!r.success) {
        const i = r.error.issues[0]!;
        issue(`${i.path.join('.')}: ${i.message}`);
        continue;
      }
      const expectedId = parts[1]!.replace(/\.ya?ml$/, '');
      if (r.data.id !== expectedId) issue(`flow id "${r.data.id}" must match the file name "${expectedId}"`);
      flows.push(r.data);
    } else if (parts[0] === 'locales' && parts.length === 3 && path.endsWith('.json')) {
      const lng = parts[1]!;
      const ns = parts[2]!.replace(/\.json$/, '');
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (e) {
        issue(`not valid JSON: ${(e as Error).message}`);
        continue;
      }
      if (!(SUPPORTED_LOCALES as readonly string[]).includes(lng)) {
        issue(`unknown locale "${lng}" (supported: ${SUPPORTED_LOCALES.join(', ')})`);
        continue;
      }
      if (ns === 'commands') {
        const r = commandsSchema.safeParse(data);
        if (!r.success) issue('commands must map a command name to a list of keywords');
        else commands[lng as Locale] = r.data as Partial<Record<CommandName, string[]>>;
      } else {
        (locales[lng] ??= {})[ns] = data as Record<string, unknown>;
      }
    } else if (parts[0] === 'knowledge' && parts[1] === 'lexicon' && parts.length === 3 && /\.ya?ml$/.test(path)) {
      const r = parseLexicon(path, text);
      if (r.ok) lexicon.push(r.value);
      else issue(r.message);
    } else if (path === 'knowledge/safety.yaml') {
      const r = parseSafetyRules(text);
      if (r.ok) safety = r.value;
      else issue(r.message);
    } else if (parts[0] === 'knowledge' && parts.length === 3) {
      const id = parts[1]!;
      const file = parts[2]!;
      const article = articles.get(id) ?? { id, meta: undefined as never, texts: {} };
      articles.set(id, article);
      if (file === 'meta.yaml') {
        const r = parseArticleMeta(text);
        if (r.ok) article.meta = r.value;
        else issue(r.message);
      } else if (/^[a-z]{2,3}\.md$/.test(file)) {
        const lang = file.slice(0, -3);
        if (!(ARTICLE_LANGS as readonly string[]).includes(lang)) {
          issue(`articles are written in ${ARTICLE_LANGS.join(', ')}, not "${lang}"`);
          continue;
        }
        const r = parseArticleText(lang as ArticleLang, text);
        if (r.ok) article.texts[lang as ArticleLang] = r.value;
        else issue(r.message);
      }
    } else if (path === 'knowledge/publishers.yaml') {
      try {
        const r = publishersSchema.safeParse(parseYaml(text) ?? {});
        if (r.success) publishers = r.data;
        else issue('publishers.yaml must map a site to a name, or to a name per language (ar, fr, en, es)');
      } catch (e) {
        issue(`not valid YAML: ${(e as Error).message.split('\n')[0]}`);
      }
    } else if (path === 'knowledge/center.yaml') {
      try {
        const r = centerSchema.safeParse(parseYaml(text) ?? {});
        if (r.success) center = r.data;
        else issue('center.yaml must map each field to a value or ~ (not confirmed yet)');
      } catch (e) {
        issue(`not valid YAML: ${(e as Error).message.split('\n')[0]}`);
      }
    }
  }
  for (const a of articles.values()) {
    if (!a.meta) {
      issues.push({ file: `knowledge/${a.id}/meta.yaml`, message: 'missing or invalid: every article needs a meta.yaml' });
      a.meta = { category: 'services', audience: 'both', related: [], sensitive: false };
    }
  }
  return {
    content: { flows, articles: [...articles.values()].filter((a) => Object.keys(a.texts).length > 0), lexicon, safety, locales, commands, center, publishers },
    issues,
  };
}
