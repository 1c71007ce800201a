import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ArticleLang, ArticleMeta, ArticleText } from './contentTypes.js';

const isoDate = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : v;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) ctx.addIssue({ code: 'custom', message: 'must be a date YYYY-MM-DD' });
  return s;
});

const frontMatterSchema = z.object({
  title: z.string().min(1),
  summary: z.string().min(1),
  keywords: z.array(z.union([z.string(), z.number()]).transform(String)).min(1),
  updated: isoDate,
  review_by: isoDate,
  sources: z.array(z.url()).min(1),
});

export const metaSchema = z
  .object({
    category: z.enum(['rights', 'services', 'mre', 'investment', 'data-protection']),
    audience: z.enum(['migrant', 'mre', 'both']),
    related: z.array(z.string()).default([]),
    sensitive: z.boolean().default(false),
  })
  .strict();

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function zodMessage(error: z.ZodError): string {
  const i = error.issues[0]!;
  return `${i.path.join('.') || 'value'}: ${i.message}`;
}

export function parseArticleText(lang: ArticleLang, source: string): Parsed<ArticleText> {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!m) return { ok: false, message: 'no front matter (the file must start with ---)' };
  let data: unknown;
  try {
    data = parseYaml(m[1]!);
  } catch (e) {
    return { ok: false, message: `front matter is not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
  const fm = frontMatterSchema.safeParse(data);
  if (!fm.success) return { ok: false, message: `front matter ${zodMessage(fm.error)}` };
  const f = fm.data;
  return {
    ok: true,
    value: {
      lang,
      title: f.title.trim(),
      summary: f.summary.trim(),
      keywords: f.keywords,
      updated: f.updated,
      reviewBy: f.review_by,
      sources: f.sources,
      body: m[2]!.trim(),
    },
  };
}

export function parseArticleMeta(source: string): Parsed<ArticleMeta> {
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (e) {
    return { ok: false, message: `not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
  const r = metaSchema.safeParse(data);
  return r.success ? { ok: true, value: r.data } : { ok: false, message: zodMessage(r.error) };
}
