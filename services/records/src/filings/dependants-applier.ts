/**
 * 被扶養者（異動）届・国民年金第3号被保険者関係届 (2202700): the spouse (配偶者, 第3号被保険者) and up to two
 * other dependants of an insured person, 異動の別 1 該当 / 2 非該当 / 3 変更 for the whole row.
 *
 * - 該当 of the spouse aged 20–59 on the date: a 国民年金 category-3 enrolment from 被扶養者になった日
 *   (the spouse identified, or created like a 資格取得 creates the insured: near misses held, ids and
 *   基礎年金番号 from the filing), an open category-1 period closed that day (種別変更 1 → 3), a
 *   `dependants` row linking both; notices to the employer and the spouse. Outside 20–59 the spouse
 *   is a 健康保険 dependant only (a `dependants` row, no enrolment).
 * - 非該当: the open spouse row ends on 被扶養者でなくなった日 (死亡: the day after 死亡年月日) and its
 *   category-3 enrolment closes that day (喪失日 = the first day not covered).
 * - 変更: the open row takes the filed name and 続柄.
 * - Other dependants: `dependants` rows (健康保険 only: no pension record), matched by マイナンバー hash,
 *   else kana key + birth date.
 *
 * Validate-then-apply: every entry of the row is checked before the first write; one failing entry
 * rejects the whole filing. `relationship` is stored as `S<code>` for the spouse (1 夫 2 妻 3/4 未届)
 * and the form's two-digit 続柄 code for the others.
 */
import { RecordDomainEvents, RecordNoticeTypes } from '@nenkin/contracts/records';
import { addDays, dateAgeReached } from '@nenkin/rules/dates';
import { kanaNameKey } from '@nenkin/rules/kana';
import { dependantIdOf, enrolmentIdOf } from '../shared/ids';
import { createPerson, identify, insuredOn, myNumberAt, notices, enrolmentAt, openKokuminPeriod, ref, type Body, type Ctx, type Identified } from './apply-kit';
import { CATEGORY_CHANGE } from '../definitions';
import { filingRepository as repo, type DependantRow, type EnrolmentRow } from './filing-repository';
import type { IdentityInput } from './identity';
import { msg, reject, type Decision, type Emission, type FilingResult } from './outcomes';

type Write = () => Promise<void>;
type Plan = { writes: Write[]; decisions: Decision[]; emissions: Emission[] };
type Planned = { kind: 'plan'; plan: Plan } | { kind: 'result'; result: FilingResult };

const isSpouse = (d: DependantRow) => d.relationship.startsWith('S');
const openOn = (d: DependantRow, date?: string) => d.to_date === null || (date !== undefined && d.to_date > date);

/** 1/3 夫 → 男, 2/4 妻 → 女. */
const sexOfSpouse = (relationship: string): '1' | '2' => (relationship === '1' || relationship === '3' ? '1' : '2');

/** 第3号被保険者: 20歳以上60歳未満 on the date (年齢到達日 = the day before the birthday). */
const category3Age = (birthDate: string, date: string): boolean =>
  date >= dateAgeReached(birthDate, 20) && date < dateAgeReached(birthDate, 60);

/**
 * The insured person. A staff decision on a held filing names one person: it stands for the insured
 * only when the insured's own match was what held the filing (the person is among its candidates);
 * otherwise it is the spouse's.
 */
const identifyInsured = async (ctx: Ctx, b: Body<'2202700'>): Promise<{ who: Identified; forcedUsed: boolean }> => {
  const { forced, ...plain } = ctx;
  const input: IdentityInput = {
    myNumberHash: myNumberAt(ctx.data, '/insured/myNumber')?.hash,
    pensionNumber: b.insured.pensionNumber,
    nameKana: b.insured.nameKana,
    birthDate: b.insured.birthDate,
    sex: b.insured.sex === '1' || b.insured.sex === '2' ? b.insured.sex : undefined,
    officeCode: ctx.officeCode,
    insuredNumber: b.insuredNumber,
  };
  const who = await identify(plain, input);
  if (who.kind === 'result' && who.result.outcome === 'held' && forced?.kind === 'person' && who.result.candidates.includes(forced.personId)) {
    const person = await repo.personById(ctx.q, forced.personId);
    if (person) return { who: { kind: 'person', person, created: false }, forcedUsed: true };
  }
  return { who, forcedUsed: false };
};

