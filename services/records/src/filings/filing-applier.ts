/**
 * Applies one accepted filing to the record: identity, the form's rule, the record's writes, the
 * outcome and the events (domain events and notice requests) to emit.
 *
 * Atomicity per filing without savepoints: every check that can reject a filing (identity, the
 * contradictions with the record, the decision rules — a RangeError from a rule included) runs
 * before the filing's first write; once writing starts nothing can reject it any more. A rejected or
 * held filing therefore leaves no trace but its outcome row. An unexpected error (a bug, the
 * database) aborts the whole transaction, so a half-applied filing can never commit.
 *
 * Determinism: ids come from the filing id, dates from the filing, the outcome from the record as
 * the earlier filings left it — the same input in the same per-key order gives the same rows.
 *
 * The employer forms 資格取得・喪失・算定・月変・賞与 are here; 被扶養者（異動）届 in dependants-applier,
 * the 国民年金 applications in kokumin-applier; what they share in apply-kit.
 */
import type { FilingAcceptedData } from '@nenkin/contracts/intake';
import { RecordDomainEvents, RecordNoticeTypes } from '@nenkin/contracts/records';
import type { Queryable } from '@nenkin/platform/db';
import { addDays, addYearMonths, fiscalYear, fiscalYearRange, lastOfMonth, yearMonthOf } from '@nenkin/rules/dates';
import { teijiKettei, zuijiKaitei, standardBonus } from '@nenkin/rules/decisions';
import { gradeFor } from '@nenkin/rules/grades';
import { enrolmentIdOf } from '../shared/ids';
import {
  createPerson, enrolmentAt, identify, identifyInsured, insuredOn, myNumberAt, notices, officeCodeOf, ref, ruled, sexOfKind, standardOn,
  type Body, type Ctx, type ForcedIdentity,
} from './apply-kit';
import { applyHifuyosha } from './dependants-applier';
import { applyKokunenElection, applyKokunenExemption, applyKokunenShutoku } from './kokumin-applier';
import { CATEGORY_CHANGE } from '../definitions';
import { filingRepository as repo, type EnrolmentRow, type StandardRow } from './filing-repository';
import type { IdentityInput } from './identity';
import { msg, reject, RecordRuleError, yen, type Decision, type Emission, type FilingResult } from './outcomes';

export type { ForcedIdentity } from './apply-kit';

const remunerationEvent = (ctx: Ctx, personId: string, s: StandardRow): Emission => ({
  def: RecordDomainEvents.REMUNERATION_DECIDED,
  subject: personId,
  data: {
    personId,
    enrolmentId: s.enrolment_id,
    officeCode: ctx.officeCode,
    kind: s.kind,
    effectiveFrom: s.effective_from,
    grade: s.grade,
    standard: s.standard,
    ...(s.kenpo_grade === null ? {} : { kenpoGrade: s.kenpo_grade }),
    ...(s.kenpo_standard === null ? {} : { kenpoStandard: s.kenpo_standard }),
    ...(s.monthly_pay === null ? {} : { monthlyPay: s.monthly_pay }),
    filing: ref(ctx.data),
  },
});

// ─── 資格取得届 ─────────────────────────────────────────────────────────────────────────────

