/**
 * The three decisions that set what a person's premiums are computed on: 定時決定 (算定基礎届),
 * 随時改定 (月額変更届) and 標準賞与額 (賞与支払届).
 *
 * Why: the agency decides the 標準報酬月額 from the pay the employer reports; the rules for which
 * months count and when the new grade applies are the heart of the employer filings.
 * Guarantees: pure; inputs are plain numbers and ISO strings; `today` is never needed (every date is
 * derived from the input). A decision that does not apply is a normal result with a reason code, not
 * an error. Structurally impossible input (negative pay, base days outside 0–31, a month given twice,
 * a 標準報酬月額 that is not in the table) throws RangeError — the form validators catch those first.
 * Sources: 厚生年金保険法第21条 (定時決定), 第23条 (随時改定), 第24条の4 (標準賞与額); 健康保険法第41条,
 * 第43条, 第45条; 日本年金機構「算定基礎届の記入・提出ガイドブック」「随時改定」 (支払基礎日数 17日,
 * 特定適用事業所の短時間労働者 11日, 短時間就労者 15日, 上限・下限の特例).
 */
import {
  type Period,
  addYearMonths,
  fiscalYear,
  fiscalYearRange,
  inForceOn,
  isValidIsoDate,
  isValidYearMonth,
} from './dates';
import { type GradeRow, type Scheme, gradeFor, gradeOfStandard, gradeTableFor } from './grades';

/** 支払基礎日数 a month needs to count (算定基礎届・月額変更届). */
export const BASE_DAYS_REGULAR = 17;
/** 特定適用事業所等の短時間労働者 (週20時間以上・4分の3未満). */
export const BASE_DAYS_SHORT_TIME = 11;
/** 短時間就労者 (パート, 4分の3以上): if no month reaches 17 days, months of 15 days or more count. */
export const BASE_DAYS_PART_TIME_FALLBACK = 15;
const MAX_BASE_DAYS = 31;
/** 定時決定 applies from September of the year of the 算定. */
const TEIJI_EFFECTIVE_MONTH = '09';
/** Joined on or after 1 June of the year ⇒ not subject to 定時決定 that year. */
const TEIJI_JOIN_CUTOFF = '-06-01';
/** A 随時改定 taking effect in July, August or September replaces that year's 定時決定. */
const TEIJI_ZUIJI_MONTHS = ['07', '08', '09'] as const;
/** 随時改定: the new grade applies from the 4th month counted from the first month of changed pay. */
const ZUIJI_EFFECTIVE_OFFSET = 3;
const ZUIJI_MIN_GRADE_DIFFERENCE = 2;

export type PayMonth = {
  /** 支払基礎日数 (0–31). */
  readonly baseDays: number;
  /** 通貨によるもの (yen). */
  readonly cash: number;
  /** 現物によるもの (yen). */
  readonly inKind: number;
};

export type WorkPattern = {
  /** 特定適用事業所等の短時間労働者: months of 11 days or more count. */
  readonly shortTime?: boolean;
  /** 短時間就労者 (パート): months of 17 days or more; failing those, months of 15 days or more. */
  readonly partTime?: boolean;
};

const checkMonth = (m: PayMonth, label: string): void => {
  if (!Number.isInteger(m.baseDays) || m.baseDays < 0 || m.baseDays > MAX_BASE_DAYS) {
    throw new RangeError(`${label}: base days must be an integer 0–31, got ${m.baseDays}`);
  }
  for (const [name, v] of [
    ['cash', m.cash],
    ['inKind', m.inKind],
  ] as const) {
    if (!Number.isInteger(v) || v < 0)
      throw new RangeError(`${label}: ${name} must be a non-negative integer, got ${v}`);
  }
};

const checkPattern = (p: WorkPattern): void => {
  if (p.shortTime === true && p.partTime === true) {
    throw new RangeError('a person is either 短時間労働者 (shortTime) or 短時間就労者 (partTime), not both');
  }
};

const monthTotal = (m: PayMonth): number => m.cash + m.inKind;

const checkStandard = (scheme: Scheme, standard: number, onIso: string, label: string): GradeRow => {
  const row = gradeOfStandard(scheme, standard, onIso);
  if (row === undefined)
    throw new RangeError(`${label}: ${standard} is not a ${scheme} 標準報酬月額 on ${onIso}`);
  return row;
};

