/**
 * Test inputs for records: filing.accepted / filing.withdrawn envelopes as filing-intake publishes
 * them (raw kafkajs producer on the test's own topics), form bodies, protected マイナンバー, and an
 * ordered dump of every table of the record (the replay and crash tests compare dumps).
 */
import { randomUUID } from 'node:crypto';
import { EventHeaders } from '@nenkin/contracts/envelope';
import type { HifuyoshaOtherDependant } from '@nenkin/contracts/forms';
import { FilingEvents, type FilingAcceptedData, type ProtectedMyNumber } from '@nenkin/contracts/intake';
import { createPiiProtector } from '@nenkin/platform/crypto';
import type { Queryable } from '@nenkin/platform/db';
import { testKafka } from '@nenkin/testing/events';
import { uuidv7 } from 'uuidv7';

export const OFFICE = { prefecture: '21', district: '01', symbol: 'ｹｲﾄ' } as const;
export const OFFICE_CODE = '21-01-ｹｲﾄ';
export const OTHER_OFFICE = { prefecture: '41', district: '02', symbol: 'ABC' } as const;
export const OTHER_OFFICE_CODE = '41-02-ABC';

export const PII_ENV = {
  PII_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  PII_HASH_KEY: Buffer.alloc(32, 9).toString('base64'),
};
const pii = createPiiProtector({ encryptionKey: Buffer.alloc(32, 7), hashKey: Buffer.alloc(32, 9) });
export const protectMyNumber = (path: string, plain: string): ProtectedMyNumber => ({ path, hash: pii.hash(plain), cipher: pii.encrypt(plain) });

type Office = { prefecture: string; district: string; symbol: string };
type Person = { nameKana: string; birthDate: string; pensionNumber?: string; insuredNumber?: string; nameKanji?: string };

export const shutoku = (p: Person & { kind?: '1' | '2'; acquisitionDate: string; pay: number; office?: Office }) => ({
  formCode: '2200700' as const,
  office: p.office ?? OFFICE,
  officeNumber: '123',
  ...(p.insuredNumber ? { insuredNumber: p.insuredNumber } : {}),
  nameKana: p.nameKana,
  ...(p.nameKanji ? { nameKanji: p.nameKanji } : {}),
  birthDate: p.birthDate,
  kind: p.kind ?? '1',
  ...(p.pensionNumber ? { pensionNumber: p.pensionNumber } : {}),
  acquisitionDate: p.acquisitionDate,
  hasDependants: false,
  remuneration: { cash: p.pay, inKind: 0, total: p.pay },
});

export const soshitsu = (p: Person & { lossDate?: string; retiredOn?: string; cause?: '4' | '5' | '7'; office?: Office }) => ({
  formCode: '2201700' as const,
  office: p.office ?? OFFICE,
  officeNumber: '123',
  ...(p.insuredNumber ? { insuredNumber: p.insuredNumber } : {}),
  nameKana: p.nameKana,
  birthDate: p.birthDate,
  ...(p.pensionNumber ? { pensionNumber: p.pensionNumber } : {}),
  ...(p.lossDate ? { lossDate: p.lossDate } : {}),
  lossCause: p.cause ?? '4',
  ...(p.retiredOn ? { retirementOrDeathDate: p.retiredOn } : {}),
});

type PayMonth = { days: number; pay: number };
const payItems = (m: PayMonth) => ({ days: m.days, cash: m.pay, inKind: 0, total: m.pay });
const totals = (ms: readonly PayMonth[]) => {
  const total = ms.reduce((a, m) => a + m.pay, 0);
  return { totalSum: total, average: Math.floor(total / ms.length) };
};

export const santei = (p: Person & { year: number; months: [PayMonth, PayMonth, PayMonth]; office?: Office; shortTime?: boolean }) => ({
  formCode: '2225700' as const,
  office: p.office ?? OFFICE,
  ...(p.insuredNumber ? { insuredNumber: p.insuredNumber } : {}),
  nameKana: p.nameKana,
  birthDate: p.birthDate,
  applicableMonth: `${p.year}-09`,
  previousRevisionMonth: `${p.year - 1}-09`,
  months: p.months.map(payItems) as [ReturnType<typeof payItems>, ReturnType<typeof payItems>, ReturnType<typeof payItems>],
  ...totals(p.months),
  ...(p.pensionNumber ? { pensionNumber: p.pensionNumber } : {}),
  ...(p.shortTime ? { shortTimeWorker: true as const } : {}),
});

