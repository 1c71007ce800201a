import { describe, expect, it } from 'vitest';
import { HealthBoard } from '../src/health/healthBoard.js';

/**
 * The Worker builds its app at the module's start, where workerd holds the clock at 0 until a
 * request comes (src/runtime/worker.ts). What the app recorded then must not read as 1970.
 */
describe('an app built while the clock stands at 0 (a Worker at start-up)', () => {
  it('reports a channel connecting since the time it is read, not since 1970', () => {
    let time = 0;
    const board = new HealthBoard({ clock: { now: () => time }, log: { debug() {}, info() {}, warn() {}, error() {} } as never });
    board.channel('telegram');
    time = Date.parse('2026-12-06T21:40:00Z');
    const telegram = board.snapshots().channels.find((c) => c.name === 'telegram')!;
    expect(telegram.state).toBe('connecting');
    expect(new Date(telegram.since).toISOString()).toBe('2026-12-06T21:40:00.000Z');
  });
});
