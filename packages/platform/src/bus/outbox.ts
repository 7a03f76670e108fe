/**
 * The transactional outbox. `emit(tx, def, input)` validates the event against its contract and
 * inserts it in the caller's transaction: the event exists if and only if the domain change commits.
 * A NOTIFY in the same transaction wakes the relay at commit (and only at commit).
 *
 * Order per key: the relay publishes in outbox id order. Emit after the domain write that locks the
 * aggregate, so two transactions on the same aggregate get ids in commit order.
 */
import type { EventDefinition, EventEnvelope, EventData } from '@nenkin/contracts/envelope';
import { uuidv7 } from 'uuidv7';
import type { Clock } from '../clock';
import type { Queryable } from '../db';
import { OUTBOX_NOTIFY_CHANNEL } from '../definitions';
import { messageHeaders, newTraceparent, validateData } from './codec';

export type EmitInput<D extends EventDefinition> = {
  /** Aggregate id: the Kafka key. */
  subject: string;
  data: EventData<D>;
  correlationId: string;
  causationId?: string;
  traceparent?: string;
};

export type OutboxDeps = {
  /** The emitting service: the envelope's `source`. */
  source: string;
  clock: Clock;
  /** Maps a logical topic to the physical one (environment prefix). */
  topicName: (logical: string) => string;
};

export const createOutbox = ({ source, clock, topicName }: OutboxDeps) => {
  const build = <D extends EventDefinition>(def: D, input: EmitInput<D>) => {
    validateData(def, input.data);
    const envelope: EventEnvelope = {
      id: uuidv7(),
      type: def.type,
      version: def.version,
      source,
      subject: input.subject,
      occurredAt: clock.now().toISOString(),
      correlationId: input.correlationId,
      ...(input.causationId === undefined ? {} : { causationId: input.causationId }),
      data: input.data,
    };
    return { envelope, topic: topicName(def.topic), headers: messageHeaders(envelope, input.traceparent ?? newTraceparent()) };
  };

  /** Inserts many events in one statement (bulk consumers emit per batch, not per message). */
  const emitMany = async <D extends EventDefinition>(
    tx: Queryable,
    def: D,
    inputs: readonly EmitInput<D>[],
  ): Promise<EventEnvelope[]> => {
    if (inputs.length === 0) return [];
    const rows = inputs.map((input) => build(def, input));
    await tx.query(
      `INSERT INTO outbox (event_id, topic, message_key, event_type, envelope, headers)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[])`,
      [
        rows.map((r) => r.envelope.id),
        rows.map((r) => r.topic),
        rows.map((r) => r.envelope.subject),
        rows.map((r) => r.envelope.type),
        rows.map((r) => JSON.stringify(r.envelope)),
        rows.map((r) => JSON.stringify(r.headers)),
      ],
    );
    await tx.query(`SELECT pg_notify($1, '')`, [OUTBOX_NOTIFY_CHANNEL]);
    return rows.map((r) => r.envelope);
  };

  const emit = async <D extends EventDefinition>(tx: Queryable, def: D, input: EmitInput<D>): Promise<EventEnvelope> => {
    const [envelope] = await emitMany(tx, def, [input]);
    return envelope as EventEnvelope;
  };

  return { emit, emitMany };
};

export type Outbox = ReturnType<typeof createOutbox>;