const applyShutoku = async (ctx: Ctx, b: Body<'2200700'>): Promise<FilingResult> => {
  const mn = myNumberAt(ctx.data, '/myNumber');
  const input: IdentityInput = {
    myNumberHash: mn?.hash,
    pensionNumber: b.pensionNumber,
    nameKana: b.nameKana,
    birthDate: b.birthDate,
    sex: sexOfKind(b.kind),
    officeCode: ctx.officeCode,
  };
  const who = await identify(ctx, input, { nameKanji: b.nameKanji, role: 'insured' });
  if (who.kind === 'result') return who.result;
  const { person, created } = who;
  const identity = created ? 'created' : 'matched';
  // 種別変更 to 第2号: a 国民年金 category-1 / category-3 period open on the 取得日 ends that day.
  let kokumin: EnrolmentRow[] = [];
  if (!created) {
    const enrolments = await repo.enrolmentsOfPerson(ctx.q, person.person_id);
    const open = enrolments.find(
      (e) => e.scheme === 'kosei' && e.office_code === ctx.officeCode && (e.lost_on === null || e.lost_on > b.acquisitionDate),
    );
    if (open) {
      return reject('ALREADY_ENROLLED', `この事業所で既に資格を取得しています（${open.acquired_on}）`, `already insured at this office since ${open.acquired_on}`, person.person_id);
    }
    // A 国民年金 period that starts on the 取得日 cannot be closed on it (a period has at least one day):
    // the two filings contradict each other — rejected for staff, as the mirror cases are.
    const sameDay = enrolments.find((e) => e.scheme === 'kokumin' && e.acquired_on === b.acquisitionDate);
    if (sameDay) {
      return reject(
        `CATEGORY_${sameDay.category}_FROM_SAME_DATE`,
        `${sameDay.acquired_on} から国民年金第${sameDay.category}号被保険者として記録されています`,
        `recorded as 国民年金 category ${sameDay.category} from ${sameDay.acquired_on}`,
        person.person_id,
      );
    }
    kokumin = enrolments.filter((e) => e.scheme === 'kokumin' && e.acquired_on < b.acquisitionDate && insuredOn(e, b.acquisitionDate));
  }
  // 資格取得時決定: 報酬月額 (通貨 + 現物) → the grade of the table in force on the 取得日.
  const pay = b.remuneration.cash + b.remuneration.inKind;
  const kosei = ruled(() => gradeFor('kosei', pay, b.acquisitionDate));
  const kenpo = ruled(() => gradeFor('kenpo', pay, b.acquisitionDate));

  // ── writes (nothing below can reject) ──
  if (created) await createPerson(ctx, person, mn?.cipher);
  else await repo.completePerson(ctx.q, person.person_id, { myNumberHash: mn?.hash, myNumberCipher: mn?.cipher, nameKanji: b.nameKanji, sex: sexOfKind(b.kind) });
  await repo.upsertEmployer(ctx.q, ctx.officeCode, b.officeNumber, ctx.data.filingId, ctx.data.receivedOn);
  for (const k of kokumin) await repo.closeEnrolment(ctx.q, k.enrolment_id, b.acquisitionDate, CATEGORY_CHANGE.TO_2, ctx.data.filingId);
  const enrolmentId = enrolmentIdOf(ctx.data.filingId);
  await repo.insertEnrolment(ctx.q, {
    enrolment_id: enrolmentId,
    person_id: person.person_id,
    scheme: 'kosei',
    category: 2,
    office_code: ctx.officeCode,
    insured_number: b.insuredNumber ?? null,
    acquired_on: b.acquisitionDate,
    lost_on: null,
    loss_cause: null,
    acquired_filing: ctx.data.filingId,
  });
  const standard: StandardRow = {
    enrolment_id: enrolmentId,
    effective_from: b.acquisitionDate,
    kind: 'acquisition',
    grade: kosei.grade,
    standard: kosei.standard,
    kenpo_grade: kenpo.grade,
    kenpo_standard: kenpo.standard,
    monthly_pay: pay,
    filing_id: ctx.data.filingId,
  };
  await repo.insertStandard(ctx.q, person.person_id, standard);
  const decisions: Decision[] = [
    msg('ENROLMENT_OPENED', `厚生年金保険 資格取得 ${b.acquisitionDate}`, `厚生年金 enrolment from ${b.acquisitionDate}`),
    msg('STANDARD_DECIDED', `標準報酬月額 ${yen(kosei.standard)}円（${kosei.grade}等級）、健保 ${yen(kenpo.standard)}円（${kenpo.grade}等級）`, `standard monthly remuneration ${yen(kosei.standard)} (grade ${kosei.grade}); health ${yen(kenpo.standard)} (grade ${kenpo.grade})`),
  ];
  if (created) decisions.unshift(msg('PERSON_CREATED', '基礎年金番号を付番しました', 'a new basic pension number was assigned'));
  for (const k of kokumin) {
    decisions.push(msg(`CATEGORY_${k.category}_CLOSED`, `国民年金第${k.category}号被保険者期間は ${b.acquisitionDate} に種別変更されました`, `the category-${k.category} period ends on ${b.acquisitionDate} (category change)`));
  }
  return {
    outcome: 'applied',
    identity,
    personId: person.person_id,
    decisions,
    emissions: [
      ...kokumin.map((k) => ({
        def: RecordDomainEvents.ENROLMENT_CHANGED,
        subject: person.person_id,
        data: { personId: person.person_id, enrolmentId: k.enrolment_id, scheme: 'kokumin', category: k.category, change: 'lost', acquiredOn: k.acquired_on, lostOn: b.acquisitionDate, lossCause: CATEGORY_CHANGE.TO_2, filing: ref(ctx.data) },
      })),
      {
        def: RecordDomainEvents.ENROLMENT_CHANGED,
        subject: person.person_id,
        data: { personId: person.person_id, enrolmentId, scheme: 'kosei', category: 2, officeCode: ctx.officeCode, change: 'acquired', acquiredOn: b.acquisitionDate, filing: ref(ctx.data) },
      },
      remunerationEvent(ctx, person.person_id, standard),
      ...notices(ctx, RecordNoticeTypes.ACQUISITION, `acquisition:${enrolmentId}`, person.person_id, {
        nameKana: b.nameKana,
        ...(b.insuredNumber === undefined ? {} : { insuredNumber: b.insuredNumber }),
        birthDate: b.birthDate,
        acquiredOn: b.acquisitionDate,
        grade: kosei.grade,
        standard: kosei.standard,
        kenpoGrade: kenpo.grade,
        kenpoStandard: kenpo.standard,
      }),
    ],
  };
};

