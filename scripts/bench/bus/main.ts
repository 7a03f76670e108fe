/**
 * `npm run bench:bus [-- --events 50000 --batch 500 --concurrency 4 --rounds 3] [--cpu-prof DIR]`
 * Events per second end to end through the platform bus — domain transactions emit into the outbox,
 * the relay publishes, a bulk consumer in another process (another service, as deployed) writes inbox
 * + effect rows into its own database — beside raw kafkajs produce + consume of the same payloads,
 * producer and consumer likewise in two processes, on the same broker, in the same run. Prints both,
 * the ratio and each process's CPU time per event. Timings are printed, never asserted.
 * `--cpu-prof DIR`: V8 CPU profiles of the consuming processes (scripts/bench/cpu-profile.mjs); profile
 * the producing side with `node --cpu-prof --import tsx scripts/bench/bus/main.ts`.
 */
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBus } from '@nenkin/platform/bus';
import { systemClock } from '@nenkin/platform/clock';
import { withTransaction } from '@nenkin/platform/db';
import { createTestDatabase } from '@nenkin/testing/databases';
import { brokers, createTopics, deleteTopics, testKafka, testLogger, uniquePrefix } from '@nenkin/testing/events';
import { bringDownInfra, bringUpInfra } from '@nenkin/testing/infra';
import { cpuSecondsOf, startChild } from '@nenkin/testing/processes';
import { Measured, TOPIC, dataOf, type ConsumerReport } from './common';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '50000' },
    batch: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '4' },
    'cpu-prof': { type: 'string' },
  },
});
const N = Number(values.events);
const BATCH = Number(values.batch);
const ROUNDS = Number(values.rounds);
/** Writers at once on both sides: a service handles many requests at a time, and so does a producer. */
const CONCURRENCY = Number(values.concurrency);

