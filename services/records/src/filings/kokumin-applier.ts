/**
 * 国民年金 applications individuals file (subject `person:<personId>`):
 *
 * - 免除・納付猶予 (KOKUNEN_MENJO) and 学生納付特例 (KOKUNEN_GAKUSEI): an `exemption_applications` row,
 *   `pending` until staff approve or reject it (exemption-service); a pending or rejected application
 *   never counts. Rejected when the months are not 20–59, span two 免除年度 (7月–翌6月; 学生 4月–翌3月),
 *   fall in a 厚年 (第2号) or 第3号 period, or overlap a pending / approved application.
 * - 第1号資格取得・種別変更 (KOKUNEN_SHUTOKU): a category-1 enrolment from the date; an open category-3
 *   period closes that day (種別変更 3 → 1); rejected when 厚年 covers the date or category 1 is open.
 *   The only 国年 application that may create a person — with the kana name, birth date and a
 *   基礎年金番号 or マイナンバー (the form requires one of them), near misses held as for 資格取得. The
 *   new person takes the filing's subject person id (the portal account that filed it) when free.
 * - 付加保険料 (KOKUNEN_FUKA) and 口座振替 (KOKUNEN_KOZA) 申出・辞退: a `kokumin_elections` row; 申出
 *   needs a category-1 period in the starting month (付加: no exemption there), 辞退 an election in force.
 *
 * The person: the subject's person id when the record has it (its 基礎年金番号 / マイナンバー / birth date
 * must agree, else held IDENTITY_CONFLICT), else the identity rules of employer forms; unknown →
 * PERSON_UNKNOWN. Validate-then-apply as everywhere (see filing-applier).
 */
import { RecordDomainEvents, RecordNoticeTypes } from '@nenkin/contracts/records';
import { addYearMonths, dateAgeReached, yearMonthOf } from '@nenkin/rules/dates';
import { applicationIdOf, enrolmentIdOf } from '../shared/ids';
import { createPerson, identify, insuredOn, myNumberAt, notices, openKokuminPeriod, ref, type Body, type Ctx, type Identified } from './apply-kit';
import { CATEGORY_CHANGE } from '../definitions';
import { filingRepository as repo, type EnrolmentRow } from './filing-repository';
import { msg, reject, type Emission, type FilingResult } from './outcomes';

type Applicant = Body<'KOKUNEN_MENJO'>['applicant'];

const MONTH_END = '9999-12';

/** The months of an enrolment: the 取得 month to the month before the 喪失 month. */
const monthsOf = (e: EnrolmentRow): { from: string; to: string } => ({
  from: yearMonthOf(e.acquired_on),
  to: e.lost_on === null ? MONTH_END : addYearMonths(yearMonthOf(e.lost_on), -1),
});
const overlaps = (a: { from: string; to: string }, b: { from: string; to: string }) => a.from <= b.to && b.from <= a.to;

/** 国民年金 months of a person: from the month of reaching 20 to the month before reaching 60. */
const ageMonths = (birthDate: string) => ({
  from: yearMonthOf(dateAgeReached(birthDate, 20)),
  to: addYearMonths(yearMonthOf(dateAgeReached(birthDate, 60)), -1),
});

export const identifyApplicant = async (ctx: Ctx, a: Applicant, create?: { role: string }): Promise<Identified> => {
  const mn = myNumberAt(ctx.data, '/applicant/myNumber');
  const subjectId = ctx.data.personId;
  const subject = subjectId === undefined ? undefined : await repo.personById(ctx.q, subjectId);
  if (ctx.forced === undefined && subject !== undefined) {
    const clash =
      (a.pensionNumber !== undefined && subject.pension_number !== a.pensionNumber) ||
      (mn !== undefined && subject.my_number_hash !== null && subject.my_number_hash !== mn.hash) ||
      subject.birth_date !== a.birthDate;
    if (clash) {
      return {
        kind: 'result',
        result: {
          outcome: 'held',
          identity: 'possible-duplicate',
          candidates: [subject.person_id],
          reason: msg('IDENTITY_CONFLICT', '申請者の基礎年金番号・個人番号・生年月日が記録と一致しないため、確認のため保留しました', 'the applicant\'s identifiers contradict the record; held for staff review'),
        },
      };
    }
    return { kind: 'person', person: subject, created: false };
  }
  // Creating a person needs a strong identifier besides the name and birth date.
  const canCreate = create !== undefined && (a.pensionNumber !== undefined || mn !== undefined);
  const found = await identify(
    ctx,
    { myNumberHash: mn?.hash, pensionNumber: a.pensionNumber, nameKana: a.nameKana, birthDate: a.birthDate },
    canCreate ? { nameKanji: a.nameKanji, role: create.role, ...(subjectId !== undefined && subject === undefined ? { personId: subjectId } : {}) } : undefined,
  );
  // The filer's account names a person the record does not know, yet the identifiers match someone
  // who is on the record: never change that person's record on the filer's word — held for staff.
  if (ctx.forced === undefined && subjectId !== undefined && subject === undefined && found.kind === 'person' && !found.created) {
    return {
      kind: 'result',
      result: {
        outcome: 'held',
        identity: 'possible-duplicate',
        candidates: [found.person.person_id],
        reason: msg('IDENTITY_CONFLICT', '申請者のアカウントが、識別情報の一致する記録上の人物と結び付いていないため、確認のため保留しました', "the filer's account is not linked to the person the identifiers match; held for staff review"),
      },
    };
  }
  return found;
};

