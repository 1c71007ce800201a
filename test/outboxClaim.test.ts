import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStores } from '../src/app/createStores.js';
import type { Reply } from '../src/core/message.js';
import type { ChannelSender, SendResult } from '../src/core/ports.js';
import { CLAIM_LEASE_MS } from '../src/outbox/sendTimings.js';
import { OutboxWorker } from '../src/outbox/outboxWorker.js';
import { messageInserts } from '../src/storage/messageInserts.js';
import { migrateDatabase, openDatabase } from '../src/storage/openDatabase.js';
import { ManualClock, MemoryLogger } from './support/testServer.js';

/**
 * Two processes sending from one database: a Worker's isolates (each request runs its own pass),
 * or the WhatsApp Web process beside a server. Each opens the same libSQL file on its own
 * connection, as they would.
 */
let dir: string;
let clock: ManualClock;
const closers: (() => void)[] = [];

async function openProcess(): Promise<{ worker: (sender: ChannelSender) => OutboxWorker; execute: (sql: string) => Promise<string[]> }> {
  const opened = await openDatabase(`file:${join(dir, 'db.sqlite')}`);
  closers.push(() => opened.client.close());
  await migrateDatabase(opened.db);
  const store = createStores(opened.db, opened.client, () => clock.now()).outbox;
  const limit = { global: { count: 30, perMs: 1000 }, perRecipient: { count: 1, perMs: 1000 } };
  return {
    worker: (sender) => new OutboxWorker({ store, clock, log: new MemoryLogger(), channels: { telegram: { sender, limit } } }),
    execute: async (sql) => (await opened.client.execute(sql)).rows.map((r) => Object.values(r).join(' ')),
  };
}

let n = 0;
/** Replies queued as a turn queues them (the message and its outbox row, in one batch). */
async function queue(recipient: string, count: number): Promise<void> {
  const opened = await openDatabase(`file:${join(dir, 'db.sqlite')}`);
  try {
    for (let i = 0; i < count; i++) {
      const id = `m_${String(++n).padStart(8, '0')}`;
      const reply: Reply = { kind: 'text', text: `message ${n}`, dir: 'ltr', locale: 'fr' };
      await opened.client.batch(messageInserts([{ id, conversationId: `v_${recipient}`, direction: 'out', author: 'bot', text: reply.text, reply, createdAt: clock.now(), outbox: { channel: 'telegram', recipient } }]) as never, 'write');
    }
  } finally {
    opened.client.close();
  }
}

class RecordingSender implements ChannelSender {
  readonly sent: string[] = [];
  /** While set, every send waits for it (a process stopped in the middle of a send). */
  stall: Promise<void> | null = null;
  async send(recipient: string, reply: Reply): Promise<SendResult> {
    this.sent.push(`${recipient}: ${reply.text}`);
    if (this.stall) await this.stall;
    return { ok: true, providerMessageId: String(this.sent.length) };
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tawjih-claim-'));
  clock = new ManualClock();
  n = 0;
});
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await rm(dir, { recursive: true, force: true });
});

describe('two processes sending from one database', () => {
  it('each reply reaches its person once, whichever process sends it', async () => {
    const [a, b] = [await openProcess(), await openProcess()];
    const [senderA, senderB] = [new RecordingSender(), new RecordingSender()];
    const [workerA, workerB] = [a.worker(senderA), b.worker(senderB)];
    for (let p = 0; p < 20; p++) await queue(`person${p}`, 2);
    // Both pass at the same moment, again and again, as requests do on a Worker.
    for (let round = 0; round < 4; round++) {
      await Promise.all([workerA.kick(), workerB.kick(), workerA.kick(), workerB.kick()]);
      clock.advance(1100);
    }
    const sent = [...senderA.sent, ...senderB.sent].sort();
    expect(sent).toHaveLength(40);
    expect(new Set(sent).size).toBe(40);
    // Each person's two replies in their order, whoever sent them.
    const sentInOrder = [...senderA.sent, ...senderB.sent];
    for (let p = 0; p < 20; p++) {
      const theirs = sentInOrder.filter((s) => s.startsWith(`person${p}:`));
      expect(theirs.map((s) => Number(s.split('message ')[1]))).toEqual([2 * p + 1, 2 * p + 2]);
    }
    expect(await a.execute("SELECT count(*) FROM outbox WHERE status <> 'sent'")).toEqual(['0']);
  });

  it('a reply whose process stopped in the middle of its send goes again once its lease is over, before that person\'s next one', async () => {
    const [a, b] = [await openProcess(), await openProcess()];
    const stopped = new RecordingSender();
    stopped.stall = new Promise(() => {}); // never answers: the process is gone
    const alive = new RecordingSender();
    await queue('111', 2);
    void a.worker(stopped).kick();
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped.sent).toEqual(['111: message 1']);
    // The other process leaves it alone while it may still be on its way, and keeps the order.
    const worker = b.worker(alive);
    await worker.kick();
    clock.advance(CLAIM_LEASE_MS - 1000);
    await worker.kick();
    expect(alive.sent).toEqual([]);
    // Its lease over: sent again (at least once), then the next one.
    clock.advance(1000);
    await worker.kick();
    clock.advance(1100);
    await worker.kick();
    expect(alive.sent).toEqual(['111: message 1', '111: message 2']);
    expect(await b.execute('SELECT status FROM outbox ORDER BY id')).toEqual(['sent', 'sent']);
  });

  it('a server that restarts after a crash sends what it had claimed at once, not after the lease', async () => {
    const crashed = await openProcess();
    const stopped = new RecordingSender();
    stopped.stall = new Promise(() => {});
    await queue('111', 1);
    void crashed.worker(stopped).kick();
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped.sent).toEqual(['111: message 1']);
    // What a Node server does at start, before its lanes run (startNode).
    const restarted = await openProcess();
    const opened = await openDatabase(`file:${join(dir, 'db.sqlite')}`);
    closers.push(() => opened.client.close());
    expect(await createStores(opened.db, opened.client, () => clock.now()).outbox.requeueInterrupted(clock.now())).toBe(1);
    const alive = new RecordingSender();
    clock.advance(10);
    await restarted.worker(alive).kick();
    expect(alive.sent).toEqual(['111: message 1']);
  });
});
