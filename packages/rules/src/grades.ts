/**
 * 標準報酬月額 grade tables of 厚生年金保険 and 健康保険, effective-dated.
 *
 * Why: premiums and benefits are computed on the 標準報酬月額 — the grade whose pay band contains the
 * 報酬月額 — not on pay itself, and the tables change by law (厚年 grade 32 added 2020-09, 健保 grades
 * 48–50 added 2016-04). Every table carries the period it is valid for; a lookup names the date.
 * Guarantees: bands are contiguous and increasing (lower bound inclusive, upper bound exclusive, the
 * top grade open-ended), so the lookup is total and monotonic for any pay ≥ 0. Asking for a date no
 * table covers, or for a negative pay, throws RangeError (a programming error).
 * Sources: 厚生年金保険法第20条 (32 grades since 令和2年9月), 健康保険法第40条 (50 grades since
 * 平成28年4月); bounds as in 日本年金機構「保険料額表」 and rakually `kyuyo/lib/shakaihoken-hyo.js`.
 * The earlier tables are the current ones without the grades the amendments added: 厚年 2016-10 to
 * 2020-08 = grades 1–31 (88,000 added 2016-10 as grade 1), 健保 2007-04 to 2016-03 = grades 1–47.
 */
import { inForceOn, isValidIsoDate } from './dates';

export type Scheme = 'kosei' | 'kenpo';

export type GradeRow = {
  readonly grade: number;
  readonly standard: number;
  /** Lower bound of 報酬月額, inclusive. */
  readonly from: number;
  /** Upper bound, exclusive; absent for the top grade. */
  readonly to?: number;
};

export type GradeTable = {
  readonly scheme: Scheme;
  /** First day the table applies (inclusive). */
  readonly validFrom: string;
  /** Last day the table applies (inclusive); absent for the table in force. */
  readonly validTo?: string;
  readonly grades: readonly GradeRow[];
};

/** Builds rows from [standard, lower bound] pairs: each band ends where the next begins. */
const rows = (pairs: readonly (readonly [number, number])[]): readonly GradeRow[] =>
  Object.freeze(
    pairs.map(([standard, from], i) => {
      const next = pairs[i + 1];
      return Object.freeze(
        next === undefined ? { grade: i + 1, standard, from } : { grade: i + 1, standard, from, to: next[1] },
      );
    }),
  );

/** The 厚年 bands shared by both schemes: 標準報酬月額, 報酬月額 lower bound. */
// prettier-ignore
const COMMON_BANDS: readonly (readonly [number, number])[] = [
  [88_000, 83_000], [98_000, 93_000], [104_000, 101_000], [110_000, 107_000], [118_000, 114_000],
  [126_000, 122_000], [134_000, 130_000], [142_000, 138_000], [150_000, 146_000], [160_000, 155_000],
  [170_000, 165_000], [180_000, 175_000], [190_000, 185_000], [200_000, 195_000], [220_000, 210_000],
  [240_000, 230_000], [260_000, 250_000], [280_000, 270_000], [300_000, 290_000], [320_000, 310_000],
  [340_000, 330_000], [360_000, 350_000], [380_000, 370_000], [410_000, 395_000], [440_000, 425_000],
  [470_000, 455_000], [500_000, 485_000], [530_000, 515_000], [560_000, 545_000], [590_000, 575_000],
  [620_000, 605_000], [650_000, 635_000],
];
// prettier-ignore
const KENPO_LOW_BANDS: readonly (readonly [number, number])[] = [[58_000, 0], [68_000, 63_000], [78_000, 73_000]];
// prettier-ignore
const KENPO_HIGH_BANDS: readonly (readonly [number, number])[] = [
  [680_000, 665_000], [710_000, 695_000], [750_000, 730_000], [790_000, 770_000], [830_000, 810_000],
  [880_000, 855_000], [930_000, 905_000], [980_000, 955_000], [1_030_000, 1_005_000], [1_090_000, 1_055_000],
  [1_150_000, 1_115_000], [1_210_000, 1_175_000], [1_270_000, 1_235_000], [1_330_000, 1_295_000],
  [1_390_000, 1_355_000],
];

/** 厚年: grade 1 starts at 0 (the 健保 bands below 83,000 all fall into 88,000). */
const koseiBands = (count: number): readonly (readonly [number, number])[] =>
  COMMON_BANDS.slice(0, count).map(([standard, from], i) => [standard, i === 0 ? 0 : from] as const);

export const KOSEI_GRADE_TABLES: readonly GradeTable[] = Object.freeze([
  // 平成28年10月改正 (短時間労働者への適用拡大): 88,000 added as grade 1 → 31 grades.
  { scheme: 'kosei', validFrom: '2016-10-01', validTo: '2020-08-31', grades: rows(koseiBands(31)) },
  // 令和2年9月改正: 650,000 added as grade 32.
  { scheme: 'kosei', validFrom: '2020-09-01', grades: rows(koseiBands(32)) },
]);

export const KENPO_GRADE_TABLES: readonly GradeTable[] = Object.freeze([
  // 平成19年4月改正: 58,000 – 1,210,000, 47 grades.
  {
    scheme: 'kenpo',
    validFrom: '2007-04-01',
    validTo: '2016-03-31',
    grades: rows([...KENPO_LOW_BANDS, ...COMMON_BANDS, ...KENPO_HIGH_BANDS.slice(0, 12)]),
  },
  // 平成28年4月改正: 1,270,000 / 1,330,000 / 1,390,000 added → 50 grades.
  {
    scheme: 'kenpo',
    validFrom: '2016-04-01',
    grades: rows([...KENPO_LOW_BANDS, ...COMMON_BANDS, ...KENPO_HIGH_BANDS]),
  },
]);

const TABLES: Readonly<Record<Scheme, readonly GradeTable[]>> = {
  kosei: KOSEI_GRADE_TABLES,
  kenpo: KENPO_GRADE_TABLES,
};

/** The table in force on `onIso`. Throws RangeError for a malformed date or a date before any table. */
export const gradeTableFor = (scheme: Scheme, onIso: string): GradeTable => {
  if (!isValidIsoDate(onIso)) throw new RangeError(`not an ISO date: ${JSON.stringify(onIso)}`);
  const table = inForceOn(TABLES[scheme], onIso);
  if (table === undefined) throw new RangeError(`no ${scheme} grade table covers ${onIso}`);
  return table;
};

/** The grade whose band contains `monthlyPay` (報酬月額, yen) on `onIso`. */
export const gradeFor = (scheme: Scheme, monthlyPay: number, onIso: string): GradeRow => {
  if (!Number.isFinite(monthlyPay) || monthlyPay < 0)
    throw new RangeError(`monthly pay must be ≥ 0, got ${monthlyPay}`);
  const { grades } = gradeTableFor(scheme, onIso);
  // Bands are contiguous from 0 and the last is open-ended: the last band whose lower bound ≤ pay.
  return grades.filter((g) => g.from <= monthlyPay).at(-1) as GradeRow;
};

/** The grade of a 標準報酬月額 on `onIso`, or undefined if that amount is not a standard of the table. */
export const gradeOfStandard = (scheme: Scheme, standard: number, onIso: string): GradeRow | undefined =>
  gradeTableFor(scheme, onIso).grades.find((g) => g.standard === standard);

/** The row of a grade number on `onIso`, or undefined outside 1…top. */
export const gradeRow = (scheme: Scheme, grade: number, onIso: string): GradeRow | undefined =>
  gradeTableFor(scheme, onIso).grades.find((g) => g.grade === grade);