// ─── 免除・納付猶予, 学生納付特例 ─────────────────────────────────────────────────────────────

/** The 免除年度 (July–June) or 学生納付特例 年度 (April–March) a month falls in. */
const termOf = (ym: string, firstMonth: number): number => {
  const y = Number(ym.slice(0, 4));
  return Number(ym.slice(5, 7)) >= firstMonth ? y : y - 1;
};

export const applyKokunenExemption = async (ctx: Ctx, b: Body<'KOKUNEN_MENJO'> | Body<'KOKUNEN_GAKUSEI'>): Promise<FilingResult> => {
  const who = await identifyApplicant(ctx, b.applicant);
  if (who.kind === 'result') return who.result;
  const person = who.person;
  const personId = person.person_id;
  const student = b.formCode === 'KOKUNEN_GAKUSEI';
  const kind = student ? 'student' : b.exemptionKind;
  const period = { from: b.periodFrom, to: b.periodTo };
  if (period.from > period.to) return reject('PERIOD_INVALID', '申請期間の開始が終了より後です', 'the period starts after it ends', personId);
  const firstMonth = student ? 4 : 7;
  if (termOf(period.from, firstMonth) !== termOf(period.to, firstMonth)) {
    return student
      ? reject('PERIOD_SPANS_YEARS', '申請期間が年度（4月〜翌3月）をまたいでいます', 'the period spans two school years (April–March)', personId)
      : reject('PERIOD_SPANS_YEARS', '申請期間が免除年度（7月〜翌6月）をまたいでいます', 'the period spans two exemption years (July–June)', personId);
  }
  const age = ageMonths(person.birth_date);
  if (period.from < age.from || period.to > age.to) {
    return reject('OUTSIDE_AGE_20_60', '申請期間に20歳前または60歳以後の月が含まれています', 'the period includes months before 20 or from 60', personId);
  }
  const covered = (await repo.enrolmentsOfPerson(ctx.q, personId)).find((e) => (e.scheme === 'kosei' || e.category === 3) && overlaps(monthsOf(e), period));
  if (covered) {
    return reject('NOT_CATEGORY_1', `申請期間に${covered.scheme === 'kosei' ? '厚生年金保険（第2号）' : '第3号被保険者'}の期間があります（${covered.acquired_on}から）`, `the period overlaps a ${covered.scheme === 'kosei' ? 'category-2 (厚生年金)' : 'category-3'} period`, personId);
  }
  const other = (await repo.exemptionsOf(ctx.q, personId)).find((x) => x.status !== 'rejected' && overlaps({ from: x.period_from, to: x.period_to }, period));
  if (other) {
    return reject('ALREADY_APPLIED', `申請期間の一部について申請済みです（${other.period_from}〜${other.period_to}、${other.status === 'pending' ? '審査中' : '承認済'}）`, `part of the period is already applied for (${other.status})`, personId);
  }
  // ── writes ──
  const applicationId = applicationIdOf(ctx.data.filingId);
  await repo.insertExemption(ctx.q, {
    applicationId,
    personId,
    kind,
    periodFrom: period.from,
    periodTo: period.to,
    reason: student ? null : b.reason,
    filedOn: ctx.data.receivedOn,
    filingId: ctx.data.filingId,
  });
  return {
    outcome: 'applied',
    identity: 'matched',
    personId,
    decisions: [
      msg('EXEMPTION_PENDING', `${student ? '学生納付特例' : '保険料免除・納付猶予'}の申請を受け付けました（${period.from}〜${period.to}、審査中）`, `the ${student ? 'student deferment' : 'exemption'} application for ${period.from}–${period.to} is pending review`),
    ],
    emissions: [],
  };
};

// ─── 第1号被保険者 資格取得・種別変更 ──────────────────────────────────────────────────────────

