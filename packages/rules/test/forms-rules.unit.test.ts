/**
 * Table tests for every cross-field rule of every form: a valid body, one change, the rule code on
 * the item the official table names. The last test proves the tables cover every rule each form
 * declares (code + item), so a rule cannot be added without a case.
 */
import { FORM_CODES, KOKUNEN_FORM_CODES, type FormCode, type HifuyoshaBody } from '@nenkin/contracts/forms';
import { validateFiling, rulesOf, FormRuleCodes as C } from '../src/forms';
import {
  TODAY,
  MY_NUMBER,
  validSantei,
  validGeppen,
  validShoyo,
  validShutoku,
  validSoshitsu,
  validHifuyosha,
  validOtherDependant,
  validMenjo,
  validGakusei,
  validKoza,
  validFuka,
  validKokunenShutoku,
} from './helpers/filings';

type Case<B> = readonly [name: string, mutate: (b: B) => void, code: string, path: string];
const hit = new Set<string>();

/** Runs a table: the base must be valid; each case must report `code` at `path`. */
const table = <B extends { formCode: FormCode }>(
  title: string,
  base: () => B,
  cases: readonly Case<B>[],
): void => {
  describe(title, () => {
    it('base body is valid', () => {
      const r = validateFiling(base(), { today: TODAY });
      expect(r.ok ? [] : r.errors).toEqual([]);
    });
    it.each(cases.map(([n, m, c, p]) => [n, c, p, m] as const))(
      '%s → %s at %s',
      (_name, code, path, mutate) => {
        const b = base();
        (mutate as (b: B) => void)(b);
        const r = validateFiling(b, { today: TODAY });
        expect(r.ok).toBe(false);
        const errors = r.ok ? [] : r.errors;
        expect(errors.map((e) => `${e.code} ${e.path}`)).toContain(`${String(code)} ${String(path)}`);
        const e = errors.find((x) => x.code === code && x.path === path);
        expect(e?.message.ja.length).toBeGreaterThan(0);
        expect(e?.message.en.length).toBeGreaterThan(0);
        hit.add(`${b.formCode}|${String(code)}|${String(path)}`);
      },
    );
  });
};

table('算定基礎届 2225700', validSantei, [
  [
    '適用年月 not September',
    (b) => (b.applicableMonth = '2025-08'),
    C.SANTEI_APPLICABLE_MONTH,
    '/applicableMonth',
  ],
  ['遡及支払月 outside 04–06', (b) => (b.retroPayMonth = 7), C.SANTEI_RETRO_PAY_MONTH, '/retroPayMonth'],
  ['合計 ≠ 通貨 + 現物 (April)', (b) => (b.months[0].total = 1), C.AMOUNT_TOTAL_MISMATCH, '/months/0/total'],
  ['合計 ≠ 通貨 + 現物 (May)', (b) => (b.months[1].total = 1), C.AMOUNT_TOTAL_MISMATCH, '/months/1/total'],
  ['合計 ≠ 通貨 + 現物 (June)', (b) => (b.months[2].total = 1), C.AMOUNT_TOTAL_MISMATCH, '/months/2/total'],
  ['総計 not the sum of counted months', (b) => (b.totalSum = 931_001), C.SUM_MISMATCH, '/totalSum'],
  [
    '総計 counting a month under 17 days',
    (b) => {
      b.months[1].days = 16;
      b.average = 310_500;
    },
    C.SUM_MISMATCH,
    '/totalSum',
  ],
  ['平均額 not truncated', (b) => (b.average = 310_334), C.AVERAGE_MISMATCH, '/average'],
  ['修正平均額 < 1000', (b) => (b.adjustedAverage = 999), C.AVERAGE_BELOW_MINIMUM, '/adjustedAverage'],
  ['昇(降)給区分 without 月', (b) => (b.payChangeKind = '1'), C.CONDITIONAL_REQUIRED, '/payChangeMonth'],
  ['昇(降)給月 without 区分', (b) => (b.payChangeMonth = 4), C.CONDITIONAL_REQUIRED, '/payChangeKind'],
  ['個人番号 without 備考1 (70歳以上)', (b) => (b.myNumber = MY_NUMBER), C.CONDITIONAL_OMITTED, '/myNumber'],
  [
    '70歳以上 with neither 個人番号 nor 基礎年金番号',
    (b) => (b.over70 = true),
    C.IDENTITY_REQUIRED,
    '/pensionNumber',
  ],
  [
    '70歳以上のみ with 整理番号',
    (b) => {
      b.over70Only = true;
      b.over70 = true;
      b.pensionNumber = '1234567890';
    },
    C.CONDITIONAL_OMITTED,
    '/insuredNumber',
  ],
  [
    '70歳以上のみ without 備考1',
    (b) => {
      b.over70Only = true;
      delete b.insuredNumber;
    },
    C.CONDITIONAL_REQUIRED,
    '/over70',
  ],
]);

