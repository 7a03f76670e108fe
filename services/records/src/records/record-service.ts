/**
 * The record as people and staff see it: enrolment periods, the 標準報酬 month by month, bonuses,
 * exemptions and the months that count toward eligibility; the insured list of an employer; the
 * access log. Every read of personal data writes its audit rows in the same transaction as the read.
 */
import type { Pool } from '@nenkin/platform/db';
import { withTransaction } from '@nenkin/platform/db';
import type { Clock } from '@nenkin/platform/clock';
import { todayInJapan } from '@nenkin/platform/clock';
import { notFound } from '@nenkin/platform/errors';
import { addYearMonths, yearMonthOf } from '@nenkin/rules/dates';
import { ACCESS_LOG_LIMIT } from '../definitions';
import { recordRepository as repo, type AuditEntry, type EnrolmentView, type RecordRows, type StandardView } from './record-repository';
import type { Actor } from '../shared/actor';


const monthsBetween = (fromYm: string, toYm: string): string[] => {
  const out: string[] = [];
  for (let m = fromYm; m <= toYm; m = addYearMonths(m, 1)) out.push(m);
  return out;
};

/** 厚年 months: from the month of 資格取得 to the month before the month of 喪失 (資格喪失月は算入しない). */
const enrolmentMonths = (e: EnrolmentView, today: string): string[] => {
  const last = e.lost_on === null ? yearMonthOf(today) : addYearMonths(yearMonthOf(e.lost_on), -1);
  return monthsBetween(yearMonthOf(e.acquired_on), last);
};

/** 第2号・第3号 months count as 納付済; a 第1号 month is exempt (approved) or its payment is not recorded here. */
type Premium = 'paid' | 'exempt' | 'unrecorded';
const premiumOf = (category: number, exemption: string | undefined): Premium =>
  category !== 1 ? 'paid' : exemption === undefined ? 'unrecorded' : 'exempt';

export type MonthView = {
  month: string;
  scheme: 'kosei' | 'kokumin';
  category: number;
  officeCode?: string;
  grade?: number;
  standard?: number;
  premium: Premium;
  exemption?: string;
};

const inForce = (rows: readonly StandardView[], enrolmentId: string, month: string): StandardView | undefined =>
  rows.filter((r) => r.enrolment_id === enrolmentId && r.effective_from.slice(0, 7) <= month).at(-1);

