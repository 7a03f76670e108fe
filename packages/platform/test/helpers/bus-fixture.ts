/**
 * Shared by the bus integration tests and the worker processes they kill: one test event, one effect
 * table whose rows are NOT unique per event (so a doubled effect shows as a duplicate row), and the
 * handlers that write it.
 */
import { Type } from '@sinclair/typebox';
import { defineEvent } from '@nenkin/contracts/envelope';
import { PoisonMessageError, type ConsumerSpec } from '@nenkin/platform/bus';
import type { Queryable } from '@nenkin/platform/db';

export const TEST_TOPIC = 'bus.test';
export const TEST_TOPICS = [
  { name: TEST_TOPIC, partitions: 4 },
  { name: `${TEST_TOPIC}.dlq`, partitions: 1 },
];

export const Pinged = defineEvent(
  'test.pinged',
  1,
  TEST_TOPIC,
  Type.Object(
    { n: Type.Integer(), reject: Type.Optional(Type.Boolean()), pad: Type.Optional(Type.String({ maxLength: 4000 })) },
    { additionalProperties: false },
  ),
);

export const createEffectsTable = async (db: Queryable): Promise<void> => {
  await db.query(`CREATE TABLE IF NOT EXISTS effects (event_id uuid NOT NULL, n integer NOT NULL, applied_by text)`);
};

export const effectCounts = async (db: Queryable): Promise<{ total: number; distinct: number }> => {
  const { rows } = await db.query<{ total: number; distinct: number }>(
    'SELECT count(*)::int AS total, count(DISTINCT event_id)::int AS "distinct" FROM effects',
  );
  return rows[0] ?? { total: 0, distinct: 0 };
};

/** A consumer of Pinged that writes one effect row per event; `reject: true` is a rule violation. */
export const pingConsumer = (
  mode: 'single' | 'batch',
  appliedBy = 'test',
  accept: (n: number) => boolean = () => true,
): ConsumerSpec => {
  const check = (data: { n: number; reject?: boolean }) => {
    if (data.reject && !accept(data.n)) throw new PoisonMessageError('TEST_RULE', `event ${data.n} breaks the test rule`);
  };
  return mode === 'single'
    ? {
        name: 'ping-effects',
        events: [Pinged],
        handle: async ({ envelope }, { tx }) => {
          const data = envelope.data as { n: number; reject?: boolean };
          check(data);
          await tx.query('INSERT INTO effects (event_id, n, applied_by) VALUES ($1, $2, $3)', [envelope.id, data.n, appliedBy]);
        },
      }
    : {
        name: 'ping-effects',
        events: [Pinged],
        handleBatch: async (events, { tx }) => {
          for (const e of events) check(e.envelope.data as { n: number; reject?: boolean });
          await tx.query(
            'INSERT INTO effects (event_id, n, applied_by) SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[])',
            [
              events.map((e) => e.envelope.id),
              events.map((e) => (e.envelope.data as { n: number }).n),
              events.map(() => appliedBy),
            ],
          );
        },
      };
};