describe('算定基礎届 counting months (REFERENCE §2 定時決定)', () => {
  const withDays = (days: [number, number, number], flags: { short?: true; part?: true } = {}) => {
    const b = validSantei();
    b.months.forEach((m, i) => (m.days = days[i] as number));
    if (flags.short) b.shortTimeWorker = true;
    if (flags.part) b.partTimeWorker = true;
    return b;
  };
  it.each([
    ['all three months ≥ 17', [31, 30, 31], {}, 931_000, 310_333],
    ['one month < 17 is left out', [31, 16, 31], {}, 621_000, 310_500],
    ['short-time worker counts months ≥ 11', [11, 10, 12], { short: true }, 621_000, 310_500],
    ['part-timer with all months < 17 counts months ≥ 15', [15, 16, 14], { part: true }, 610_000, 305_000],
    ['part-timer with one month ≥ 17 counts only that', [17, 16, 15], { part: true }, 300_000, 300_000],
    ['no month counts: 0 and 0 (保険者決定)', [5, 5, 5], {}, 0, 0],
  ] as const)('%s', (_n, days, flags, sum, average) => {
    const b = withDays([...days], flags);
    b.totalSum = sum;
    b.average = average;
    const r = validateFiling(b, { today: TODAY });
    expect(r.ok ? [] : r.errors).toEqual([]);
  });
  it('途中入社 / 休職 leave the totals to the employer', () => {
    const b = validSantei();
    b.midMonthJoin = true;
    b.totalSum = 621_000;
    b.average = 310_500;
    expect(validateFiling(b, { today: TODAY }).ok).toBe(true);
  });
});

table('月額変更届 2221700', validGeppen, [
  [
    '前二ヶ月 not after 前三ヶ月',
    (b) => (b.months[1].month = 7),
    C.GEPPEN_PAY_MONTHS_CONSECUTIVE,
    '/months/1/month',
  ],
  [
    '前一ヶ月 not after 前二ヶ月',
    (b) => (b.months[2].month = 9),
    C.GEPPEN_PAY_MONTHS_CONSECUTIVE,
    '/months/2/month',
  ],
  [
    '改定年月 not the month after 前一ヶ月',
    (b) => (b.revisionMonth = '2025-08'),
    C.GEPPEN_REVISION_MONTH,
    '/revisionMonth',
  ],
  ['基礎日数 16 (前三ヶ月)', (b) => (b.months[0].days = 16), C.BASE_DAYS_BELOW_MINIMUM, '/months/0/days'],
  ['基礎日数 16 (前二ヶ月)', (b) => (b.months[1].days = 16), C.BASE_DAYS_BELOW_MINIMUM, '/months/1/days'],
  [
    '基礎日数 10 for a short-time worker (前一ヶ月)',
    (b) => {
      b.shortTimeWorker = true;
      b.months[2].days = 10;
    },
    C.BASE_DAYS_BELOW_MINIMUM,
    '/months/2/days',
  ],
  ['合計 ≠ 通貨 + 現物', (b) => (b.months[0].total = 5), C.AMOUNT_TOTAL_MISMATCH, '/months/0/total'],
  ['合計 ≠ 通貨 + 現物 (前二)', (b) => (b.months[1].total = 5), C.AMOUNT_TOTAL_MISMATCH, '/months/1/total'],
  ['合計 ≠ 通貨 + 現物 (前一)', (b) => (b.months[2].total = 5), C.AMOUNT_TOTAL_MISMATCH, '/months/2/total'],
  ['総計 ≠ Σ 合計', (b) => (b.totalSum = 900_000), C.SUM_MISMATCH, '/totalSum'],
  ['平均額 ≠ floor(総計 / 3)', (b) => (b.average = 300_001), C.AVERAGE_MISMATCH, '/average'],
  [
    '平均額 < 1000 without 修正平均額',
    (b) => {
      b.months.forEach((m) => Object.assign(m, { cash: 900, total: 900 }));
      b.totalSum = 2700;
      b.average = 900;
    },
    C.AVERAGE_BELOW_MINIMUM,
    '/average',
  ],
  ['修正平均額 < 1000', (b) => (b.adjustedAverage = 10), C.AVERAGE_BELOW_MINIMUM, '/adjustedAverage'],
  ['昇(降)給月 without 区分', (b) => delete b.payChangeKind, C.CONDITIONAL_REQUIRED, '/payChangeKind'],
  ['昇(降)給区分 without 月', (b) => delete b.payChangeMonth, C.CONDITIONAL_REQUIRED, '/payChangeMonth'],
  ['個人番号 without 備考1', (b) => (b.myNumber = MY_NUMBER), C.CONDITIONAL_OMITTED, '/myNumber'],
  ['70歳以上 with no identity', (b) => (b.over70 = true), C.IDENTITY_REQUIRED, '/pensionNumber'],
  [
    '70歳以上のみ with 整理番号',
    (b) => Object.assign(b, { over70Only: true, over70: true, myNumber: MY_NUMBER }),
    C.CONDITIONAL_OMITTED,
    '/insuredNumber',
  ],
  [
    '70歳以上のみ without 備考1',
    (b) => Object.assign(b, { over70Only: true }),
    C.CONDITIONAL_REQUIRED,
    '/over70',
  ],
]);