// ─── 定時決定 (算定基礎届) ───────────────────────────────────────────────────────────────────

export type TeijiMonth = PayMonth & {
  readonly month: '04' | '05' | '06';
  /** 途中入社等で1か月分の報酬が支払われていない月: never counted (算定基礎届 備考「途中入社」). */
  readonly partial?: boolean;
};

export type TeijiInput = WorkPattern & {
  /** Calendar year of the 算定 (pay of April–June of this year; the result applies from September). */
  readonly year: number;
  /** April, May and June — each at most once; a month not paid may be omitted. */
  readonly months: readonly TeijiMonth[];
  /** 修正平均額 (e.g. after 遡及支払): when given, it decides the grade instead of the average. */
  readonly correctedAverage?: number;
  /** 従前の標準報酬月額 (厚年), kept when no month counts (保険者決定). */
  readonly previousStandard?: number;
  /** 資格取得日: on or after 1 June of the year ⇒ excluded. */
  readonly qualifiedOn?: string;
  /** First month of a 随時改定 already applying this year (`YYYY-MM`): July–September ⇒ excluded. */
  readonly zuijiFrom?: string;
};

export type GradePair = { readonly kosei: GradeRow; readonly kenpo: GradeRow };

export type TeijiResult =
  | {
      readonly kind: 'decided';
      /** Σ counted months / count, truncated to the yen. */
      readonly average: number;
      /** The amount the grade was looked up with: `correctedAverage` when given, else `average`. */
      readonly basis: number;
      readonly total: number;
      readonly countedMonths: readonly ('04' | '05' | '06')[];
      /** Days threshold that selected the counted months (17, 11 or 15). */
      readonly threshold: number;
      /** 厚生年金 grade and 標準報酬月額 (the same as `kosei`). */
      readonly grade: number;
      readonly standard: number;
      readonly kosei: GradeRow;
      readonly kenpo: GradeRow;
      readonly effectiveFrom: string;
    }
  | {
      readonly kind: 'kept';
      readonly reason: 'NO_MONTH_COUNTED';
      /** The previous 標準報酬月額, kept from September (undefined if not supplied). */
      readonly standard?: number;
      readonly effectiveFrom: string;
    }
  | {
      readonly kind: 'excluded';
      readonly reason: 'JOINED_ON_OR_AFTER_JUNE_1' | 'ZUIJI_FROM_JULY_TO_SEPTEMBER';
    };

/**
 * 定時決定: 「算定基礎届: 4〜6月のうち支払基礎日数17日以上（短時間労働者11日以上）の月の報酬の平均」.
 * パート (短時間就労者): months of ≥ 17 days; if none, months of ≥ 15 days; if none, kept.
 * No month counts ⇒ the previous 標準報酬月額 is kept (保険者決定). Applies from 1 September.
 */
