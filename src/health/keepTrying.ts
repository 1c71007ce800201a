import { backoffDelay, DEFAULT_BACKOFF, type Backoff } from './serviceHealth.js';

export interface KeepTrying {
  /** Resolves when the task succeeded or was stopped (tests). */
  readonly done: Promise<void>;
  stop(): void;
}

/**
 * Runs `attempt` in the background until it says it is done (true), waiting between tries with
 * capped backoff (1 s, 2 s, 4 s… a minute by default). For a channel connecting at start: the
 * caller never waits for it, and each try reports to the channel's health itself.
 */
export function keepTrying(attempt: () => Promise<boolean>, backoff: Backoff = DEFAULT_BACKOFF, firstAfterMs = 0): KeepTrying {
  let stopped = false;
  let wake: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });
  const done = (async () => {
    if (firstAfterMs > 0) await pause(firstAfterMs);
    for (let failures = 1; !stopped; failures++) {
      let ok = false;
      try {
        ok = await attempt();
      } catch {
        ok = false;
      }
      if (ok || stopped) return;
      await pause(backoffDelay(failures, backoff));
    }
  })();
  return {
    done,
    stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
    },
  };
}