table('賞与支払届 2265700', validShoyo, [
  [
    '支払日 after the check date',
    (b) => (b.paymentDate = '2025-07-11'),
    C.DATE_AFTER_CHECK_DATE,
    '/paymentDate',
  ],
  ['賞与額 not rounded down to 1,000', (b) => (b.total = 500_500), C.SHOYO_BONUS_ROUNDING, '/total'],
  [
    '賞与額 over 9,999,999 must be 9999999',
    (b) => Object.assign(b, { cash: 9_999_999, inKind: 5_000, total: 9_999_000 }),
    C.SHOYO_BONUS_ROUNDING,
    '/total',
  ],
  ['賞与額 < 1000', (b) => Object.assign(b, { cash: 999, total: 0 }), C.AMOUNT_BELOW_MINIMUM, '/total'],
  ['個人番号 without 備考1', (b) => (b.myNumber = MY_NUMBER), C.CONDITIONAL_OMITTED, '/myNumber'],
  ['70歳以上 with no identity', (b) => (b.over70 = true), C.IDENTITY_REQUIRED, '/pensionNumber'],
  ['70歳以上のみ without 備考1', (b) => (b.over70Only = true), C.CONDITIONAL_REQUIRED, '/over70'],
]);

table('資格取得届 2200700', validShutoku, [
  [
    '取得日 after the check date',
    (b) => (b.acquisitionDate = '2025-07-11'),
    C.DATE_AFTER_CHECK_DATE,
    '/acquisitionDate',
  ],
  [
    '合計 ≠ 通貨 + 現物',
    (b) => (b.remuneration.total = 250_001),
    C.AMOUNT_TOTAL_MISMATCH,
    '/remuneration/total',
  ],
  [
    '報酬月額 < 1000',
    (b) => (b.remuneration = { cash: 999, inKind: 0, total: 999 }),
    C.AMOUNT_BELOW_MINIMUM,
    '/remuneration/total',
  ],
  ['個人番号 with 郵便番号', (b) => (b.myNumber = MY_NUMBER), C.CONDITIONAL_OMITTED, '/postalCode'],
  ['個人番号 with 住所（カナ）', (b) => (b.myNumber = MY_NUMBER), C.CONDITIONAL_OMITTED, '/addressKana'],
  ['個人番号 with 住所（漢字）', (b) => (b.myNumber = MY_NUMBER), C.CONDITIONAL_OMITTED, '/addressKanji'],
  [
    '個人番号 with 理由',
    (b) => Object.assign(b, { myNumber: MY_NUMBER, noAddressReason: '1' }),
    C.CONDITIONAL_OMITTED,
    '/noAddressReason',
  ],
  [
    '個人番号 with 個人番号情報',
    (b) => Object.assign(b, { myNumber: MY_NUMBER, myNumberNote: '海外' }),
    C.CONDITIONAL_OMITTED,
    '/myNumberNote',
  ],
  ['no 個人番号 and no 郵便番号', (b) => delete b.postalCode, C.CONDITIONAL_REQUIRED, '/postalCode'],
  ['no 個人番号 and no 住所（カナ）', (b) => delete b.addressKana, C.CONDITIONAL_REQUIRED, '/addressKana'],
  ['理由 3 without 個人番号情報', (b) => (b.noAddressReason = '3'), C.CONDITIONAL_REQUIRED, '/myNumberNote'],
  [
    '個人番号情報 with 理由 1',
    (b) => Object.assign(b, { noAddressReason: '1', myNumberNote: '海外' }),
    C.CONDITIONAL_OMITTED,
    '/myNumberNote',
  ],
  ['取得区分 3 with 基礎年金番号', (b) => (b.acquisitionKind = '3'), C.CONDITIONAL_OMITTED, '/pensionNumber'],
  [
    '取得区分 4 with 種別 3 (坑内員)',
    (b) => Object.assign(b, { acquisitionKind: '4', kind: '3' }),
    C.SHUTOKU_KIND_FOR_ACQUISITION,
    '/kind',
  ],
  ['取得区分 without 種別', (b) => delete b.kind, C.CONDITIONAL_REQUIRED, '/kind'],
  [
    '70歳以上のみ with 種別',
    (b) => Object.assign(b, { over70Only: true, over70: true }),
    C.CONDITIONAL_OMITTED,
    '/kind',
  ],
  [
    '70歳以上のみ with 取得区分',
    (b) => Object.assign(b, { over70Only: true, over70: true }),
    C.CONDITIONAL_OMITTED,
    '/acquisitionKind',
  ],
  [
    '70歳以上のみ without 備考1',
    (b) => Object.assign(b, { over70Only: true }),
    C.CONDITIONAL_REQUIRED,
    '/over70',
  ],
  [
    '70歳以上 before the 70th birthday eve',
    (b) => (b.over70 = true),
    C.SHUTOKU_OVER70_AGE,
    '/acquisitionDate',
  ],
]);