export const geppen = (
  p: Person & { revisionMonth: string; kind?: '1' | '2'; months: [PayMonth, PayMonth, PayMonth]; office?: Office },
) => {
  const first = Number(p.revisionMonth.slice(5, 7));
  const monthAt = (i: number) => ((first - 4 + i + 12) % 12) + 1;
  return {
    formCode: '2221700' as const,
    office: p.office ?? OFFICE,
    ...(p.insuredNumber ? { insuredNumber: p.insuredNumber } : {}),
    nameKana: p.nameKana,
    birthDate: p.birthDate,
    revisionMonth: p.revisionMonth,
    previousRevisionMonth: '2025-09',
    ...(p.kind ? { payChangeMonth: monthAt(0), payChangeKind: p.kind } : {}),
    months: p.months.map((m, i) => ({ month: monthAt(i), ...payItems(m) })) as [
      { month: number; days: number; cash: number; inKind: number; total: number },
      { month: number; days: number; cash: number; inKind: number; total: number },
      { month: number; days: number; cash: number; inKind: number; total: number },
    ],
    ...totals(p.months),
    ...(p.pensionNumber ? { pensionNumber: p.pensionNumber } : {}),
  };
};

export const shoyo = (p: Person & { paidOn: string; amount: number; office?: Office }) => ({
  formCode: '2265700' as const,
  office: p.office ?? OFFICE,
  ...(p.insuredNumber ? { insuredNumber: p.insuredNumber } : {}),
  nameKana: p.nameKana,
  birthDate: p.birthDate,
  paymentDate: p.paidOn,
  cash: p.amount,
  inKind: 0,
  total: Math.floor(p.amount / 1000) * 1000,
  ...(p.pensionNumber ? { pensionNumber: p.pensionNumber } : {}),
});

type SpouseInput = {
  nameKana?: string;
  nameKanji?: string;
  birthDate: string;
  relationship?: '1' | '2' | '3' | '4';
  pensionNumber?: string;
  becameOn?: string;
  ceasedOn?: string;
  ceasedReason?: '1' | '2' | '3' | '4' | '5' | '6';
  deathDate?: string;
};
type OtherInput = { nameKana?: string; birthDate: string; sex?: '1' | '2'; relationship?: HifuyoshaOtherDependant['relationship']; becameOn?: string; ceasedOn?: string };

/** 被扶養者（異動）届: the insured (as on their 資格取得), 異動の別, the spouse and other dependants. */
export const hifuyosha = (p: {
  insured: Person & { sex?: '1' | '2' };
  changeType: '1' | '2' | '3';
  spouse?: SpouseInput;
  others?: OtherInput[];
  office?: Office;
}) => ({
  formCode: '2202700' as const,
  office: p.office ?? OFFICE,
  employerConfirmed: true,
  ...(p.insured.insuredNumber ? { insuredNumber: p.insured.insuredNumber } : {}),
  insured: {
    nameKana: p.insured.nameKana,
    birthDate: p.insured.birthDate,
    sex: p.insured.sex ?? '1',
    ...(p.insured.pensionNumber ? { pensionNumber: p.insured.pensionNumber } : {}),
  },
  changeType: p.changeType,
  ...(p.spouse
    ? {
        spouse: {
          ...(p.spouse.nameKana ? { nameKana: p.spouse.nameKana } : {}),
          ...(p.spouse.nameKanji ? { nameKanji: p.spouse.nameKanji } : {}),
          birthDate: p.spouse.birthDate,
          relationship: p.spouse.relationship ?? '2',
          ...(p.spouse.pensionNumber ? { pensionNumber: p.spouse.pensionNumber } : {}),
          postalCode: '100-0001',
          addressKanji: '東京都千代田区千代田１－１',
          ...(p.spouse.becameOn ? { becameDependantDate: p.spouse.becameOn, becameReason: '2' as const } : {}),
          ...(p.spouse.ceasedOn ? { ceasedDate: p.spouse.ceasedOn } : {}),
          ...(p.spouse.ceasedReason ? { ceasedReason: p.spouse.ceasedReason } : {}),
          ...(p.spouse.deathDate ? { deathDate: p.spouse.deathDate } : {}),
        },
      }
    : {}),
  ...(p.others
    ? {
        otherDependants: p.others.map((o) => ({
          ...(o.nameKana ? { nameKana: o.nameKana } : {}),
          birthDate: o.birthDate,
          sex: o.sex ?? '1',
          relationship: o.relationship ?? ('01' as const),
          ...(o.becameOn ? { becameDependantDate: o.becameOn } : {}),
          ...(o.ceasedOn ? { ceasedDate: o.ceasedOn } : {}),
        })),
      }
    : {}),
});

