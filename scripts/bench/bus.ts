/**
 * `npm run bench:bus [-- --events 50000 --batch 500]`
 * Events per second end to end through the platform bus — domain transactions emit into the outbox,
 * the relay publishes, a bulk consumer writes inbox + effect rows — beside raw kafkajs produce +
 * consume of the same payloads on the same broker, in the same run. Prints both and the ratio.
 * Timings are printed, never asserted.
 */
import { parseArgs } from 'node:util';
import { Type } from '@sinclair/typebox';
import { defineEvent } from '@nenkin/contracts/envelope';
import { createBus } from '@nenkin/platform/bus';
import { systemClock } from '@nenkin/platform/clock';
import { withTransaction } from '@nenkin/platform/db';
import { createTestDatabase } from '@nenkin/testing/databases';
import { brokers, createTopics, testKafka, testLogger, uniquePrefix } from '@nenkin/testing/events';
import { bringDownInfra, bringUpInfra } from '@nenkin/testing/infra';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '50000' },
    batch: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '4' },
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
const TOPIC = 'bench.bus';

const Measured = defineEvent(
  'bench.measured',
  1,
  TOPIC,
  Type.Object({ n: Type.Integer(), officeCode: Type.String(), insuredNumber: Type.String(), grade: Type.Integer(), note: Type.String() }),
);
const dataOf = (n: number) => ({ n, officeCode: '21-01-ｹｲﾄ', insuredNumber: String(n % 999_999).padStart(6, '0'), grade: (n % 32) + 1, note: 'x'.repeat(300) });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

const rawKafkajs = async (prefix: string): Promise<number> => {
  const kafka = testKafka();
  const topic = `${prefix}${TOPIC}`;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `${prefix}raw` });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      seen += batch.messages.length;
      if (seen >= N) done();
    },
  });
  const t0 = process.hrtime.bigint();
  await inParallel((i) => {
    const messages = Array.from({ length: Math.min(BATCH, N - i) }, (_, j) => ({
      key: `k${(i + j) % 1000}`,
      value: JSON.stringify({ id: String(i + j), type: 'bench.measured', data: dataOf(i + j) }),
    }));
    return producer.send({ topic, acks: -1, messages });
  });
  await all;
  const s = seconds(t0);
  await consumer.disconnect();
  await producer.disconnect();
  return N / s;
};

const platformBus = async (prefix: string): Promise<number> => {
  const db = await createTestDatabase();
  await db.pool.query('CREATE TABLE effects (event_id uuid PRIMARY KEY, n integer NOT NULL, grade integer NOT NULL)');
  const bus = createBus({ service: 'bench', brokers: brokers(), pool: db.pool, logger: testLogger('bench'), clock: systemClock, topicPrefix: prefix });
  let applied = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  bus.consume({
    name: 'bench-effects',
    events: [Measured],
    handleBatch: async (events, { tx }) => {
      await tx.query('INSERT INTO effects (event_id, n, grade) SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[])', [
        events.map((e) => e.envelope.id),
        events.map((e) => (e.envelope.data as { n: number }).n),
        events.map((e) => (e.envelope.data as { grade: number }).grade),
      ]);
      applied += events.length;
      if (applied >= N) done();
    },
  });
  await bus.start();
  const t0 = process.hrtime.bigint();
  await inParallel((i) => {
    const inputs = Array.from({ length: Math.min(BATCH, N - i) }, (_, j) => ({
      subject: `k${(i + j) % 1000}`,
      data: dataOf(i + j),
      correlationId: 'bench',
    }));
    return withTransaction(db.pool, (tx) => bus.outbox.emitMany(tx, Measured, inputs));
  });
  await all;
  const s = seconds(t0);
  await bus.stop();
  await db.drop();
  return N / s;
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
      `bench:bus — ${N} events of ~${JSON.stringify(dataOf(1)).length} B data, batches of ${BATCH}, ${CONCURRENCY} writers, 12 partitions, ${ROUNDS} rounds`,
    );
    const raws: number[] = [];
    const buses: number[] = [];
    // Alternate the two so that machine noise falls on both alike; report medians.
    for (let round = 1; round <= ROUNDS; round++) {
      const rawPrefix = uniquePrefix();
      const busPrefix = uniquePrefix();
      await createTopics(rawPrefix, topics);
      await createTopics(busPrefix, topics);
      raws.push(await rawKafkajs(rawPrefix));
      buses.push(await platformBus(busPrefix));
      console.log(`  round ${round}: raw ${raws[round - 1]?.toFixed(0)}/s, platform ${buses[round - 1]?.toFixed(0)}/s`);
    }
    const raw = median(raws);
    const platform = median(buses);
    console.log(`raw kafkajs produce+consume (median):                   ${raw.toFixed(0)} events/s`);
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
