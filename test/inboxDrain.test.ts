import { describe, expect, it } from 'vitest';
import { FLOOD_WAITING, InboxDrain } from '../src/core/inboxDrain.js';
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

function drainFor(inbox: MemoryInbox, opts: { utilization?: number } = {}) {
  const handled: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const drain = new InboxDrain({
    store: inbox,
    claim: () => true,
    release: () => undefined,
    onError: (e) => {
      throw e;
    },
    ...(opts.utilization !== undefined ? { loopUtilization: () => opts.utilization! } : {}),
    run: async (msg) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((r) => setTimeout(r, 1));
      handled.push(msg.text!);
      inbox.rows.find((r) => r.msg === msg)!.answered = true;
      running--;
    },
  });
  return { drain, handled, mostAtOnce: () => mostAtOnce };
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

  it('during a flood (event loop saturated, many webhooks waiting) turns run one at a time; none is lost', async () => {
    const calm = new MemoryInbox();
    const normal = drainFor(calm, { utilization: 1 });
    for (let i = 0; i < 12; i++) calm.add(`m${i}`, `p${i}`);
    normal.drain.kick();
    await normal.drain.idle();
    expect(normal.mostAtOnce()).toBe(12); // a saturated loop alone is no flood: different people at once

    const inbox = new MemoryInbox();
    const { drain, handled, mostAtOnce } = drainFor(inbox, { utilization: 1 });
    // FLOOD_WAITING webhook requests wait at once for their message to be recorded.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const waiting = Array.from({ length: FLOOD_WAITING }, () => drain.recording(() => held));
    for (let i = 0; i < 12; i++) inbox.add(`m${i}`, `p${i}`);
    drain.kick();
    await drain.idle();
    expect(mostAtOnce()).toBe(1);
    release();
    await Promise.all(waiting);
    for (let i = 12; i < 20; i++) inbox.add(`m${i}`, `p${i}`);
    drain.kick();
    await drain.idle();
    expect([...handled].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`).sort());
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
