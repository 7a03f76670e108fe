/**
 * Event helpers for integration tests: isolated topics per test file (a unique prefix, created with
 * their dead-letter twins), reading what landed on a topic, and polling until a condition holds.
 */
import { randomBytes } from 'node:crypto';
import { allTopicSpecs, type TopicSpec } from '@nenkin/contracts/topics';
import { createKafkaClient, ensureTopics, fetchTopicEnds } from '@nenkin/platform/bus';
import { createLogger, type Logger } from '@nenkin/platform/logger';
import type { IHeaders, Kafka } from 'kafkajs';
import { NATIVE_BROKER } from './kafka-native';

export const brokers = (): string[] => (process.env.KAFKA_BROKERS ?? NATIVE_BROKER).split(',');

export const testLogger = (name = 'test'): Logger => createLogger({ name, level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export const testKafka = (logger = testLogger()): Kafka => createKafkaClient({ brokers: brokers(), clientId: 'test', logger });

/** A unique topic prefix such as `t-lq3k9x-a1b2.`; physical topics are `<prefix><logical name>`. */
export const uniquePrefix = (): string => `t-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}.`;

/** Creates the given logical topics (default: every declared topic and its DLQ) under `prefix`. */
export const createTopics = async (
  prefix: string,
  specs: readonly Pick<TopicSpec, 'name' | 'partitions'>[] = allTopicSpecs(),
): Promise<void> => {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    await ensureTopics(
      admin,
      specs.map((s) => ({ ...s, name: `${prefix}${s.name}` })),
    );
  } finally {
    await admin.disconnect();
  }
};

/** Deletes every topic under `prefix` (a test file's own topics, at its end). */
export const deleteTopics = async (prefix: string): Promise<void> => {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
};

export type ReadMessage = { partition: number; offset: string; key: string | null; value: string; headers: Record<string, string> };

const flatHeaders = (h: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(h ?? {}).flatMap(([k, v]) => {
      const first = Array.isArray(v) ? v[0] : v;
      return first === undefined ? [] : [[k, first.toString()]];
    }),
  );

/** Everything on `topic` now (reads up to the current high-water marks of all partitions). */
export const readTopic = async (topic: string): Promise<ReadMessage[]> => {
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const ends = await fetchTopicEnds(admin, topic).finally(() => admin.disconnect());
  const want = new Map(ends.map((p) => [p.partition, p.high]));
  const total = [...want.values()].reduce((a, b) => a + b, 0);
  const out: ReadMessage[] = [];
  if (total === 0) return out;
  const consumer = kafka.consumer({ groupId: `reader-${randomBytes(6).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`readTopic ${topic}: ${out.length}/${total} after 60s`)), 60_000);
    consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          if (Number(message.offset) >= (want.get(partition) ?? 0)) return;
          out.push({
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? '',
            headers: flatHeaders(message.headers),
          });
          if (out.length >= total) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  try {
    await done;
  } finally {
    await consumer.disconnect();
  }
  return out;
};

/** Polls `fn` until it returns a truthy value (which is returned), or fails after `timeoutMs`. */
export const waitFor = async <T>(
  fn: () => Promise<T> | T,
  { timeoutMs = 60_000, intervalMs = 100, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> => {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
};
