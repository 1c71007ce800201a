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
async function queue(recipient: string, count: number, channel: 'telegram' | 'whatsapp-cloud' = 'telegram'): Promise<void> {
  for (let i = 0; i < count; i++) {
    const id = `m_${String(++n).padStart(8, '0')}`;
    const reply: Reply = { kind: 'text', text: `message ${n}`, dir: 'ltr', locale: 'fr' };
    await client.batch(messageInserts([{ id, conversationId: `v_${channel}_${recipient}`, direction: 'out', author: 'bot', text: reply.text, reply, createdAt: clock.now(), outbox: { channel, recipient } }]) as never, 'write');
  }
}

const rows = async () => (await client.execute('SELECT recipient, status, attempts, parts_sent FROM outbox ORDER BY id')).rows.map((r) => `${r.recipient} ${r.status} ${r.attempts} ${r.parts_sent}`);

class RecordingSender implements ChannelSender {
  readonly sent: { recipient: string; text: string; from: number }[] = [];
  results: SendResult[] = [];
  /** While set, every send waits for it (a channel that stalls). */
  stall: Promise<void> | null = null;
  async send(recipient: string, reply: Reply, from = 0): Promise<SendResult> {
    this.sent.push({ recipient, text: reply.text, from });
    if (this.stall) await this.stall;
    return this.results.shift() ?? { ok: true, providerMessageId: String(this.sent.length) };
  }
}