const notInsured = (date: string, personId: string) =>
  reject('NOT_INSURED', `${date} にこの事業所の厚生年金保険の被保険者ではありません`, `the insured person is not insured at this office on ${date}`, personId);

// ─── the spouse ─────────────────────────────────────────────────────────────────────────────

const planSpouse = async (
  ctx: Ctx,
  b: Body<'2202700'>,
  s: NonNullable<Body<'2202700'>['spouse']>,
  insuredId: string,
  recorded: readonly DependantRow[],
  spouseCtx: Ctx,
): Promise<Planned> => {
  const open = recorded.find((d) => isSpouse(d) && openOn(d));
  const rejected = (code: string, ja: string, en: string): Planned => ({ kind: 'result', result: reject(code, ja, en, insuredId) });

  if (b.changeType === '1') {
    const date = s.becameDependantDate;
    if (date === undefined) return rejected('DATE_MISSING', '配偶者の被扶養者になった日がありません', 'the date the spouse became a dependant is missing');
    if ((await enrolmentAt(ctx, insuredId, date)) === undefined) return { kind: 'result', result: notInsured(date, insuredId) };
    const current = recorded.find((d) => isSpouse(d) && openOn(d, date));
    if (current) return rejected('ALREADY_DEPENDANT', `配偶者は既に被扶養者です（${current.from_date ?? ''}から）`, 'the spouse is already a dependant');
    const relationship = `S${s.relationship}`;
    const mn = myNumberAt(ctx.data, '/spouse/myNumber');
    const dependantId = dependantIdOf(ctx.data.filingId, 'spouse');
    const row = {
      dependant_id: dependantId,
      insured_person_id: insuredId,
      relationship,
      name_kana: s.nameKana ?? null,
      kana_key: s.nameKana === undefined ? null : kanaNameKey(s.nameKana),
      name_kanji: s.nameKanji ?? null,
      sex: sexOfSpouse(s.relationship),
      my_number_hash: mn?.hash ?? null,
      my_number_cipher: mn?.cipher ?? null,
      birth_date: s.birthDate,
      from_date: date,
      to_date: null,
      filing_id: ctx.data.filingId,
    };
    if (!category3Age(s.birthDate, date)) {
      // 健康保険の被扶養者 only: 第3号被保険者 are 20歳以上60歳未満.
      return {
        kind: 'plan',
        plan: {
          writes: [() => repo.insertDependant(ctx.q, { ...row, person_id: null, enrolment_id: null })],
          decisions: [
            msg('DEPENDANT_ADDED', `配偶者を被扶養者として記録しました（${date}）`, `the spouse is recorded as a dependant from ${date}`),
            msg('NOT_CATEGORY_3_AGE', '配偶者は20歳以上60歳未満ではないため第3号被保険者に該当しません', 'the spouse is not aged 20–59: not a category-3 insured person'),
          ],
          emissions: [],
        },
      };
    }
    if (s.nameKana === undefined && mn === undefined && s.pensionNumber === undefined) {
      return rejected('SPOUSE_NAME_MISSING', '配偶者の氏名（カナ）、個人番号、基礎年金番号のいずれもありません', 'the spouse has no kana name, my number or pension number');
    }
    const input: IdentityInput = { myNumberHash: mn?.hash, pensionNumber: s.pensionNumber, nameKana: s.nameKana ?? '', birthDate: s.birthDate, sex: sexOfSpouse(s.relationship) };
    // Creating the spouse needs a name; without one only the identifiers can find them.
    const who = await identify(spouseCtx, input, s.nameKana === undefined ? undefined : { nameKanji: s.nameKanji, role: 'spouse' });
    if (who.kind === 'result') {
      // PERSON_UNKNOWN here is the spouse's: say so.
      const r = who.result;
      return {
        kind: 'result',
        result:
          r.outcome === 'rejected' && r.reason.code === 'PERSON_UNKNOWN'
            ? reject('SPOUSE_UNKNOWN', '配偶者の記録がありません（氏名（カナ）を記入してください）', 'no record of the spouse (give the kana name)', insuredId)
            : r.outcome === 'held'
              ? { ...r, heldAt: '/spouse' }
              : r,
      };
    }
    const spouse = who.person;
    if (spouse.person_id === insuredId) return rejected('SPOUSE_IS_INSURED', '配偶者が被保険者本人と同じ記録です', 'the spouse is the insured person');
    let category1: EnrolmentRow | undefined;
    if (!who.created) {
      const es = await repo.enrolmentsOfPerson(ctx.q, spouse.person_id);
      const cat3 = es.find((e) => e.scheme === 'kokumin' && e.category === 3 && insuredOn(e, date));
      if (cat3) return rejected('ALREADY_CATEGORY_3', `配偶者は既に第3号被保険者です（${cat3.acquired_on}から）`, `the spouse is already a category-3 insured person since ${cat3.acquired_on}`);
      const kosei = es.find((e) => e.scheme === 'kosei' && insuredOn(e, date));
      if (kosei) return rejected('SPOUSE_INSURED_IN_KOSEI', `配偶者は ${date} に厚生年金保険の被保険者（第2号）です`, `the spouse is insured in 厚生年金 (category 2) on ${date}`);
      const later = es.find((e) => e.acquired_on > date && (e.scheme === 'kosei' || e.category === 3));
      if (later) return rejected('LATER_PERIOD_EXISTS', `配偶者には ${later.acquired_on} からの加入期間があります`, `the spouse has a period from ${later.acquired_on}`);
      category1 = es.find((e) => e.scheme === 'kokumin' && e.category === 1 && insuredOn(e, date));
      if (category1 && category1.acquired_on >= date) {
        return rejected('CATEGORY_1_FROM_SAME_DATE', `配偶者は ${category1.acquired_on} から第1号被保険者です`, `the spouse is category 1 from ${category1.acquired_on}`);
      }
    }
    const enrolmentId = enrolmentIdOf(ctx.data.filingId, 'spouse-category-3');
    const closing = category1;
    const writes: Write[] = [
      who.created
        ? () => createPerson(ctx, spouse, mn?.cipher)
        : () => repo.completePerson(ctx.q, spouse.person_id, { myNumberHash: mn?.hash, myNumberCipher: mn?.cipher, nameKanji: s.nameKanji, sex: sexOfSpouse(s.relationship) }),
      ...(closing ? [() => repo.closeEnrolment(ctx.q, closing.enrolment_id, date, CATEGORY_CHANGE.TO_3, ctx.data.filingId)] : []),
      () => openKokuminPeriod(ctx, { enrolmentId, personId: spouse.person_id, category: 3, date }),
      () => repo.insertDependant(ctx.q, { ...row, person_id: spouse.person_id, enrolment_id: enrolmentId }),
    ];
    const decisions = [
      ...(who.created ? [msg('SPOUSE_CREATED', '配偶者に基礎年金番号を付番しました', 'a new basic pension number was assigned to the spouse')] : []),
      msg('CATEGORY_3_OPENED', `配偶者 国民年金第3号被保険者 該当 ${date}`, `the spouse is a category-3 insured person from ${date}`),
      ...(closing ? [msg('CATEGORY_1_CLOSED', `配偶者の第1号被保険者期間は ${date} に種別変更されました`, `the spouse's category-1 period ends on ${date} (category change)`)] : []),
    ];
    const emissions: Emission[] = [
      ...(closing
        ? [{
            def: RecordDomainEvents.ENROLMENT_CHANGED,
            subject: spouse.person_id,
            data: { personId: spouse.person_id, enrolmentId: closing.enrolment_id, scheme: 'kokumin', category: 1, change: 'lost', acquiredOn: closing.acquired_on, lostOn: date, lossCause: CATEGORY_CHANGE.TO_3, filing: ref(ctx.data) },
          }]
        : []),
      {
        def: RecordDomainEvents.ENROLMENT_CHANGED,
        subject: spouse.person_id,
        data: { personId: spouse.person_id, enrolmentId, scheme: 'kokumin', category: 3, change: 'acquired', acquiredOn: date, filing: ref(ctx.data) },
      },
      ...notices(ctx, RecordNoticeTypes.CATEGORY3_ACQUISITION, `category3:${enrolmentId}:acquired`, spouse.person_id, {
        ...(s.nameKana === undefined ? {} : { nameKana: s.nameKana }),
        birthDate: s.birthDate,
        acquiredOn: date,
        insuredNameKana: b.insured.nameKana,
        ...(b.insuredNumber === undefined ? {} : { insuredNumber: b.insuredNumber }),
      }),
    ];
    return { kind: 'plan', plan: { writes, decisions, emissions } };
  }

  if (open === undefined) return rejected('NOT_DEPENDANT', '被扶養者（配偶者）の記録がありません', 'no open dependant record of the spouse');

  if (b.changeType === '2') {
    const date = s.ceasedDate ?? (s.deathDate === undefined ? undefined : addDays(s.deathDate, 1));
    if (date === undefined) return rejected('DATE_MISSING', '配偶者の被扶養者でなくなった日がありません', 'the date the spouse ceased to be a dependant is missing');
    if (open.from_date !== null && date <= open.from_date) {
      return rejected('CEASED_BEFORE_START', `被扶養者でなくなった日 ${date} が被扶養者になった日 ${open.from_date} 以前です`, `the end ${date} is not after the start ${open.from_date}`);
    }
    const enrolment = open.enrolment_id === null || open.person_id === null ? undefined : (await repo.enrolmentsOfPerson(ctx.q, open.person_id)).find((e) => e.enrolment_id === open.enrolment_id);
    // Already closed (a 第1号資格取得 changed the category first): the row ends, the enrolment stays as it is.
    const closing = enrolment !== undefined && enrolment.lost_on === null ? enrolment : undefined;
    const cause = s.ceasedReason ?? '6';
    const spouseId = open.person_id;
    return {
      kind: 'plan',
      plan: {
        writes: [
          () => repo.ceaseDependant(ctx.q, open.dependant_id, date, s.ceasedReason ?? null, ctx.data.filingId),
          ...(closing ? [() => repo.closeEnrolment(ctx.q, closing.enrolment_id, date, cause, ctx.data.filingId)] : []),
        ],
        decisions: [
          msg('DEPENDANT_CEASED', `配偶者は ${date} に被扶養者でなくなりました`, `the spouse is no longer a dependant from ${date}`),
          ...(closing ? [msg('CATEGORY_3_CLOSED', `配偶者 国民年金第3号被保険者 非該当 ${date}`, `the spouse's category-3 period ends; lost on ${date}`)] : []),
        ],
        emissions:
          closing && spouseId !== null
            ? [
                {
                  def: RecordDomainEvents.ENROLMENT_CHANGED,
                  subject: spouseId,
                  data: { personId: spouseId, enrolmentId: closing.enrolment_id, scheme: 'kokumin', category: 3, change: 'lost', acquiredOn: closing.acquired_on, lostOn: date, lossCause: cause, filing: ref(ctx.data) },
                },
                ...notices(ctx, RecordNoticeTypes.CATEGORY3_LOSS, `category3:${closing.enrolment_id}:lost`, spouseId, {
                  ...(open.name_kana === null ? {} : { nameKana: open.name_kana }),
                  birthDate: open.birth_date,
                  acquiredOn: closing.acquired_on,
                  lostOn: date,
                  ceasedReason: cause,
                  insuredNameKana: b.insured.nameKana,
                }),
              ]
            : [],
      },
    };
  }

  // 変更
  return {
    kind: 'plan',
    plan: {
      writes: [
        () =>
          repo.changeDependant(
            ctx.q,
            open.dependant_id,
            { nameKana: s.nameKana, kanaKey: s.nameKana === undefined ? undefined : kanaNameKey(s.nameKana), nameKanji: s.nameKanji, relationship: `S${s.relationship}` },
            ctx.data.filingId,
          ),
      ],
      decisions: [msg('DEPENDANT_CHANGED', '配偶者の届出事項を変更しました', 'the spouse\'s details were changed')],
      emissions: [],
    },
  };
};

