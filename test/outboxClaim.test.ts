import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
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

/**
 * The same as a property: random sequences of replies queued, passes of two processes (alone or
 * at the same moment), time passing, and a process that dies in the middle of a send (replaced
 * by a new one, as a Worker's next isolate). After every step: nobody got a reply twice unless
 * its send was cut by a death (at least once), each person's replies came in their order; at the
 * end, once every lease is over, every reply went out.
 */
describe('two processes sending from one database (property)', () => {
  /** `procs`: the two live processes; `senders`: every process's, the dead's too (what reached the channel). */
  type World = { procs: { worker: OutboxWorker; sender: RecordingSender }[]; senders: RecordingSender[]; queued: Map<string, number[]>; cut: Set<string> };
  type Cmd = fc.AsyncCommand<object, World>;
  const people = ['111', '222', '333'];
  const delivered = (w: World) => w.senders.flatMap((s) => s.sent);

  async function check(w: World): Promise<void> {
    const all = delivered(w);
    const seen = new Map<string, number>();
    for (const d of all) seen.set(d, (seen.get(d) ?? 0) + 1);
    for (const [d, times] of seen) if (times > 1) expect(w.cut.has(d), `${d} sent ${times} times`).toBe(true);
    for (const who of people) {
      // Each person's replies went in order: what reached them is the oldest of what was queued for them.
      const firsts = [...new Set(all.filter((d) => d.startsWith(`${who}:`)))].map((d) => Number(d.split('message ')[1]));
      expect(firsts.sort((a, b) => a - b)).toEqual((w.queued.get(who) ?? []).slice(0, firsts.length));
    }
  }

  const queueCmd = (who: string): Cmd => ({
    check: () => true,
    async run(_m, w) {
      await queue(who, 1);
      w.queued.set(who, [...(w.queued.get(who) ?? []), n]);
      await check(w);
    },
    toString: () => `queue ${who}`,
  });
  const passCmd = (which: 0 | 1 | 'both'): Cmd => ({
    check: () => true,
    async run(_m, w) {
      const procs = which === 'both' ? w.procs.slice(-2) : [w.procs[w.procs.length - 2 + which]!];
      await Promise.all(procs.map((p) => p.worker.kick()));
      await check(w);
    },
    toString: () => `pass ${which}`,
  });
  const waitCmd = (ms: number): Cmd => ({
    check: () => true,
    async run(_m, w) {
      clock.advance(ms);
      await check(w);
    },
    toString: () => `wait ${ms}`,
  });
  const dieCmd: Cmd = {
    check: () => true,
    async run(_m, w) {
      // The older of the two live processes starts a pass whose sends never come back, and is gone.
      const dying = w.procs[w.procs.length - 2]!;
      const before = dying.sender.sent.length;
      dying.sender.stall = new Promise(() => {});
      void dying.worker.kick();
      await new Promise((r) => setTimeout(r, 20));
      for (const d of dying.sender.sent.slice(before)) w.cut.add(d);
      w.procs.splice(w.procs.length - 2, 1);
      w.procs.push(await newProc(w));
      await check(w);
    },
    toString: () => 'a process dies mid-send',
  };
  async function newProc(w: World): Promise<World['procs'][number]> {
    const sender = new RecordingSender();
    w.senders.push(sender);
    return { worker: (await openProcess()).worker(sender), sender };
  }

  it('nothing lost, nothing twice but what a death cut, order kept', async () => {
    const commands = fc.commands(
      [
        fc.constantFrom(...people).map(queueCmd),
        fc.constantFrom<0 | 1 | 'both'>(0, 1, 'both').map(passCmd),
        fc.constantFrom(300, 1100, CLAIM_LEASE_MS + 1).map(waitCmd),
        fc.constant(dieCmd),
      ],
      { maxCommands: 25 },
    );
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        for (const close of closers.splice(0)) close();
        await rm(dir, { recursive: true, force: true });
        dir = await mkdtemp(join(tmpdir(), 'tawjih-claim-'));
        n = 0;
        const w: World = { procs: [], senders: [], queued: new Map(), cut: new Set() };
        w.procs.push(await newProc(w), await newProc(w));
        await fc.asyncModelRun(() => ({ model: {}, real: w }), cmds);
        // The end: leases over, passes until quiet: every reply went out.
        for (let i = 0; i < 8; i++) {
          clock.advance(CLAIM_LEASE_MS + 1);
          await Promise.all(w.procs.slice(-2).map((p) => p.worker.kick()));
        }
        await check(w);
        const got = new Set(delivered(w));
        for (const [who, ids] of w.queued) for (const id of ids) expect(got.has(`${who}: message ${id}`), `${who}: message ${id} never sent`).toBe(true);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
