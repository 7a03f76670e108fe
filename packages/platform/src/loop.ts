/**
 * A service's background loop (batch processing, webhook delivery, pruning): one round at a time,
 * the next `intervalMs` after a round ends, or at once when the round reports more work or `wake()`
 * is called meanwhile. A failed round is logged and retried at the next interval; `stop()` waits for
 * the round in hand, which sees `stopped()` turn true.
 */
import type { Logger } from './logger';

export type Loop = {
  /** Runs the next round now (or right after the one in hand). */
  wake: () => void;
  stop: () => Promise<void>;
};

export const startLoop = (opts: {
  name: string;
  intervalMs: number;
  logger: Logger;
  /** One round; returns true when there is more to do at once. */
  round: (stopped: () => boolean) => Promise<boolean | void>;
}): Loop => {
  let stopped = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const isStopped = () => stopped;
  const tick = () => {
    timer = undefined;
    if (stopped) return;
    running = (async () => {
      do {
        again = false;
        try {
          if ((await opts.round(isStopped)) === true) again = true;
        } catch (err) {
          opts.logger.warn({ err, loop: opts.name }, 'background round failed; retrying later');
        }
      } while (again && !stopped);
      if (!stopped) timer = setTimeout(tick, opts.intervalMs);
    })();
  };
  tick();
  return {
    wake: () => {
      if (timer === undefined) {
        again = true;
        return;
      }
      clearTimeout(timer);
      tick();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
};