// ─── 資格喪失届 ─────────────────────────────────────────────────────────────────────────────

/** 喪失原因 7 (75歳到達) and 9 (障害認定) end 健康保険 only: the 厚年 enrolment stays open. */
const HEALTH_ONLY_CAUSES = new Set(['7', '9']);

const applySoshitsu = async (ctx: Ctx, b: Body<'2201700'>): Promise<FilingResult> => {
  const who = await identifyInsured(ctx, b);
  if (who.kind === 'result') return who.result;
  const personId = who.person.person_id;
  // 退職等・死亡: 喪失日 = 退職日／死亡日の翌日.
  const lossDate = b.lossDate ?? (b.retirementOrDeathDate === undefined ? undefined : addDays(b.retirementOrDeathDate, 1));
  if (lossDate === undefined) return reject('LOSS_DATE_MISSING', '資格喪失年月日がありません', 'no loss date', personId);
  const enrolments = (await repo.enrolmentsOfPerson(ctx.q, personId)).filter((e) => e.scheme === 'kosei' && e.office_code === ctx.officeCode);
  if (enrolments.length === 0) return reject('NOT_ENROLLED', 'この事業所での資格取得の記録がありません', 'no enrolment at this office', personId);
  const current = enrolments.filter((e) => e.acquired_on < lossDate).at(-1);
  if (current === undefined) {
    return reject('LOSS_BEFORE_ACQUISITION', `喪失日 ${lossDate} が資格取得日 ${enrolments[0]?.acquired_on ?? ''} 以前です`, `loss date ${lossDate} is not after the acquisition date`, personId);
  }
  if (current.lost_on !== null) {
    return reject('ALREADY_LOST', `既に ${current.lost_on} に資格を喪失しています`, `already lost on ${current.lost_on}`, personId);
  }
  if (HEALTH_ONLY_CAUSES.has(b.lossCause)) {
    return {
      outcome: 'applied',
      identity: 'matched',
      personId,
      decisions: [msg('HEALTH_INSURANCE_ONLY', '健康保険のみの喪失です（厚生年金保険の資格は継続）', 'health insurance only; the pension enrolment continues')],
      emissions: [],
    };
  }
  await repo.closeEnrolment(ctx.q, current.enrolment_id, lossDate, b.lossCause, ctx.data.filingId);
  return {
    outcome: 'applied',
    identity: 'matched',
    personId,
    decisions: [msg('ENROLMENT_CLOSED', `厚生年金保険 資格喪失 ${lossDate}（原因 ${b.lossCause}）`, `厚生年金 enrolment ends; lost on ${lossDate} (cause ${b.lossCause})`)],
    emissions: [
      {
        def: RecordDomainEvents.ENROLMENT_CHANGED,
        subject: personId,
        data: { personId, enrolmentId: current.enrolment_id, scheme: 'kosei', category: 2, officeCode: ctx.officeCode, change: 'lost', acquiredOn: current.acquired_on, lostOn: lossDate, lossCause: b.lossCause, filing: ref(ctx.data) },
      },
      ...notices(ctx, RecordNoticeTypes.LOSS, `loss:${current.enrolment_id}`, personId, {
        nameKana: b.nameKana,
        ...(b.insuredNumber === undefined ? {} : { insuredNumber: b.insuredNumber }),
        acquiredOn: current.acquired_on,
        lostOn: lossDate,
        lossCause: b.lossCause,
      }),
    ],
  };
};