// ─── other dependants ───────────────────────────────────────────────────────────────────────

const planOther = async (
  ctx: Ctx,
  b: Body<'2202700'>,
  d: NonNullable<Body<'2202700'>['otherDependants']>[number],
  i: number,
  insuredId: string,
  recorded: readonly DependantRow[],
): Promise<Planned> => {
  const label = `その他の被扶養者${i + 1}`;
  const rejected = (code: string, ja: string, en: string): Planned => ({ kind: 'result', result: reject(code, `${label}: ${ja}`, `dependant ${i + 1}: ${en}`, insuredId) });
  const mn = myNumberAt(ctx.data, `/otherDependants/${i}/myNumber`);
  const key = d.nameKana === undefined ? null : kanaNameKey(d.nameKana);
  const same = (r: DependantRow) =>
    !isSpouse(r) &&
    r.birth_date === d.birthDate &&
    (mn !== undefined && r.my_number_hash !== null ? r.my_number_hash === mn.hash : key !== null && r.kana_key !== null ? r.kana_key === key : r.relationship === d.relationship && r.sex === d.sex);

  if (b.changeType === '1') {
    const date = d.becameDependantDate;
    if (date === undefined) return rejected('DATE_MISSING', '被扶養者になった日がありません', 'the date of becoming a dependant is missing');
    if ((await enrolmentAt(ctx, insuredId, date)) === undefined) return { kind: 'result', result: notInsured(date, insuredId) };
    if (recorded.some((r) => same(r) && openOn(r, date))) return rejected('ALREADY_DEPENDANT', '既に被扶養者です', 'already a dependant');
    return {
      kind: 'plan',
      plan: {
        writes: [
          () =>
            repo.insertDependant(ctx.q, {
              dependant_id: dependantIdOf(ctx.data.filingId, `other-${i}`),
              insured_person_id: insuredId,
              person_id: null,
              relationship: d.relationship,
              name_kana: d.nameKana ?? null,
              kana_key: key,
              name_kanji: d.nameKanji ?? null,
              sex: d.sex,
              my_number_hash: mn?.hash ?? null,
              my_number_cipher: mn?.cipher ?? null,
              birth_date: d.birthDate,
              from_date: date,
              to_date: null,
              enrolment_id: null,
              filing_id: ctx.data.filingId,
            }),
        ],
        decisions: [msg('DEPENDANT_ADDED', `${label}を被扶養者として記録しました（${date}）`, `dependant ${i + 1} recorded from ${date}`)],
        emissions: [],
      },
    };
  }
  const open = recorded.find((r) => same(r) && openOn(r));
  if (open === undefined) return rejected('NOT_DEPENDANT', '被扶養者の記録がありません', 'no open dependant record');
  if (b.changeType === '2') {
    const date = d.ceasedDate;
    if (date === undefined) return rejected('DATE_MISSING', '被扶養者でなくなった日がありません', 'the date of ceasing is missing');
    if (open.from_date !== null && date <= open.from_date) return rejected('CEASED_BEFORE_START', `被扶養者でなくなった日 ${date} が被扶養者になった日以前です`, `the end ${date} is not after the start`);
    return {
      kind: 'plan',
      plan: {
        writes: [() => repo.ceaseDependant(ctx.q, open.dependant_id, date, d.ceasedReason ?? null, ctx.data.filingId)],
        decisions: [msg('DEPENDANT_CEASED', `${label}は ${date} に被扶養者でなくなりました`, `dependant ${i + 1} is no longer a dependant from ${date}`)],
        emissions: [],
      },
    };
  }
  return {
    kind: 'plan',
    plan: {
      writes: [() => repo.changeDependant(ctx.q, open.dependant_id, { nameKana: d.nameKana, kanaKey: key ?? undefined, nameKanji: d.nameKanji, relationship: d.relationship }, ctx.data.filingId)],
      decisions: [msg('DEPENDANT_CHANGED', `${label}の届出事項を変更しました`, `dependant ${i + 1}'s details were changed`)],
      emissions: [],
    },
  };
};