describe('資格取得届 70歳 boundary: (生年月日 − 1日) + 70年', () => {
  it.each([
    ['1955-07-02', '2025-07-01', true],
    ['1955-07-03', '2025-07-01', false],
    ['1956-03-01', '2025-07-01', false],
  ] as const)('born %s, acquired %s → valid %s', (birth, acquired, valid) => {
    const b = { ...validShutoku(), birthDate: birth, acquisitionDate: acquired, over70: true as const };
    const r = validateFiling(b, { today: TODAY });
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(valid ? [] : [C.SHUTOKU_OVER70_AGE]);
  });
});

table('資格喪失届 2201700', validSoshitsu, [
  ['neither 個人番号 nor 基礎年金番号', (b) => delete b.pensionNumber, C.IDENTITY_REQUIRED, '/pensionNumber'],
  ['喪失日 missing', (b) => delete b.lossDate, C.CONDITIONAL_REQUIRED, '/lossDate'],
  [
    '70歳のみ with 喪失日',
    (b) => Object.assign(b, { over70Only: true, over70Ended: true, over70EndDate: '2025-06-30' }),
    C.CONDITIONAL_OMITTED,
    '/lossDate',
  ],
  [
    '70歳のみ with 整理番号',
    (b) => Object.assign(b, { over70Only: true, over70Ended: true, over70EndDate: '2025-06-30' }),
    C.CONDITIONAL_OMITTED,
    '/insuredNumber',
  ],
  [
    '70歳のみ without 70歳不該当',
    (b) => Object.assign(b, { over70Only: true }),
    C.CONDITIONAL_REQUIRED,
    '/over70Ended',
  ],
  [
    '原因 4 without 退職日',
    (b) => delete b.retirementOrDeathDate,
    C.CONDITIONAL_REQUIRED,
    '/retirementOrDeathDate',
  ],
  [
    '原因 7 with 退職日',
    (b) => Object.assign(b, { lossCause: '7', birthDate: '1950-06-30' }),
    C.CONDITIONAL_OMITTED,
    '/retirementOrDeathDate',
  ],
  [
    '原因 4: 喪失日 = 退職日 (not + 1)',
    (b) => (b.lossDate = '2025-06-30'),
    C.SOSHITSU_LOSS_DATE_NEXT_DAY,
    '/lossDate',
  ],
  [
    '喪失日 before the birth date',
    (b) =>
      Object.assign(b, {
        lossCause: '9',
        birthDate: '2025-07-02',
        lossDate: '2025-07-01',
        retirementOrDeathDate: undefined,
      }),
    C.SOSHITSU_LOSS_DATE_BEFORE_BIRTH,
    '/lossDate',
  ],
  [
    '原因 7 before age 75',
    (b) => {
      Object.assign(b, { lossCause: '7', birthDate: '1950-07-02' });
      delete b.retirementOrDeathDate;
    },
    C.SOSHITSU_AGE_75,
    '/lossDate',
  ],
  [
    '喪失日 after the check date',
    (b) => Object.assign(b, { lossDate: '2025-07-11', retirementOrDeathDate: '2025-07-10' }),
    C.DATE_AFTER_CHECK_DATE,
    '/lossDate',
  ],
  [
    '70歳不該当 without 不該当年月日',
    (b) => (b.over70Ended = true),
    C.CONDITIONAL_REQUIRED,
    '/over70EndDate',
  ],
  [
    '原因 4: 不該当年月日 = 退職日 + 1 (wrong)',
    (b) => Object.assign(b, { over70Ended: true, over70EndDate: '2025-07-01' }),
    C.SOSHITSU_OVER70_END_DATE,
    '/over70EndDate',
  ],
  [
    '不該当年月日 after the check date',
    (b) =>
      Object.assign(b, {
        lossCause: '9',
        retirementOrDeathDate: undefined,
        over70Ended: true,
        over70EndDate: '2025-07-11',
      }),
    C.DATE_AFTER_CHECK_DATE,
    '/over70EndDate',
  ],
]);

