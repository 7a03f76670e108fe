/**
 * Events of records (topic `records.person`) that other services depend on. The outcome of every
 * filing comes back as `record.filing-applied` (keyed by the filing's own key, so it follows the
 * filing's order): applied, rejected by the record's rules, or held for staff review — with, per
 * person, whether the identity was matched, created or flagged as a possible duplicate.
 *
 * records adds its other events (enrolment-changed, remuneration-decided, bonus-recorded …) here.
 */
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from './envelope';
import { LocalizedMessage } from './problem';
import { ArrivalNumber, OpaqueId, Uuid } from './primitives';
import { Topics } from './topics';

export const FilingOutcomes = { APPLIED: 'applied', REJECTED: 'rejected', HELD: 'held' } as const;
export const IdentityOutcomes = { MATCHED: 'matched', CREATED: 'created', POSSIBLE_DUPLICATE: 'possible-duplicate' } as const;

export const FilingAppliedData = Type.Object(
  {
    filingId: Uuid,
    arrivalNumber: ArrivalNumber,
    batch: Type.Optional(Type.Object({ batchId: Uuid, line: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })),
    outcome: Type.Union(Object.values(FilingOutcomes).map((o) => Type.Literal(o))),
    identity: Type.Optional(Type.Union(Object.values(IdentityOutcomes).map((o) => Type.Literal(o)))),
    /** Opaque person id (never 基礎年金番号 or マイナンバー). */
    personId: Type.Optional(OpaqueId),
    /** What the record decided, in words a status page can show (標準報酬 from 2026-09: 300,000 …). */
    decisions: Type.Array(
      Type.Object({ code: Type.String({ maxLength: 64 }), message: LocalizedMessage }, { additionalProperties: false }),
      { maxItems: 20 },
    ),
    /** Why it was rejected or held. */
    reason: Type.Optional(
      Type.Object({ code: Type.String({ maxLength: 64 }), message: LocalizedMessage }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
export type FilingAppliedData = Static<typeof FilingAppliedData>;

export const WithdrawalRefusedData = Type.Object(
  { filingId: Uuid, arrivalNumber: ArrivalNumber, reason: Type.Object({ code: Type.String(), message: LocalizedMessage }) },
  { additionalProperties: false },
);

export const RecordEvents = {
  FILING_APPLIED: defineEvent('record.filing-applied', 1, Topics.RECORDS_PERSON.name, FilingAppliedData),
  WITHDRAWAL_REFUSED: defineEvent('record.withdrawal-refused', 1, Topics.RECORDS_PERSON.name, WithdrawalRefusedData),
} as const;