export const teijiKettei = (input: TeijiInput): TeijiResult => {
  checkPattern(input);
  if (!Number.isInteger(input.year)) throw new RangeError(`year must be an integer, got ${input.year}`);
  const seen = new Set<string>();
  for (const m of input.months) {
    checkMonth(m, `month ${m.month}`);
    if (seen.has(m.month)) throw new RangeError(`month ${m.month} given twice`);
    seen.add(m.month);
  }
  if (input.qualifiedOn !== undefined) {
    if (!isValidIsoDate(input.qualifiedOn))
      throw new RangeError(`qualifiedOn is not an ISO date: ${input.qualifiedOn}`);
    if (input.qualifiedOn >= `${input.year}${TEIJI_JOIN_CUTOFF}`) {
      return { kind: 'excluded', reason: 'JOINED_ON_OR_AFTER_JUNE_1' };
    }
  }
  if (input.zuijiFrom !== undefined) {
    if (!isValidYearMonth(input.zuijiFrom))
      throw new RangeError(`zuijiFrom is not YYYY-MM: ${input.zuijiFrom}`);
    const [y, m] = input.zuijiFrom.split('-') as [string, string];
    if (Number(y) === input.year && (TEIJI_ZUIJI_MONTHS as readonly string[]).includes(m)) {
      return { kind: 'excluded', reason: 'ZUIJI_FROM_JULY_TO_SEPTEMBER' };
    }
  }
  const effectiveFrom = `${input.year}-${TEIJI_EFFECTIVE_MONTH}-01`;
  const eligible = [...input.months]
    .filter((m) => m.partial !== true)
    .sort((a, b) => a.month.localeCompare(b.month));
  const atLeast = (days: number) => eligible.filter((m) => m.baseDays >= days);

  let threshold = input.shortTime === true ? BASE_DAYS_SHORT_TIME : BASE_DAYS_REGULAR;
  let counted = atLeast(threshold);
  if (counted.length === 0 && input.partTime === true) {
    threshold = BASE_DAYS_PART_TIME_FALLBACK;
    counted = atLeast(threshold);
  }
  if (counted.length === 0) {
    return { kind: 'kept', reason: 'NO_MONTH_COUNTED', standard: input.previousStandard, effectiveFrom };
  }
  const total = counted.reduce((acc, m) => acc + monthTotal(m), 0);
  const average = Math.floor(total / counted.length); // 円未満切捨て
  if (
    input.correctedAverage !== undefined &&
    (!Number.isInteger(input.correctedAverage) || input.correctedAverage < 0)
  ) {
    throw new RangeError(`correctedAverage must be a non-negative integer, got ${input.correctedAverage}`);
  }
  const basis = input.correctedAverage ?? average;
  const kosei = gradeFor('kosei', basis, effectiveFrom);
  const kenpo = gradeFor('kenpo', basis, effectiveFrom);
  return {
    kind: 'decided',
    average,
    basis,
    total,
    countedMonths: counted.map((m) => m.month),
    threshold,
    grade: kosei.grade,
    standard: kosei.standard,
    kosei,
    kenpo,
    effectiveFrom,
  };
};

// ─── 随時改定 (月額変更届) ───────────────────────────────────────────────────────────────────

/**
 * 上限・下限の特例: at the ends of a table a one-grade move counts as two when the pay lies beyond the
 * band a further grade would have had. Expressed as virtual bounds: pay below `below` sits at grade 0,
 * pay at or above `above` sits one grade over the top.
 */
const VIRTUAL_BOUNDS: Readonly<Record<Scheme, { below: number; above: number }>> = {
  kosei: { below: 83_000, above: 665_000 },
  kenpo: { below: 53_000, above: 1_415_000 },
};

const position = (scheme: Scheme, pay: number, row: GradeRow, top: number): number => {
  const { below, above } = VIRTUAL_BOUNDS[scheme];
  if (row.grade === 1 && pay < below) return 0;
  if (row.grade === top && pay >= above) return top + 1;
  return row.grade;
};

export type ZuijiInput = WorkPattern & {
  readonly scheme?: Scheme;
  /** First month whose pay reflects the change of fixed pay (`YYYY-MM`, the month it was paid). */
  readonly changeMonth: string;
  /** 固定的賃金の変動 and its net direction (基本給・手当・給与体系の変更). */
  readonly fixedPayChange: 'increase' | 'decrease' | 'none';
  /** The three consecutive months from `changeMonth`. */
  readonly months: readonly [PayMonth, PayMonth, PayMonth];
  /** 従前の標準報酬月額 in this scheme. */
  readonly currentStandard: number;
  /**
   * 報酬月額 on which the current standard rests — only used for the 上限・下限の特例 when the current
   * standard is the lowest or the highest grade.
   */
  readonly currentMonthlyPay?: number;
};

export type ZuijiNotApplicable =
  'NO_FIXED_PAY_CHANGE' | 'INSUFFICIENT_BASE_DAYS' | 'DIRECTION_MISMATCH' | 'LESS_THAN_TWO_GRADES';

export type ZuijiResult =
  | {
      readonly kind: 'decided';
      readonly scheme: Scheme;
      readonly total: number;
      /** floor(total / 3). */
      readonly average: number;
      readonly previousGrade: number;
      readonly grade: number;
      readonly standard: number;
      /** Signed move in grades, counting the 上限・下限の特例 (≥ 2 in absolute value). */
      readonly gradeDifference: number;
      /** First day of the 4th month from `changeMonth`. */
      readonly effectiveFrom: string;
    }
  | {
      readonly kind: 'not-applicable';
      readonly reason: ZuijiNotApplicable;
      readonly average?: number;
      readonly gradeDifference?: number;
    };