// ─── 算定基礎届 (定時決定) ─────────────────────────────────────────────────────────────────

const applySantei = async (ctx: Ctx, b: Body<'2225700'>): Promise<FilingResult> => {
  const who = await identifyInsured(ctx, b);
  if (who.kind === 'result') return who.result;
  const personId = who.person.person_id;
  const year = Number(b.applicableMonth.slice(0, 4));
  const july1 = `${year}-07-01`;
  // 定時決定: everyone insured on 1 July.
  const enrolment = await enrolmentAt(ctx, personId, july1);
  if (enrolment === undefined) {
    return reject('NOT_INSURED_ON_JULY_1', `${july1} にこの事業所の被保険者ではありません`, `not insured at this office on ${july1}`, personId);
  }
  const history = await repo.standardsOf(ctx.q, enrolment.enrolment_id);
  const effectiveFrom = `${year}-09-01`;
  const existing = history.find((s) => s.effective_from === effectiveFrom);
  if (existing && ctx.data.amends === undefined) {
    return reject('ALREADY_DECIDED', `${effectiveFrom} からの標準報酬は決定済みです（${existing.kind}）`, `the standard from ${effectiveFrom} is already decided (${existing.kind})`, personId);
  }
  if (existing?.kind === 'zuiji') {
    return reject('ZUIJI_FROM_JULY_TO_SEPTEMBER', '7月〜9月の随時改定があるため定時決定の対象外です', 'a 随時改定 from July–September replaces this 定時決定', personId);
  }
  const previous = standardOn(history, `${year}-08-31`);
  const zuijiThisYear = history.filter((s) => s.kind === 'zuiji' && s.effective_from.startsWith(`${year}-`)).at(-1);
  const acquiredMonth = yearMonthOf(enrolment.acquired_on);
  const result = ruled(() =>
    teijiKettei({
      year,
      months: (['04', '05', '06'] as const).map((month, i) => {
        const m = b.months[i] as (typeof b.months)[number];
        // 途中入社: the month of a mid-month acquisition is not a full month's pay.
        const partial = acquiredMonth === `${year}-${month}` && !enrolment.acquired_on.endsWith('-01');
        return { month, baseDays: m.days, cash: m.cash, inKind: m.inKind, ...(partial ? { partial: true } : {}) };
      }),
      ...(b.shortTimeWorker === true ? { shortTime: true } : {}),
      ...(b.partTimeWorker === true ? { partTime: true } : {}),
      ...(b.adjustedAverage === undefined ? {} : { correctedAverage: b.adjustedAverage }),
      ...(previous === undefined ? {} : { previousStandard: previous.standard }),
      qualifiedOn: enrolment.acquired_on,
      ...(zuijiThisYear === undefined ? {} : { zuijiFrom: zuijiThisYear.effective_from.slice(0, 7) }),
    }),
  );
  if (result.kind === 'excluded') {
    return {
      outcome: 'applied',
      identity: 'matched',
      personId,
      decisions: [
        msg(
          result.reason,
          result.reason === 'JOINED_ON_OR_AFTER_JUNE_1' ? '6月1日以降の資格取得のため定時決定の対象外です' : '7月〜9月の随時改定があるため定時決定の対象外です',
          result.reason === 'JOINED_ON_OR_AFTER_JUNE_1' ? 'joined on or after 1 June: not subject to this 定時決定' : 'a 随時改定 from July–September applies instead',
        ),
      ],
      emissions: [],
    };
  }
  let standard: StandardRow;
  if (result.kind === 'kept') {
    if (previous === undefined) {
      return reject('NO_MONTH_COUNTED', '支払基礎日数を満たす月がなく、従前の標準報酬もありません', 'no month counts and there is no previous standard', personId);
    }
    standard = { ...previous, effective_from: effectiveFrom, kind: 'kept', filing_id: ctx.data.filingId, monthly_pay: null };
  } else {
    standard = {
      enrolment_id: enrolment.enrolment_id,
      effective_from: effectiveFrom,
      kind: 'teiji',
      grade: result.kosei.grade,
      standard: result.kosei.standard,
      kenpo_grade: result.kenpo.grade,
      kenpo_standard: result.kenpo.standard,
      monthly_pay: result.basis,
      filing_id: ctx.data.filingId,
    };
  }
  // ── writes ──
  if (existing) await repo.deleteStandard(ctx.q, enrolment.enrolment_id, effectiveFrom);
  await repo.insertStandard(ctx.q, personId, standard);
  const decision =
    result.kind === 'kept'
      ? msg('STANDARD_KEPT', `支払基礎日数を満たす月がないため従前の標準報酬月額 ${yen(standard.standard)}円 を ${effectiveFrom} から継続します`, `no month counted: the previous ${yen(standard.standard)} continues from ${effectiveFrom}`)
      : msg('STANDARD_DECIDED', `定時決定: ${effectiveFrom} から標準報酬月額 ${yen(standard.standard)}円（${standard.grade}等級）`, `定時決定: ${yen(standard.standard)} (grade ${standard.grade}) from ${effectiveFrom}`);
  return {
    outcome: 'applied',
    identity: 'matched',
    personId,
    decisions: [decision],
    emissions: [
      remunerationEvent(ctx, personId, standard),
      ...notices(ctx, RecordNoticeTypes.TEIJI, `remuneration:${enrolment.enrolment_id}:${effectiveFrom}`, personId, {
        nameKana: b.nameKana,
        ...(b.insuredNumber === undefined ? {} : { insuredNumber: b.insuredNumber }),
        kind: standard.kind,
        effectiveFrom,
        grade: standard.grade,
        standard: standard.standard,
        ...(standard.kenpo_grade === null ? {} : { kenpoGrade: standard.kenpo_grade, kenpoStandard: standard.kenpo_standard }),
        ...(previous === undefined ? {} : { previousStandard: previous.standard }),
      }),
    ],
  };
};

