/**
 * The bus's guarantees against a real broker and a real Postgres: outbox atomicity, at-least-once
 * publication across a SIGKILLed relay, exactly-once effects under redelivery, dead letters that do not
 * stall a partition, a database outage that never dead-letters, and a consumer group that loses a
 * member mid-stream. The effect table has no unique key, so any doubled effect shows as a row.
 */
import { join } from 'node:path';
import { DeadLetterHeaders } from '@nenkin/contracts/envelope';
import type { Producer } from 'kafkajs';
import { createBus, replayDeadLetters, type Bus, type ConsumerSpec } from '@nenkin/platform/bus';
import { systemClock } from '@nenkin/platform/clock';
import { createPool, withTransaction, type Pool } from '@nenkin/platform/db';
import { createRelay } from '../src/bus/relay';
import { createMetrics, type Metrics } from '@nenkin/platform/metrics';
import { createTestDatabase, type TestDatabase } from '@nenkin/testing/databases';
import { brokers, createTopics, deleteTopics, readTopic, testKafka, testLogger, uniquePrefix, waitFor } from '@nenkin/testing/events';
import { startChild, startTcpProxy } from '@nenkin/testing/processes';
import { createEffectsTable, effectCounts, Pinged, pingConsumer, TEST_TOPIC, TEST_TOPICS } from './helpers/bus-fixture';

const WORKER = join(__dirname, 'fixtures', 'bus-worker.ts');
const logger = testLogger('bus-test');

type Env = { db: TestDatabase; prefix: string; topic: string; dlq: string; groupId: string };

const withEnv = async (fn: (env: Env) => Promise<void>): Promise<void> => {
  const db = await createTestDatabase();
  const prefix = uniquePrefix();
  await createEffectsTable(db.pool);
  await createTopics(prefix, TEST_TOPICS);
  try {
    await fn({ db, prefix, topic: `${prefix}${TEST_TOPIC}`, dlq: `${prefix}${TEST_TOPIC}.dlq`, groupId: `${prefix}group` });
  } finally {
    await db.drop();
    await deleteTopics(prefix);
  }
};

/** Environment of a bus-worker process: its role, this test's database, topics and consumer group. */
const workerEnv = (env: Env, role: 'relay' | 'consumer') => ({
  ROLE: role,
  MODE: 'single',
  DATABASE_URL: env.db.url,
  KAFKA_BROKERS: brokers().join(','),
  TOPIC_PREFIX: env.prefix,
  GROUP_ID: env.groupId,
});

const makeBus = (
  env: Env,
  opts: { relay: boolean; consumer?: ConsumerSpec; pool?: Pool; metrics?: Metrics },
): Bus => {
  const bus = createBus({
    service: 'bus-test',
    brokers: brokers(),
    pool: opts.pool ?? env.db.pool,
    logger,
    clock: systemClock,
    metrics: opts.metrics,
    topicPrefix: env.prefix,
    relay: opts.relay,
    groupIdFor: () => env.groupId,
  });
  if (opts.consumer) bus.consume(opts.consumer);
  return bus;
};

const emitPings = async (bus: Bus, pool: Pool, ns: number[], subject = (n: number) => `k${n % 16}`) => {
  for (let i = 0; i < ns.length; i += 2_000) {
    const chunk = ns.slice(i, i + 2_000);
    await withTransaction(pool, (tx) =>
      bus.outbox.emitMany(
        tx,
        Pinged,
        chunk.map((n) => ({ subject: subject(n), data: { n }, correlationId: 'test-flow' })),
      ),
    );
  }
};

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** The outbox holds what is committed but not yet published. */
const unpublished = async (pool: Pool) => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox')).rows[0]?.n ?? 0;
const consumedWith = async (metrics: Metrics, outcome: string) =>
  (await metrics.eventsConsumed.get()).values.filter((v) => v.labels.outcome === outcome).reduce((a, v) => a + v.value, 0);