type Applicant = { nameKana: string; nameKanji?: string; birthDate: string; pensionNumber?: string };
const applicant = (a: Applicant) => ({
  ...(a.pensionNumber ? { pensionNumber: a.pensionNumber } : {}),
  nameKana: a.nameKana,
  nameKanji: a.nameKanji ?? '国民　年金',
  birthDate: a.birthDate,
  postalCode: '100-0001',
  address: '東京都千代田区千代田１－１',
});

export const menjo = (a: Applicant & { from: string; to: string; kind?: 'full' | 'three-quarters' | 'half' | 'quarter' | 'deferment' }) => ({
  formCode: 'KOKUNEN_MENJO' as const,
  applicant: applicant(a),
  periodFrom: a.from,
  periodTo: a.to,
  exemptionKind: a.kind ?? 'full',
  reason: 'income' as const,
});

export const gakusei = (a: Applicant & { from: string; to: string }) => ({
  formCode: 'KOKUNEN_GAKUSEI' as const,
  applicant: applicant(a),
  schoolName: '国民大学',
  schoolKind: 'university' as const,
  periodFrom: a.from,
  periodTo: a.to,
  studentIdImage: { documentId: 'doc-1' },
});

export const kokunenShutoku = (a: Applicant & { acquisitionDate: string; reason?: 'age-20' | 'left-employment' | 'spouse-left-employment' | 'returned-from-abroad' | 'other'; additionalPremium?: boolean }) => ({
  formCode: 'KOKUNEN_SHUTOKU' as const,
  applicant: applicant(a),
  acquisitionDate: a.acquisitionDate,
  reason: a.reason ?? 'left-employment',
  ...(a.additionalPremium ? { additionalPremium: true } : {}),
});

export const fuka = (a: Applicant & { action: 'apply' | 'withdraw'; fromMonth: string }) => ({
  formCode: 'KOKUNEN_FUKA' as const,
  applicant: applicant(a),
  action: a.action,
  fromMonth: a.fromMonth,
});

export const koza = (a: Applicant & { action: 'apply' | 'cancel'; fromMonth: string; withAccount?: boolean }) => ({
  formCode: 'KOKUNEN_KOZA' as const,
  applicant: applicant(a),
  action: a.action,
  ...(a.withAccount === false || a.action === 'cancel'
    ? {}
    : { account: { kind: 'bank' as const, bankCode: '0001', branchCode: '001', accountType: '1' as const, accountNumber: '1234567', holderKana: 'ｺｸﾐﾝ ﾈﾝｷﾝ' }, debitCycle: 'monthly' as const }),
  fromMonth: a.fromMonth,
});

let arrival = 100_000_000_000_000_000n;
export const nextArrival = (): string => String(arrival++);

export type AcceptedInput = { body: FilingAcceptedData['body']; myNumbers?: ProtectedMyNumber[]; officeCode?: string; filingId?: string; receivedOn?: string; amends?: FilingAcceptedData['amends'] };

export const accepted = (a: AcceptedInput): FilingAcceptedData => ({
  filingId: a.filingId ?? randomUUID(),
  arrivalNumber: nextArrival(),
  formCode: a.body.formCode,
  channel: 'egov-api',
  officeCode: a.officeCode ?? OFFICE_CODE,
  submittedBy: { sub: 'acme-payroll', role: 'employer' },
  ...(a.amends ? { amends: a.amends } : {}),
  body: a.body,
  myNumbers: a.myNumbers ?? [],
  receivedOn: a.receivedOn ?? '2026-07-05',
});