// ─── 月額変更届 (随時改定) ─────────────────────────────────────────────────────────────────

const ZUIJI_REASONS: Readonly<Record<string, { ja: string; en: string }>> = {
  NO_FIXED_PAY_CHANGE: { ja: '固定的賃金の変動がありません', en: 'no change of fixed pay' },
  INSUFFICIENT_BASE_DAYS: { ja: '支払基礎日数が17日（短時間労働者は11日）未満の月があります', en: 'a month has fewer base days than required' },
  DIRECTION_MISMATCH: { ja: '昇給（降給）と等級の変動の方向が一致しません', en: 'the grade moves against the direction of the pay change' },
  LESS_THAN_TWO_GRADES: { ja: '2等級以上の差が生じていません', en: 'the grade moves by less than two' },
};

const applyGeppen = async (ctx: Ctx, b: Body<'2221700'>): Promise<FilingResult> => {
  const who = await identifyInsured(ctx, b);
  if (who.kind === 'result') return who.result;
  const personId = who.person.person_id;
  const effectiveFrom = `${b.revisionMonth}-01`;
  const changeMonth = addYearMonths(b.revisionMonth, -3);
  const enrolment = await enrolmentAt(ctx, personId, effectiveFrom);
  if (enrolment === undefined) {
    return reject('NOT_INSURED', `${effectiveFrom} にこの事業所の被保険者ではありません`, `not insured at this office on ${effectiveFrom}`, personId);
  }
  if (enrolment.acquired_on > `${changeMonth}-01`) {
    return reject('CHANGE_BEFORE_ACQUISITION', '変動月が資格取得より前です', 'the pay change month is before the acquisition', personId);
  }
  const history = await repo.standardsOf(ctx.q, enrolment.enrolment_id);
  const current = standardOn(history, addDays(effectiveFrom, -1));
  if (current === undefined) return reject('NO_CURRENT_STANDARD', '従前の標準報酬月額の記録がありません', 'no current standard on record', personId);
  const existing = history.find((s) => s.effective_from === effectiveFrom);
  if (existing?.kind === 'zuiji' && ctx.data.amends === undefined) {
    return reject('ALREADY_DECIDED', `${effectiveFrom} からの随時改定は決定済みです`, `a 随時改定 from ${effectiveFrom} is already decided`, personId);
  }
  const fixedPayChange = b.payChangeKind === '1' ? 'increase' : b.payChangeKind === '2' ? 'decrease' : 'none';
  const months = b.months.map((m) => ({ baseDays: m.days, cash: m.cash, inKind: m.inKind })) as [
    { baseDays: number; cash: number; inKind: number },
    { baseDays: number; cash: number; inKind: number },
    { baseDays: number; cash: number; inKind: number },
  ];
  const shortTime = b.shortTimeWorker === true ? { shortTime: true } : {};
  const kosei = ruled(() =>
    zuijiKaitei({ scheme: 'kosei', changeMonth, fixedPayChange, months, currentStandard: current.standard, ...(current.monthly_pay === null ? {} : { currentMonthlyPay: current.monthly_pay }), ...shortTime }),
  );
  if (kosei.kind === 'not-applicable') {
    const r = ZUIJI_REASONS[kosei.reason] ?? { ja: kosei.reason, en: kosei.reason };
    return reject(kosei.reason, `随時改定に該当しません: ${r.ja}`, `not a 随時改定: ${r.en}`, personId);
  }
  const kenpo =
    current.kenpo_standard === null
      ? undefined
      : ruled(() => zuijiKaitei({ scheme: 'kenpo', changeMonth, fixedPayChange, months, currentStandard: current.kenpo_standard as number, ...shortTime }));
  const kenpoRow = kenpo?.kind === 'decided' ? { grade: kenpo.grade, standard: kenpo.standard } : ruled(() => gradeFor('kenpo', kosei.average, effectiveFrom));
  const standard: StandardRow = {
    enrolment_id: enrolment.enrolment_id,
    effective_from: effectiveFrom,
    kind: 'zuiji',
    grade: kosei.grade,
    standard: kosei.standard,
    kenpo_grade: kenpoRow.grade,
    kenpo_standard: kenpoRow.standard,
    monthly_pay: kosei.average,
    filing_id: ctx.data.filingId,
  };
  // A 随時改定 from July–September replaces that year's 定時決定 (already decided or kept).
  const year = effectiveFrom.slice(0, 4);
  const revisionMonth = effectiveFrom.slice(5, 7);
  const superseded =
    ['07', '08', '09'].includes(revisionMonth)
      ? history.find((s) => s.effective_from === `${year}-09-01` && (s.kind === 'teiji' || s.kind === 'kept'))
      : undefined;
  // ── writes ──
  if (existing) await repo.deleteStandard(ctx.q, enrolment.enrolment_id, effectiveFrom);
  if (superseded && superseded.effective_from !== effectiveFrom) await repo.deleteStandard(ctx.q, enrolment.enrolment_id, superseded.effective_from);
  await repo.insertStandard(ctx.q, personId, standard);
  const decisions = [
    msg('STANDARD_REVISED', `随時改定: ${effectiveFrom} から標準報酬月額 ${yen(current.standard)}円 → ${yen(standard.standard)}円（${standard.grade}等級）`, `随時改定: ${yen(current.standard)} → ${yen(standard.standard)} (grade ${standard.grade}) from ${effectiveFrom}`),
  ];
  if (superseded) decisions.push(msg('TEIJI_SUPERSEDED', `${year}年の定時決定は随時改定に置き換えられました`, `the ${year} 定時決定 is replaced by this 随時改定`));
  return {
    outcome: 'applied',
    identity: 'matched',
    personId,
    decisions,
    emissions: [
      remunerationEvent(ctx, personId, standard),
      ...notices(ctx, RecordNoticeTypes.ZUIJI, `remuneration:${enrolment.enrolment_id}:${effectiveFrom}`, personId, {
        nameKana: b.nameKana,
        ...(b.insuredNumber === undefined ? {} : { insuredNumber: b.insuredNumber }),
        kind: 'zuiji',
        effectiveFrom,
        grade: standard.grade,
        standard: standard.standard,
        kenpoGrade: kenpoRow.grade,
        kenpoStandard: kenpoRow.standard,
        previousStandard: current.standard,
      }),
    ],
  };
};

