import type { Content, ContentIssue } from '../content/contentTypes.js';
import { parseContent, type ContentFiles } from '../content/parseContent.js';
import { validateContent } from '../content/validateContent.js';

export class ContentError extends Error {
  override readonly name = 'ContentError';
  constructor(readonly issues: ContentIssue[]) {
    super(`content has ${issues.length} problem(s):\n${issues.map((i) => `  ${i.file}: ${i.message}`).join('\n')}`);
  }
}

/** Parses and validates content; refuses to start on broken content. */
export function loadContent(files: ContentFiles): Content {
  const { content, issues } = parseContent(files);
  const all = [...issues, ...validateContent(content).filter((i) => i.severity === 'error')];
  if (all.length) throw new ContentError(all);
  return content;
}
