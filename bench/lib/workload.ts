/**
 * What the benchmark sends: real questions (the dev and held-out evaluation sets) and Telegram
 * updates shaped as the Bot API sends them (test/support/telegramUpdates.ts), for many chats.
 * Each chat walks a script mixing typed questions (knowledge search), menu buttons, typed menu
 * numbers and commands, the way a person on a phone does.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEvalFile, type EvalCase } from '../../src/knowledge/evaluateSearch.js';
import * as tg from '../../test/support/telegramUpdates.js';
import { ROOT } from './child.js';

/** BENCH_DEV_SET: another path, to run this benchmark from a copy of the repository elsewhere. */
export const DEV_SET = process.env.BENCH_DEV_SET ?? resolve(ROOT, '../shared/eval/dev.jsonl');
export const HELDOUT_SET = resolve(ROOT, 'test/fixtures/kb-heldout.jsonl');
/** Messages as people type them (long stories, dialect): the search's slowest inputs. */
export const DEV_MESSY_SET = process.env.BENCH_DEV_MESSY_SET ?? resolve(ROOT, '../shared/eval/dev-messy.jsonl');
export const HELDOUT_MESSY_SET = resolve(ROOT, 'test/fixtures/kb-heldout-messy.jsonl');

export function loadCases(file: string): EvalCase[] {
  return parseEvalFile(readFileSync(file, 'utf8'));
}

/** Every question of both sets, in file order. */
export function allQuestions(): EvalCase[] {
  return [...loadCases(DEV_SET), ...loadCases(HELDOUT_SET)];
}

export const WEBHOOK_SECRET = 'bench-secret-0123456789abcdef';

/** Telegram language of a chat, and the onboarding button that matches it. */
const LANGS = ['fr', 'ar', 'en', 'es', 'ary'] as const;
function telegramLang(lang: string): string {
  return lang.startsWith('ary') ? 'ar' : lang.startsWith('shi') ? 'fr' : lang;
}

type Step = { text: string } | { choice: string } | { question: true };

/**
 * One conversation: /start (onboarding), then what people do: type a question in the middle of
 * onboarding, tap buttons of older messages, open an article, type "menu" and a menu number.
 */
const SCRIPT: Step[] = [
  { text: '/start' },
  { choice: 'onboarding.language.LANG' },
  { question: true },
  { choice: 'onboarding.privacy.accept' },
  { choice: 'main.menu.rights' },
  { choice: 'rights.migrant.residence' },
  { choice: 'rights.residence.first' },
  { question: true },
  { text: 'menu' },
  { text: '2' },
  { question: true },
  { choice: 'investment.menu.company' },
  { question: true },
  { choice: 'main.menu.services' },
  { choice: 'services.menu.emergency' },
  { question: true },
];

export interface ScriptedUpdate {
  chatId: number;
  kind: 'start' | 'question' | 'button' | 'typed';
  update: Record<string, unknown>;
}

/**
 * Updates for `chats` chats, round robin: update k goes to chat k mod chats and is step
 * floor(k / chats) of its script. Distinct update_id, message_id and callback id for each.
 */
export class UpdateStream {
  private k = 0;
  private q = 0;
  private readonly byLang = new Map<string, EvalCase[]>();

  constructor(
    readonly chats: number,
    readonly firstChatId: number,
    private readonly questions: EvalCase[] = allQuestions(),
  ) {
    for (const c of questions) {
      const l = telegramLang(c.lang);
      this.byLang.set(l, [...(this.byLang.get(l) ?? []), c]);
    }
  }

  get sent(): number {
    return this.k;
  }

  next(): ScriptedUpdate {
    const k = this.k++;
    const chatIndex = k % this.chats;
    const chatId = this.firstChatId + chatIndex;
    const lang = LANGS[chatIndex % LANGS.length]!;
    const step = SCRIPT[Math.floor(k / this.chats) % SCRIPT.length]!;
    const tgLang = telegramLang(lang);
    if ('question' in step) {
      const pool = this.byLang.get(tgLang) ?? this.questions;
      const c = pool[this.q++ % pool.length]!;
      return { chatId, kind: 'question', update: tg.textUpdate(chatId, c.text, tgLang) };
    }
    if ('choice' in step) return { chatId, kind: 'button', update: tg.callbackUpdate(chatId, step.choice.replace('LANG', lang), tgLang) };
    return { chatId, kind: step.text === '/start' ? 'start' : 'typed', update: tg.textUpdate(chatId, step.text, tgLang) };
  }
}

/** The webhook address the benchmark's server is configured with (PUBLIC_URL in servers.ts). */
export const BENCH_PUBLIC_URL = 'https://tawjih.example.org';
export const BENCH_WEBHOOK_URL = `${BENCH_PUBLIC_URL}/telegram/webhook`;

export const BENCH_BOT_TOKEN = '123456789:AAFakeTokenForTestsOnly_abcdefghij';
