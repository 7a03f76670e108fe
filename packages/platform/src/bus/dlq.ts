/**
 * DLQ replay: after a fix, re-publish dead letters to the topic they came from (origin header), with
 * their original key and headers, so the fixed consumer applies them. Consumers' inboxes make a
 * replay of something already applied harmless. Stops at the high-water mark seen at start.
 */
import { DeadLetterHeaders } from '@nenkin/contracts/envelope';
import type { Kafka } from 'kafkajs';
import type { Logger } from '../logger';
import { headerString } from './codec';
import { fetchTopicEnds } from './topics';

export type ReplayOptions = {
  kafka: Kafka;
  dlqTopic: string;
  logger: Logger;
  /** Replay only dead letters written by this consumer group (default: all). */
  consumerGroup?: string;
  dryRun?: boolean;
  /** The replay tool's own consumer group: it remembers what was replayed already. */
  groupId?: string;
  idleTimeoutMs?: number;
};

export type ReplayResult = { replayed: number; skipped: number };

export const replayDeadLetters = async (opts: ReplayOptions): Promise<ReplayResult> => {
  const { kafka, dlqTopic, logger } = opts;
  const admin = kafka.admin();
  await admin.connect();
  const ends = await fetchTopicEnds(admin, dlqTopic);
  await admin.disconnect();
  const remaining = new Map(ends.map((p) => [p.partition, p.high]));
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  // A dry run reads under a throw-away group so that it does not move the replay group's offsets.
  // The filter is part of the replay group: replaying one consumer's dead letters must not move past
  // (and so lose to the tool) the dead letters of another.
  const groupId =
    opts.groupId ??
    (opts.dryRun ? `dlq-inspect.${dlqTopic}.${Date.now()}` : `dlq-replay.${dlqTopic}.${opts.consumerGroup ?? 'all'}`);
  const consumer = kafka.consumer({ groupId });
  const result: ReplayResult = { replayed: 0, skipped: 0 };
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: dlqTopic, fromBeginning: true });

  const done = (): boolean => [...remaining.values()].every((left) => left <= 0);
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(finish, opts.idleTimeoutMs ?? 5_000);
  };
  armIdle();

  await consumer.run({
    autoCommit: true,
    eachMessage: async ({ partition, message }) => {
      armIdle();
      // Only what was there when the replay started: never what it causes (fresh dead letters).
      if (Number(message.offset) >= (ends.find((p) => p.partition === partition)?.high ?? 0)) return;
      const origin = headerString(message.headers, DeadLetterHeaders.ORIGIN_TOPIC);
      const group = headerString(message.headers, DeadLetterHeaders.CONSUMER);
      const wanted = origin !== undefined && (opts.consumerGroup === undefined || opts.consumerGroup === group);
      if (wanted && !opts.dryRun) {
        const headers: Record<string, Buffer> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) {
          const first = Array.isArray(v) ? v[0] : v;
          if (first !== undefined && !k.startsWith('dlq-')) headers[k] = Buffer.from(first);
        }
        await producer.send({ topic: origin, acks: -1, messages: [{ key: message.key, value: message.value, headers }] });
      }
      if (wanted) result.replayed++;
      else result.skipped++;
      remaining.set(partition, (ends.find((p) => p.partition === partition)?.high ?? 0) - Number(message.offset) - 1);
      if (done()) finish();
    },
  });
  if (done()) finish();
  await finished;
  if (idle) clearTimeout(idle);
  await consumer.disconnect();
  await producer.disconnect();
  logger.info({ dlqTopic, ...result, dryRun: opts.dryRun ?? false }, 'dead letters replayed');
  return result;
};