// ─── 賞与支払届 ─────────────────────────────────────────────────────────────────────────────

const applyShoyo = async (ctx: Ctx, b: Body<'2265700'>): Promise<FilingResult> => {
  const who = await identifyInsured(ctx, b);
  if (who.kind === 'result') return who.result;
  const personId = who.person.person_id;
  const enrolment = await enrolmentAt(ctx, personId, b.paymentDate);
  if (enrolment === undefined) {
    return reject('NOT_INSURED', `賞与支払日 ${b.paymentDate} にこの事業所の被保険者ではありません`, `not insured at this office on ${b.paymentDate}`, personId);
  }
  // 資格喪失月の賞与は対象外: insured at the end of the month of payment.
  if (enrolment.lost_on !== null && enrolment.lost_on <= lastOfMonth(b.paymentDate)) {
    return reject('LOST_IN_MONTH_OF_PAYMENT', '資格喪失月に支払われた賞与は標準賞与額の対象外です', 'a bonus paid in the month of loss is not subject', personId);
  }
  const fy = fiscalYearRange(fiscalYear(b.paymentDate));
  const paid = await repo.bonusPaymentsBetween(ctx.q, enrolment.enrolment_id, fy.from, fy.to);
  const same = paid.find((p) => p.paid_on === b.paymentDate);
  if (same && ctx.data.amends === undefined) {
    return reject('ALREADY_RECORDED', `${b.paymentDate} 支払の賞与は届出済みです`, `a bonus paid on ${b.paymentDate} is already recorded`, personId);
  }
  const others = paid.filter((p) => p.paid_on !== b.paymentDate);
  const month = b.paymentDate.slice(0, 7);
  const toPayment = (p: { paid_on: string; cash: number; in_kind: number }) => ({ paidOn: p.paid_on, cash: p.cash, inKind: p.in_kind });
  const result = ruled(() =>
    standardBonus({
      payments: [...others.filter((p) => p.paid_on.startsWith(month)).map(toPayment), { paidOn: b.paymentDate, cash: b.cash, inKind: b.inKind }],
      priorPayments: others.filter((p) => p.paid_on < `${month}-01`).map(toPayment),
    }),
  );
  // ── writes ──
  if (same) await repo.deleteBonusPayment(ctx.q, enrolment.enrolment_id, b.paymentDate);
  await repo.insertBonusPayment(ctx.q, personId, { filing_id: ctx.data.filingId, enrolment_id: enrolment.enrolment_id, paid_on: b.paymentDate, cash: b.cash, in_kind: b.inKind });
  await repo.upsertStandardBonus(ctx.q, {
    enrolmentId: enrolment.enrolment_id,
    month,
    personId,
    amount: result.amount,
    kosei: result.kosei,
    koseiCapped: result.koseiCapped,
    kenpo: result.kenpo,
    kenpoCapped: result.kenpoCapped,
    kenpoCumulative: result.kenpoCumulative,
  });
  // Later months of the fiscal year keep their figures: their 健保 cumulative cap is recomputed when
  // they are next filed; a bonus is filed within 5 days of payment, so months arrive in order.
  const decisions = [
    msg('STANDARD_BONUS_DECIDED', `標準賞与額（${month}）: 厚年 ${yen(result.kosei)}円、健保 ${yen(result.kenpo)}円`, `standard bonus for ${month}: pension ${yen(result.kosei)}, health ${yen(result.kenpo)}`),
  ];
  if (result.koseiCapped) decisions.push(msg('KOSEI_BONUS_CAPPED', '厚生年金の上限（月150万円）を適用しました', 'the pension cap of 1,500,000 a month applies'));
  if (result.kenpoCapped) decisions.push(msg('KENPO_BONUS_CAPPED', '健康保険の年度累計上限（573万円）を適用しました', 'the health insurance annual cap of 5,730,000 applies'));
  return {
    outcome: 'applied',
    identity: 'matched',
    personId,
    decisions,
    emissions: [
      {
        def: RecordDomainEvents.BONUS_RECORDED,
        subject: personId,
        data: {
          personId,
          enrolmentId: enrolment.enrolment_id,
          officeCode: ctx.officeCode,
          paidOn: b.paymentDate,
          month,
          amount: result.amount,
          kosei: result.kosei,
          koseiCapped: result.koseiCapped,
          kenpo: result.kenpo,
          kenpoCapped: result.kenpoCapped,
          filing: ref(ctx.data),
        },
      },
      ...notices(ctx, RecordNoticeTypes.BONUS, `bonus:${enrolment.enrolment_id}:${b.paymentDate}`, personId, {
        nameKana: b.nameKana,
        ...(b.insuredNumber === undefined ? {} : { insuredNumber: b.insuredNumber }),
        paidOn: b.paymentDate,
        amount: result.amount,
        kosei: result.kosei,
        kenpo: result.kenpo,
      }),
    ],
  };
};

