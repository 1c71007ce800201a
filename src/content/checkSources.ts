import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Article, ContentIssue } from './contentTypes.js';

/**
 * The source policy of knowledge/source-policy.yaml (docs/content.md): which domains count as
 * official, which may never be cited, and which are weak (commercial, expat, estate agencies: only
 * beside an official source, for a fact marked "to confirm").
 */
export interface SourcePolicy {
  official: string[];
  refused: string[];
  weak: string[];
  /** Article id -> why no official page could be found yet: reported as a warning, not an error. */
  awaitingOfficial: Record<string, string>;
}

export const SOURCE_POLICY_FILE = 'knowledge/source-policy.yaml';

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a domain such as gov.ma');
const policySchema = z
  .object({
    official: z.array(domain).min(1),
    refused: z.array(domain).default([]),
    weak: z.array(domain).default([]),
    awaiting_official: z.record(z.string().regex(/^[a-z0-9-]+$/), z.string().min(10)).default({}),
  })
  .strict();

export function parseSourcePolicy(text: string | undefined): { ok: true; policy: SourcePolicy } | { ok: false; message: string } {
  if (text === undefined) return { ok: false, message: 'missing: content:check needs the list of official and refused domains' };
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    return { ok: false, message: `not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
  const r = policySchema.safeParse(data);
  if (!r.success) {
    const i = r.error.issues[0]!;
    return { ok: false, message: `${i.path.join('.') || 'value'}: ${i.message}` };
  }
  const both = r.data.official.filter((d) => r.data.refused.includes(d) || r.data.weak.includes(d));
  if (both.length) return { ok: false, message: `${both.join(', ')} cannot be both official and refused or weak` };
  const { official, refused, weak, awaiting_official: awaitingOfficial } = r.data;
  return { ok: true, policy: { official, refused, weak, awaitingOfficial } };
}

/** The host of a URL, lower case, without "www."; null if it is not a URL. */
export function sourceHost(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** Whether `host` is `listed` or one of its subdomains ("cnclt.justice.gov.ma" is under "gov.ma"). */
export function hostIsUnder(host: string, listed: string): boolean {
  return host === listed || host.endsWith(`.${listed}`);
}

function listedIn(url: string, list: string[]): string | undefined {
  const host = sourceHost(url);
  return host === null ? undefined : list.find((d) => hostIsUnder(host, d));
}

/** Whether a source is on the official list. */
export function isOfficialSource(url: string, policy: SourcePolicy): boolean {
  return listedIn(url, policy.official) !== undefined;
}

export interface SourceProblem extends ContentIssue {
  severity: 'error' | 'warning';
}

/**
 * Every article, in every language: no source on a refused domain; at least one official source;
 * and the first source, the one the short answer shows, is an official one. An article listed
 * under awaiting_official (no official page found yet, with the reason) is a warning instead, until
 * it cites one: then the entry must go.
 */
export function checkSources(articles: Article[], policy: SourcePolicy): SourceProblem[] {
  const problems: SourceProblem[] = [];
  const ids = new Set(articles.map((a) => a.id));
  for (const id of Object.keys(policy.awaitingOfficial))
    if (!ids.has(id)) problems.push({ file: SOURCE_POLICY_FILE, message: `awaiting_official lists "${id}", which is not an article`, severity: 'error' });
  for (const a of articles) {
    const awaiting = policy.awaitingOfficial[a.id];
    let cited = false;
    for (const t of Object.values(a.texts)) {
      if (!t) continue;
      const file = `knowledge/${a.id}/${t.lang}.md`;
      for (const s of t.sources) {
        const refused = listedIn(s, policy.refused);
        if (refused) problems.push({ file, message: `source on a refused domain (${refused}, ${SOURCE_POLICY_FILE}): ${s}`, severity: 'error' });
      }
      const official = t.sources.some((s) => isOfficialSource(s, policy));
      cited ||= official;
      if (!official && awaiting) problems.push({ file, message: `no official source yet (${SOURCE_POLICY_FILE}: ${awaiting})`, severity: 'warning' });
      else if (!official)
        problems.push({ file, message: `no official source: cite at least one page of a domain listed as official in ${SOURCE_POLICY_FILE}`, severity: 'error' });
      else if (!isOfficialSource(t.sources[0]!, policy))
        problems.push({ file, message: `the first source is shown with the short answer and must be official: ${t.sources[0]}`, severity: 'error' });
    }
    if (awaiting && cited) problems.push({ file: SOURCE_POLICY_FILE, message: `"${a.id}" now cites an official source: remove it from awaiting_official`, severity: 'error' });
  }
  return problems;
}