const DOWN: SendResult = { ok: false, kind: 'unavailable', reason: 'server_error', error: 'telegram 502' };

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

  it('a rush of people with several replies each: everyone gets a first message before anyone a second', async () => {
    const sender = new RecordingSender();
    const roomy = { global: { count: 1000, perMs: 1000 }, perRecipient: { count: 1, perMs: 1000 } };
    const worker = new OutboxWorker({ store, clock, log: new MemoryLogger(), channels: { telegram: { sender, limit: roomy } } });
    // 250 people answered with three messages each (a pass reads 200 at a time), then a newcomer.
    for (let p = 0; p < 250; p++) await queue(`p${p}`, 3);
    await queue('newcomer', 1);
    await worker.kick();
    expect(new Set(sender.sent.map((s) => s.recipient)).size).toBe(251);
    expect(sender.sent).toHaveLength(251);
    expect(sender.sent.at(-1)!.recipient).toBe('newcomer');
    // A second later, everyone's second message, in order.
    clock.advance(1000);
    await worker.kick();
    expect(sender.sent).toHaveLength(501);
    expect(sender.sent.filter((s) => s.recipient === 'p7').map((s) => s.text)).toEqual(['message 22', 'message 23']);
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

describe('one lane per channel', () => {
  it('a channel that is down holds its replies (attempts untouched), asks its probe after the wait, then sends them in order, once', async () => {
    let down = true;
    const sender = new (class extends RecordingSender {
      override async send(recipient: string, reply: Reply, from = 0): Promise<SendResult> {
        const result = await super.send(recipient, reply, from);
        return down ? DOWN : result;
      }
    })();
    let probes = 0;
    const probe = async () => {
      probes++;
      return down ? ({ ok: false, reason: 'unreachable', error: 'ECONNREFUSED' } as const) : ({ ok: true } as const);
    };
    const log = new MemoryLogger();
    const worker = new OutboxWorker({ store, clock, log, channels: { telegram: { sender, limit, probe } } });
    await queue('111', 2);
    await queue('222', 1);
    await worker.kick();
    // The sends under way said "down": everything waits, with its attempts.
    expect(sender.sent.map((s) => s.text)).toEqual(['message 1', 'message 3']);
    expect(await rows()).toEqual(['111 pending 0 0', '111 pending 0 0', '222 pending 0 0']);
    await worker.kick();
    expect(probes).toBe(0); // within the wait: not even asked
    clock.advance(2000);
    await worker.kick();
    expect(probes).toBe(1); // asked, still down: no message tried
    expect(sender.sent).toHaveLength(2);
    down = false;
    for (let i = 0; i < 4; i++) {
      clock.advance(70_000);
      await worker.kick();
    }
    expect(sender.sent.slice(2).map((s) => s.text)).toEqual(['message 1', 'message 3', 'message 2']);
    expect(await rows()).toEqual(['111 sent 0 0', '111 sent 0 0', '222 sent 0 0']);
    expect(log.events().filter((e) => e.startsWith('channel.'))).toEqual(['channel.down', 'channel.up']);
  });

  it('one message the channel keeps refusing with a 5xx while others go through is retried on its own, not held for ever', async () => {
    const sender = new RecordingSender();
    sender.results = [DOWN]; // message 1 only; messages 2 and 3 (other people, same batch) go through
    const worker = new OutboxWorker({ store, clock, log: new MemoryLogger(), channels: { telegram: { sender, limit } } });
    await queue('111', 1);
    await queue('222', 1);
    await queue('333', 1);
    await worker.kick();
    expect(await rows()).toEqual(['111 pending 1 0', '222 sent 0 0', '333 sent 0 0']);
  });

  it('a reply sent as several messages goes on from the part that failed', async () => {
    const sender = new RecordingSender();
    sender.results = [{ ...DOWN, partsSent: 1 }];
    const worker = new OutboxWorker({ store, clock, log: new MemoryLogger(), channels: { telegram: { sender, limit } } });
    await queue('111', 1);
    await worker.kick();
    expect(await rows()).toEqual(['111 pending 0 1']);
    clock.advance(70_000);
    await worker.kick(); // no probe: the held message is the probe, from its second part
    expect(sender.sent.map((s) => s.from)).toEqual([0, 1]);
    expect(await rows()).toEqual(['111 sent 0 1']);
  });

  it('a channel whose sends hang holds none of the other channel\'s replies', async () => {
    const stuck = new RecordingSender();
    let release!: () => void;
    stuck.stall = new Promise<void>((r) => (release = r));
    const other = new RecordingSender();
    const worker = new OutboxWorker({ store, clock, log: new MemoryLogger(), channels: { telegram: { sender: stuck, limit }, 'whatsapp-cloud': { sender: other, limit } } });
    await queue('111', 1, 'telegram');
    for (let i = 0; i < 12; i++) await queue(`2126000000${i}`, 1, 'whatsapp-cloud');
    const pass = worker.kick();
    // More WhatsApp replies than sends in flight, all out while Telegram's call has not come back.
    for (let i = 0; i < 50 && other.sent.length < 12; i++) await new Promise((r) => setTimeout(r, 20));
    expect(other.sent).toHaveLength(12);
    expect(stuck.sent).toHaveLength(1);
    release();
    expect(await pass).toBe(13);
  });
});


describe('after a request on Workers (OutboxWorker.settled)', () => {
  it('waits for the pass a queued reply started, and starts none of its own', async () => {
    const sender = new RecordingSender();
    let release!: () => void;
    sender.stall = new Promise((r) => (release = r));
    const worker = new OutboxWorker({ store, clock, log: new MemoryLogger(), channels: { telegram: { sender, limit } } });
    await queue('222', 1);
    // Nothing started: settled() sends nothing (a request that queued nothing for Telegram).
    expect(await worker.settled()).toBe(0);
    expect(sender.sent).toHaveLength(0);
    // The turn that queued the reply kicks its lane; the request then waits for that pass.
    void worker.kick();
    const settled = worker.settled();
    let done = false;
    void settled.then(() => (done = true));
    while (!sender.sent.length) await new Promise((r) => setTimeout(r, 5));
    expect(sender.sent.map((s) => s.text)).toEqual(['message 1']);
    expect(done).toBe(false);
    release();
    expect(await settled).toBe(1);
    expect(await rows()).toEqual(['222 sent 0 0']);
  });
});
