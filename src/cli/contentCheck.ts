import { readFile } from 'node:fs/promises';
import { readContentDir } from '../runtime/readContentDir.js';
import { parseContent } from '../content/parseContent.js';
import { outOfDateArticles, validateContent, type LocaleStatus } from '../content/validateContent.js';
import { checkSources, parseSourcePolicy, SOURCE_POLICY_FILE } from '../content/checkSources.js';
import { processEnvironment } from '../runtime/environment.js';

/** npm run content:check — fails with a precise message on any broken reference, limit or source. */
const { root } = processEnvironment();
const files = await readContentDir(root);
const expected = (await readFile(`${root}/knowledge/ids.txt`, 'utf8').catch(() => ''))
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const { content, issues } = parseContent(files);
const status = (() => {
  try {
    return JSON.parse(files['locales/status.json'] ?? '{}') as LocaleStatus;
  } catch {
    return undefined;
  }
})();
const problems = [...issues.map((i) => ({ ...i, severity: 'error' as const })), ...validateContent(content, expected, status)];
// Sources: official first, none from a refused domain (docs/content.md).
const policy = parseSourcePolicy(files[SOURCE_POLICY_FILE]);
if (policy.ok) problems.push(...checkSources(content.articles, policy.policy));
else problems.push({ file: SOURCE_POLICY_FILE, message: policy.message, severity: 'error' });
const today = new Date().toISOString().slice(0, 10);
for (const o of outOfDateArticles(content, today)) problems.push({ file: `knowledge/${o.id}/${o.lang}.md`, message: `out of date: review_by ${o.reviewBy} has passed`, severity: 'warning' });
for (const p of problems) console.log(`${p.severity === 'error' ? 'ERROR' : 'warning'} ${p.file}: ${p.message}`);
const errors = problems.filter((p) => p.severity === 'error').length;
const texts = content.articles.reduce((n, a) => n + Object.keys(a.texts).length, 0);
console.log(
  `content:check ${errors ? 'FAILED' : 'ok'}: ${content.flows.length} flows, ${content.articles.length} articles (${texts} texts), ${Object.keys(content.locales).length} locales, ${errors} error(s), ${problems.length - errors} warning(s)`,
);
process.exit(errors ? 1 : 0);
