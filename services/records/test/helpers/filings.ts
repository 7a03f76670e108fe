/**
 * Test inputs for records: filing.accepted / filing.withdrawn envelopes as filing-intake publishes
 * them (raw kafkajs producer on the test's own topics), form bodies, protected マイナンバー, and an
 * ordered dump of every table of the record (the replay and crash tests compare dumps).
 */
import { randomUUID } from 'node:crypto';
import { EventHeaders } from '@nenkin/contracts/envelope';
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

export const acceptedEnvelope = (d: FilingAcceptedData): Envelope => envelopeOf(FilingEvents.ACCEPTED.type, d.officeCode ?? OFFICE_CODE, d);
export const withdrawnEnvelope = (d: FilingAcceptedData): Envelope =>
  envelopeOf(FilingEvents.WITHDRAWN.type, d.officeCode ?? OFFICE_CODE, { filingId: d.filingId, arrivalNumber: d.arrivalNumber, officeCode: d.officeCode });

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