/**
 * 随時改定: all of (1) a change of fixed pay, (2) each of the three months has ≥ 17 base days (≥ 11
 * 短時間労働者), (3) the three-month average moves the grade by ≥ 2 from the current standard (with
 * the 上限・下限の特例), (4) in the direction of the fixed-pay change (昇給で等級が下がる／降給で上がる
 * ときは対象外). The new grade applies from the 4th month. Checks run in that order; the first that
 * fails is the reason.
 */
export const zuijiKaitei = (input: ZuijiInput): ZuijiResult => {
  checkPattern(input);
  const scheme = input.scheme ?? 'kosei';
  if (!isValidYearMonth(input.changeMonth))
    throw new RangeError(`changeMonth is not YYYY-MM: ${input.changeMonth}`);
  input.months.forEach((m, i) => checkMonth(m, `month ${i + 1}`));
  const effectiveFrom = `${addYearMonths(input.changeMonth, ZUIJI_EFFECTIVE_OFFSET)}-01`;
  const previous = checkStandard(scheme, input.currentStandard, effectiveFrom, 'currentStandard');

  if (input.fixedPayChange === 'none') return { kind: 'not-applicable', reason: 'NO_FIXED_PAY_CHANGE' };
  const minDays = input.shortTime === true ? BASE_DAYS_SHORT_TIME : BASE_DAYS_REGULAR;
  if (input.months.some((m) => m.baseDays < minDays))
    return { kind: 'not-applicable', reason: 'INSUFFICIENT_BASE_DAYS' };

  const total = input.months.reduce((acc, m) => acc + monthTotal(m), 0);
  const average = Math.floor(total / input.months.length);
  const top = gradeTableFor(scheme, effectiveFrom).grades.length;
  const next = gradeFor(scheme, average, effectiveFrom);
  const from = position(scheme, input.currentMonthlyPay ?? input.currentStandard, previous, top);
  const to = position(scheme, average, next, top);
  const gradeDifference = to - from;

  if (input.fixedPayChange === 'increase' ? gradeDifference < 0 : gradeDifference > 0) {
    return { kind: 'not-applicable', reason: 'DIRECTION_MISMATCH', average, gradeDifference };
  }
  if (Math.abs(gradeDifference) < ZUIJI_MIN_GRADE_DIFFERENCE) {
    return { kind: 'not-applicable', reason: 'LESS_THAN_TWO_GRADES', average, gradeDifference };
  }
  return {
    kind: 'decided',
    scheme,
    total,
    average,
    previousGrade: previous.grade,
    grade: next.grade,
    standard: next.standard,
    gradeDifference,
    effectiveFrom,
  };
};

// ─── 標準賞与額 (賞与支払届) ─────────────────────────────────────────────────────────────────

/** 標準賞与額: 賞与額の1,000円未満切捨て. */
export const BONUS_ROUNDING_UNIT = 1_000;

export type BonusCap = Period & { readonly amount: number };

/** 厚生年金: 1か月あたり150万円 (同月内の賞与は合算), since 総報酬制 (2003-04). */
export const KOSEI_BONUS_MONTHLY_CAPS: readonly BonusCap[] = Object.freeze([
  { validFrom: '2003-04-01', amount: 1_500_000 },
]);
/** 健康保険: 年度（4月1日〜3月31日）の累計573万円 since 2016-04 (540万円 2007-04 to 2016-03). */
export const KENPO_BONUS_ANNUAL_CAPS: readonly BonusCap[] = Object.freeze([
  { validFrom: '2007-04-01', validTo: '2016-03-31', amount: 5_400_000 },
  { validFrom: '2016-04-01', amount: 5_730_000 },
]);

const capOn = (caps: readonly BonusCap[], onIso: string, what: string): number => {
  const cap = inForceOn(caps, onIso);
  if (cap === undefined) throw new RangeError(`no ${what} covers ${onIso}`);
  return cap.amount;
};

export type BonusPayment = {
  /** 賞与支払年月日. */
  readonly paidOn: string;
  readonly cash: number;
  readonly inKind: number;
};