// ─── dispatch ──────────────────────────────────────────────────────────────────────────────

/** Forms this version records but does not apply yet: held (kept, never lost) for a later version or staff. */
const notYetApplied = (formCode: string): FilingResult => ({
  outcome: 'held',
  candidates: [],
  reason: msg('FORM_NOT_YET_APPLIED', `様式 ${formCode} は記録への自動反映に未対応のため、保留しました`, `form ${formCode} is not applied automatically yet; held`),
});

/** Identity lock keys of a filing: the birth date and identifiers of every person it may create. */
export const identityLockKeysOf = (d: FilingAcceptedData): string[] => {
  const b = d.body;
  const who =
    b.formCode === '2200700'
      ? { birthDate: b.birthDate, pensionNumber: b.pensionNumber, path: '/myNumber' }
      : b.formCode === '2202700' && b.spouse !== undefined && b.changeType === '1'
        ? { birthDate: b.spouse.birthDate, pensionNumber: b.spouse.pensionNumber, path: '/spouse/myNumber' }
        : b.formCode === 'KOKUNEN_SHUTOKU'
          ? { birthDate: b.applicant.birthDate, pensionNumber: b.applicant.pensionNumber, path: '/applicant/myNumber' }
          : undefined;
  if (who === undefined) return [];
  const keys = [`birth:${who.birthDate}`];
  if (who.pensionNumber !== undefined) keys.push(`pn:${who.pensionNumber}`);
  const mn = myNumberAt(d, who.path);
  if (mn) keys.push(`mn:${mn.hash}`);
  return keys;
};

