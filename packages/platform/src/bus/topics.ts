/**
 * Creates the declared topics (auto-create is off on the broker). Idempotent: existing topics are
 * kept, and grown to the declared partition count if they have fewer.
 */
import type { TopicSpec } from '@nenkin/contracts/topics';
import type { Admin } from 'kafkajs';
import { TOPIC_CREATION_TIMEOUT_MS } from '../definitions';

const NOT_YET = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/** Until every partition of `specs` has a leader (TOPIC_CREATION_TIMEOUT_MS at most). */
const waitForLeaders = async (admin: Admin, specs: readonly Pick<TopicSpec, 'name' | 'partitions'>[]): Promise<void> => {
  const deadline = Date.now() + TOPIC_CREATION_TIMEOUT_MS;
  for (;;) {
    try {
      const meta = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) });
      const ready = specs.every((s) => {
        const parts = meta.topics.find((t) => t.name === s.name)?.partitions ?? [];
        return parts.length >= s.partitions && parts.every((p) => p.leader >= 0);
      });
      if (ready) return;
    } catch (err) {
      if (!NOT_YET.has((err as { type?: string }).type ?? '')) throw err;
    }
    if (Date.now() > deadline) throw new Error(`topics without leaders after ${TOPIC_CREATION_TIMEOUT_MS} ms: ${specs.map((s) => s.name).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

export const ensureTopics = async (
  admin: Admin,
  specs: readonly Pick<TopicSpec, 'name' | 'partitions' | 'retentionMs'>[],
): Promise<void> => {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length > 0) {
    await admin.createTopics({
      // kafkajs's own wait retries only LEADER_NOT_AVAILABLE, while a busy broker first answers
      // UNKNOWN_TOPIC_OR_PARTITION for a topic it has just created (seen in CI): we wait ourselves.
      waitForLeaders: false,
      timeout: TOPIC_CREATION_TIMEOUT_MS,
      topics: missing.map((s) => ({
        topic: s.name,
        numPartitions: s.partitions,
        replicationFactor: 1,
        configEntries: s.retentionMs === undefined ? [] : [{ name: 'retention.ms', value: String(s.retentionMs) }],
      })),
    });
    await waitForLeaders(admin, missing);
  }
  const present = specs.filter((s) => existing.has(s.name));
  if (present.length === 0) return;
  const meta = await admin.fetchTopicMetadata({ topics: present.map((s) => s.name) });
  const grow = present.flatMap((s) => {
    const have = meta.topics.find((t) => t.name === s.name)?.partitions.length ?? 0;
    return have < s.partitions ? [{ topic: s.name, count: s.partitions }] : [];
  });
  if (grow.length > 0) await admin.createPartitions({ topicPartitions: grow });
};
