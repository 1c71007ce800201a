import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../src/outbox/outboxWorker.js';
import { createStores } from '../src/app/createStores.js';
import type { LibsqlOutboxStore } from '../src/outbox/libsqlOutboxStore.js';
import { messageInserts } from '../src/storage/messageInserts.js';
import { migrateDatabase, openDatabase } from '../src/storage/openDatabase.js';
import type { ChannelSender, SendResult } from '../src/core/ports.js';
import type { Reply } from '../src/core/message.js';
import { ManualClock, MemoryLogger } from './support/testServer.js';

let dir: string;
let store: LibsqlOutboxStore;
let client: import('@libsql/client').Client;
let clock: ManualClock;
let n = 0;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tawjih-outbox-'));
  const opened = await openDatabase(`file:${join(dir, 'db.sqlite')}`);
  client = opened.client;
  await migrateDatabase(opened.db);
  clock = new ManualClock();
  n = 0;
  store = createStores(opened.db, client, () => clock.now()).outbox;
});
afterEach(async () => {
  client.close();
  await rm(dir, { recursive: true, force: true });
});

/** Queues messages as a turn would: each reply stored with its delivery (the one message + outbox insert). */
async function queue(recipient: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const id = `m_${String(++n).padStart(8, '0')}`;
    const reply: Reply = { kind: 'text', text: `message ${n}`, dir: 'ltr', locale: 'fr' };
    await client.batch(messageInserts([{ id, conversationId: `v_${recipient}`, direction: 'out', author: 'bot', text: reply.text, reply, createdAt: clock.now(), outbox: { channel: 'telegram', recipient } }]) as never, 'write');
  }
}

class RecordingSender implements ChannelSender {
  readonly sent: { recipient: string; text: string }[] = [];
  results: SendResult[] = [];
  async send(recipient: string, reply: Reply): Promise<SendResult> {
    this.sent.push({ recipient, text: reply.text });
    return this.results.shift() ?? { ok: true, providerMessageId: String(this.sent.length) };
  }
}

const limit = { global: { count: 30, perMs: 1000 }, perRecipient: { count: 1, perMs: 1000 } };

describe('the outbox', () => {
  it('sends at most one message per second to a person, in order', async () => {
    const sender = new RecordingSender();
    const worker = new OutboxWorker({ store, clock, log: new MemoryLogger(), channels: { telegram: { sender, limit } } });
    await queue('111', 3);
    await worker.kick();
    expect(sender.sent.map((s) => s.text)).toEqual(['message 1']);
    clock.advance(500);
    await worker.kick();
    expect(sender.sent).toHaveLength(1);
    clock.advance(600);
    await worker.kick();
    clock.advance(1000);
    await worker.kick();
    expect(sender.sent.map((s) => s.text)).toEqual(['message 1', 'message 2', 'message 3']);
  });

  it('sends at most 30 messages per second overall', async () => {
    const sender = new RecordingSender();
    const worker = new OutboxWorker({ store, clock, log: new MemoryLogger(), channels: { telegram: { sender, limit } } });
    for (let i = 0; i < 45; i++) await queue(`chat-${i}`, 1);
    await worker.kick();
    expect(sender.sent).toHaveLength(30);
    clock.advance(1000);
    await worker.kick();
    expect(sender.sent).toHaveLength(45);
    expect(new Set(sender.sent.map((s) => s.recipient)).size).toBe(45);
  });

  it('a failed send is retried with backoff; later messages to that person wait for it', async () => {
    const sender = new RecordingSender();
    sender.results = [{ ok: false, kind: 'retry', error: 'telegram 502' }];
    const worker = new OutboxWorker({ store, clock, log: new MemoryLogger(), channels: { telegram: { sender, limit } } });
    await queue('222', 2);
    await worker.kick();
    clock.advance(1100);
    await worker.kick();
    expect(sender.sent.map((s) => s.text)).toEqual(['message 1']); // message 2 waits behind message 1
    clock.advance(3000);
    await worker.kick();
    clock.advance(1100);
    await worker.kick();
    expect(sender.sent.map((s) => s.text)).toEqual(['message 1', 'message 1', 'message 2']);
    expect(await store.outboxCounts()).toEqual({ sent: 2 });
  });

  it('a message the channel rejects for good is marked failed and the next one goes', async () => {
    const sender = new RecordingSender();
    sender.results = [{ ok: false, kind: 'rejected', error: 'telegram 400: message is too long' }];
    const log = new MemoryLogger();
    const worker = new OutboxWorker({ store, clock, log, channels: { telegram: { sender, limit } } });
    await queue('333', 2);
    await worker.kick();
    clock.advance(1100);
    await worker.kick();
    expect(sender.sent.map((s) => s.text)).toEqual(['message 1', 'message 2']);
    expect(await store.outboxCounts()).toEqual({ failed: 1, sent: 1 });
    expect(log.events()).toContain('outbox.failed');
  });
});
