/**
 * The consuming side of `bench:bus`, in its own process as deployed (the consuming service is not
 * the emitting one). BENCH_MODE=raw: a bare kafkajs consumer counting messages. BENCH_MODE=bus: the
 * platform's bulk consumer writing inbox + effect rows into its own database (BENCH_DATABASE_URL).
 * Reports `ready` once the group is stable with its partitions assigned, `done` after BENCH_EVENTS.
 */
import type { Consumer } from 'kafkajs';
import { createBus } from '@nenkin/platform/bus';
import { systemClock } from '@nenkin/platform/clock';
import { createPool } from '@nenkin/platform/db';
import { brokers, testKafka, testLogger, waitFor } from '@nenkin/testing/events';
import { Measured, TOPIC, type ConsumerReport } from './common';

const env = (name: string): string => {
  const v = process.env[name];
  if (v === undefined) throw new Error(`${name} is required`);
  return v;
};
const mode = env('BENCH_MODE');
const prefix = env('BENCH_PREFIX');
const N = Number(env('BENCH_EVENTS'));
const report = (r: ConsumerReport) => process.send?.(r);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Ready = the group is Stable with a member, i.e. partitions are assigned and fetching starts. */
const waitStable = async (groupId: string) => {
  const admin = testKafka().admin();
  await admin.connect();
  await waitFor(
    async () => {
      const { groups } = await admin.describeGroups([groupId]);
      return groups[0]?.state === 'Stable' && groups[0].members.length > 0;
    },
    { what: `group ${groupId} stable`, intervalMs: 50 },
  );
  await admin.disconnect();
};

const raw = async () => {
  const groupId = `${prefix}raw`;
  const consumer: Consumer = testKafka().consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic: `${prefix}${TOPIC}`, fromBeginning: true });
  let seen = 0;
  const cpu0 = cpuMs();
  await consumer.run({
    eachBatch: async ({ batch }) => {
      seen += batch.messages.length;
      if (seen >= N) report({ done: true, consumed: seen, cpuMs: cpuMs() - cpu0 });
    },
  });
  await waitStable(groupId);
  report({ ready: true });
  await new Promise<void>((resolve) => process.once('disconnect', resolve));
  await consumer.disconnect();
};

const platform = async () => {
  const pool = createPool(env('BENCH_DATABASE_URL'), { max: 10 });
  await pool.query('CREATE TABLE effects (event_id uuid PRIMARY KEY, n integer NOT NULL, grade integer NOT NULL)');
  const bus = createBus({
    service: 'bench-consumer',
    brokers: brokers(),
    pool,
    logger: testLogger('bench-consumer'),
    clock: systemClock,
    topicPrefix: prefix,
    relay: false,
  });
  let applied = 0;
  const cpu0 = cpuMs();
  const consumer = bus.consume({
    name: 'bench-effects',
    events: [Measured],
    handleBatch: async (events, { tx }) => {
      await tx.query('INSERT INTO effects (event_id, n, grade) SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[])', [
        events.map((e) => e.envelope.id),
        events.map((e) => (e.envelope.data as { n: number }).n),
        events.map((e) => (e.envelope.data as { grade: number }).grade),
      ]);
      applied += events.length;
      if (applied >= N) setImmediate(() => report({ done: true, consumed: applied, cpuMs: cpuMs() - cpu0 }));
    },
  });
  await bus.start();
  await waitStable(consumer.groupId);
  report({ ready: true });
  await new Promise<void>((resolve) => process.once('disconnect', resolve));
  await bus.stop();
  await pool.end();
};

(mode === 'raw' ? raw() : platform()).catch((err) => {
  console.error(err);
  process.exit(1);
});
