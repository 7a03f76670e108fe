/**
 * The event envelope: one shape for every event on every topic (ARCHITECTURE.md §3). The envelope is
 * the Kafka message value (JSON); `subject` is also the Kafka key, so order holds per aggregate.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const EventEnvelope = Type.Object(
  {
    /** UUID v7: unique per event, time-ordered; the consumers' inbox key. */
    id: Type.String({ format: 'uuid', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' }),
    /** Lower-case, dot-separated, past tense: `filing.accepted`. */
    type: Type.String({ pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$', maxLength: 100 }),
    version: Type.Integer({ minimum: 1 }),
    /** The emitting service. */
    source: Type.String({ minLength: 1, maxLength: 64 }),
    /** The aggregate id, also the Kafka key. */
    subject: Type.String({ minLength: 1, maxLength: 200 }),
    occurredAt: Type.String({ format: 'date-time' }),
    /** The whole flow: an API request or a batch. */
    correlationId: Type.String({ minLength: 1, maxLength: 200 }),
    /** The event or request that caused this one. */
    causationId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    data: Type.Unknown(),
  },
  { additionalProperties: false, $id: 'EventEnvelope' },
);
export type EventEnvelope<D = unknown> = Omit<Static<typeof EventEnvelope>, 'data'> & { data: D };

/** Kafka header names carried next to the envelope (the value is always the JSON envelope). */
export const EventHeaders = {
  TYPE: 'event-type',
  VERSION: 'event-version',
  TRACEPARENT: 'traceparent',
  CORRELATION_ID: 'correlation-id',
} as const;

/** Headers a dead-lettered message gains (ARCHITECTURE.md §3: origin topic/partition/offset and the error). */
export const DeadLetterHeaders = {
  ORIGIN_TOPIC: 'dlq-origin-topic',
  ORIGIN_PARTITION: 'dlq-origin-partition',
  ORIGIN_OFFSET: 'dlq-origin-offset',
  ORIGIN_KEY: 'dlq-origin-key',
  CONSUMER: 'dlq-consumer',
  ERROR_CODE: 'dlq-error-code',
  ERROR_MESSAGE: 'dlq-error-message',
  FAILED_AT: 'dlq-failed-at',
} as const;

/** A typed event definition: the contract of one event type at one version on one topic. */
export type EventDefinition<T extends string = string, S extends TSchema = TSchema> = {
  readonly type: T;
  readonly version: number;
  /** Logical topic name (see topics.ts); the bus may prefix it per environment. */
  readonly topic: string;
  readonly data: S;
};

export const defineEvent = <T extends string, S extends TSchema>(
  type: T,
  version: number,
  topic: string,
  data: S,
): EventDefinition<T, S> => ({ type, version, topic, data });

export type EventData<D> = D extends EventDefinition<string, infer S> ? Static<S> : never;
