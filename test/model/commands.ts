import fc from 'fast-check';
import { expect } from 'vitest';
import { checkErased, checkPerson } from './invariants.js';
import type { Button, Meaning, Person, World } from './world.js';
import { count } from './stats.js';

/** The model: who is in this sequence (the system's state is read back from the system itself). */
export interface Model {
  persons: Person[];
}

type Cmd = fc.AsyncCommand<Model, World>;

/**
 * Texts people send: greetings, questions, commands, dialect, a name, noise, danger, out of scope.
 * `free`: not a command. `meaning`: what the invariants expect of it (test/model/invariants.ts).
 */
export const TEXTS: { text: (p: Person) => string; free: boolean; meaning?: Meaning }[] = [
  { text: () => 'bonjour', free: true },
  { text: () => 'comment renouveler ma carte de séjour', free: true, meaning: 'question' },
  { text: () => 'kifach njib l carte de sejour', free: true, meaning: 'question' },
  { text: () => 'كيف أجدد بطاقة الإقامة', free: true, meaning: 'question' },
  { text: () => 'i need a lawyer please', free: true, meaning: 'question' },
  { text: () => 'passeport', free: true, meaning: 'question' },
  { text: () => 'mon mari me frappe', free: true, meaning: 'danger' },
  { text: () => 'i love you, will you marry me?', free: true, meaning: 'offtopic' },
  { text: (p) => `je m'appelle ${p.tag}, j'habite a Tiznit`, free: true },
  { text: () => 'qwzx plomb 42', free: true },
  { text: () => 'merci', free: true },
  { text: () => 'conseiller', free: false },
  { text: () => 'menu', free: false },
  { text: () => 'langue', free: false },
  { text: () => 'stop', free: false },
];

/** After each step: the invariants of everyone the step touched. */
async function checked(w: World, who: Person[]): Promise<void> {
  await w.settle();
  for (const p of who) await checkPerson(w, p);
}

class Says implements Cmd {
  constructor(
    readonly person: number,
    readonly textIndex: number,
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    const p = m.persons[this.person]!;
    const t = TEXTS[this.textIndex]!;
    w.clock.advance(1500);
    await w.says(p, t.text(p), t.free, t.meaning);
    await checked(w, [p]);
  }
  toString = () => `says(${this.person}, ${JSON.stringify(TEXTS[this.textIndex]!.text({ tag: 'X' } as Person))})`;
}

/** On the web chat, a message whose answer was lost on the way: the page sends it again with its messageId. */
class Resends implements Cmd {
  constructor(
    readonly person: number,
    readonly textIndex: number,
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    const p = m.persons[this.person]!;
    const free = TEXTS.filter((t) => t.free);
    if (p.channel !== 'webchat') return;
    w.clock.advance(1500);
    count('web chat resend');
    await w.resends(p, free[this.textIndex % free.length]!.text(p));
    await checked(w, [p]);
  }
  toString = () => `resends(${this.person}, ${this.textIndex})`;
}

/** A tap on a button of the last message (`stale`: of an older one; `forged`: an id no button has). */
class Taps implements Cmd {
  constructor(
    readonly person: number,
    readonly which: 'current' | 'stale' | 'forged' | 'workshops',
    readonly index: number,
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    const p = m.persons[this.person]!;
    w.clock.advance(1500);
    const received = await w.received(p);
    const labelsOf = (id: string) => received.flatMap((r) => r.buttons.filter((b) => b.id === id).map((b) => b.label));
    let button: Button | undefined;
    let numbered = false;
    if (this.which === 'forged') button = { id: `forged.node.x${this.index}`, label: 'forged' };
    // The "Workshops" button of a news message the Center sent (always valid, never stale).
    else if (this.which === 'workshops') button = { id: 'ev.list', label: 'Ateliers et événements' };
    else if (this.which === 'current') {
      const last = received.at(-1);
      button = last?.buttons[this.index % Math.max(1, last.buttons.length)];
      numbered = last?.numbered ?? false;
    } else {
      const older = received.slice(0, -1).filter((r) => !r.numbered).flatMap((r) => r.buttons);
      button = older[this.index % Math.max(1, older.length)];
    }
    if (!button) return; // nothing on screen to tap
    count(`tap ${this.which}${numbered ? ' (typed number)' : ''}`);
    await w.taps(p, button, this.which === 'forged' ? [] : labelsOf(button.id), numbered);
    await checked(w, [p]);
  }
  toString = () => `taps(${this.person}, ${this.which}, ${this.index})`;
}