describe('資格喪失届 dates (REFERENCE §1)', () => {
  it('原因 5 (死亡) with 70歳以上のみ does not require 喪失日 = 死亡日 + 1', () => {
    const b = {
      ...validSoshitsu(),
      lossCause: '5' as const,
      over70Only: true as const,
      over70Ended: true as const,
      over70EndDate: '2025-06-30',
    };
    delete b.lossDate;
    delete b.insuredNumber;
    expect(validateFiling(b, { today: TODAY }).ok).toBe(true);
  });
  it('原因 5 (死亡): 喪失日 = 死亡日 + 1', () => {
    const b = { ...validSoshitsu(), lossCause: '5' as const, lossDate: '2025-06-30' };
    const r = validateFiling(b, { today: TODAY });
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual([C.SOSHITSU_LOSS_DATE_NEXT_DAY]);
  });
});

// ─── 被扶養者届: the person rules run for the spouse and both other-dependant blocks ─────────
type H = HifuyoshaBody;
type PersonCase = readonly [
  name: string,
  mutate: (p: Record<string, unknown>, b: H) => void,
  code: string,
  rel: string,
];
const PERSON_CASES: readonly PersonCase[] = [
  ['同居別居 missing on 該当', (p) => delete p.livingTogether, C.CONDITIONAL_REQUIRED, 'livingTogether'],
  ['同居別居 on 変更', (_p, b) => (b.changeType = '3'), C.CONDITIONAL_OMITTED, 'livingTogether'],
  ['住所地 on 該当', (p) => (p.residencePrefecture = '13'), C.CONDITIONAL_OMITTED, 'residencePrefecture'],
  [
    'なった日 missing on 該当',
    (p) => delete p.becameDependantDate,
    C.CONDITIONAL_REQUIRED,
    'becameDependantDate',
  ],
  ['なった日 on 非該当', (_p, b) => (b.changeType = '2'), C.CONDITIONAL_OMITTED, 'becameDependantDate'],
  ['なった理由 on 変更', (_p, b) => (b.changeType = '3'), C.CONDITIONAL_OMITTED, 'becameReason'],
  ['なった理由 5 without その他', (p) => (p.becameReason = '5'), C.CONDITIONAL_REQUIRED, 'becameReasonOther'],
  ['職業 missing on 該当', (p) => delete p.occupation, C.CONDITIONAL_REQUIRED, 'occupation'],
  ['職業 on 変更', (_p, b) => (b.changeType = '3'), C.CONDITIONAL_OMITTED, 'occupation'],
  ['収入 missing on 該当', (p) => delete p.income, C.CONDITIONAL_REQUIRED, 'income'],
  ['でなくなった日 missing on 非該当', (_p, b) => (b.changeType = '2'), C.CONDITIONAL_REQUIRED, 'ceasedDate'],
  ['でなくなった理由 on 該当', (p) => (p.ceasedReason = '2'), C.CONDITIONAL_OMITTED, 'ceasedReason'],
  [
    'でなくなった理由 6 without その他',
    (p) => (p.ceasedReason = '6'),
    C.CONDITIONAL_REQUIRED,
    'ceasedReasonOther',
  ],
  [
    'でなくなった理由その他 without 6',
    (p) => (p.ceasedReasonOther = '転居'),
    C.CONDITIONAL_OMITTED,
    'ceasedReasonOther',
  ],
  ['備考 missing on 変更', (_p, b) => (b.changeType = '3'), C.CONDITIONAL_REQUIRED, 'remarks'],
  [
    '海外特例 2 with なった日',
    (p) => (p.overseasException = '2'),
    C.HIFUYO_OVERSEAS_CONFLICT,
    'overseasException',
  ],
  ['海外特例 1 without 理由', (p) => (p.overseasException = '1'), C.CONDITIONAL_REQUIRED, 'overseasReason'],
  [
    '海外特例理由 5 without その他',
    (p) => (p.overseasReason = '5'),
    C.CONDITIONAL_REQUIRED,
    'overseasReasonOther',
  ],
  [
    '海外特例 2 without 非該当理由',
    (p) => (p.overseasException = '2'),
    C.CONDITIONAL_REQUIRED,
    'overseasEndReason',
  ],
  [
    '非該当理由 2 without その他',
    (p) => (p.overseasEndReason = '2'),
    C.CONDITIONAL_REQUIRED,
    'overseasEndReasonOther',
  ],
  [
    '非該当理由 1 without 国内転入日',
    (p) => (p.overseasEndReason = '1'),
    C.CONDITIONAL_REQUIRED,
    'domesticMoveInDate',
  ],
];
const SPOUSE_CASES: readonly PersonCase[] = [
  ['なった理由 missing on 該当', (p) => delete p.becameReason, C.CONDITIONAL_REQUIRED, 'becameReason'],
  [
    'でなくなった理由 missing on 非該当',
    (_p, b) => (b.changeType = '2'),
    C.CONDITIONAL_REQUIRED,
    'ceasedReason',
  ],
  ['理由 死亡 without 死亡年月日', (p) => (p.ceasedReason = '1'), C.CONDITIONAL_REQUIRED, 'deathDate'],
  ['死亡年月日 without 死亡', (p) => (p.deathDate = '2025-06-01'), C.CONDITIONAL_OMITTED, 'deathDate'],
  [
    '海外特例 with でなくなった日',
    (p) => Object.assign(p, { ceasedDate: '2025-06-01', overseasException: '1' }),
    C.CONDITIONAL_OMITTED,
    'overseasException',
  ],
  [
    '海外特例 1 without 該当日',
    (p) => (p.overseasException = '1'),
    C.CONDITIONAL_REQUIRED,
    'overseasStartDate',
  ],
  [
    '海外特例 2 without 非該当日',
    (p) => (p.overseasException = '2'),
    C.CONDITIONAL_REQUIRED,
    'overseasEndDate',
  ],
];
const OTHER_CASES: readonly PersonCase[] = [
  ['続柄 10 without 補足', (p) => (p.relationship = '10'), C.CONDITIONAL_REQUIRED, 'relationshipOther'],
  ['補足 without 続柄 10', (p) => (p.relationshipOther = '叔父'), C.CONDITIONAL_OMITTED, 'relationshipOther'],
  ['郵便番号 missing on 該当', (p) => delete p.postalCode, C.CONDITIONAL_REQUIRED, 'postalCode'],
  ['住所 missing on 該当', (p) => delete p.addressKanji, C.CONDITIONAL_REQUIRED, 'addressKanji'],
];

