/**
 * Events of filing-intake (topic `intake.filing`), the contract records and the other services read.
 *
 * Keys (the envelope `subject`): the employer's office code (`21-01-ｹｲﾄ`) for employer forms, so that
 * an employer's filings keep their order (取得 before 喪失); `person:<personId>` for the 国民年金
 * applications individuals file. マイナンバー never travels in plaintext: every `myNumber` field is
 * removed from `body` and listed in `myNumbers` as a keyed hash (for matching) and an AES-GCM
 * ciphertext (for the record), by its JSON pointer in the body.
 */
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from './envelope';
import { FilingBody } from './forms';
import { FieldError } from './problem';
import { ArrivalNumber, OfficeCode, OpaqueId, Uuid } from './primitives';
import { Topics } from './topics';

export const FilingChannels = {
  EGOV_API: 'egov-api',
  MYNAPORTAL: 'mynaportal',
  VENDOR_FILE: 'vendor-file',
  COUNTER: 'counter',
} as const;
export type FilingChannel = (typeof FilingChannels)[keyof typeof FilingChannels];
export const FilingChannel = Type.Union(Object.values(FilingChannels).map((c) => Type.Literal(c)));

export const ProtectedMyNumber = Type.Object(
  {
    /** JSON pointer of the removed field in `body`, e.g. `/myNumber`, `/spouse/myNumber`. */
    path: Type.String({ maxLength: 100 }),
    /** HMAC-SHA256 (hex) under the platform's PII hash key: equality lookups without the number. */
    hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    /** AES-256-GCM ciphertext (`v1.…`) under the PII encryption key. */
    cipher: Type.String({ maxLength: 400 }),
  },
  { additionalProperties: false },
);
export type ProtectedMyNumber = Static<typeof ProtectedMyNumber>;

const FilingIdentity = {
  filingId: Uuid,
  /** 到達番号: 18 digits, unique, sortable. */
  arrivalNumber: ArrivalNumber,
  formCode: Type.String({ maxLength: 32 }),
  channel: FilingChannel,
  /** The employer the filing concerns (employer forms). */
  officeCode: Type.Optional(OfficeCode),
  /** The person the filing concerns (国民年金 applications by individuals). */
  personId: Type.Optional(OpaqueId),
  submittedBy: Type.Object(
    { sub: Type.String({ maxLength: 128 }), role: Type.String({ maxLength: 32 }) },
    { additionalProperties: false },
  ),
  /** For rows of a vendor file: the batch and the 1-based line. */
  batch: Type.Optional(
    Type.Object({ batchId: Uuid, line: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  ),
};

export const FilingAcceptedData = Type.Object(
  {
    ...FilingIdentity,
    /** The filing that this one corrects (補正): it replaces that one. */
    amends: Type.Optional(Type.Object({ filingId: Uuid, arrivalNumber: ArrivalNumber }, { additionalProperties: false })),
    /** The normalised form, every `myNumber` removed (see `myNumbers`). */
    body: FilingBody,
    myNumbers: Type.Array(ProtectedMyNumber, { maxItems: 10 }),
    /** The business date the filing was received (Japan), `YYYY-MM-DD`. */
    receivedOn: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  },
  { additionalProperties: false },
);

/**
 * Any JSON value in which no object has a `myNumber` property, at any depth: マイナンバー travels only
 * as `myNumbers` (hash + ciphertext), never in the body (ARCHITECTURE §4).
 */
export const WithoutMyNumber = Type.Recursive(
  (Self) =>
    Type.Union([
      Type.Object({ myNumber: Type.Optional(Type.Never()) }, { additionalProperties: Self }),
      Type.Array(Self),
      Type.String(),
      Type.Number(),
      Type.Boolean(),
      Type.Null(),
    ]),
  { $id: 'WithoutMyNumber' },
);

/**
 * What `filing.accepted` is validated against: FilingAcceptedData and a body without any `myNumber`
 * (the static type stays FilingAcceptedData's).
 */
const FilingAcceptedChecked = Type.Intersect([FilingAcceptedData, Type.Object({ body: WithoutMyNumber })]) as unknown as typeof FilingAcceptedData;

export const FilingRejectedData = Type.Object(
  { ...FilingIdentity, errors: Type.Array(FieldError, { maxItems: 500 }) },
  { additionalProperties: false },
);

export const FilingWithdrawnData = Type.Object(
  {
    filingId: Uuid,
    arrivalNumber: ArrivalNumber,
    officeCode: Type.Optional(OfficeCode),
    personId: Type.Optional(OpaqueId),
    reason: Type.Optional(Type.String({ maxLength: 400 })),
  },
  { additionalProperties: false },
);

/** 補正: `filingId` (the original) is replaced by `amendedBy`, whose own filing.accepted carries `amends`. */
export const FilingAmendedData = Type.Object(
  {
    filingId: Uuid,
    arrivalNumber: ArrivalNumber,
    officeCode: Type.Optional(OfficeCode),
    personId: Type.Optional(OpaqueId),
    amendedBy: Type.Object({ filingId: Uuid, arrivalNumber: ArrivalNumber }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export const FilingEvents = {
  ACCEPTED: defineEvent('filing.accepted', 1, Topics.INTAKE_FILING.name, FilingAcceptedChecked),
  REJECTED: defineEvent('filing.rejected', 1, Topics.INTAKE_FILING.name, FilingRejectedData),
  /** 取下げ: a request — records refuses it (record.withdrawal-refused) when the filing is applied already. */
  WITHDRAWN: defineEvent('filing.withdrawn', 1, Topics.INTAKE_FILING.name, FilingWithdrawnData),
  /** 補正: the original is replaced by a corrected filing (which is itself a filing.accepted with `amends`). */
  AMENDED: defineEvent('filing.amended', 1, Topics.INTAKE_FILING.name, FilingAmendedData),
} as const;

/**
 * A filing's status as the API shows it: received → accepted | rejected → applied | held →
 * completed (a notice was delivered); withdrawn (取下げ) and amended (補正, replaced) end it early.
 */
export const FilingStatuses = {
  RECEIVED: 'received',
  ACCEPTED: 'accepted',
  REJECTED: 'rejected',
  APPLIED: 'applied',
  HELD: 'held',
  COMPLETED: 'completed',
  WITHDRAWN: 'withdrawn',
  AMENDED: 'amended',
} as const;
export type FilingStatus = (typeof FilingStatuses)[keyof typeof FilingStatuses];
export const FilingStatus = Type.Union(Object.values(FilingStatuses).map((s) => Type.Literal(s)));

export const BatchCompletedData = Type.Object(
  {
    batchId: Uuid,
    arrivalNumber: ArrivalNumber,
    officeCode: Type.Optional(OfficeCode),
    total: Type.Integer({ minimum: 0 }),
    accepted: Type.Integer({ minimum: 0 }),
    rejected: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const BatchEvents = {
  COMPLETED: defineEvent('batch.completed', 1, Topics.INTAKE_BATCH.name, BatchCompletedData),
} as const;

export type FilingAcceptedData = Static<typeof FilingAcceptedData>;
export type FilingRejectedData = Static<typeof FilingRejectedData>;
export type FilingWithdrawnData = Static<typeof FilingWithdrawnData>;
export type BatchCompletedData = Static<typeof BatchCompletedData>;
export type FilingAmendedData = Static<typeof FilingAmendedData>;
