import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../src/app/loadContent.js';
import type { Content } from '../src/content/contentTypes.js';
import { KNOWLEDGE_SNAPSHOT } from '../src/content/generated/knowledgeSnapshot.js';
import { buildKnowledge, restoreKnowledge, snapshotKnowledge, type Knowledge } from '../src/knowledge/indexSnapshot.js';
import { readContentDir } from '../src/runtime/readContentDir.js';

/**
 * The Worker does not build its knowledge index: `npm run content:build` builds it and writes it
 * into the bundle (src/content/generated/knowledgeSnapshot.ts), and the Worker restores it. The
 * restored index must answer exactly as one built now, from the content on disk and today's code:
 * same articles, same order, same scores, same decision, same signs of danger, same language.
 */

/** The messages people send: the held-out sets (tidy and messy), the safety messages. */
const MESSAGES = ['kb-heldout.jsonl', 'kb-heldout-messy.jsonl', 'kb-heldout-messy-2.jsonl', 'safety-messages.jsonl'].flatMap((f) =>
  readFileSync(`test/fixtures/${f}`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text),
);

/** Everything a turn asks the index and the detector about a message. */
function answers(k: Knowledge, text: string) {
  return {
    ranking: k.index.rank(text, 100),
    decision: k.index.search(text),
    words: k.index.readWords(text),
    danger: k.index.dangerSigns(text),
    language: k.languages.detect(text),
  };
}

let content: Content;
let fresh: Knowledge;
beforeAll(async () => {
  content = loadContent(await readContentDir(process.cwd()));
  fresh = buildKnowledge(content);
});

describe('the knowledge index shipped in the Worker bundle', () => {
  it('is the one the content on disk and the code build now (else: run npm run content:build)', () => {
    const shipped = restoreKnowledge(KNOWLEDGE_SNAPSHOT);
    expect(shipped.index.size).toBe(content.articles.length);
    let differ = 0;
    for (const text of MESSAGES) if (JSON.stringify(answers(shipped, text)) !== JSON.stringify(answers(fresh, text))) differ++;
    expect(differ, 'messages answered differently by the shipped index: src/content/generated/ is stale, run `npm run content:build`').toBe(0);
    // And as a whole, with the scores to the last bit (toEqual on numbers is exact).
    expect(MESSAGES.slice(0, 60).map((t) => answers(shipped, t))).toEqual(MESSAGES.slice(0, 60).map((t) => answers(fresh, t)));
  });

  it('ranks like a freshly built index on every shipped message: every article, in order, with its scores', () => {
    const restored = restoreKnowledge(snapshotKnowledge(buildKnowledge(content)));
    for (const text of MESSAGES) expect(answers(restored, text)).toEqual(answers(fresh, text));
  });

  it('ranks like a freshly built index on the articles own words, misspelt, cut and mixed (property)', () => {
    const restored = restoreKnowledge(snapshotKnowledge(buildKnowledge(content)));
    const words = [...new Set(content.articles.flatMap((a) => Object.values(a.texts).flatMap((t) => [...t!.title.split(/\s+/), ...t!.keywords])))].filter(Boolean);
    const typo = fc.tuple(fc.constantFrom(...words), fc.nat(), fc.constantFrom('drop', 'double', 'cut', 'none')).map(([w, at, how]) => {
      const i = at % Math.max(1, w.length);
      return how === 'drop' ? w.slice(0, i) + w.slice(i + 1) : how === 'double' ? w.slice(0, i) + w[i] + w.slice(i) : how === 'cut' ? w.slice(0, Math.max(3, i)) : w;
    });
    fc.assert(
      fc.property(fc.array(typo, { minLength: 1, maxLength: 8 }), (parts) => {
        const text = parts.join(' ');
        expect(answers(restored, text)).toEqual(answers(fresh, text));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what it could not restore: a function in a field', () => {
    const k = buildKnowledge({ articles: content.articles.slice(0, 2), lexicon: [] });
    (k.index as unknown as { extra: unknown }).extra = () => 1;
    expect(() => snapshotKnowledge(k)).toThrow(/knowledge\.index\.extra is a function/);
  });
});
