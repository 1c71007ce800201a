import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/testApp.js';
import { WebchatPerson } from './support/webchatPerson.js';

let server: TestApp;
beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => server.close());

async function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await server.request(`/webchat/api/messages`, { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('the web chat API refuses bad input with a 4xx and a JSON error', () => {
  it.each([
    ['bad JSON', '{"conversationId": "abc12345", "text": '],
    ['not an object', '"hello"'],
    ['null', 'null'],
    ['conversationId too short', JSON.stringify({ conversationId: 'abc', text: 'hi' })],
    ['conversationId too long', JSON.stringify({ conversationId: 'a'.repeat(65), text: 'hi' })],
    ['conversationId with bad characters', JSON.stringify({ conversationId: 'abc 12345/..', text: 'hi' })],
    ['conversationId not a string', JSON.stringify({ conversationId: 12345678, text: 'hi' })],
    ['neither text nor choice', JSON.stringify({ conversationId: 'abc12345' })],
    ['both text and choice', JSON.stringify({ conversationId: 'abc12345', text: 'hi', choice: 'cmd.menu' })],
    ['empty text', JSON.stringify({ conversationId: 'abc12345', text: '   ' })],
    ['text of the wrong type', JSON.stringify({ conversationId: 'abc12345', text: ['hi'] })],
    ['a choice that is not an id', JSON.stringify({ conversationId: 'abc12345', choice: 'DROP TABLE' })],
  ])('%s -> 400', async (_, body) => {
    const { status, json } = await post(body);
    expect(status).toBe(400);
    expect(typeof json.error).toBe('string');
  });

  it('a body over 16 KB -> 413', async () => {
    const { status, json } = await post(JSON.stringify({ conversationId: 'abc12345', text: 'x'.repeat(17 * 1024) }));
    expect(status).toBe(413);
    expect(json.error).toMatch(/larger/);
  });

  it('GET without a valid conversationId -> 400', async () => {
    for (const q of ['', '?conversationId=short', '?conversationId=ok_but_after&after=%00%01']) {
      const res = await server.request(`/webchat/api/messages${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBeTruthy();
    }
  });

  it('an unknown route -> 404 JSON', async () => {
    const res = await server.request(`/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not found' });
  });

  it('the server still answers after all that', async () => {
    const res = await server.request(`/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('the web chat API', () => {
  it('answers a repeated message (same messageId) once, with the same replies', async () => {
    const person = new WebchatPerson(server, 'dup-check-0001');
    const first = await person.post({ text: 'bonjour', messageId: 'client-1' });
    const again = await person.post({ text: 'bonjour', messageId: 'client-1' });
    expect(again.status).toBe(200);
    expect(again.json.replies!.map((r) => r.id)).toEqual(first.json.replies!.map((r) => r.id));
    const stored = await server.db.execute("SELECT count(*) AS n FROM messages m JOIN conversations v ON v.id = m.conversation_id WHERE v.channel_user_id = 'dup-check-0001' AND m.direction = 'in'");
    expect(Number(stored.rows[0]?.n)).toBe(1);
  });

  it('GET returns the whole conversation, both sides, in the order it happened', async () => {
    const person = new WebchatPerson(server, 'poll-check-0001');
    const first = await person.says('bonjour');
    await person.taps('Français');
    const all = await person.history();
    expect(all.map((r) => [r.author, r.text])).toEqual([
      ['person', 'bonjour'],
      ...first.map((r) => ['bot', r.text]),
      // A tap is kept as the label the person saw.
      ['person', 'Français'],
      ...person.last.map((r) => ['bot', r.text]),
    ]);
    expect(all.find((r) => r.text === 'Français')).toMatchObject({ author: 'person', kind: 'tap', choices: [] });
    const after = await person.history(first.at(-1)!.id);
    expect(after.map((r) => r.text)).toEqual(['Français', ...person.last.map((r) => r.text)]);
    expect(await person.history(person.last.at(-1)!.id)).toEqual([]);
  });

  it('a button id nobody knows is answered, in the person\'s language: the menu is out of date, and the current one', async () => {
    const person = new WebchatPerson(server, 'stale-check-0001');
    await person.says('bonjour');
    await person.taps('Français');
    const before = person.buttonLabels();
    const { status, json } = await person.post({ choice: 'main.menu.nothing' });
    expect(status).toBe(200);
    expect(json.replies!.map((r) => r.text).join('\n')).toContain("Ce menu n'est plus à jour");
    expect(json.replies!.flatMap((r) => r.choices.map((c) => c.label))).toEqual(before);
  });

  it('GET for a conversation that does not exist is empty, not an error', async () => {
    const person = new WebchatPerson(server, 'nobody-here-yet');
    expect(await person.poll()).toEqual([]);
  });
});
