/**
 * Creates the declared topics (auto-create is off on the broker). Idempotent: existing topics are
 * kept, and grown to the declared partition count if they have fewer.
 *
 * A topic is ready when its partition leaders answer, not when the metadata names them: a broker
 * publishes the new leaders in its metadata a moment before its partitions take the role, and a busy
 * one answers NOT_LEADER_FOR_PARTITION (or, earlier, UNKNOWN_TOPIC_OR_PARTITION) in between. kafkajs
 * retries neither in its admin calls, so these helpers wait through them (both seen in CI).
 */
import type { TopicSpec } from '@nenkin/contracts/topics';
import type { Admin } from 'kafkajs';
import { TOPIC_CREATION_TIMEOUT_MS } from '../definitions';

const NOT_YET = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION']);

/** Runs `fn` until it does not fail with a not-ready-yet error (TOPIC_CREATION_TIMEOUT_MS at most). */
const untilReady = async <T>(what: string, fn: () => Promise<T | undefined>): Promise<T> => {
  const deadline = Date.now() + TOPIC_CREATION_TIMEOUT_MS;
  for (;;) {
    let last = 'not ready';
    try {
      const out = await fn();
      if (out !== undefined) return out;
    } catch (err) {
      const type = (err as { type?: string }).type ?? '';
      if (!NOT_YET.has(type)) throw err;
      last = type;
    }
    if (Date.now() > deadline) throw new Error(`${what}: ${last} after ${TOPIC_CREATION_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

export type PartitionEnds = { partition: number; low: number; high: number };

/** The low and high offsets of every partition of `topic`, waiting while its leaders take their role. */
export const fetchTopicEnds = async (admin: Admin, topic: string): Promise<PartitionEnds[]> =>
  untilReady(`offsets of ${topic}`, async () =>
    (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, low: Number(p.low), high: Number(p.high) })),
  );

/** Until every partition of `specs` has a leader that answers for it. */
const waitUntilServing = async (admin: Admin, specs: readonly Pick<TopicSpec, 'name' | 'partitions'>[]): Promise<void> => {
  const names = specs.map((s) => s.name).join(', ');
  await untilReady(`leaders of ${names}`, async () => {
    const meta = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) });
    const named = specs.every((s) => {
      const parts = meta.topics.find((t) => t.name === s.name)?.partitions ?? [];
      return parts.length >= s.partitions && parts.every((p) => p.leader >= 0);
    });
    return named ? true : undefined;
  });
  for (const s of specs) await fetchTopicEnds(admin, s.name);
};

export const ensureTopics = async (
  admin: Admin,
  specs: readonly Pick<TopicSpec, 'name' | 'partitions' | 'retentionMs'>[],
): Promise<void> => {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: false, // kafkajs's own wait retries only LEADER_NOT_AVAILABLE
      timeout: TOPIC_CREATION_TIMEOUT_MS,
      topics: missing.map((s) => ({
        topic: s.name,
        numPartitions: s.partitions,
        replicationFactor: 1,
        configEntries: s.retentionMs === undefined ? [] : [{ name: 'retention.ms', value: String(s.retentionMs) }],
      })),
    });
    await waitUntilServing(admin, missing);
  }
  const present = specs.filter((s) => existing.has(s.name));
  if (present.length === 0) return;
  const meta = await admin.fetchTopicMetadata({ topics: present.map((s) => s.name) });
  const grow = present.flatMap((s) => {
    const have = meta.topics.find((t) => t.name === s.name)?.partitions.length ?? 0;
    return have < s.partitions ? [{ topic: s.name, count: s.partitions }] : [];
  });
  if (grow.length > 0) {
    await admin.createPartitions({ topicPartitions: grow });
    await waitUntilServing(admin, present.filter((s) => grow.some((g) => g.topic === s.name)));
  }
};
