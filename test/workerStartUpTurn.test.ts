import { describe, expect, it } from 'vitest';
import { prepareContent } from '../src/app/prepareContent.js';
import { CONTENT } from '../src/content/generated/content.js';
import { KNOWLEDGE_SNAPSHOT } from '../src/content/generated/knowledgeSnapshot.js';
import { restoreKnowledge } from '../src/knowledge/indexSnapshot.js';
import { buildWorkerApp } from '../src/runtime/buildWorkerApp.js';
import { emptyD1, runStartUpTurn } from '../src/runtime/startUpTurn.js';

/**
 * A Worker answers a person's first messages at its module's start, on a throwaway app whose
 * database stores nothing, so that V8 compiles the turn before the isolate's first request
 * (src/runtime/worker.ts). If the turn stopped working on that database, the warm-up would
 * silently compile nothing: these are the same turns a person would get.
 */
const prepared = prepareContent(CONTENT, restoreKnowledge(KNOWLEDGE_SNAPSHOT));
const throwawayApp = (maxStatements?: number) => {
  const built = buildWorkerApp({ LOG_LEVEL: 'silent', OFFICE_HOURS: 'mon-sun 00:00-24:00', DB: emptyD1(maxStatements) }, CONTENT, prepared);
  if (built instanceof Error) throw built;
  return built.app;
};
const texts = (o: Awaited<ReturnType<typeof runStartUpTurn>>[number] | undefined) => (o?.status === 'handled' ? o.replies.map((r) => r.reply.text) : []);

describe("a Worker's start-up turn (src/runtime/startUpTurn.ts)", () => {
  it('a greeting gets the welcome and the language choice; a typed question gets its article, then the welcome', async () => {
    const [greeting, question] = await runStartUpTurn(throwawayApp().assistant);
    expect(greeting?.status).toBe('handled');
    expect(texts(greeting).at(-1)).toContain('Choisissez votre langue');
    expect(question?.status).toBe('handled');
    expect(texts(question)[0]).toContain('carte de séjour');
    expect(texts(question).at(-1)).toContain('On continue en français ?');
  });

  it('a turn that asks the empty database more than it allows is stopped, not looped', async () => {
    const outcomes = await runStartUpTurn(throwawayApp(2).assistant);
    expect(outcomes).toEqual([null, null]);
  });
});