export const applyKokunenShutoku = async (ctx: Ctx, b: Body<'KOKUNEN_SHUTOKU'>): Promise<FilingResult> => {
  const a = b.applicant;
  const date = b.acquisitionDate;
  const who = await identifyApplicant(ctx, a, { role: 'applicant' });
  if (who.kind === 'result') return who.result;
  const { person, created } = who;
  const personId = person.person_id;
  const onlyIf = (id: string | undefined) => (created ? undefined : id);
  if (!(date >= dateAgeReached(person.birth_date, 20) && date < dateAgeReached(person.birth_date, 60))) {
    return reject('OUTSIDE_AGE_20_60', `${date} に20歳以上60歳未満ではありません（任意加入は未対応）`, `not aged 20–59 on ${date} (voluntary enrolment is not handled)`, onlyIf(personId));
  }
  let category3: EnrolmentRow | undefined;
  if (!created) {
    const es = await repo.enrolmentsOfPerson(ctx.q, personId);
    const kosei = es.find((e) => e.scheme === 'kosei' && insuredOn(e, date));
    if (kosei) return reject('INSURED_IN_KOSEI', `${date} に厚生年金保険の被保険者（第2号）です`, `insured in 厚生年金 (category 2) on ${date}`, personId);
    const cat1 = es.find((e) => e.scheme === 'kokumin' && e.category === 1 && (insuredOn(e, date) || (e.lost_on === null && e.acquired_on > date)));
    if (cat1) return reject('ALREADY_CATEGORY_1', `既に第1号被保険者です（${cat1.acquired_on}から）`, `already category 1 since ${cat1.acquired_on}`, personId);
    category3 = es.find((e) => e.scheme === 'kokumin' && e.category === 3 && insuredOn(e, date));
    if (category3 && category3.acquired_on >= date) {
      return reject('CATEGORY_3_FROM_SAME_DATE', `${category3.acquired_on} から第3号被保険者です`, `category 3 from ${category3.acquired_on}`, personId);
    }
    const later = es.find((e) => e.acquired_on > date);
    if (later) return reject('LATER_PERIOD_EXISTS', `${later.acquired_on} からの加入期間があります`, `a period from ${later.acquired_on} exists`, personId);
  }
  // ── writes ──
  const mn = myNumberAt(ctx.data, '/applicant/myNumber');
  if (created) await createPerson(ctx, person, mn?.cipher);
  else await repo.completePerson(ctx.q, personId, { myNumberHash: mn?.hash, myNumberCipher: mn?.cipher, nameKanji: a.nameKanji });
  const closing = category3;
  if (closing) await repo.closeEnrolment(ctx.q, closing.enrolment_id, date, CATEGORY_CHANGE.TO_1, ctx.data.filingId);
  const enrolmentId = enrolmentIdOf(ctx.data.filingId, 'category-1');
  await openKokuminPeriod(ctx, { enrolmentId, personId, category: 1, date });
  const fromMonth = yearMonthOf(date);
  if (b.additionalPremium === true) {
    await repo.insertElection(ctx.q, { filing_id: ctx.data.filingId, person_id: personId, kind: 'fuka', action: 'apply', from_month: fromMonth, arrival_number: ctx.data.arrivalNumber, debit_cycle: null, account: null });
  }
  const emissions: Emission[] = [
    ...(closing
      ? [{
          def: RecordDomainEvents.ENROLMENT_CHANGED,
          subject: personId,
          data: { personId, enrolmentId: closing.enrolment_id, scheme: 'kokumin', category: 3, change: 'lost', acquiredOn: closing.acquired_on, lostOn: date, lossCause: CATEGORY_CHANGE.TO_1, filing: ref(ctx.data) },
        }]
      : []),
    {
      def: RecordDomainEvents.ENROLMENT_CHANGED,
      subject: personId,
      data: { personId, enrolmentId, scheme: 'kokumin', category: 1, change: 'acquired', acquiredOn: date, filing: ref(ctx.data) },
    },
    ...notices(ctx, RecordNoticeTypes.CATEGORY1_ACQUISITION, `category1:${enrolmentId}`, personId, { nameKana: a.nameKana, acquiredOn: date, reason: b.reason, ...(b.additionalPremium === true ? { additionalPremiumFrom: fromMonth } : {}) }, ['person']),
  ];
  return {
    outcome: 'applied',
    identity: created ? 'created' : 'matched',
    personId,
    decisions: [
      ...(created ? [msg('PERSON_CREATED', '基礎年金番号を付番しました', 'a new basic pension number was assigned')] : []),
      msg('CATEGORY_1_OPENED', `国民年金第1号被保険者 資格取得 ${date}`, `国民年金 category 1 from ${date}`),
      ...(closing ? [msg('CATEGORY_3_CLOSED', `第3号被保険者期間は ${date} に種別変更されました`, `the category-3 period ends on ${date} (category change)`)] : []),
      ...(b.additionalPremium === true ? [msg('FUKA_APPLIED', `付加保険料の納付申出（${fromMonth}から）`, `付加保険料 from ${fromMonth}`)] : []),
    ],
    emissions,
  };
};

