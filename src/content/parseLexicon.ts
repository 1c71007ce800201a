import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DANGER_KINDS, WRITTEN_LANGUAGES, type DangerKind, type LexiconFile, type SafetyRules } from './contentTypes.js';
import type { Parsed } from './parseArticle.js';

/** A list written as YAML items, or as one block of words separated by spaces or new lines. */
const words = z.union([z.array(z.union([z.string(), z.number()]).transform(String)), z.string().transform((s) => s.split(/\s+/).filter(Boolean))]);
const phrases = z.array(z.union([z.string(), z.number()]).transform(String)).default([]);

const lexiconSchema = z
  .object({
    language: z.enum(WRITTEN_LANGUAGES),
    /** What the file covers (languages, varieties, registers): for the reader. */
    about: z.string().min(1),
    words: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).default({}),
    stopwords: words.default([]),
    offtopic: phrases,
    danger: z.partialRecord(z.enum(DANGER_KINDS), phrases).default({}),
    not_danger: phrases,
  })
  .strict();

const safetySchema = z
  .object({
    numbers: z.string().regex(/^[a-z0-9-]+$/),
    kinds: z.record(z.enum(DANGER_KINDS), z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1)),
  })
  .strict();

function message(error: z.ZodError): string {
  const i = error.issues[0]!;
  return `${i.path.join('.') || 'value'}: ${i.message}`;
}

function yaml(source: string): Parsed<unknown> {
  try {
    return { ok: true, value: parseYaml(source) ?? {} };
  } catch (e) {
    return { ok: false, message: `not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
}

export function parseLexicon(file: string, source: string): Parsed<LexiconFile> {
  const data = yaml(source);
  if (!data.ok) return data;
  const r = lexiconSchema.safeParse(data.value);
  if (!r.success) return { ok: false, message: message(r.error) };
  const v = r.data;
  return { ok: true, value: { file, language: v.language, words: v.words, stopwords: v.stopwords, offtopic: v.offtopic, danger: v.danger as Partial<Record<DangerKind, string[]>>, notDanger: v.not_danger } };
}

export function parseSafetyRules(source: string): Parsed<SafetyRules> {
  const data = yaml(source);
  if (!data.ok) return data;
  const r = safetySchema.safeParse(data.value);
  if (!r.success) return { ok: false, message: message(r.error) };
  const missing = DANGER_KINDS.filter((k) => !r.data.kinds[k]);
  if (missing.length) return { ok: false, message: `kinds: no articles for ${missing.join(', ')}` };
  return { ok: true, value: { numbers: r.data.numbers, kinds: r.data.kinds as SafetyRules['kinds'] } };
}

/** Content without knowledge/safety.yaml: every kind shows the emergency numbers. */
export const DEFAULT_SAFETY: SafetyRules = {
  numbers: 'emergency-numbers',
  kinds: Object.fromEntries(DANGER_KINDS.map((k) => [k, ['emergency-numbers']])) as SafetyRules['kinds'],
};
