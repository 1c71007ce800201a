/** The outbox's waits: after a failed send, and while a message is claimed for sending. */

/** Backoff after a failed send of one message: 2 s, 4 s, 8 s… capped at 5 minutes, with jitter. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(300_000, 2000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * How long a message claimed for sending is kept from every other process: longer than the
 * slowest send (a reply of a few parts, each call with its 20-30 s deadline; a lane claims only
 * what it sends at once). A process that died meanwhile (a crash, a Worker's isolate stopped in
 * the middle) leaves it claimed: it is sent again once this is over, before that person's later
 * messages (a Node process that restarts puts its own back at once, `requeueInterrupted`).
 */
export const CLAIM_LEASE_MS = 180_000;