export const applyFiling = async (q: Queryable, data: FilingAcceptedData, subject: string, forced?: ForcedIdentity): Promise<FilingResult> => {
  const ctx: Ctx = { q, data, officeCode: officeCodeOf(data, subject), ...(forced === undefined ? {} : { forced }) };
  const b = data.body;
  try {
    switch (b.formCode) {
      case '2200700':
        return await applyShutoku(ctx, b);
      case '2201700':
        return await applySoshitsu(ctx, b);
      case '2225700':
        return await applySantei(ctx, b);
      case '2221700':
        return await applyGeppen(ctx, b);
      case '2265700':
        return await applyShoyo(ctx, b);
      case '2202700':
        return await applyHifuyosha(ctx, b);
      case 'KOKUNEN_MENJO':
      case 'KOKUNEN_GAKUSEI':
        return await applyKokunenExemption(ctx, b);
      case 'KOKUNEN_SHUTOKU':
        return await applyKokunenShutoku(ctx, b);
      case 'KOKUNEN_FUKA':
      case 'KOKUNEN_KOZA':
        return await applyKokunenElection(ctx, b);
      default:
        return notYetApplied((b as { formCode: string }).formCode);
    }
  } catch (err) {
    if (err instanceof RecordRuleError) return reject(err.code, err.ja, err.en);
    throw err;
  }
};
