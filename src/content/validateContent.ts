import { FlowGraph, type NodeAddress } from '../flows/flowGraph.js';
import type { FlowNode } from '../flows/flowSchema.js';
import { ARTICLE_LANGS, type CommandName, type Content, type ContentIssue } from './contentTypes.js';
import { choiceId } from '../core/choiceIds.js';
import { validateLocales } from './validateLocales.js';
import { sourceNameWarnings } from './validateSourceNames.js';

/** locales/status.json: lng -> namespace -> key -> "machine" | "reviewed". */
export type LocaleStatus = Record<string, Record<string, Record<string, string>>>;
import { validateLexicon } from './validateLexicon.js';

export interface ContentProblem extends ContentIssue {
  severity: 'error' | 'warning';
}

export const FULL_LOCALES = ['ar', 'fr', 'en', 'es'] as const;
export const ALL_LOCALES = ['ar', 'fr', 'en', 'es', 'shi', 'ary'] as const;
/** Entry points the code jumps to (global commands, first contact). */
export const ENTRY_FLOWS = ['onboarding', 'main', 'language', 'handoff', 'satisfaction', 'news', 'events', 'impact-survey', 'first-answer', 'safety'];
/** Buttons on every channel: WhatsApp cuts reply-button titles at 20 characters. */
export const BUTTON_LIMIT = 20;
/** Keys the code shows as buttons, besides flow options. */
export const CODE_BUTTON_KEYS = ['clarify.none', 'handoff.cancel', 'common.back', 'common.menu', 'common.advisor', 'article.more', 'article.helpful', 'article.not_helpful', 'commands.delete_yes', 'commands.delete_no',
  'program.news_button', 'program.events.list', 'program.events.register_n', 'program.events.cancel_n', 'program.events.cancel', 'program.campaign.register', 'program.campaign.stop'];
export const COMMAND_NAMES: CommandName[] = ['menu', 'language', 'advisor', 'help', 'stop', 'delete', 'privacy'];
export const LIMITS = { title: 90, summary: 600, body: 3000 };

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

function nodeRefs(node: FlowNode): string[] {
  switch (node.type) {
    case 'say':
      return node.next ? [node.next] : [];
    case 'menu':
      return node.options.flatMap((o) => (o.next ? [o.next] : []));
    case 'ask':
      return [node.next, ...(node.options ?? []).flatMap((o) => (o.next ? [o.next] : []))];
    case 'article':
      return node.next ? [node.next] : [];
    case 'branch':
      return [...Object.values(node.cases), node.default];
    case 'goto':
      return [node.to];
    default:
      return [];
  }
}

function nodeKeys(node: FlowNode): { key: string; button: boolean }[] {
  switch (node.type) {
    case 'say':
      return [{ key: node.text, button: false }];
    case 'menu':
      return [{ key: node.prompt, button: false }, ...node.options.map((o) => ({ key: o.label, button: true }))];
    case 'search':
      return [{ key: node.prompt, button: false }];
    case 'ask':
      return [{ key: node.prompt, button: false }, ...(node.options ?? []).map((o) => ({ key: o.label, button: true }))];
    case 'end':
      return node.text ? [{ key: node.text, button: false }] : [];
    default:
      return [];
  }
}

/**
 * Everything `npm run content:check` verifies: references between flows, nodes, keys and articles,
 * reachability, button lengths in every language, complete locales, article limits and ids.
 */