class SendsMedia implements Cmd {
  constructor(readonly person: number) {}
  check = () => true;
  async run(m: Model, w: World) {
    const p = m.persons[this.person]!;
    w.clock.advance(1500);
    await w.sendsPhoto(p);
    await checked(w, [p]);
  }
  toString = () => `sendsMedia(${this.person})`;
}

/** Faster than anyone reads: more messages in a moment than the rate limit allows. */
class Burst implements Cmd {
  constructor(
    readonly person: number,
    readonly count: number,
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    const p = m.persons[this.person]!;
    for (let i = 0; i < this.count; i++) {
      w.clock.advance(50);
      await w.says(p, `vite ${i} ${p.tag}`, true);
    }
    await checked(w, [p]);
  }
  toString = () => `burst(${this.person}, ${this.count})`;
}

/** "Delete my data", then "yes" if the bot asked. */
class Erases implements Cmd {
  constructor(readonly person: number) {}
  check = () => true;
  async run(m: Model, w: World) {
    const p = m.persons[this.person]!;
    w.clock.advance(61_000); // out of any burst: the confirmation is shown
    await w.says(p, 'supprimer mes données', false);
    await w.settle();
    const last = (await w.received(p)).at(-1);
    const yes = last?.buttons.find((b) => b.id === 'del.yes');
    if (!yes) return checked(w, [p]);
    w.clock.advance(1500);
    await w.taps(p, yes, [yes.label]);
    await w.settle();
    await checkErased(w, p);
    count('erasure');
    p.sent = [];
    p.erasures++;
    await checkPerson(w, p);
  }
  toString = () => `erases(${this.person})`;
}

class AdvisorActs implements Cmd {
  constructor(
    readonly action: 'claim' | 'reply' | 'note' | 'transfer' | 'close',
    readonly ticket: number,
    readonly advisor: number,
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    const open = await w.openTickets();
    // A claim goes to a waiting ticket, the rest mostly to one an advisor has (any open one, now and then).
    const fitting = open.filter((t) => (this.action === 'claim' ? t.status === 'waiting' : t.status === 'with_advisor'));
    const pool = fitting.length && this.advisor !== 5 ? fitting : open;
    const t = pool[this.ticket % Math.max(1, pool.length)];
    if (!t) return;
    w.clock.advance(1500);
    // The advisor who has the ticket acts on it (another one, now and then: a 409).
    const holder = w.advisors.findIndex((a) => a.id === t.assignedTo);
    const who = holder >= 0 && this.advisor !== 4 ? holder : this.advisor;
    const path = `/tickets/${t.id}`;
    // Who may do what (docs/security.md): the holder; an admin supervises (notes, transfers,
    // closes); a waiting ticket takes notes from anyone but is closed only by an admin.
    const actor = w.advisors[who % w.advisors.length]!;
    const holds = t.status === 'with_advisor' && t.assignedTo === actor.id;
    const admin = actor.role === 'admin';
    const forbidden = {
      claim: false,
      reply: t.status === 'with_advisor' && !holds,
      note: t.status === 'with_advisor' && !holds && !admin,
      transfer: t.status === 'with_advisor' && !holds && !admin,
      close: !holds && !admin,
    }[this.action];
    let status: number;
    switch (this.action) {
      case 'claim':
        status = await w.advisorPost(who, `${path}/claim`);
        break;
      case 'reply':
        status = await w.advisorPost(who, `${path}/messages`, { text: `Réponse du conseiller ${this.ticket}` });
        break;
      case 'note':
        status = await w.advisorPost(who, `${path}/notes`, { text: 'Note interne' });
        break;
      case 'transfer':
        status = await w.advisorPost(who, `${path}/transfer`, { advisorId: w.advisors[(who + 1) % w.advisors.length]!.id });
        break;
      case 'close':
        status = await w.advisorPost(who, `${path}/close`, { outcome: 'answered' });
        break;
    }
    if (forbidden) expect(status, `${actor.role} ${this.action} on a ${t.status} ticket held by ${t.assignedTo === actor.id ? 'them' : 'another'}`).toBe(403);
    else expect(status, `${actor.role} ${this.action} on a ${t.status} ticket`).not.toBe(403);
    await checked(w, m.persons);
  }
  toString = () => `advisor(${this.action}, ticket ${this.ticket}, by ${this.advisor})`;
}

/** Half an hour passes: office hours open or close. */
class TimePasses implements Cmd {
  check = () => true;
  async run(m: Model, w: World) {
    w.clock.advance(30 * 60_000);
    await checked(w, m.persons);
  }
  toString = () => 'halfAnHourPasses';
}

/** The process stops and a new one starts on the same database. */
class Restarts implements Cmd {
  check = () => true;
  async run(m: Model, w: World) {
    await w.app.restart();
    count('restart');
    await checked(w, m.persons);
  }
  toString = () => 'restart';
}

