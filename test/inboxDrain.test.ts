import { describe, expect, it } from 'vitest';
import { InboxDrain, TURNS_PER_SLICE } from '../src/core/inboxDrain.js';
import type { InboundMessage } from '../src/core/message.js';
import type { InboxStore } from '../src/core/ports.js';
import { sha256Hex } from '../src/storage/sha256.js';

/** An inbox in memory: rows in the order they were recorded, answered ones marked. */
class MemoryInbox implements InboxStore {
  rows: { seq: number; msg: InboundMessage; answered: boolean }[] = [];
  add(text: string, person = 'p1'): InboundMessage {
    const msg: InboundMessage = { channel: 'telegram', channelUserId: person, channelMessageId: `${person}:${this.rows.length + 1}`, text, receivedAt: 0 };
    this.rows.push({ seq: this.rows.length + 1, msg, answered: false });
    return msg;
  }
  async inboxStart() {
    return (this.rows.find((r) => !r.answered)?.seq ?? this.rows.length + 1) - 1;
  }
  async inboxAfter(seq: number, limit: number) {
    return this.rows.filter((r) => r.seq > seq && !r.answered).slice(0, limit).map(({ seq: s, msg }) => ({ seq: s, msg }));
  }
}

function drainFor(inbox: MemoryInbox) {
  const handled: string[] = [];
  /** Turns that read and decided: a turn does that synchronously (a local database answers at once). */
  const decided: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const drain = new InboxDrain({
    store: inbox,
    claim: () => true,
    release: () => undefined,
    onError: (e) => {
      throw e;
    },
    run: async (msg) => {
      decided.push(msg.text!);
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((r) => setTimeout(r, 1));
      handled.push(msg.text!);
      inbox.rows.find((r) => r.msg === msg)!.answered = true;
      running--;
    },
  });
  return { drain, handled, decided, mostAtOnce: () => mostAtOnce };
}

describe('the inbox: messages acknowledged at once, answered right after', () => {
  it('answers every recorded message once, in the order recorded, and then is idle', async () => {
    const inbox = new MemoryInbox();
    const { drain, handled } = drainFor(inbox);
    for (const t of ['bonjour', 'fr', 'menu']) inbox.add(t);
    drain.kick();
    drain.kick();
    await drain.idle();
    expect(handled).toEqual(['bonjour', 'fr', 'menu']);
    inbox.add('merci');
    drain.kick();
    await drain.idle();
    expect(handled).toEqual(['bonjour', 'fr', 'menu', 'merci']);
  });

  it('after a restart, starts at the oldest message never answered', async () => {
    const inbox = new MemoryInbox();
    inbox.add('answered before the crash');
    inbox.rows[0]!.answered = true;
    inbox.add('recorded, then the crash');
    const { drain, handled } = drainFor(inbox);
    drain.kick();
    await drain.idle();
    expect(handled).toEqual(['recorded, then the crash']);
  });

  it('a backlog of 60 messages: a webhook arriving meanwhile is recorded before they are all answered; none is lost or doubled', async () => {
    const inbox = new MemoryInbox();
    const { drain, handled, decided, mostAtOnce } = drainFor(inbox);
    for (let i = 0; i < 60; i++) inbox.add(`m${i}`, `p${i}`);
    drain.kick();
    // A webhook's work waits for the event loop (its request is read from the socket): it gets in
    // between two slices of turns, not after the whole backlog has been read and decided.
    let decidedWhenRecorded = -1;
    const webhook = new Promise<void>((resolve) =>
      setImmediate(() => {
        decidedWhenRecorded = decided.length;
        inbox.add('m60', 'p60');
        drain.kick();
        resolve();
      }),
    );
    await webhook;
    await drain.idle();
    expect(decidedWhenRecorded).toBeLessThan(60);
    expect([...handled].sort()).toEqual(Array.from({ length: 61 }, (_, i) => `m${i}`).sort());
    // Different people's turns still run side by side (their commits go together).
    expect(mostAtOnce()).toBeGreaterThanOrEqual(TURNS_PER_SLICE);
  });

  it('stop(): turns under way end, the rest waits on disk', async () => {
    const inbox = new MemoryInbox();
    const { drain, handled } = drainFor(inbox);
    await drain.stop();
    inbox.add('after stop');
    drain.kick();
    await drain.idle();
    expect(handled).toEqual([]);
    expect(inbox.rows[0]!.answered).toBe(false);
  });
});

describe('receipt keys', () => {
  it('SHA-256 computed in JavaScript equals crypto.subtle, for ids of every length', async () => {
    for (const text of ['', '123456789:42', 'cb:987654321012345', 'wamid.' + 'x'.repeat(60), 'é'.repeat(100), 'مرحبا'.repeat(40)]) {
      const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
      expect(sha256Hex(text)).toBe([...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''));
    }
  });
});
