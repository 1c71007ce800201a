import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../config/configSchema.js';

/** A node reference: "node" inside the same flow, or "flow:node". */
const ref = z.string().regex(/^[a-z][a-z0-9_-]*(:[a-z][a-z0-9_-]*)?$/, 'a node reference is "node" or "flow:node"');
const key = z.string().regex(/^[a-z][a-zA-Z0-9_.-]*$/, 'an i18n key such as "main.prompt"');
const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,23}$/, 'lowercase letters, digits, - and _, at most 24 characters');

export const setSchema = z
  .object({
    locale: z.enum(SUPPORTED_LOCALES).optional(),
    /** The language the bot answered in (detected from the first message) is the person's choice. */
    keepLocale: z.literal(true).optional(),
    audience: z.enum(['migrant', 'mre']).optional(),
    province: z.string().regex(/^[a-z-]+$/).optional(),
    consent: z.boolean().optional(),
    /** News topics the person opts in to (only with consent), or "none": stop all news. */
    news: z.union([z.array(z.enum(['workshops', 'rights', 'investment'])).min(1), z.literal('none')]).optional(),
  })
  .strict();

export const optionSchema = z
  .object({
    id,
    label: key,
    next: ref.optional(),
    article: z.string().regex(/^[a-z0-9-]+$/).optional(),
    set: setSchema.optional(),
    /** Records the answer of a survey question (satisfaction, impact survey), without the contact. */
    record: z.object({ survey: z.string().regex(/^[a-z0-9_-]+$/), question: z.string().regex(/^[a-z0-9_-]+$/), value: z.string().min(1).max(40) }).strict().optional(),
  })
  .strict()
  .refine((o) => (o.next ? 1 : 0) + (o.article ? 1 : 0) === 1, 'an option has exactly one of next or article');

export const nodeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('say'), text: key, next: ref.optional() }).strict(),
  z.object({ type: z.literal('menu'), prompt: key, options: z.array(optionSchema).min(1).max(10) }).strict(),
  z.object({ type: z.literal('article'), article: z.string(), next: ref.optional() }).strict(),
  z.object({ type: z.literal('search'), prompt: key }).strict(),
  z
    .object({ type: z.literal('handoff'), topic: z.string().regex(/^[a-z-]+$/), sensitive: z.boolean().default(false) })
    .strict(),
  z
    .object({
      type: z.literal('branch'),
      /** audience: migrant | mre; consent: true | false; province: known | unknown. */
      on: z.enum(['audience', 'consent', 'province']),
      cases: z.record(z.string(), ref),
      default: ref,
    })
    .strict(),
  z.object({ type: z.literal('goto'), to: ref }).strict(),
  /** Waits for a short free-text answer, recorded like a survey answer (no contact id); options (skip) work too. */
  z
    .object({
      type: z.literal('ask'),
      prompt: key,
      record: z.object({ survey: z.string().regex(/^[a-z0-9_-]+$/), question: z.string().regex(/^[a-z0-9_-]+$/) }).strict(),
      next: ref,
      options: z.array(optionSchema).max(3).optional(),
    })
    .strict(),
  /** The Center's workshops and events near the person, with one-tap registration. */
  z.object({ type: z.literal('events') }).strict(),
  z.object({ type: z.literal('end'), text: key.optional() }).strict(),
]);

export const flowSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_-]*$/),
    description: z.string().optional(),
    start: z.string(),
    nodes: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/), nodeSchema),
  })
  .strict();

export type FlowNode = z.infer<typeof nodeSchema>;
export type FlowOption = z.infer<typeof optionSchema>;
export type Flow = z.infer<typeof flowSchema>;
export type FieldUpdate = z.infer<typeof setSchema>;