export function validateContent(content: Content, expectedArticleIds: string[] = [], status?: LocaleStatus): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const err = (file: string, message: string) => problems.push({ file, message, severity: 'error' });
  const graph = new FlowGraph(content.flows);
  const articleIds = new Set(content.articles.map((a) => a.id));
  const bot = (lng: string) => content.locales[lng]?.bot;

  for (const id of ENTRY_FLOWS) if (!graph.flow(id)) err(`flows/${id}.yaml`, `missing: the code starts the "${id}" flow`);

  // References, keys and reachability.
  const reachable = new Set<string>();
  const stack: NodeAddress[] = ENTRY_FLOWS.flatMap((f) => (graph.start(f) ? [graph.start(f)!] : []));
  for (const flow of content.flows) {
    if (!flow.nodes[flow.start]) err(`flows/${flow.id}.yaml`, `start node "${flow.start}" does not exist`);
  }
  while (stack.length) {
    const addr = stack.pop()!;
    const k = `${addr.flow}:${addr.node}`;
    if (reachable.has(k)) continue;
    reachable.add(k);
    const node = graph.node(addr);
    if (!node) continue;
    for (const ref of nodeRefs(node)) {
      const target = graph.resolve(ref, addr.flow);
      if (target) stack.push(target);
    }
  }
  for (const flow of content.flows) {
    const file = `flows/${flow.id}.yaml`;
    for (const [name, node] of Object.entries(flow.nodes)) {
      const where = `node "${name}"`;
      for (const ref of nodeRefs(node)) if (!graph.resolve(ref, flow.id)) err(file, `${where} points to missing node "${ref}"`);
      if (node.type === 'menu' || node.type === 'ask') {
        const seen = new Set<string>();
        for (const o of node.options ?? []) {
          if (seen.has(o.id)) err(file, `${where} has two options with id "${o.id}"`);
          seen.add(o.id);
          if (o.article && !articleIds.has(o.article)) err(file, `${where} option "${o.id}" shows missing article "${o.article}"`);
          const id = choiceId.option({ flow: flow.id, node: name }, o.id);
          if (new TextEncoder().encode(id).length > 64) err(file, `${where} option "${o.id}": choice id "${id}" is over Telegram's 64 bytes`);
        }
      }
      if (node.type === 'article' && !articleIds.has(node.article)) err(file, `${where} shows missing article "${node.article}"`);
      if (!reachable.has(`${flow.id}:${name}`)) err(file, `${where} is unreachable from ${ENTRY_FLOWS.join(', ')}`);
      for (const { key, button } of nodeKeys(node)) {
        for (const lng of FULL_LOCALES) {
          const v = lookup(bot(lng), key);
          if (typeof v !== 'string') err(`locales/${lng}/bot.json`, `missing key "${key}" (used by ${file} ${where})`);
        }
        if (button) checkButton(key);
      }
    }
  }
  for (const key of CODE_BUTTON_KEYS) checkButton(key);

  function checkButton(key: string) {
    for (const lng of ALL_LOCALES) {
      const v = lookup(bot(lng), key);
      if (typeof v === 'string' && [...v].length > BUTTON_LIMIT)
        err(`locales/${lng}/bot.json`, `button label "${key}" is ${[...v].length} characters (max ${BUTTON_LIMIT}): "${v}"`);
    }
  }

  // Locales: every string a person reads is in all six locales, in one script; every command has keywords.
  problems.push(...validateLocales(content.locales, status));
  for (const lng of FULL_LOCALES) {
    for (const c of COMMAND_NAMES) if (!content.commands[lng]?.[c]?.length) err(`locales/${lng}/commands.json`, `no keywords for the "${c}" command`);
  }
  problems.push(...sourceNameWarnings(content));

  // Articles.
  for (const id of expectedArticleIds) if (!articleIds.has(id)) err(`knowledge/${id}`, 'missing article (its id is in knowledge/ids.txt)');
  for (const a of content.articles) {
    if (expectedArticleIds.length && !expectedArticleIds.includes(a.id)) err(`knowledge/${a.id}`, 'unknown article id (not in knowledge/ids.txt)');
    for (const r of a.meta.related) if (!articleIds.has(r) || r === a.id) err(`knowledge/${a.id}/meta.yaml`, `related id "${r}" is not another article`);
    for (const lang of ARTICLE_LANGS) {
      const t = a.texts[lang];
      const file = `knowledge/${a.id}/${lang}.md`;
      if (!t) {
        err(file, 'missing translation');
        continue;
      }
      if ([...t.title].length > LIMITS.title) err(file, `title is ${[...t.title].length} characters (max ${LIMITS.title})`);
      if ([...t.summary].length > LIMITS.summary) err(file, `summary is ${[...t.summary].length} characters (max ${LIMITS.summary})`);
      if ([...t.body].length > LIMITS.body) err(file, `body is ${[...t.body].length} characters (max ${LIMITS.body})`);
      if (t.body.length < 100) err(file, 'body is empty or too short');
      if (t.reviewBy < t.updated) err(file, `review_by ${t.reviewBy} is before updated ${t.updated}`);
      for (const m of t.body.matchAll(/\{\{\s*center\.([a-z_]+)\s*\}\}/g))
        if (!(m[1]! in content.center)) err(file, `placeholder center.${m[1]} is not a field of knowledge/center.yaml`);
    }
  }
  problems.push(...validateLexicon(content));
  return problems;
}

/** Articles whose review date has passed: out of date, for the curator. */
export function outOfDateArticles(content: Content, today: string): { id: string; lang: string; reviewBy: string }[] {
  return content.articles.flatMap((a) =>
    Object.values(a.texts)
      .filter((t) => t!.reviewBy < today)
      .map((t) => ({ id: a.id, lang: t!.lang, reviewBy: t!.reviewBy })),
  );
}