describe('event bus (real Kafka + Postgres)', () => {
  test('1. commit publishes exactly the committed events; rollback publishes nothing; invalid data never enters the outbox', () =>
    withEnv(async (env) => {
      const bus = makeBus(env, { relay: true });
      await bus.start();
      try {
        await emitPings(bus, env.db.pool, [1, 2, 3]);
        await expect(
          withTransaction(env.db.pool, async (tx) => {
            await bus.outbox.emit(tx, Pinged, { subject: 'k4', data: { n: 4 }, correlationId: 'c' });
            throw new Error('domain rule failed after emit');
          }),
        ).rejects.toThrow('domain rule failed');
        await expect(
          withTransaction(env.db.pool, (tx) =>
            // @ts-expect-error: n must be an integer — the contract is enforced at runtime too
            bus.outbox.emit(tx, Pinged, { subject: 'k5', data: { n: 'five' }, correlationId: 'c' }),
          ),
        ).rejects.toThrow(/data invalid/);
        await expect(
          withTransaction(env.db.pool, (tx) =>
            bus.outbox.emit(tx, Pinged, { subject: 'k6', data: { n: 6, pad: 'a\u0000b' }, correlationId: 'c' }),
          ),
        ).rejects.toThrow(/NUL/);
        await bus.flush();
        const messages = await readTopic(env.topic);
        const values = messages.map((m) => JSON.parse(m.value) as { data: { n: number }; subject: string; type: string; id: string });
        expect(values.map((v) => v.data.n).sort()).toEqual([1, 2, 3]);
        for (const [i, m] of messages.entries()) {
          expect(m.key).toBe(values[i]?.subject);
          expect(m.headers['event-type']).toBe('test.pinged');
          expect(m.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
          expect(m.headers['correlation-id']).toBe('test-flow');
        }
      } finally {
        await bus.stop();
      }
    }));

  test('1b. the relay survives its database connection being killed, and carries on publishing', () =>
    withEnv(async (env) => {
      const bus = makeBus(env, { relay: true });
      await bus.start();
      try {
        await emitPings(bus, env.db.pool, [1]);
        await waitFor(async () => (await unpublished(env.db.pool)) === 0, { what: 'first event published' });
        // The relay's own session holds the advisory lock: terminate exactly that backend.
        const killed = await env.db.pool.query(
          `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        expect(killed.rowCount).toBe(1);
        await emitPings(bus, env.db.pool, [2, 3]);
        await waitFor(async () => (await unpublished(env.db.pool)) === 0, { what: 'published after reconnecting' });
        expect((await readTopic(env.topic)).map((m) => (JSON.parse(m.value) as { data: { n: number } }).data.n).sort()).toEqual([1, 2, 3]);
      } finally {
        await bus.stop();
      }
    }));

  test('1c. the broker away, the database fine: the relay keeps its session and lock, backs off, then publishes', () =>
    withEnv(async (env) => {
      // A producer standing in for an unreachable broker: its first sends fail as kafkajs fails.
      let failures = 3;
      const sent: string[] = [];
      const producer = {
        sendBatch: async (batch: { topicMessages: { messages: { value: string }[] }[] }) => {
          if (failures > 0) {
            failures--;
            throw Object.assign(new Error('Connection error: connect ECONNREFUSED'), { name: 'KafkaJSConnectionError', retriable: true });
          }
          for (const t of batch.topicMessages) for (const m of t.messages) sent.push(m.value);
          return [];
        },
      } as unknown as Producer;
      const lockHolders = async () =>
        (
          await env.db.pool.query<{ pid: number }>(
            `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          )
        ).rows.map((r) => r.pid);
      const relay = createRelay({ pool: env.db.pool, producer, logger });
      await emitPings(makeBus(env, { relay: false }), env.db.pool, [1, 2, 3]);
      relay.start();
      try {
        const [holder] = await waitFor(async () => {
          const pids = await lockHolders();
          return pids.length === 1 ? pids : undefined;
        }, { what: 'the relay holding its lock' });
        const seen = new Set<number>();
        await waitFor(
          async () => {
            for (const pid of await lockHolders()) seen.add(pid);
            return sent.length === 3;
          },
          { intervalMs: 20, what: 'published after the failures' },
        );
        expect(failures).toBe(0);
        expect([...seen]).toEqual([holder]); // one session held the lock throughout
        expect(await unpublished(env.db.pool)).toBe(0);
      } finally {
        await relay.stop();
      }
    }));

  test('2. relay SIGKILLed mid-stream and restarted: every committed event arrives, each applied exactly once', () =>
    withEnv(async (env) => {
      const N = 30_000;
      const producerBus = makeBus(env, { relay: false });
      await emitPings(producerBus, env.db.pool, range(1, N));
      const childEnv = workerEnv(env, 'relay');
      const first = await startChild(WORKER, childEnv);
      await waitFor(async () => (await unpublished(env.db.pool)) < N, { intervalMs: 5, what: 'first publication' });
      await first.kill('SIGKILL');
      expect(await unpublished(env.db.pool)).toBeGreaterThan(0); // the kill really landed mid-stream

      const second = await startChild(WORKER, childEnv);
      await waitFor(async () => (await unpublished(env.db.pool)) === 0, { what: 'all published after restart' });
      await second.kill('SIGTERM');

      const onTopic = await readTopic(env.topic);
      const ids = new Set(onTopic.map((m) => (JSON.parse(m.value) as { id: string }).id));
      expect(ids.size).toBe(N);
      expect(onTopic.length).toBeGreaterThanOrEqual(N);

      const consumerBus = makeBus(env, { relay: false, consumer: pingConsumer('batch') });
      await consumerBus.start();
      try {
        await waitFor(async () => (await effectCounts(env.db.pool)).distinct === N, { timeoutMs: 90_000, what: 'all effects' });
        expect(await effectCounts(env.db.pool)).toEqual({ total: N, distinct: N });
      } finally {
        await consumerBus.stop();
      }
    }));

  test('2b. two relays on one database: one publishes at a time, order per key holds, the standby takes over', () =>
    withEnv(async (env) => {
      const N = 6_000;
      const childEnv = workerEnv(env, 'relay');
      const [a, b] = await Promise.all([startChild(WORKER, childEnv), startChild(WORKER, childEnv)]);
      const producerBus = makeBus(env, { relay: false });
      let c: Awaited<ReturnType<typeof startChild>> | undefined;
      const third = N / 3;
      const publishPart = async (part: number) => {
        await emitPings(producerBus, env.db.pool, range(part * third + 1, (part + 1) * third), (n) => `k${n % 10}`);
        await waitFor(async () => (await unpublished(env.db.pool)) === 0, { what: `part ${part} published` });
      };
      try {
        await publishPart(0);
        await a.kill('SIGKILL');
        await publishPart(1);
        c = await startChild(WORKER, childEnv);
        await b.kill('SIGKILL'); // by now the active relay has certainly been killed once: c or b took over
        await publishPart(2);
        const seen = new Map<string, number[]>();
        for (const m of await readTopic(env.topic)) {
          const list = seen.get(m.key ?? '') ?? [];
          list.push((JSON.parse(m.value) as { data: { n: number } }).data.n);
          seen.set(m.key ?? '', list);
        }
        expect([...seen.values()].reduce((sum, l) => sum + new Set(l).size, 0)).toBe(N);
        for (const list of seen.values()) {
          const firstSeen = list.filter((n, i) => list.indexOf(n) === i); // a re-publish repeats, never reorders
          expect(firstSeen).toEqual([...firstSeen].sort((x, y) => x - y));
        }
      } finally {
        await c?.kill('SIGTERM');
      }
    }));

  test('2c. a burst on one key, far over the broker\'s message size limit, is published in several requests', () =>
    withEnv(async (env) => {
      const N = 3_000; // ≈ 3.5 MB on one key → one partition: one request would be refused as too large
      const writer = makeBus(env, { relay: false });
      for (let i = 0; i < N; i += 500) {
        await withTransaction(env.db.pool, (tx) =>
          writer.outbox.emitMany(
            tx,
            Pinged,
            range(i + 1, i + 500).map((n) => ({ subject: 'one-office', data: { n, pad: 'x'.repeat(1_000) }, correlationId: 'c' })),
          ),
        );
      }
      const bus = makeBus(env, { relay: true }); // starts with the whole backlog waiting
      await bus.start();
      try {
        await waitFor(async () => (await unpublished(env.db.pool)) === 0, { timeoutMs: 30_000, what: 'outbox drained' });
        const ns = (await readTopic(env.topic)).map((m) => (JSON.parse(m.value) as { data: { n: number } }).data.n);
        expect(ns).toEqual(range(1, N));
      } finally {
        await bus.stop();
      }
    }));

  test.each(['single', 'batch'] as const)('3. the same events delivered twice leave the effects unchanged (%s mode)', (mode) =>
    withEnv(async (env) => {
      const N = 300;
      const metrics = createMetrics('bus-test');
      const bus = makeBus(env, { relay: true, consumer: pingConsumer(mode), metrics });
      await bus.start();
      try {
        await emitPings(bus, env.db.pool, range(1, N));
        await waitFor(async () => (await effectCounts(env.db.pool)).total === N, { what: 'first delivery applied' });

        // Re-publish every message exactly as it is on the topic (same key, value, headers).
        const producer = testKafka().producer();
        await producer.connect();
        const onTopic = await readTopic(env.topic);
        await producer.send({
          topic: env.topic,
          messages: onTopic.map((m) => ({ key: m.key, value: m.value, headers: m.headers, partition: m.partition })),
        });
        await producer.disconnect();

        await waitFor(async () => (await consumedWith(metrics, 'duplicate')) + (await consumedWith(metrics, 'applied')) >= 2 * N, {
          what: 'second delivery consumed',
        });
        expect(await effectCounts(env.db.pool)).toEqual({ total: N, distinct: N });
      } finally {
        await bus.stop();
      }
    }));

  test('4. poison messages go to the DLQ with their origin; the partition keeps flowing; replay applies them after a fix', () =>
    withEnv(async (env) => {
      let fixed = false;
      const bus = makeBus(env, { relay: true, consumer: pingConsumer('single', 'test', () => fixed) });
      await bus.start();
      try {
        const producer = testKafka().producer();
        await producer.connect();
        const valid = (await readTopic(env.topic)).length; // 0: a fresh topic
        expect(valid).toBe(0);
        await producer.send({
          topic: env.topic,
          messages: [
            { key: 'same', value: 'this is not JSON', partition: 0 },
            {
              key: 'same',
              partition: 0,
              value: JSON.stringify({
                id: '01890a5d-ac96-774b-bcce-b302099a8057',
                type: 'test.pinged',
                version: 1,
                source: 'elsewhere',
                subject: 'same',
                occurredAt: new Date().toISOString(),
                correlationId: 'c',
                data: { n: 'not a number' },
              }),
            },
          ],
        });
        await producer.disconnect();
        await emitPings(bus, env.db.pool, [100], () => 'same');
        await withTransaction(env.db.pool, (tx) =>
          bus.outbox.emit(tx, Pinged, { subject: 'same', data: { n: 1, reject: true }, correlationId: 'c' }),
        );
        await emitPings(bus, env.db.pool, [2, 3, 4, 5], () => 'same');

        await waitFor(async () => (await effectCounts(env.db.pool)).total === 5, { what: 'valid messages after poison applied' });
        const dlq = await waitFor(async () => {
          const m = await readTopic(env.dlq);
          return m.length === 3 ? m : undefined;
        }, { what: 'three dead letters' });
        expect(dlq.map((m) => m.headers[DeadLetterHeaders.ERROR_CODE])).toEqual(['EVENT_NOT_JSON', 'EVENT_DATA_INVALID', 'TEST_RULE']);
        for (const m of dlq) {
          expect(m.headers[DeadLetterHeaders.ORIGIN_TOPIC]).toBe(env.topic);
          expect(m.headers[DeadLetterHeaders.ORIGIN_PARTITION]).toMatch(/^\d+$/);
          expect(m.headers[DeadLetterHeaders.ORIGIN_OFFSET]).toMatch(/^\d+$/);
          expect(m.headers[DeadLetterHeaders.ORIGIN_KEY]).toBe('same');
          expect(m.headers[DeadLetterHeaders.CONSUMER]).toBe(env.groupId);
        }
        expect(await effectCounts(env.db.pool)).toEqual({ total: 5, distinct: 5 });

        fixed = true;
        const replay = await replayDeadLetters({ kafka: testKafka(), dlqTopic: env.dlq, logger, groupId: `${env.prefix}replay` });
        expect(replay.replayed).toBe(3);
        await waitFor(async () => (await effectCounts(env.db.pool)).total === 6, { what: 'replayed event applied' });
        // The two malformed messages are still malformed: dead-lettered again, not applied.
        await waitFor(async () => (await readTopic(env.dlq)).length === 5, { what: 'malformed dead-lettered again' });
        expect(await effectCounts(env.db.pool)).toEqual({ total: 6, distinct: 6 });
      } finally {
        await bus.stop();
      }
    }));

  test('5. Postgres unavailable to a consumer: nothing dead-lettered, processing resumes, nothing lost', () =>
    withEnv(async (env) => {
      const N = 100;
      const target = new URL(env.db.url);
      const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
      const viaProxy = new URL(env.db.url);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      const consumerPool = createPool(viaProxy.toString(), { max: 4 });
      const relayBus = makeBus(env, { relay: true });
      const consumerBus = makeBus(env, { relay: false, consumer: pingConsumer('single'), pool: consumerPool });
      await relayBus.start();
      await consumerBus.start();
      try {
        proxy.cut();
        await emitPings(relayBus, env.db.pool, range(1, N));
        await relayBus.flush();
        expect((await readTopic(env.topic)).length).toBe(N);
        await new Promise((r) => setTimeout(r, 4_000)); // the consumer retries against a dead database
        expect(await effectCounts(env.db.pool)).toEqual({ total: 0, distinct: 0 });
        expect(await readTopic(env.dlq)).toHaveLength(0);
        proxy.restore();
        await waitFor(async () => (await effectCounts(env.db.pool)).total === N, { what: 'effects after the outage' });
        expect(await effectCounts(env.db.pool)).toEqual({ total: N, distinct: N });
        expect(await readTopic(env.dlq)).toHaveLength(0);
      } finally {
        await consumerBus.stop();
        await relayBus.stop();
        await consumerPool.end();
        await proxy.close();
      }
    }));

  test('6. two consumers in one group, one SIGKILLed mid-stream: no loss, no duplicate effect', () =>
    withEnv(async (env) => {
      const N = 3_000;
      const childEnv = workerEnv(env, 'consumer');
      const [a, b] = await Promise.all([startChild(WORKER, childEnv), startChild(WORKER, childEnv)]);
      const relayBus = makeBus(env, { relay: true });
      await relayBus.start();
      try {
        await emitPings(relayBus, env.db.pool, range(1, N));
        // Kill A only once it is really working its share of the partitions.
        const byA = async () =>
          (await env.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM effects WHERE applied_by = $1', [`pid-${a.pid}`]))
            .rows[0]?.n ?? 0;
        await waitFor(async () => (await byA()) > 0 && (await effectCounts(env.db.pool)).total >= N / 10, {
          intervalMs: 20,
          what: 'both members applying',
        });
        await a.kill('SIGKILL');
        await waitFor(async () => (await effectCounts(env.db.pool)).distinct === N, { timeoutMs: 90_000, what: 'all effects' });
        const appliers = await env.db.pool.query<{ applied_by: string }>('SELECT DISTINCT applied_by FROM effects');
        expect(appliers.rows.map((r) => r.applied_by).sort()).toEqual([`pid-${a.pid}`, `pid-${b.pid}`].sort());
        await new Promise((r) => setTimeout(r, 1_000));
        expect(await effectCounts(env.db.pool)).toEqual({ total: N, distinct: N });
      } finally {
        await b.kill('SIGTERM');
        await relayBus.stop();
      }
    }));
});
