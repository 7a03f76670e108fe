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

// ─── Domain events of the record (added by records; additive) ─────────────────────────────────

const IsoDateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const RelatedFilingRef = Type.Object({ filingId: Uuid, arrivalNumber: ArrivalNumber }, { additionalProperties: false });

/** An enrolment period opened (資格取得) or closed (資格喪失). Subject: the personId. */
export const EnrolmentChangedData = Type.Object(
  {
    personId: OpaqueId,
    enrolmentId: OpaqueId,
    /** `kosei` 厚生年金 (国民年金 第2号), `kokumin` 国民年金 (category 1 / 3). */
    scheme: Type.Union([Type.Literal('kosei'), Type.Literal('kokumin')]),
    category: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)])),
    officeCode: Type.Optional(Type.String({ maxLength: 12 })),
    change: Type.Union([Type.Literal('acquired'), Type.Literal('lost')]),
    acquiredOn: IsoDateString,
    /** 喪失日: the first day no longer insured. */
    lostOn: Type.Optional(IsoDateString),
    lossCause: Type.Optional(Type.String({ maxLength: 8 })),
    filing: RelatedFilingRef,
  },
  { additionalProperties: false },
);
export type EnrolmentChangedData = Static<typeof EnrolmentChangedData>;

/** A 標準報酬月額 decided: at 資格取得, by 定時決定 (or kept), or by 随時改定. Subject: the personId. */
export const RemunerationDecidedData = Type.Object(
  {
    personId: OpaqueId,
    enrolmentId: OpaqueId,
    officeCode: Type.String({ maxLength: 12 }),
    kind: Type.Union([Type.Literal('acquisition'), Type.Literal('teiji'), Type.Literal('kept'), Type.Literal('zuiji')]),
    effectiveFrom: IsoDateString,
    /** 厚生年金 grade and 標準報酬月額. */
    grade: Type.Integer({ minimum: 1 }),
    standard: Type.Integer({ minimum: 0 }),
    /** 健康保険 grade and 標準報酬月額 (absent when kept without a 健保 figure). */
    kenpoGrade: Type.Optional(Type.Integer({ minimum: 1 })),
    kenpoStandard: Type.Optional(Type.Integer({ minimum: 0 })),
    /** 報酬月額 the grade was looked up with. */
    monthlyPay: Type.Optional(Type.Integer({ minimum: 0 })),
    filing: RelatedFilingRef,
  },
  { additionalProperties: false },
);
export type RemunerationDecidedData = Static<typeof RemunerationDecidedData>;

/** A bonus recorded with its 標準賞与額 (the month's figures after this payment). Subject: the personId. */
export const BonusRecordedData = Type.Object(
  {
    personId: OpaqueId,
    enrolmentId: OpaqueId,
    officeCode: Type.String({ maxLength: 12 }),
    paidOn: IsoDateString,
    month: Type.String({ pattern: '^\\d{4}-\\d{2}$' }),
    /** Σ (通貨 + 現物) of the month. */
    amount: Type.Integer({ minimum: 0 }),
    /** 厚生年金 標準賞与額 of the month (1,000円未満切捨て, capped at 1,500,000). */
    kosei: Type.Integer({ minimum: 0 }),
    koseiCapped: Type.Boolean(),
    /** 健康保険 標準賞与額 of the month (fiscal-year cumulative cap). */
    kenpo: Type.Integer({ minimum: 0 }),
    kenpoCapped: Type.Boolean(),
    filing: RelatedFilingRef,
  },
  { additionalProperties: false },
);
export type BonusRecordedData = Static<typeof BonusRecordedData>;

/** Two person records were merged by staff (duplicate review): `from` now points to `into`. */
export const PersonsMergedData = Type.Object(
  { from: OpaqueId, into: OpaqueId, reviewId: OpaqueId },
  { additionalProperties: false },
);
export type PersonsMergedData = Static<typeof PersonsMergedData>;

/** 国民年金 免除・納付猶予・学生納付特例: staff approved or rejected an application. Subject: the personId. */
export const ExemptionKinds = {
  FULL: 'full',
  THREE_QUARTERS: 'three-quarters',
  HALF: 'half',
  QUARTER: 'quarter',
  DEFERMENT: 'deferment',
  STUDENT: 'student',
} as const;
export type ExemptionKind = (typeof ExemptionKinds)[keyof typeof ExemptionKinds];

export const ExemptionDecidedData = Type.Object(
  {
    applicationId: OpaqueId,
    personId: OpaqueId,
    kind: Type.Union(Object.values(ExemptionKinds).map((k) => Type.Literal(k))),
    /** The months applied for, `YYYY-MM` inclusive. */
    periodFrom: Type.String({ pattern: '^\\d{4}-\\d{2}$' }),
    periodTo: Type.String({ pattern: '^\\d{4}-\\d{2}$' }),
    decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]),
    reason: Type.Optional(Type.String({ maxLength: 400 })),
    decidedAt: Type.String({ format: 'date-time' }),
    filing: RelatedFilingRef,
  },
  { additionalProperties: false },
);
export type ExemptionDecidedData = Static<typeof ExemptionDecidedData>;

export const RecordDomainEvents = {
  ENROLMENT_CHANGED: defineEvent('record.enrolment-changed', 1, Topics.RECORDS_PERSON.name, EnrolmentChangedData),
  REMUNERATION_DECIDED: defineEvent('record.remuneration-decided', 1, Topics.RECORDS_PERSON.name, RemunerationDecidedData),
  BONUS_RECORDED: defineEvent('record.bonus-recorded', 1, Topics.RECORDS_PERSON.name, BonusRecordedData),
  PERSONS_MERGED: defineEvent('record.persons-merged', 1, Topics.RECORDS_PERSON.name, PersonsMergedData),
  EXEMPTION_DECIDED: defineEvent('record.exemption-decided', 1, Topics.RECORDS_PERSON.name, ExemptionDecidedData),
} as const;

/** noticeType values records requests on `channel.notice-request`. */
export const RecordNoticeTypes = {
  /** 資格取得確認及び標準報酬決定通知書 */
  ACQUISITION: 'qualification-acquisition-decision',
  /** 資格喪失確認通知書 */
  LOSS: 'qualification-loss-confirmation',
  /** 標準報酬決定通知書 (定時決定) */
  TEIJI: 'standard-remuneration-decision',
  /** 標準報酬改定通知書 (随時改定) */
  ZUIJI: 'standard-remuneration-revision',
  /** 標準賞与額決定通知書 */
  BONUS: 'standard-bonus-decision',
  /** 国民年金第3号被保険者 該当通知 (被扶養者（異動）届 該当) */
  CATEGORY3_ACQUISITION: 'category3-acquisition',
  /** 国民年金第3号被保険者 非該当通知 (被扶養者（異動）届 非該当) */
  CATEGORY3_LOSS: 'category3-loss',
  /** 国民年金 第1号被保険者 資格取得（種別変更）のお知らせ */
  CATEGORY1_ACQUISITION: 'category1-acquisition',
  /** 国民年金保険料免除・納付猶予（学生納付特例）申請 承認通知書 */
  EXEMPTION_APPROVED: 'exemption-approval',
  /** 国民年金保険料免除・納付猶予（学生納付特例）申請 却下通知書 */
  EXEMPTION_REJECTED: 'exemption-rejection',
} as const;