const twoOthers = (): H => {
  const b = validHifuyosha();
  b.otherDependants = [
    validOtherDependant(),
    { ...validOtherDependant(), nameKana: 'ﾆﾎﾝ ｼﾞﾛｳ', relationship: '02' },
  ];
  return b;
};
const personTable = (
  base: string,
  pick: (b: H) => Record<string, unknown>,
  cases: readonly PersonCase[],
): Case<H>[] =>
  cases.map(
    ([name, mutate, code, rel]) =>
      [`${base}: ${name}`, (b: H) => mutate(pick(b), b), code, `${base}/${rel}`] as const,
  );

table('被扶養者届 2202700', twoOthers, [
  [
    '受付年月日 after the check date',
    (b) => (b.employerReceivedDate = '2025-07-11'),
    C.DATE_AFTER_CHECK_DATE,
    '/employerReceivedDate',
  ],
  [
    '整理番号 missing on 非該当',
    (b) => Object.assign(b, { changeType: '2', insuredNumber: undefined }),
    C.CONDITIONAL_REQUIRED,
    '/insuredNumber',
  ],
  [
    '被保険者 without 個人番号 or 基礎年金番号',
    (b) => delete b.insured.pensionNumber,
    C.IDENTITY_REQUIRED,
    '/insured/pensionNumber',
  ],
  [
    '被保険者 収入 on 変更',
    (b) => Object.assign(b, { changeType: '3', insured: { ...b.insured, income: 1 } }),
    C.CONDITIONAL_OMITTED,
    '/insured/income',
  ],
  [
    '被保険者 個人番号 with 郵便番号',
    (b) => (b.insured.myNumber = MY_NUMBER),
    C.CONDITIONAL_OMITTED,
    '/insured/postalCode',
  ],
  [
    '被保険者 個人番号 with 住所',
    (b) => (b.insured.myNumber = MY_NUMBER),
    C.CONDITIONAL_OMITTED,
    '/insured/addressKanji',
  ],
  [
    '被保険者 no 個人番号, no 郵便番号',
    (b) => delete b.insured.postalCode,
    C.CONDITIONAL_REQUIRED,
    '/insured/postalCode',
  ],
  [
    '被保険者 no 個人番号, no 住所',
    (b) => delete b.insured.addressKanji,
    C.CONDITIONAL_REQUIRED,
    '/insured/addressKanji',
  ],
  [
    'no dependant at all',
    (b) => Object.assign(b, { spouse: undefined, otherDependants: undefined }),
    C.HIFUYO_NO_DEPENDANT,
    '/spouse',
  ],
  [
    '配偶者の年間収入 on 非該当',
    (b) => Object.assign(b, { changeType: '2', spouseAnnualIncome: 1 }),
    C.CONDITIONAL_OMITTED,
    '/spouseAnnualIncome',
  ],
  ...personTable('/spouse', (b) => b.spouse as unknown as Record<string, unknown>, [
    ...PERSON_CASES,
    ...SPOUSE_CASES,
  ]),
  ...personTable('/otherDependants/0', (b) => b.otherDependants?.[0] as unknown as Record<string, unknown>, [
    ...PERSON_CASES,
    ...OTHER_CASES,
  ]),
  ...personTable('/otherDependants/1', (b) => b.otherDependants?.[1] as unknown as Record<string, unknown>, [
    ...PERSON_CASES,
    ...OTHER_CASES,
  ]),
]);