export const applyHifuyosha = async (ctx: Ctx, b: Body<'2202700'>): Promise<FilingResult> => {
  const others = b.otherDependants ?? [];
  if (b.spouse === undefined && others.length === 0) return reject('NO_DEPENDANT', '配偶者・被扶養者の記入がありません', 'the filing names no spouse and no dependant');
  const { who, forcedUsed } = await identifyInsured(ctx, b);
  if (who.kind === 'result') return who.result.outcome === 'held' ? { ...who.result, heldAt: '/insured' } : who.result;
  const insuredId = who.person.person_id;
  const recorded = await repo.dependantsOf(ctx.q, insuredId);
  const { forced: _unused, ...withoutForced } = ctx;
  const plans: Plan[] = [];
  if (b.spouse !== undefined) {
    const p = await planSpouse(ctx, b, b.spouse, insuredId, recorded, forcedUsed ? withoutForced : ctx);
    if (p.kind === 'result') return p.result;
    plans.push(p.plan);
  }
  for (const [i, d] of others.entries()) {
    const p = await planOther(ctx, b, d, i, insuredId, recorded);
    if (p.kind === 'result') return p.result;
    plans.push(p.plan);
  }
  // ── writes (every entry passed its checks) ──
  for (const p of plans) for (const w of p.writes) await w();
  return {
    outcome: 'applied',
    identity: 'matched',
    personId: insuredId,
    decisions: plans.flatMap((p) => p.decisions),
    emissions: plans.flatMap((p) => p.emissions),
  };
};
