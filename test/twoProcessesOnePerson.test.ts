/**
 * One person whose messages reach two processes at the same moment, as they reach a Worker's
 * isolates (each request may run in another; a WhatsApp burst of short messages arrives in
 * parallel). Each process keeps its own conversations' turns in order; across processes only
 * the database can. Two servers on one libSQL file, the person's messages posted to both at once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import worker from '../src/runtime/worker.js';
import { FakeHranaServer } from './support/fakeHranaServer.js';
import { startTestServer, type TestServer } from './support/testServer.js';

let dir: string;
let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tawjih-two-turns-'));
  a = await startTestServer({}, { dir });
  b = await startTestServer({}, { dir });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await rm(dir, { recursive: true, force: true });
});

type Reply = { text: string; choices?: { id: string }[] };
async function say(server: TestServer, conversationId: string, message: { text: string } | { choice: string }): Promise<{ status: number; replies: Reply[] }> {
  const res = await fetch(`${server.url}/webchat/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId, ...message }) });
  return { status: res.status, replies: res.status === 200 ? ((await res.json()) as { replies: Reply[] }).replies : [] };
}
const history = async (conversationId: string) =>
  (await a.db.execute({ sql: "SELECT m.direction, m.text FROM messages m JOIN conversations v ON v.id = m.conversation_id WHERE v.channel_user_id = ? ORDER BY m.seq", args: [conversationId] })).rows.map((r) => `${r.direction}: ${String(r.text).slice(0, 40)}`);

describe('one person, two processes, the same moment', () => {
  it('two first messages: both answered, the person welcomed once', async () => {
    const [first, second] = await Promise.all([say(a, 'two-first-1', { text: 'bonjour' }), say(b, 'two-first-1', { text: 'salut' })]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const texts = [...first.replies, ...second.replies].map((r) => r.text);
    expect(texts.filter((t) => t.includes('Bienvenue')), texts.join(' | ')).toHaveLength(1);
    const stored = await history('two-first-1');
    expect(stored.filter((m) => m.startsWith('in:'))).toHaveLength(2);
    expect((await a.db.execute("SELECT count(*) AS n FROM conversations WHERE channel_user_id = 'two-first-1'")).rows[0]!.n).toBe(1);
  });

  it('two answers to one question at once: the second is read after the first, not over it', async () => {
    await say(a, 'two-taps-1', { text: 'bonjour' });
    // The language question: one tap on each process at the same moment.
    const [fr, en] = await Promise.all([say(a, 'two-taps-1', { choice: 'onboarding.language.fr' }), say(b, 'two-taps-1', { choice: 'onboarding.language.en' })]);
    expect([fr.status, en.status]).toEqual([200, 200]);
    // Whichever came second found the question answered: its tap changed nothing, and it says so.
    const stale = (replies: Reply[]) => replies.some((r) => /Ce menu n'est plus à jour|This menu is out of date/.test(r.text));
    const texts = [...fr.replies, ...en.replies].map((r) => r.text.slice(0, 60)).join(' | ');
    expect([stale(fr.replies), stale(en.replies)].filter(Boolean), texts).toHaveLength(1);
    // The language kept is the one of the tap that was answered first.
    const kept = stale(fr.replies) ? 'en' : 'fr';
    const contact = await a.db.execute("SELECT c.locale FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE v.channel_user_id = 'two-taps-1'");
    expect(contact.rows[0]!.locale).toBe(kept);
  });

  it("a Node server and a Worker's isolate on the database's HTTP protocol (D1's path): the same", async () => {
    const client = createClient({ url: `file:${a.dbFile}` });
    const hrana = await new FakeHranaServer(client).start();
    try {
      const env = { DATABASE_URL: hrana.url, DATABASE_AUTH_TOKEN: hrana.token, LOG_LEVEL: 'silent' };
      const waits: Promise<unknown>[] = [];
      const onWorker = async (conversationId: string, message: { text: string } | { choice: string }) => {
        const res = await worker.fetch(new Request('https://w/webchat/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId, ...message }) }), env, { waitUntil: (p: Promise<unknown>) => void waits.push(p) });
        return { status: res.status, replies: res.status === 200 ? ((await res.json()) as { replies: Reply[] }).replies : [] };
      };
      const [node, isolate] = await Promise.all([say(a, 'two-worker-1', { text: 'bonjour' }), onWorker('two-worker-1', { text: 'salut' })]);
      expect([node.status, isolate.status]).toEqual([200, 200]);
      expect([...node.replies, ...isolate.replies].filter((r) => r.text.includes('Bienvenue'))).toHaveLength(1);
      await say(a, 'two-worker-2', { text: 'bonjour' });
      const [fr, en] = await Promise.all([say(a, 'two-worker-2', { choice: 'onboarding.language.fr' }), onWorker('two-worker-2', { choice: 'onboarding.language.en' })]);
      expect([fr.status, en.status]).toEqual([200, 200]);
      const stale = (replies: Reply[]) => replies.some((r) => /Ce menu n'est plus à jour|This menu is out of date/.test(r.text));
      expect([stale(fr.replies), stale(en.replies)].filter(Boolean)).toHaveLength(1);
      await Promise.all(waits);
    } finally {
      await hrana.stop();
      client.close();
    }
  });
});