// ─── 付加保険料, 口座振替 ────────────────────────────────────────────────────────────────────

const LABEL = { fuka: { ja: '付加保険料', en: 'additional premium' }, koza: { ja: '口座振替', en: 'direct debit' } } as const;

export const applyKokunenElection = async (ctx: Ctx, b: Body<'KOKUNEN_FUKA'> | Body<'KOKUNEN_KOZA'>): Promise<FilingResult> => {
  const who = await identifyApplicant(ctx, b.applicant);
  if (who.kind === 'result') return who.result;
  const personId = who.person.person_id;
  const kind = b.formCode === 'KOKUNEN_FUKA' ? 'fuka' : 'koza';
  const label = LABEL[kind];
  const action = b.action === 'apply' ? 'apply' : 'withdraw';
  const month = b.fromMonth;
  const latest = (await repo.electionsOf(ctx.q, personId, kind)).at(-1);
  let code: string;
  let words: { ja: string; en: string };
  // Elections follow one another in time: the one in force is the one starting last, so a 申出 may
  // not start before the latest 申出 or 辞退 (a 辞退 before its 申出 is refused below).
  if (action === 'apply' && latest !== undefined && month < latest.from_month) {
    return reject('BEFORE_LATEST_ELECTION', `申出年月 ${month} が直近の${label.ja}の届（${latest.from_month}から）より前です`, `the month ${month} is before the latest ${label.en} filing (from ${latest.from_month})`, personId);
  }
  if (action === 'apply') {
    const cat1 = (await repo.enrolmentsOfPerson(ctx.q, personId)).find((e) => e.scheme === 'kokumin' && e.category === 1 && overlaps(monthsOf(e), { from: month, to: month }));
    if (cat1 === undefined) return reject('NOT_CATEGORY_1', `${month} に国民年金第1号被保険者の期間がありません`, `no category-1 period in ${month}`, personId);
    if (kind === 'fuka') {
      // 付加保険料 cannot be paid for months exempted (or applied for).
      const exempt = (await repo.exemptionsOf(ctx.q, personId)).find((x) => x.status !== 'rejected' && x.period_from <= month && month <= x.period_to);
      if (exempt) return reject('EXEMPT_MONTH', `${month} は保険料免除等（${exempt.status === 'pending' ? '審査中' : '承認済'}）の期間です`, `${month} is in an exemption period`, personId);
      if (latest?.action === 'apply') return reject('ALREADY_ELECTED', `付加保険料は納付申出済みです（${latest.from_month}から）`, `付加保険料 already elected from ${latest.from_month}`, personId);
    }
    if (kind === 'koza' && b.formCode === 'KOKUNEN_KOZA' && b.account === undefined) return reject('ACCOUNT_MISSING', '振替口座の記入がありません', 'no account given', personId);
    code = latest?.action === 'apply' ? `${kind.toUpperCase()}_CHANGED` : `${kind.toUpperCase()}_APPLIED`;
    words = latest?.action === 'apply' ? { ja: `${label.ja}の変更申出（${month}から）`, en: `${label.en} changed from ${month}` } : { ja: `${label.ja}の申出（${month}から）`, en: `${label.en} from ${month}` };
  } else {
    if (latest?.action !== 'apply') return reject('NOT_ELECTED', `${label.ja}の申出の記録がありません`, `no ${label.en} in force`, personId);
    if (month < latest.from_month) return reject('BEFORE_ELECTION', `辞退年月 ${month} が申出の開始 ${latest.from_month} より前です`, `the withdrawal month ${month} is before the start ${latest.from_month}`, personId);
    code = `${kind.toUpperCase()}_WITHDRAWN`;
    words = { ja: `${label.ja}の辞退（${month}から）`, en: `${label.en} withdrawn from ${month}` };
  }
  // ── writes ──
  await repo.insertElection(ctx.q, {
    filing_id: ctx.data.filingId,
    person_id: personId,
    kind,
    action,
    from_month: month,
    arrival_number: ctx.data.arrivalNumber,
    debit_cycle: b.formCode === 'KOKUNEN_KOZA' && action === 'apply' ? (b.debitCycle ?? 'monthly') : null,
    account: b.formCode === 'KOKUNEN_KOZA' && action === 'apply' ? (b.account ?? null) : null,
  });
  return { outcome: 'applied', identity: 'matched', personId, decisions: [msg(code, words.ja, words.en)], emissions: [] };
};
