/**
 * The event bus a service sees: an outbox to emit into, consumers to register, a relay, readiness.
 * Our own small interface over kafkajs, so the client library can change without touching services.
 *
 * Lifecycle: `start()` connects, creates nothing (topics come from the infrastructure bootstrap),
 * starts the relay and the consumers; `stop()` stops consumers (in-flight batches finish and commit),
 * lets the relay drain, then disconnects.
 */
import type { EventDefinition } from '@nenkin/contracts/envelope';
import type { Clock } from '../clock';
import type { Pool } from '../db';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { createConsumer, type BusConsumer, type ConsumerSpec } from './consumer';
import { createKafkaClient } from './kafka';
import { createOutbox } from './outbox';
import { createRelay } from './relay';

export { PoisonMessageError, TransientError, isTransient } from './errors';
export type { ConsumedEvent, ConsumerSpec, HandlerContext } from './consumer';
export type { EmitInput, Outbox } from './outbox';
export { ensureTopics, fetchTopicEnds, type PartitionEnds } from './topics';
export { replayDeadLetters } from './dlq';
export { createKafkaClient } from './kafka';

export type BusOptions = {
  service: string;
  brokers: string[];
  pool: Pool;
  logger: Logger;
  clock: Clock;
  metrics?: Metrics;
  /** Prefix for every physical topic name (isolated environments and tests); default none. */
  topicPrefix?: string;
  /** Run the outbox relay in this process (default true). */
  relay?: boolean;
  /** Consumer group id override per consumer name (tests). */
  groupIdFor?: (consumerName: string) => string;
  onFatal?: (err: unknown) => void;
  /** Kafka client id (default: the service name). */
  clientId?: string;
};

export const createBus = (opts: BusOptions) => {
  const { service, pool, logger, clock, metrics } = opts;
  const prefix = opts.topicPrefix ?? '';
  const topicName = (logical: string): string => `${prefix}${logical}`;
  const kafka = createKafkaClient({ brokers: opts.brokers, clientId: opts.clientId ?? service, logger });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const admin = kafka.admin();
  const outbox = createOutbox({ source: service, clock, topicName });
  const relay = createRelay({ pool, producer, logger, metrics });
  const consumers: BusConsumer[] = [];
  let started = false;

  return {
    outbox,
    topicName,
    kafka,
    /** Registers a consumer; call before start(). */
    consume(spec: ConsumerSpec): BusConsumer {
      const c = createConsumer(spec, {
        service,
        kafka,
        pool,
        outbox,
        dlqProducer: producer,
        logger,
        metrics,
        topicName,
        onFatal: opts.onFatal ?? ((err) => logger.fatal({ err }, 'consumer failed')),
        // The topic prefix isolates environments on a shared broker: their consumer groups too.
        groupId: opts.groupIdFor?.(spec.name) ?? `${prefix}${service}.${spec.name}`,
      });
      consumers.push(c);
      return c;
    },
    async start(): Promise<void> {
      if (started) return;
      started = true;
      await producer.connect();
      await admin.connect();
      if (opts.relay ?? true) relay.start();
      for (const c of consumers) await c.start();
    },
    /** Readiness: the broker answers a metadata request. */
    async ping(): Promise<void> {
      await admin.describeCluster();
    },
    /** Waits until the relay has published everything committed so far (tests, shutdown). */
    flush: (timeoutMs?: number) => relay.flush(timeoutMs),
    async stop(): Promise<void> {
      if (!started) return;
      started = false;
      for (const c of consumers) await c.stop();
      if (relay.isActive()) await relay.flush(10_000);
      await relay.stop();
      await admin.disconnect();
      await producer.disconnect();
    },
  };
};

export type Bus = ReturnType<typeof createBus>;
export type { EventDefinition };
