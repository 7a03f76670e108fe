/**
 * Creates the declared topics (auto-create is off on the broker). Idempotent: existing topics are
 * kept, and grown to the declared partition count if they have fewer.
 */
import type { TopicSpec } from '@nenkin/contracts/topics';
import type { Admin } from 'kafkajs';
import { TOPIC_CREATION_TIMEOUT_MS } from '../definitions';

export const ensureTopics = async (
  admin: Admin,
  specs: readonly Pick<TopicSpec, 'name' | 'partitions' | 'retentionMs'>[],
): Promise<void> => {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      // kafkajs waits 5 s by default for the leaders of every new partition: too short for a hundred
      // partitions on a busy broker (seen: "Timed out while waiting for topic leaders").
      timeout: TOPIC_CREATION_TIMEOUT_MS,
      topics: missing.map((s) => ({
        topic: s.name,
        numPartitions: s.partitions,
        replicationFactor: 1,
        configEntries: s.retentionMs === undefined ? [] : [{ name: 'retention.ms', value: String(s.retentionMs) }],
      })),
    });
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