export const recordService = (deps: { db: Pool; clock: Clock }) => {
  const audit = (entries: AuditEntry[]) => (tx: Parameters<typeof repo.audit>[0]) => repo.audit(tx, deps.clock.now(), entries);

  const getRecord = async (personId: string, actor: Actor, purpose: string) => {
    const rows = await repo.recordWithAudit(deps.db, personId, deps.clock.now(), {
      actorSub: actor.sub,
      actorRoles: actor.roles,
      action: 'record.read',
      purpose,
      requestId: actor.requestId,
    });
    if (rows === undefined) throw notFound('PERSON_NOT_FOUND', 'No record for this person');
    return shape(rows);
  };

  const shape = (rows: RecordRows) => {
    {
      const { person, enrolments, standards, bonuses, exemptions } = rows;
      const today = todayInJapan(deps.clock);
      const officeOf = new Map(enrolments.map((e) => [e.enrolment_id, e.office_code]));
      // Approved 免除・納付猶予・学生納付特例 months (pending and rejected applications never count).
      const exempt = new Map<string, string>();
      for (const x of exemptions) if (x.status === 'approved') for (const m of monthsBetween(x.period_from, x.period_to)) exempt.set(m, x.kind);
      const months: MonthView[] = enrolments.flatMap((e) =>
        enrolmentMonths(e, today).map((month) => {
          const s = e.scheme === 'kosei' ? inForce(standards, e.enrolment_id, month) : undefined;
          const kind = e.category === 1 ? exempt.get(month) : undefined;
          return {
            month,
            scheme: e.scheme,
            category: e.category,
            ...(e.office_code === null ? {} : { officeCode: e.office_code }),
            ...(s === undefined ? {} : { grade: s.grade, standard: s.standard }),
            premium: premiumOf(e.category, kind),
            ...(kind === undefined ? {} : { exemption: kind }),
          };
        }),
      );
      // An approved exemption makes its months 第1号 months even without a category-1 period on record
      // (a resident aged 20–59 not in 厚年 nor 第3号 is 第1号); months of 第2号 / 第3号 are never exempt.
      const enrolled = new Set(months.map((m) => m.month));
      for (const [month, kind] of exempt) {
        if (!enrolled.has(month) && month <= yearMonthOf(today)) months.push({ month, scheme: 'kokumin', category: 1, premium: premiumOf(1, kind), exemption: kind });
      }
      months.sort((a, b) => a.month.localeCompare(b.month) || a.category - b.category);
      const counted = new Set(months.filter((m) => m.premium !== 'unrecorded').map((m) => m.month));
      return {
        personId: person.person_id,
        status: person.status,
        ...(person.merged_into === null ? {} : { mergedInto: person.merged_into }),
        pensionNumber: person.pension_number,
        name: { kana: person.name_kana, ...(person.name_kanji === null ? {} : { kanji: person.name_kanji }) },
        birthDate: person.birth_date,
        ...(person.sex === null ? {} : { sex: person.sex }),
        enrolments: enrolments.map((e) => ({
          enrolmentId: e.enrolment_id,
          scheme: e.scheme,
          category: e.category,
          ...(e.office_code === null ? {} : { officeCode: e.office_code }),
          acquiredOn: e.acquired_on,
          ...(e.lost_on === null ? {} : { lostOn: e.lost_on }),
          ...(e.loss_cause === null ? {} : { lossCause: e.loss_cause }),
        })),
        decisions: standards.map((s) => ({
          enrolmentId: s.enrolment_id,
          effectiveFrom: s.effective_from,
          kind: s.kind,
          grade: s.grade,
          standard: s.standard,
          ...(s.kenpo_grade === null ? {} : { kenpoGrade: s.kenpo_grade }),
          ...(s.kenpo_standard === null ? {} : { kenpoStandard: s.kenpo_standard }),
        })),
        months,
        bonuses: bonuses.map((b) => ({ month: b.month, ...(officeOf.get(b.enrolment_id) ? { officeCode: officeOf.get(b.enrolment_id) as string } : {}), amount: b.amount, kosei: b.kosei, kenpo: b.kenpo })),
        exemptions: exemptions.map((x) => ({ applicationId: x.application_id, kind: x.kind, from: x.period_from, to: x.period_to, status: x.status })),
        /**
         * Months that count toward the 10-year 受給資格期間, each month once: 厚年 (第2号), 第3号, and 第1号
         * months with an approved exemption (学生納付特例・納付猶予 included). 第1号 months without one are
         * `unrecorded`: 国民年金 premium payments are not held by this service.
         */
        eligibility: { months: counted.size, asOf: today },
      };
    }
  };

  const getInsured = async (officeCode: string, actor: Actor) =>
    withTransaction(deps.db, async (tx) => {
      const today = todayInJapan(deps.clock);
      const rows = await repo.insured(tx, officeCode, today);
      await audit(
        rows.map((r) => ({
          actorSub: actor.sub,
          actorRoles: actor.roles,
          actorEmployer: officeCode,
          personId: r.person_id,
          action: 'employer.insured-list',
          purpose: 'employer-insured-list',
          requestId: actor.requestId,
        })),
      )(tx);
      return { officeCode, asOf: today, rows };
    });

  const accessLog = async (personId: string) => {
    const rows = await repo.accessLog(deps.db, personId, ACCESS_LOG_LIMIT);
    return rows.map((r) => ({
      at: r.at.toISOString(),
      actor: r.actor_roles.includes('staff') ? { kind: 'staff', id: r.actor_sub } : r.actor_employer !== null ? { kind: 'employer', officeCode: r.actor_employer } : { kind: r.actor_roles.includes('person') ? 'self' : 'other' },
      action: r.action,
      purpose: r.purpose,
    }));
  };

  return { getRecord, getInsured, accessLog };
};
export type RecordService = ReturnType<typeof recordService>;
