/**
 * The background loop the services' workers run on: when rounds run, what a failure does, and what
 * stop waits for.
 */
import { createLogger } from '../src/logger';
import { startLoop } from '../src/loop';

const logger = createLogger({ name: 'loop-test', level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls until `cond` holds (never a timing assertion: a slow machine only waits longer). */
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 1_000 && !cond(); i++) await sleep(5);
  expect(cond()).toBe(true);
};

test('a round reporting more work runs again at once; otherwise the next waits for the interval', async () => {
  let left = 3;
  let rounds = 0;
  const loop = startLoop({ name: 't', intervalMs: 60_000, logger, round: async () => (rounds++, --left > 0) });
  await until(() => rounds === 3);
  await sleep(20);
  expect(rounds).toBe(3); // three at once, then the long wait
  await loop.stop();
});

test('wake runs a round now, or right after the one in hand', async () => {
  let rounds = 0;
  let release: () => void = () => undefined;
  const loop = startLoop({
    name: 't',
    intervalMs: 60_000,
    logger,
    round: async () => {
      rounds++;
      if (rounds === 2) await new Promise<void>((r) => (release = r));
    },
  });
  await until(() => rounds === 1);
  loop.wake(); // waiting: at once
  await until(() => rounds === 2);
  loop.wake(); // in hand: right after it
  release();
  await until(() => rounds === 3);
  await loop.stop();
});

test('a failed round is logged and retried after the interval; the loop goes on', async () => {
  const warnings: unknown[] = [];
  const spy = { ...logger, warn: (o: unknown) => warnings.push(o) } as unknown as typeof logger;
  let rounds = 0;
  const loop = startLoop({
    name: 'failing',
    intervalMs: 10,
    logger: spy,
    round: async () => {
      rounds++;
      if (rounds === 1) throw new Error('database away');
    },
  });
  await until(() => rounds >= 2);
  expect(warnings).toEqual([expect.objectContaining({ loop: 'failing' })]);
  await loop.stop();
});

test('stop waits for the round in hand, which sees stopped() turn true, and no round starts after it', async () => {
  let sawStop = false;
  let rounds = 0;
  const loop = startLoop({
    name: 't',
    intervalMs: 1,
    logger,
    round: async (stopped) => {
      rounds++;
      while (!stopped()) await sleep(5);
      sawStop = true;
      return true; // more work: must not run once stopped
    },
  });
  await until(() => rounds === 1);
  await loop.stop();
  expect(sawStop).toBe(true);
  const after = rounds;
  loop.wake();
  await sleep(30);
  expect(rounds).toBe(after);
  expect(rounds).toBe(1);
});