/** A 国民年金 application a person filed (subject `person:<personId>`, no office). */
export const personFiling = (a: { body: FilingAcceptedData['body']; personId: string; myNumbers?: ProtectedMyNumber[]; filingId?: string; receivedOn?: string }): FilingAcceptedData => ({
  filingId: a.filingId ?? randomUUID(),
  arrivalNumber: nextArrival(),
  formCode: a.body.formCode,
  channel: 'mynaportal',
  personId: a.personId,
  submittedBy: { sub: a.personId, role: 'person' },
  body: a.body,
  myNumbers: a.myNumbers ?? [],
  receivedOn: a.receivedOn ?? '2026-07-05',
});

export type Envelope = { id: string; type: string; version: number; source: string; subject: string; occurredAt: string; correlationId: string; data: unknown };

export const envelopeOf = (type: string, subject: string, data: unknown, occurredAt = '2026-07-05T01:00:00.000Z'): Envelope => ({
  id: uuidv7(),
  type,
  version: 1,
  source: 'filing-intake',
  subject,
  occurredAt,
  correlationId: `flow-${randomUUID()}`,
  data,
});

const subjectOf = (d: FilingAcceptedData): string => d.officeCode ?? (d.personId === undefined ? OFFICE_CODE : `person:${d.personId}`);
export const acceptedEnvelope = (d: FilingAcceptedData): Envelope => envelopeOf(FilingEvents.ACCEPTED.type, subjectOf(d), d);
export const withdrawnEnvelope = (d: FilingAcceptedData): Envelope =>
  envelopeOf(FilingEvents.WITHDRAWN.type, subjectOf(d), { filingId: d.filingId, arrivalNumber: d.arrivalNumber, officeCode: d.officeCode });

/** A raw producer onto `<prefix>intake.filing`, as filing-intake's relay would publish. */
export const intakePublisher = async (topicPrefix: string) => {
  const producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const topic = `${topicPrefix}intake.filing`;
  return {
    topic,
    async publish(envelopes: readonly Envelope[]): Promise<void> {
      for (let i = 0; i < envelopes.length; i += 1_000) {
        await producer.send({
          topic,
          acks: -1,
          messages: envelopes.slice(i, i + 1_000).map((e) => ({
            key: e.subject,
            value: JSON.stringify(e),
            headers: { [EventHeaders.TYPE]: e.type, [EventHeaders.VERSION]: '1', [EventHeaders.CORRELATION_ID]: e.correlationId },
          })),
        });
      }
    },
    close: () => producer.disconnect(),
  };
};

const DUMP_TABLES: readonly [string, string][] = [
  ['persons', 'person_id'],
  ['employers', 'office_code'],
  ['enrolments', 'enrolment_id'],
  ['standard_remunerations', 'enrolment_id, effective_from'],
  ['bonus_payments', 'filing_id'],
  ['standard_bonuses', 'enrolment_id, month'],
  ['dependants', 'dependant_id'],
  ['exemption_applications', 'application_id'],
  ['kokumin_elections', 'filing_id'],
  ['filing_outcomes', 'filing_id'],
  ['held_filings', 'filing_id'],
];

/**
 * Every row of the record, ordered, as text. マイナンバー ciphertexts are random per encryption but
 * come from the filing itself, so they are compared too.
 */
export const dumpRecord = async (q: Queryable): Promise<string> => {
  const parts: string[] = [];
  for (const [table, order] of DUMP_TABLES) {
    const r = await q.query<{ row: string }>(`SELECT t::text AS row FROM ${table} t ORDER BY ${order}`);
    parts.push(`## ${table} (${r.rows.length})`, ...r.rows.map((x) => x.row));
  }
  return parts.join('\n');
};

export const countOutcomes = async (q: Queryable): Promise<number> =>
  Number((await q.query<{ n: number }>('SELECT count(*)::int AS n FROM filing_outcomes')).rows[0]?.n ?? 0);

export type Outcome = { filing_id: string; outcome: string; identity: string | null; person_id: string | null; reason_code: string | null; result: { decisions: { code: string }[] } };
export const outcomeOf = async (q: Queryable, filingId: string): Promise<Outcome | undefined> =>
  (await q.query<Outcome>('SELECT filing_id, outcome, identity, person_id, reason_code, result FROM filing_outcomes WHERE filing_id = $1', [filingId])).rows[0];
