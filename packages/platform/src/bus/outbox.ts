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
import { MAX_EVENT_BYTES, OUTBOX_NOTIFY_CHANNEL } from '../definitions';
import { PoisonMessageError } from './errors';
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
  const build = <D extends EventDefinition>(def: D, input: EmitInput<D>, traceparent: string) => {
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
    return { envelope, topic: topicName(def.topic), headers: messageHeaders(envelope, input.traceparent ?? traceparent) };
  };

  /** Inserts many events in one statement (bulk consumers emit per batch, not per message). */
  const emitMany = async <D extends EventDefinition>(
    tx: Queryable,
    def: D,
    inputs: readonly EmitInput<D>[],
  ): Promise<EventEnvelope[]> => {
    if (inputs.length === 0) return [];
    // One transaction is one unit of work: its events share a trace unless the caller carries one.
    const traceparent = newTraceparent();
    const rows = inputs.map((input) => build(def, input, traceparent));
    // One JSON.stringify for the whole batch: a flat string. (Stringifying row by row and joining
    // builds a rope that costs ~10 µs an event to flatten and encode once the text is not ASCII —
    // and Japanese data never is.)
    const document = JSON.stringify(rows);
    // Refused here, in the producer's transaction, rather than stalling the relay later: a record
    // the broker will never take, or a NUL character no Postgres text or jsonb (of any consumer) can
    // hold. Sizes in UTF-8 bytes (what the broker counts); no event is larger than the whole batch,
    // so events are measured one by one only when the batch is over the limit.
    if (Buffer.byteLength(document) > MAX_EVENT_BYTES) {
      for (const row of rows) {
        const bytes = Buffer.byteLength(JSON.stringify(row));
        if (bytes > MAX_EVENT_BYTES) {
          throw new PoisonMessageError('EVENT_TOO_LARGE', `${def.type} event of ${bytes} bytes exceeds ${MAX_EVENT_BYTES}`);
        }
      }
    }
    if (document.includes('\\u0000')) throw new PoisonMessageError('EVENT_HAS_NUL', `${def.type} event contains a NUL character`);
    // One JSON document for the whole batch: Postgres splits it natively, which is much cheaper than
    // escaping thousands of array elements on the client. `json`, not `jsonb`: each envelope is stored
    // as the very text serialised here, and the relay sends that text on as it is.
    // The NOTIFY rides in the same statement (one round trip) and is delivered only at commit.
    await tx.query({
      name: 'platform.outbox-emit', // prepared once per connection: not parsed and planned per emit
      text: `WITH inserted AS (
         INSERT INTO outbox (topic, message_key, envelope, headers)
         SELECT r->>'topic', r->'envelope'->>'subject', r->'envelope', r->'headers'
           FROM json_array_elements($1::json) WITH ORDINALITY AS e(r, ord)
          ORDER BY ord
         RETURNING 1)
       SELECT pg_notify($2, '') FROM (SELECT 1 FROM inserted LIMIT 1) AS any_row`,
      values: [document, OUTBOX_NOTIFY_CHANNEL],
    });
    return rows.map((r) => r.envelope);
  };

  const emit = async <D extends EventDefinition>(tx: Queryable, def: D, input: EmitInput<D>): Promise<EventEnvelope> => {
    const [envelope] = await emitMany(tx, def, [input]);
    return envelope as EventEnvelope;
  };

  return { emit, emitMany };
};

export type Outbox = ReturnType<typeof createOutbox>;
