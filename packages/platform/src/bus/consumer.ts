/**
 * Idempotent consumers. At-least-once transport, exactly-once effects: each event's effect and its
 * inbox row `(consumer, event id)` commit in one transaction, and the Kafka offset is resolved only
 * after that commit. A redelivered event finds its inbox row and is skipped.
 *
 * Failures: a transient fault (database or broker away) is retried in place with backoff for as long as
 * this member owns the partition, heartbeating meanwhile — it never dead-letters (while it retries,
 * the consumer fetches nothing else; a rebalance makes it stop and leave the offset unresolved). A deterministic fault (not JSON, envelope or
 * data invalid, a PoisonMessageError from the handler, or an unclassified error that repeats
 * HANDLER_MAX_ATTEMPTS times) sends the message to `<topic>.dlq` with its origin and the error, and the
 * partition moves on.
 *
 * Two modes: `handle` (one transaction per event) and `handleBatch` (one transaction per Kafka batch:
 * bulk inbox insert + bulk effects; a deterministic failure falls back to one-by-one to isolate the
 * poison message).
 */
import { DeadLetterHeaders, EventHeaders, type EventDefinition, type EventEnvelope } from '@nenkin/contracts/envelope';
import { registryOf } from '@nenkin/contracts/events';
import { dlqTopicOf } from '@nenkin/contracts/topics';
import type { Batch, Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { withTransaction, type Pool, type Tx } from '../db';
import {
  CONSUMER_HEARTBEAT_INTERVAL_MS,
  CONSUMER_PARTITIONS_CONCURRENTLY,
  CONSUMER_SESSION_TIMEOUT_MS,
  DLQ_ERROR_MAX_CHARS,
  HANDLER_MAX_ATTEMPTS,
} from '../definitions';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { decodeMessage, headerString } from './codec';
import { errorCode, errorMessage, isTransient } from './errors';
import type { EmitInput, Outbox } from './outbox';
import { backoff } from './relay';

export type MessageMeta = { topic: string; partition: number; offset: string; key: string | null; traceparent?: string };

export type HandlerContext = {
  /** The open transaction: write the effect here. */
  tx: Tx;
  log: Logger;
  /** Emits a follow-up event in the same transaction, caused by and correlated with the current one. */
  emit: <D extends EventDefinition>(def: D, input: Omit<EmitInput<D>, 'correlationId' | 'causationId'> & { correlationId?: string }) => Promise<EventEnvelope>;
};

export type ConsumedEvent = { envelope: EventEnvelope; def: EventDefinition; meta: MessageMeta };

export type ConsumerSpec = {
  /** Stable name; the consumer group is `<service>.<name>` and the inbox key is this name. */
  name: string;
  /** The event contracts this consumer applies; their topics are subscribed. Other types are skipped. */
  events: readonly EventDefinition[];
  handle?: (event: ConsumedEvent, ctx: HandlerContext) => Promise<void>;
  /** Bulk mode: receives only the events not yet in the inbox, in offset order. */
  handleBatch?: (events: readonly ConsumedEvent[], ctx: Omit<HandlerContext, 'emit'> & { emitFor: (event: ConsumedEvent) => HandlerContext['emit'] }) => Promise<void>;
  /** Start from the earliest offset when the group is new (default true: a new service reads history). */
  fromBeginning?: boolean;
};

export type ConsumerDeps = {
  service: string;
  kafka: Kafka;
  pool: Pool;
  outbox: Outbox;
  dlqProducer: Producer;
  logger: Logger;
  metrics?: Metrics;
  topicName: (logical: string) => string;
  /** Called when kafkajs gives up on the consumer (no restart): the service should shut down. */
  onFatal: (err: unknown) => void;
  /** Group id override (tests use unique groups). */
  groupId?: string;
};

type Item = { message: KafkaMessage; meta: MessageMeta; decoded: ReturnType<typeof decodeMessage> };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** kafkajs error types meaning "this member's assignment is changing or gone". */
const REBALANCE_ERRORS = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'FENCED_INSTANCE_ID']);