table('国民年金 免除・納付猶予', validMenjo, [
  [
    'no 基礎年金番号 and no 個人番号',
    (b) => delete b.applicant.pensionNumber,
    C.IDENTITY_REQUIRED,
    '/applicant/pensionNumber',
  ],
  [
    'period ends before it starts',
    (b) => Object.assign(b, { periodFrom: '2025-09', periodTo: '2025-08' }),
    C.KOKUNEN_PERIOD_ORDER,
    '/periodTo',
  ],
  ['period spans two 免除年度', (b) => (b.periodTo = '2026-07'), C.KOKUNEN_PERIOD_SPANS_YEARS, '/periodTo'],
  [
    'period older than 2 years 1 month',
    (b) => Object.assign(b, { periodFrom: '2023-05', periodTo: '2023-06' }),
    C.KOKUNEN_PERIOD_TOO_OLD,
    '/periodFrom',
  ],
  [
    'applicant 60 or older',
    (b) => (b.applicant.birthDate = '1960-01-01'),
    C.KOKUNEN_AGE_RANGE,
    '/periodFrom',
  ],
  [
    '納付猶予 at 50 or older',
    (b) =>
      Object.assign(b, {
        exemptionKind: 'deferment',
        applicant: { ...b.applicant, birthDate: '1975-08-01' },
      }),
    C.KOKUNEN_DEFERMENT_AGE,
    '/exemptionKind',
  ],
  ['失業 without 離職日', (b) => (b.reason = 'unemployment'), C.CONDITIONAL_REQUIRED, '/unemploymentDate'],
  [
    '離職日 with another reason',
    (b) => (b.unemploymentDate = '2025-06-30'),
    C.CONDITIONAL_OMITTED,
    '/unemploymentDate',
  ],
  [
    '離職日 after the check date',
    (b) => Object.assign(b, { reason: 'unemployment', unemploymentDate: '2025-08-01' }),
    C.DATE_AFTER_CHECK_DATE,
    '/unemploymentDate',
  ],
]);