/**
 * A channel's API goes down (refuses connections, answers 500, resets) while its person writes
 * and the others go on; then it is back. Meanwhile the others are answered (every invariant), the
 * down channel's new replies wait in the outbox with their attempts untouched and nothing reaches
 * the person; once it is back, what the person receives is exactly those replies, in order, once.
 */
class Outage implements Cmd {
  constructor(
    readonly channel: 'telegram' | 'whatsapp-cloud',
    readonly fault: 'refuse' | 'error' | 'reset',
    readonly textIndex: number,
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    const down = m.persons.find((p) => p.channel === this.channel)!;
    const others = m.persons.filter((p) => p !== down);
    const before = new Set((await w.outboxRows(down)).map((r) => r.id));
    const delivered = w.delivered(down).length;
    await w.fault(this.channel, this.fault);
    count(`outage ${this.channel} ${this.fault}`);
    try {
      const t = TEXTS[this.textIndex]!;
      w.clock.advance(1500);
      await w.says(down, t.text(down), t.free);
      for (const o of others) {
        w.clock.advance(1500);
        await w.says(o, 'menu', false);
      }
      await w.settle(this.channel);
      for (const o of others) await checkPerson(w, o);
      const held = (await w.outboxRows(down)).filter((r) => !before.has(r.id));
      expect(held.map((r) => `${r.status} ${r.attempts}`), `${down}: replies held during the outage`).toEqual(held.map(() => 'pending 0'));
      expect(w.delivered(down).length, `${down}: nothing reached the person during the outage`).toBe(delivered);
    } finally {
      await w.fault(this.channel, null);
    }
    await checked(w, [down]);
    const sent = (await w.outboxRows(down)).filter((r) => !before.has(r.id));
    expect(w.delivered(down).slice(delivered), `${down}: the held replies, in order, once`).toEqual(sent.flatMap((r) => w.rendered(down, r.reply)));
  }
  toString = () => `outage(${this.channel}, ${this.fault}, ${JSON.stringify(TEXTS[this.textIndex]!.text({ tag: 'X' } as Person))})`;
}

/** Nothing happens for a second (what a failing sequence shrinks its other steps to). */
class Waits implements Cmd {
  check = () => true;
  async run(m: Model, w: World) {
    w.clock.advance(1000);
    await checked(w, []);
  }
  toString = () => '·';
}

const person = fc.integer({ min: 0, max: 2 });
const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

/** One step of a sequence, weighted like a day at the Center: mostly people writing and tapping. */
export const step: fc.Arbitrary<Cmd> = fc.oneof(
  { withCrossShrink: true },
  weighted(1, fc.constant(new Waits())),
  weighted(8, fc.tuple(person, fc.integer({ min: 0, max: TEXTS.length - 1 })).map(([p, t]) => new Says(p, t))),
  weighted(10, fc.tuple(person, fc.integer({ min: 0, max: 9 })).map(([p, i]) => new Taps(p, 'current', i))),
  weighted(2, fc.tuple(person, fc.integer({ min: 0, max: 40 })).map(([p, i]) => new Taps(p, 'stale', i))),
  weighted(1, fc.tuple(person, fc.integer({ min: 0, max: 9 })).map(([p, i]) => new Taps(p, 'forged', i))),
  weighted(2, person.map((p) => new Taps(p, 'workshops', 0))),
  weighted(1, person.map((p) => new SendsMedia(p))),
  weighted(1, fc.tuple(person, fc.nat(7)).map(([p, t]) => new Resends(p, t))),
  weighted(1, fc.tuple(person, fc.integer({ min: 21, max: 24 })).map(([p, n]) => new Burst(p, n))),
  weighted(1, person.map((p) => new Erases(p))),
  weighted(6, fc.tuple(fc.constantFrom('claim', 'claim', 'reply', 'reply', 'note', 'transfer', 'close') as fc.Arbitrary<AdvisorActs['action']>, fc.nat(3), fc.nat(5)).map(([a, t, w]) => new AdvisorActs(a, t, w))),
  weighted(1, fc.constant(new TimePasses())),
  weighted(1, fc.constant(new Restarts())),
  weighted(1, fc.tuple(fc.constantFrom('telegram', 'whatsapp-cloud') as fc.Arbitrary<Outage['channel']>, fc.constantFrom('refuse', 'error', 'reset') as fc.Arbitrary<Outage['fault']>, fc.integer({ min: 0, max: TEXTS.length - 1 })).map(([c, f, t]) => new Outage(c, f, t))),
);

/** A sequence of exactly `steps` steps. */
export const sequence = (steps: number) => fc.array(step, { minLength: steps, maxLength: steps });