export type StandardBonusInput = {
  /** Every bonus paid in one calendar month (summed before rounding and capping). */
  readonly payments: readonly BonusPayment[];
  /**
   * Bonuses paid earlier in the same fiscal year (for the 健保 cumulative cap). Payments outside that
   * fiscal year, or not before the month, are ignored.
   */
  readonly priorPayments?: readonly BonusPayment[];
};

export type StandardBonusResult = {
  /** `YYYY-MM` of the payments. */
  readonly month: string;
  readonly fiscalYear: number;
  /** Σ (通貨 + 現物) of the month. */
  readonly amount: number;
  /** floor(amount / 1,000) × 1,000, before any cap. */
  readonly standard: number;
  /** 厚生年金 標準賞与額 (monthly cap applied). */
  readonly kosei: number;
  readonly koseiCapped: boolean;
  /** 健康保険 標準賞与額 (fiscal-year cumulative cap applied). */
  readonly kenpo: number;
  readonly kenpoCapped: boolean;
  /** 健保 標準賞与額 of the fiscal year so far, this month included. */
  readonly kenpoCumulative: number;
};

const checkPayment = (p: BonusPayment, label: string): void => {
  if (!isValidIsoDate(p.paidOn)) throw new RangeError(`${label}: paidOn is not an ISO date: ${p.paidOn}`);
  checkMonth({ baseDays: 0, cash: p.cash, inKind: p.inKind }, label);
};

const monthBonus = (payments: readonly BonusPayment[], kenpoSoFar: number): StandardBonusResult => {
  const first = payments[0] as BonusPayment;
  const month = first.paidOn.slice(0, 7);
  const fy = fiscalYear(first.paidOn);
  const amount = payments.reduce((acc, p) => acc + p.cash + p.inKind, 0);
  const standard = Math.floor(amount / BONUS_ROUNDING_UNIT) * BONUS_ROUNDING_UNIT;
  const koseiCap = capOn(KOSEI_BONUS_MONTHLY_CAPS, first.paidOn, '厚年 bonus cap');
  const kenpoRoom = Math.max(0, capOn(KENPO_BONUS_ANNUAL_CAPS, first.paidOn, '健保 bonus cap') - kenpoSoFar);
  const kosei = Math.min(standard, koseiCap);
  const kenpo = Math.min(standard, kenpoRoom);
  return {
    month,
    fiscalYear: fy,
    amount,
    standard,
    kosei,
    koseiCapped: kosei < standard,
    kenpo,
    kenpoCapped: kenpo < standard,
    kenpoCumulative: kenpoSoFar + kenpo,
  };
};

/**
 * 標準賞与額 of one month: 「同月内に2回以上支給されたときは合算」, 1,000円未満切捨て; 厚年 capped at
 * 1,500,000 for the month; 健保 capped so that the fiscal year's cumulative total stays ≤ 5,730,000
 * (earlier months of the year are recomputed from `priorPayments`, in month order).
 */
export const standardBonus = (input: StandardBonusInput): StandardBonusResult => {
  if (input.payments.length === 0) throw new RangeError('standardBonus needs at least one payment');
  input.payments.forEach((p, i) => checkPayment(p, `payment ${i + 1}`));
  const month = (input.payments[0] as BonusPayment).paidOn.slice(0, 7);
  if (input.payments.some((p) => p.paidOn.slice(0, 7) !== month)) {
    throw new RangeError('standardBonus: all payments must be in the same month');
  }
  const fyRange = fiscalYearRange(fiscalYear(`${month}-01`));
  const byMonth = new Map<string, BonusPayment[]>();
  (input.priorPayments ?? []).forEach((p, i) => {
    checkPayment(p, `prior payment ${i + 1}`);
    const m = p.paidOn.slice(0, 7);
    if (p.paidOn < fyRange.from || m >= month) return;
    byMonth.set(m, [...(byMonth.get(m) ?? []), p]);
  });
  let kenpoSoFar = 0;
  for (const m of [...byMonth.keys()].sort()) {
    kenpoSoFar = monthBonus(byMonth.get(m) as BonusPayment[], kenpoSoFar).kenpoCumulative;
  }
  return monthBonus(input.payments, kenpoSoFar);
};