table('国民年金 学生納付特例', validGakusei, [
  ['no identity', (b) => delete b.applicant.pensionNumber, C.IDENTITY_REQUIRED, '/applicant/pensionNumber'],
  [
    'period ends before it starts',
    (b) => Object.assign(b, { periodFrom: '2025-09', periodTo: '2025-08' }),
    C.KOKUNEN_PERIOD_ORDER,
    '/periodTo',
  ],
  ['period spans two 年度', (b) => (b.periodTo = '2026-04'), C.KOKUNEN_PERIOD_SPANS_YEARS, '/periodTo'],
  [
    'period older than 2 years 1 month',
    (b) => Object.assign(b, { periodFrom: '2023-04', periodTo: '2024-03' }),
    C.KOKUNEN_PERIOD_TOO_OLD,
    '/periodFrom',
  ],
  [
    'applicant under 20 for the whole period',
    (b) => (b.applicant.birthDate = '2007-01-01'),
    C.KOKUNEN_AGE_RANGE,
    '/periodFrom',
  ],
]);

table('国民年金 口座振替', validKoza, [
  ['no identity', (b) => delete b.applicant.pensionNumber, C.IDENTITY_REQUIRED, '/applicant/pensionNumber'],
  ['申出 without 口座', (b) => delete b.account, C.CONDITIONAL_REQUIRED, '/account'],
  ['申出 without 振替方法', (b) => delete b.debitCycle, C.CONDITIONAL_REQUIRED, '/debitCycle'],
  ['辞退 with 口座', (b) => (b.action = 'cancel'), C.CONDITIONAL_OMITTED, '/account'],
  ['辞退 with 振替方法', (b) => (b.action = 'cancel'), C.CONDITIONAL_OMITTED, '/debitCycle'],
  ['開始月 in the past', (b) => (b.fromMonth = '2025-06'), C.KOKUNEN_START_MONTH_PAST, '/fromMonth'],
]);

table('国民年金 付加保険料', validFuka, [
  ['no identity', (b) => delete b.applicant.pensionNumber, C.IDENTITY_REQUIRED, '/applicant/pensionNumber'],
  ['retroactive 付加保険料', (b) => (b.fromMonth = '2025-06'), C.KOKUNEN_START_MONTH_PAST, '/fromMonth'],
]);

table('国民年金 第1号資格取得', validKokunenShutoku, [
  ['no identity', (b) => delete b.applicant.pensionNumber, C.IDENTITY_REQUIRED, '/applicant/pensionNumber'],
  [
    '取得日 after the check date',
    (b) => Object.assign(b, { reason: 'other', acquisitionDate: '2025-07-11' }),
    C.DATE_AFTER_CHECK_DATE,
    '/acquisitionDate',
  ],
  [
    'before age 20',
    (b) => Object.assign(b, { reason: 'other', acquisitionDate: '2025-07-04' }),
    C.KOKUNEN_AGE_RANGE,
    '/acquisitionDate',
  ],
  [
    '20歳到達 on the birthday (one day late)',
    (b) => Object.assign(b, { applicant: { ...b.applicant, birthDate: '2005-07-05' } }),
    C.KOKUNEN_AGE20_DATE,
    '/acquisitionDate',
  ],
  [
    '前の勤務先 with reason 20歳到達',
    (b) => (b.previousEmployer = '株式会社健保'),
    C.CONDITIONAL_OMITTED,
    '/previousEmployer',
  ],
]);

describe('coverage', () => {
  const forms: FormCode[] = [...Object.values(FORM_CODES), ...Object.values(KOKUNEN_FORM_CODES)];
  it.each(forms)('every rule of %s has a table case', (formCode) => {
    const declared = new Set(rulesOf(formCode).map((r) => `${formCode}|${r.code}|${r.at}`));
    const missing = [...declared].filter((k) => !hit.has(k));
    expect(missing).toEqual([]);
  });
});