export const createConsumer = (spec: ConsumerSpec, deps: ConsumerDeps) => {
  if (!spec.handle === !spec.handleBatch) throw new Error(`consumer ${spec.name}: give exactly one of handle / handleBatch`);
  const { kafka, pool, outbox, dlqProducer, metrics, topicName } = deps;
  const log = deps.logger.child({ consumer: spec.name });
  const registry = registryOf(spec.events);
  const topics = [...new Set(spec.events.map((e) => topicName(e.topic)))];
  const groupId = deps.groupId ?? `${deps.service}.${spec.name}`;
  let consumer: Consumer | undefined;

  const emitFor =
    (tx: Tx, event: ConsumedEvent): HandlerContext['emit'] =>
    (def, input) =>
      outbox.emit(tx, def, {
        ...input,
        correlationId: input.correlationId ?? event.envelope.correlationId,
        causationId: event.envelope.id,
        traceparent: input.traceparent ?? event.meta.traceparent,
      });

  const toConsumed = (item: Item): ConsumedEvent | undefined =>
    item.decoded.kind === 'event' ? { envelope: item.decoded.envelope, def: item.decoded.def, meta: item.meta } : undefined;

  /** Applies one event: inbox row + effect in one transaction. Returns false for a duplicate. */
  const applyOne = async (event: ConsumedEvent): Promise<boolean> =>
    withTransaction(pool, async (tx) => {
      const res = await tx.query({
        name: 'platform.inbox-one',
        text: `INSERT INTO inbox (consumer, event_id, topic, kafka_partition, kafka_offset)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        values: [spec.name, event.envelope.id, event.meta.topic, event.meta.partition, event.meta.offset],
      });
      if (res.rowCount === 0) return false;
      const elog = log.child({ eventId: event.envelope.id, correlationId: event.envelope.correlationId });
      if (spec.handle) await spec.handle(event, { tx, log: elog, emit: emitFor(tx, event) });
      else await spec.handleBatch?.([event], { tx, log: elog, emitFor: (e) => emitFor(tx, e) });
      return true;
    });

  /** Applies many events in one transaction: bulk inbox insert, then the handler with the fresh ones. */
  const applyMany = async (events: readonly ConsumedEvent[]): Promise<number> =>
    withTransaction(pool, async (tx) => {
      const res = await tx.query<{ event_id: string }>({
        name: 'platform.inbox-many',
        text: `INSERT INTO inbox (consumer, event_id, topic, kafka_partition, kafka_offset)
               SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[])
               ON CONFLICT DO NOTHING RETURNING event_id`,
        values: [
          spec.name,
          events.map((e) => e.envelope.id),
          events.map((e) => e.meta.topic),
          events.map((e) => e.meta.partition),
          events.map((e) => e.meta.offset),
        ],
      });
      const fresh = new Set(res.rows.map((r) => r.event_id));
      const todo = events.filter((e) => fresh.delete(e.envelope.id)); // first occurrence only
      if (todo.length > 0) await spec.handleBatch?.(todo, { tx, log, emitFor: (e) => emitFor(tx, e) });
      return todo.length;
    });

  const deadLetter = async (item: Item, err: unknown): Promise<void> => {
    const { message, meta } = item;
    const headers: Record<string, string | Buffer> = {};
    for (const [k, v] of Object.entries(message.headers ?? {})) {
      const first = Array.isArray(v) ? v[0] : v;
      if (first !== undefined) headers[k] = first;
    }
    Object.assign(headers, {
      [DeadLetterHeaders.ORIGIN_TOPIC]: meta.topic,
      [DeadLetterHeaders.ORIGIN_PARTITION]: String(meta.partition),
      [DeadLetterHeaders.ORIGIN_OFFSET]: meta.offset,
      [DeadLetterHeaders.ORIGIN_KEY]: meta.key ?? '',
      [DeadLetterHeaders.CONSUMER]: groupId,
      [DeadLetterHeaders.ERROR_CODE]: errorCode(err),
      [DeadLetterHeaders.ERROR_MESSAGE]: errorMessage(err).slice(0, DLQ_ERROR_MAX_CHARS),
      [DeadLetterHeaders.FAILED_AT]: new Date().toISOString(),
    });
    await dlqProducer.send({
      topic: dlqTopicOf(meta.topic),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    metrics?.dlqMessages.inc({ consumer: spec.name, topic: meta.topic });
    log.warn({ ...meta, code: errorCode(err), err: errorMessage(err) }, 'message dead-lettered');
  };

  type Control = { isRunning: () => boolean; isStale: () => boolean; heartbeat: () => Promise<void> };

  /**
   * Heartbeats; false when the group is rebalancing or this member was fenced out, i.e. the partition
   * may no longer be ours: stop, leave the offset unresolved, let kafkajs rejoin.
   */
  const stillOurs = async (ctl: Control): Promise<boolean> => {
    try {
      await ctl.heartbeat();
      return true;
    } catch (err) {
      const type = (err as { type?: unknown }).type;
      if (typeof type === 'string' && REBALANCE_ERRORS.has(type)) return false;
      return true; // a broker hiccup: the next heartbeat will tell
    }
  };

  /** Runs `fn` while heartbeating, so a long bulk apply does not get this member evicted. */
  const withHeartbeats = async (fn: () => Promise<void>, ctl: Control): Promise<void> => {
    const timer = setInterval(() => void ctl.heartbeat().catch(() => undefined), CONSUMER_HEARTBEAT_INTERVAL_MS);
    try {
      await fn();
    } finally {
      clearInterval(timer);
    }
  };

  /**
   * Runs `fn` until it succeeds, retrying transient faults for as long as this member owns the
   * partition, and other faults up to HANDLER_MAX_ATTEMPTS. Returns 'done', 'abort' (stopping or
   * rebalancing: leave the offset unresolved) or the deterministic error. While it retries, this
   * consumer fetches nothing else (kafkajs fetches again only when every batch in hand is done).
   */
  const attempt = async (fn: () => Promise<void>, ctl: Control): Promise<'done' | 'abort' | { error: unknown }> => {
    let transientTries = 0;
    let failures = 0;
    for (;;) {
      if (!ctl.isRunning() || ctl.isStale()) return 'abort';
      try {
        await withHeartbeats(fn, ctl);
        return 'done';
      } catch (err) {
        if (isTransient(err)) {
          if (transientTries % 10 === 0) log.warn({ err: errorMessage(err), tries: transientTries }, 'transient fault; retrying');
          await sleep(backoff(transientTries++));
        } else if (err instanceof Error && err.name === 'PoisonMessageError') {
          return { error: err };
        } else {
          failures++;
          log.error({ err: errorMessage(err), failures }, 'handler failed');
          if (failures >= HANDLER_MAX_ATTEMPTS) return { error: err };
          await sleep(backoff(failures));
        }
        if (!(await stillOurs(ctl))) return 'abort';
      }
    }
  };

  /** Handles one item to completion; returns false when processing must stop (abort). */
  const processItem = async (item: Item, ctl: Control): Promise<boolean> => {
    const { decoded } = item;
    if (decoded.kind === 'ignored') return true;
    if (decoded.kind === 'poison') return (await attempt(() => deadLetter(item, decoded.error), ctl)) === 'done';
    const event = toConsumed(item) as ConsumedEvent;
    let applied = false;
    const res = await attempt(async () => {
      applied = await applyOne(event);
    }, ctl);
    if (res === 'abort') return false;
    if (res !== 'done') return (await attempt(() => deadLetter(item, res.error), ctl)) === 'done';
    metrics?.eventsConsumed.inc({ consumer: spec.name, topic: item.meta.topic, outcome: applied ? 'applied' : 'duplicate' });
    return true;
  };

  const eachBatch = async (payload: {
    batch: Batch;
    resolveOffset: (offset: string) => void;
    heartbeat: () => Promise<void>;
    commitOffsetsIfNecessary: () => Promise<void>;
    isRunning: () => boolean;
    isStale: () => boolean;
  }): Promise<void> => {
    const { batch, resolveOffset, commitOffsetsIfNecessary } = payload;
    const ctl: Control = payload;
    const items: Item[] = batch.messages.map((message) => ({
      message,
      meta: {
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        key: message.key?.toString('utf8') ?? null,
        traceparent: headerString(message.headers, EventHeaders.TRACEPARENT),
      },
      decoded: decodeMessage(message, registry),
    }));

    let oneByOne = !spec.handleBatch;
    if (spec.handleBatch && items.every((i) => i.decoded.kind !== 'poison')) {
      const events = items.map(toConsumed).filter((e): e is ConsumedEvent => e !== undefined);
      let applied = 0;
      const res = await attempt(async () => {
        applied = await applyMany(events);
      }, ctl);
      if (res === 'abort') return;
      if (res === 'done') {
        const last = items[items.length - 1];
        if (last) resolveOffset(last.message.offset);
        metrics?.eventsConsumed.inc({ consumer: spec.name, topic: batch.topic, outcome: 'applied' }, applied);
        metrics?.eventsConsumed.inc({ consumer: spec.name, topic: batch.topic, outcome: 'duplicate' }, events.length - applied);
      } else {
        log.warn({ err: errorMessage(res.error) }, 'batch failed deterministically; isolating one by one');
        oneByOne = true;
      }
    } else if (spec.handleBatch) {
      oneByOne = true;
    }

    if (oneByOne) {
      for (const item of items) {
        if (!(await processItem(item, ctl))) break;
        resolveOffset(item.message.offset);
        if (!(await stillOurs(ctl))) break;
      }
    }
    const lastOffset = Number(batch.lastOffset());
    metrics?.consumerLag.set(
      { consumer: spec.name, topic: batch.topic, partition: String(batch.partition) },
      Math.max(0, Number(batch.highWatermark) - 1 - lastOffset),
    );
    await commitOffsetsIfNecessary();
  };

  return {
    name: spec.name,
    groupId,
    topics,
    async start(): Promise<void> {
      const c = kafka.consumer({
        groupId,
        sessionTimeout: CONSUMER_SESSION_TIMEOUT_MS,
        heartbeatInterval: CONSUMER_HEARTBEAT_INTERVAL_MS,
        allowAutoTopicCreation: false,
      });
      consumer = c;
      c.on(c.events.CRASH, (e) => {
        if (!e.payload.restart) {
          log.fatal({ err: errorMessage(e.payload.error) }, 'consumer crashed without restart');
          deps.onFatal(e.payload.error);
        }
      });
      await c.connect();
      await c.subscribe({ topics, fromBeginning: spec.fromBeginning ?? true });
      await c.run({
        eachBatchAutoResolve: false,
        autoCommit: true,
        // Partitions are independent (order holds per key, keys map to partitions): bulk consumers
        // overlap their database round trips across partitions.
        partitionsConsumedConcurrently: spec.handleBatch ? CONSUMER_PARTITIONS_CONCURRENTLY : 1,
        eachBatch,
      });
      log.info({ groupId, topics }, 'consumer started');
    },
    /** Stops fetching, lets the in-flight batch finish, commits, leaves the group. */
    async stop(): Promise<void> {
      await consumer?.disconnect();
      consumer = undefined;
    },
  };
};

export type BusConsumer = ReturnType<typeof createConsumer>;