/** Runs `work(i)` for every batch start i, CONCURRENCY at a time. */
const inParallel = async (work: (i: number) => Promise<unknown>): Promise<void> => {
  let next = 0;
  const worker = async () => {
    for (let i = next; i < N; i = next) {
      next += BATCH;
      await work(i);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

type Run = {
  perSecond: number;
  producerCpuUs: number;
  consumerCpuUs: number;
  /** CPU of every Postgres and Kafka (java) process on this machine during the run, per event. */
  postgresCpuUs: number;
  kafkaCpuUs: number;
  writtenAtS: number;
};


/**
 * Starts the consuming process, runs `produce` once it is ready, and times from the first write to
 * the consumer's last event.
 */
const measure = async (env: Record<string, string>, produce: () => Promise<void>): Promise<Run> => {
  const profile = values['cpu-prof'];
  const child = await startChild(
    join(__dirname, 'consumer.ts'),
    {
      ...env,
      BENCH_EVENTS: String(N),
      ...(profile === undefined ? {} : { NODE_OPTIONS: `--import ${join(__dirname, '..', 'cpu-profile.mjs')}`, CPU_PROF_DIR: profile }),
    },
    { readyTimeoutMs: 120_000 },
  );
  try {
    const done = new Promise<Extract<ConsumerReport, { done: true }>>((resolve, reject) => {
      child.child.on('message', (m: ConsumerReport) => {
        if ('done' in m) resolve(m);
      });
      void child.exited.then((code) => reject(new Error(`consumer exited (${code}):\n${child.output()}`)));
    });
    const t0 = process.hrtime.bigint();
    const cpu0 = cpuMs();
    const [pg0, kafka0] = [cpuSecondsOf('postgres'), cpuSecondsOf('java')];
    await produce();
    const writtenAtS = Number(process.hrtime.bigint() - t0) / 1e9;
    const report = await done;
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    return {
      perSecond: N / s,
      producerCpuUs: ((cpuMs() - cpu0) * 1000) / N,
      consumerCpuUs: (report.cpuMs * 1000) / N,
      postgresCpuUs: ((cpuSecondsOf('postgres') - pg0) * 1e6) / N,
      kafkaCpuUs: ((cpuSecondsOf('java') - kafka0) * 1e6) / N,
      writtenAtS,
    };
  } finally {
    if (profile !== undefined) {
      const written = once(child.child, 'message');
      child.child.kill('SIGUSR2');
      await Promise.race([written, new Promise((r) => setTimeout(r, 10_000))]);
    }
    child.child.disconnect();
    await child.exited;
  }
};

const rawKafkajs = async (prefix: string): Promise<Run> => {
  const producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    return await measure({ BENCH_MODE: 'raw', BENCH_PREFIX: prefix }, () =>
      inParallel((i) => {
        const messages = Array.from({ length: Math.min(BATCH, N - i) }, (_, j) => ({
          key: `k${(i + j) % 1000}`,
          value: JSON.stringify({ id: String(i + j), type: Measured.type, data: dataOf(i + j) }),
        }));
        return producer.send({ topic: `${prefix}${TOPIC}`, acks: -1, messages });
      }),
    );
  } finally {
    await producer.disconnect();
  }
};

const platformBus = async (prefix: string): Promise<Run> => {
  // One database per service: the emitting one (outbox) and the consuming one (inbox + effects).
  const emitting = await createTestDatabase();
  const consuming = await createTestDatabase();
  const bus = createBus({ service: 'bench', brokers: brokers(), pool: emitting.pool, logger: testLogger('bench'), clock: systemClock, topicPrefix: prefix });
  await bus.start();
  try {
    return await measure({ BENCH_MODE: 'bus', BENCH_PREFIX: prefix, BENCH_DATABASE_URL: consuming.url }, async () => {
      await inParallel((i) => {
        const inputs = Array.from({ length: Math.min(BATCH, N - i) }, (_, j) => ({
          subject: `k${(i + j) % 1000}`,
          data: dataOf(i + j),
          correlationId: 'bench',
        }));
        return withTransaction(emitting.pool, (tx) => bus.outbox.emitMany(tx, Measured, inputs));
      });
    });
  } finally {
    await bus.stop();
    await emitting.drop();
    await consuming.drop();
  }
};

const main = async () => {
  const infra = await bringUpInfra();
  process.env.KAFKA_BROKERS = infra.brokers.join(',');
  process.env.DATABASE_ADMIN_URL = infra.adminUrl;
  try {
    const topics = [
      { name: TOPIC, partitions: 12 },
      { name: `${TOPIC}.dlq`, partitions: 1 },
    ];
    console.log(
      `bench:bus — ${N} events of ~${JSON.stringify(dataOf(1)).length} B data, batches of ${BATCH}, ${CONCURRENCY} writers, 12 partitions, ${ROUNDS} rounds; consumer in its own process`,
    );
    const raws: Run[] = [];
    const buses: Run[] = [];
    const cpu = (r: Run) => `${[r.producerCpuUs, r.consumerCpuUs, r.postgresCpuUs, r.kafkaCpuUs].map((x) => x.toFixed(0)).join('/')} µs`;
    // Alternate the two so that machine noise falls on both alike; report medians.
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [runs, run] of [
        [raws, rawKafkajs],
        [buses, platformBus],
      ] as const) {
        const prefix = uniquePrefix();
        await createTopics(prefix, topics);
        try {
          runs.push(await run(prefix));
        } finally {
          await deleteTopics(prefix);
        }
      }
      const [r, b] = [raws[round - 1] as Run, buses[round - 1] as Run];
      console.log(
        `  round ${round}: raw ${r.perSecond.toFixed(0)}/s, platform ${b.perSecond.toFixed(0)}/s (${(b.perSecond / r.perSecond).toFixed(2)}×); ` +
          `all written after ${r.writtenAtS.toFixed(1)} s / ${b.writtenAtS.toFixed(1)} s; ` +
          `CPU per event producer/consumer/Postgres/Kafka: raw ${cpu(r)}, platform ${cpu(b)}`,
      );
    }
    const raw = median(raws.map((r) => r.perSecond));
    const platform = median(buses.map((r) => r.perSecond));
    console.log(`raw kafkajs produce → consume (median):                  ${raw.toFixed(0)} events/s`);
    console.log(`outbox → relay → Kafka → inbox + effect, bulk (median): ${platform.toFixed(0)} events/s`);
    console.log(`ratio platform / raw:                                   ${(platform / raw).toFixed(2)}×  (target ≥ 0.5×)`);
  } finally {
    await bringDownInfra(infra);
  }
};

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
