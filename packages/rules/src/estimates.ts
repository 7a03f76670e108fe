/**
 * 年金見込額: 老齢基礎年金, 老齢厚生年金 (報酬比例部分) and the 繰上げ・繰下げ adjustment.
 *
 * Why: ねんきんネット and the counters show people an estimate with the formula behind it; the parts
 * must be the statutory ones so that the explanation is true.
 * Guarantees: exact rational arithmetic on integers (factors as eighths/sixths, multipliers per
 * 1,000,000, adjustment rates per 1,000), one rounding at the end of each amount: 1円未満四捨五入
 * (50銭以上切上げ — 国民年金法第17条, 厚生年金保険法第35条; note this differs from the premium 50銭 rule).
 * Inputs that are not counts or amounts throw RangeError; an unknown fiscal year throws RangeError.
 * Not modelled (documented in docs/rules.md): 既裁定者 amounts (born before 1956-04-02), 従前額保障,
 * 生年月日による乗率の読替え (born before 1946-04-02), 加給年金, 振替加算, 在職老齢年金, カラ期間.
 * Sources: 国民年金法第27条 (満額 × 月数/480), 第27条 (免除月の反映: 平成21年4月以後 4/8, 5/8, 6/8, 7/8,
 * 前 2/6, 3/6, 4/6, 5/6; 学生納付特例・納付猶予は0), 第28条 (繰下げ 0.7 %/月), 附則第9条の2 (繰上げ
 * 0.4 %/月); 厚生年金保険法第43条 (7.125/1000, 5.481/1000); 付加年金 200円 × 月数 (第44条).
 */
import { isValidIsoDate } from './dates';

/** 老齢基礎年金 満額 (年額) by fiscal year (新規裁定者). FY2026: REFERENCE gives 70,608/month; the annual 847,300 is used. */
export const BASIC_PENSION_FULL_ANNUAL: Readonly<Record<number, number>> = Object.freeze({
  2024: 816_000,
  2025: 831_700,
  2026: 847_300,
});
/** 40 years × 12: the months of a full record (20歳〜60歳). */
export const FULL_MONTHS = 480;
/** 受給資格期間: 10 years (平成29年8月以降). */
export const ELIGIBILITY_MONTHS = 120;
/** 付加年金: 200 yen per month of 付加保険料. */
export const FUKA_PENSION_PER_MONTH = 200;

/** Exemption factors in 24ths (lcm of 8 and 6) so that both regimes are exact integers. */
const FACTOR_DENOMINATOR = 24;
/** From April 2009 (国庫負担1/2): 全額 4/8, 3/4免除 5/8, 半額 6/8, 1/4免除 7/8. */
const FACTORS_FROM_2009 = { full: 12, threeQuarter: 15, half: 18, quarter: 21 } as const;
/** Before April 2009 (国庫負担1/3): 全額 2/6, 3/4免除 3/6, 半額 4/6, 1/4免除 5/6. */
const FACTORS_BEFORE_2009 = { full: 8, threeQuarter: 12, half: 16, quarter: 20 } as const;
const PAID_FACTOR = FACTOR_DENOMINATOR;

export type ExemptMonths = {
  /** 全額免除. */
  readonly full?: number;
  /** 4分の3免除. */
  readonly threeQuarter?: number;
  /** 半額免除. */
  readonly half?: number;
  /** 4分の1免除. */
  readonly quarter?: number;
};

export type BasicPensionInput = {
  readonly fiscalYear: number;
  /** 保険料納付済月数 (incl. 第2号・第3号 periods and 産前産後免除). */
  readonly paidMonths: number;
  readonly exemptMonths?: { readonly beforeApril2009?: ExemptMonths; readonly fromApril2009?: ExemptMonths };
  /** 学生納付特例 months (not paid later): count 0 toward the amount, count toward eligibility. */
  readonly studentMonths?: number;
  /** 納付猶予 months (not paid later): count 0 toward the amount, count toward eligibility. */
  readonly deferredMonths?: number;
  /** Months of 付加保険料 paid. */
  readonly fukaMonths?: number;
};

export type BasicPensionResult = {
  readonly fullAmount: number;
  /** paid + Σ exempt × factor, in months (may be fractional: eighths/sixths). Capped at 480. */
  readonly creditedMonths: number;
  /** Months toward the 10-year requirement: paid + exempt + student + deferred. */
  readonly qualifyingMonths: number;
  readonly eligible: boolean;
  /** full × creditedMonths / 480, rounded to the yen (0 when not eligible). */
  readonly basic: number;
  /** 付加年金 200 × fukaMonths (0 when not eligible). */
  readonly fuka: number;
  readonly annual: number;
  readonly formula: string;
};

const months = (n: number | undefined, what: string): number => {
  const v = n ?? 0;
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${what} must be a non-negative integer, got ${v}`);
  return v;
};

/** 1円未満四捨五入 of numerator/denominator (both non-negative integers). */
const roundYen = (numerator: number, denominator: number): number =>
  Math.floor((2 * numerator + denominator) / (2 * denominator));

const weighted = (
  e: ExemptMonths | undefined,
  factors: Record<keyof ExemptMonths, number>,
  label: string,
) => {
  const counts = {
    full: months(e?.full, `${label}.full`),
    threeQuarter: months(e?.threeQuarter, `${label}.threeQuarter`),
    half: months(e?.half, `${label}.half`),
    quarter: months(e?.quarter, `${label}.quarter`),
  };
  return {
    count: counts.full + counts.threeQuarter + counts.half + counts.quarter,
    weight:
      counts.full * factors.full +
      counts.threeQuarter * factors.threeQuarter +
      counts.half * factors.half +
      counts.quarter * factors.quarter,
  };
};

export const basicPensionFullAmount = (fiscalYear: number): number => {
  const full = BASIC_PENSION_FULL_ANNUAL[fiscalYear];
  if (full === undefined) throw new RangeError(`no 老齢基礎年金 amount known for fiscal year ${fiscalYear}`);
  return full;
};

/**
 * 老齢基礎年金 (年額) = 満額 × (納付月数 + Σ 免除月数 × 反映割合) / 480, 1円未満四捨五入; plus 付加年金.
 * Requires 120 qualifying months (受給資格期間 10年), else 0.
 */
export const basicPensionAnnual = (input: BasicPensionInput): BasicPensionResult => {
  const fullAmount = basicPensionFullAmount(input.fiscalYear);
  const paid = months(input.paidMonths, 'paidMonths');
  const before = weighted(input.exemptMonths?.beforeApril2009, FACTORS_BEFORE_2009, 'beforeApril2009');
  const after = weighted(input.exemptMonths?.fromApril2009, FACTORS_FROM_2009, 'fromApril2009');
  const student = months(input.studentMonths, 'studentMonths');
  const deferred = months(input.deferredMonths, 'deferredMonths');
  const fukaMonths = months(input.fukaMonths, 'fukaMonths');
  const credited24 = Math.min(
    paid * PAID_FACTOR + before.weight + after.weight,
    FULL_MONTHS * FACTOR_DENOMINATOR,
  );
  const qualifyingMonths = paid + before.count + after.count + student + deferred;
  const eligible = qualifyingMonths >= ELIGIBILITY_MONTHS;
  const basic = eligible ? roundYen(fullAmount * credited24, FULL_MONTHS * FACTOR_DENOMINATOR) : 0;
  const fuka = eligible ? FUKA_PENSION_PER_MONTH * fukaMonths : 0;
  const creditedMonths = credited24 / FACTOR_DENOMINATOR;
  return {
    fullAmount,
    creditedMonths,
    qualifyingMonths,
    eligible,
    basic,
    fuka,
    annual: basic + fuka,
    formula:
      `${fullAmount} × ${creditedMonths} / ${FULL_MONTHS} = ${basic}` +
      (fuka > 0 ? ` + 付加 ${FUKA_PENSION_PER_MONTH} × ${fukaMonths}` : ''),
  };
};

// ─── 報酬比例部分 ───────────────────────────────────────────────────────────────────────────

/** Multipliers per 1,000,000: 7.125/1000 (平成15年3月以前), 5.481/1000 (平成15年4月以後, 賞与込み). */
const MULTIPLIER_DENOMINATOR = 1_000_000;
export const MULTIPLIER_BEFORE_2003 = 7_125;
export const MULTIPLIER_FROM_2003 = 5_481;

export type EarningsRelatedInput = {
  /** 平均標準報酬月額 (再評価後) of the months before April 2003. */
  readonly avgMonthlyBefore2003?: number;
  readonly monthsBefore2003?: number;
  /** 平均標準報酬額 (再評価後, 賞与込み) of the months from April 2003. */
  readonly avgFrom2003?: number;
  readonly monthsFrom2003?: number;
};

export type EarningsRelatedResult = {
  /** Each part rounded to the yen, for display. */
  readonly beforeApril2003: number;
  readonly fromApril2003: number;
  /** The exact sum, rounded once (may differ by 1 yen from the sum of the displayed parts). */
  readonly annual: number;
  readonly formula: string;
};

/**
 * 報酬比例部分 (本来水準) = 平均標準報酬月額 × 7.125/1000 × 平成15年3月以前の月数 + 平均標準報酬額 ×
 * 5.481/1000 × 平成15年4月以後の月数. The averages are the revalued (再評価率を乗じた) ones.
 */
export const earningsRelatedAnnual = (input: EarningsRelatedInput): EarningsRelatedResult => {
  const a = months(input.avgMonthlyBefore2003, 'avgMonthlyBefore2003');
  const m1 = months(input.monthsBefore2003, 'monthsBefore2003');
  const b = months(input.avgFrom2003, 'avgFrom2003');
  const m2 = months(input.monthsFrom2003, 'monthsFrom2003');
  const part1 = a * MULTIPLIER_BEFORE_2003 * m1;
  const part2 = b * MULTIPLIER_FROM_2003 * m2;
  return {
    beforeApril2003: roundYen(part1, MULTIPLIER_DENOMINATOR),
    fromApril2003: roundYen(part2, MULTIPLIER_DENOMINATOR),
    annual: roundYen(part1 + part2, MULTIPLIER_DENOMINATOR),
    formula: `${a} × 7.125/1000 × ${m1} + ${b} × 5.481/1000 × ${m2}`,
  };
};

// ─── 繰上げ・繰下げ ────────────────────────────────────────────────────────────────────────

export const NORMAL_CLAIM_AGE_MONTHS = 65 * 12;
const EARLIEST_CLAIM_MONTHS = 60 * 12;
const LATEST_CLAIM_MONTHS = 75 * 12;
/** Born on or before 1952-04-01: 繰下げ only up to 70. */
const LATEST_CLAIM_MONTHS_OLDER = 70 * 12;
const DEFERRAL_TO_75_BORN_FROM = '1952-04-02';
/** 繰下げ needs at least 12 months (claimed at 66 or later). */
const EARLIEST_DEFERRAL_MONTHS = 12;
/** Per mille per month: 繰上げ 0.4 % (born 1962-04-02 or later; 0.5 % before), 繰下げ 0.7 %. */
const EARLY_RATE_PER_MILLE = 4;
const EARLY_RATE_PER_MILLE_OLDER = 5;
const EARLY_RATE_04_BORN_FROM = '1962-04-02';
const LATE_RATE_PER_MILLE = 7;
const PER_MILLE = 1_000;

export type ClaimAge = number | { readonly years: number; readonly months?: number };

export type ClaimAdjustment = {
  /** Age at claim in months. */
  readonly claimAgeMonths: number;
  /** Negative for 繰上げ, positive for 繰下げ. */
  readonly monthsFrom65: number;
  /** Adjustment per mille (e.g. −240 for 60 years, +840 for 75). */
  readonly perMille: number;
  /** 1 + perMille / 1000, e.g. 0.76, 1.84. */
  readonly factor: number;
  readonly kind: 'early' | 'normal' | 'deferred';
};

const toClaimMonths = (claimAge: ClaimAge): number => {
  if (typeof claimAge === 'number') {
    if (Number.isInteger(claimAge) && claimAge >= 60 && claimAge <= 75) return claimAge * 12;
    if (Number.isInteger(claimAge) && claimAge >= EARLIEST_CLAIM_MONTHS && claimAge <= LATEST_CLAIM_MONTHS)
      return claimAge;
    throw new RangeError(`claim age must be 60–75 (years) or 720–900 (months), got ${claimAge}`);
  }
  const m = claimAge.months ?? 0;
  if (!Number.isInteger(claimAge.years) || !Number.isInteger(m) || m < 0 || m > 11) {
    throw new RangeError(`claim age must be whole years and 0–11 months, got ${JSON.stringify(claimAge)}`);
  }
  return claimAge.years * 12 + m;
};

/**
 * 繰上げ −0.4 % per month before 65 (60歳 → 76 %), 繰下げ +0.7 % per month after 65 (75歳 → 184 %).
 * `claimAge`: a number 60–75 is years, 720–900 is months; or `{ years, months }`. With `birthDate`,
 * the older cohorts' rules apply: born ≤ 1962-04-01 繰上げ 0.5 %/month; born ≤ 1952-04-01 繰下げ only
 * to 70. Without it, the current rules (REFERENCE.md) apply.
 */
export const claimAgeAdjustment = (
  claimAge: ClaimAge,
  opts: { birthDate?: string } = {},
): ClaimAdjustment => {
  const claimAgeMonths = toClaimMonths(claimAge);
  const birth = opts.birthDate;
  if (birth !== undefined && !isValidIsoDate(birth))
    throw new RangeError(`birthDate is not an ISO date: ${birth}`);
  const latest =
    birth !== undefined && birth < DEFERRAL_TO_75_BORN_FROM ? LATEST_CLAIM_MONTHS_OLDER : LATEST_CLAIM_MONTHS;
  if (claimAgeMonths < EARLIEST_CLAIM_MONTHS || claimAgeMonths > latest) {
    throw new RangeError(`claim age ${claimAgeMonths} months is outside ${EARLIEST_CLAIM_MONTHS}–${latest}`);
  }
  const monthsFrom65 = claimAgeMonths - NORMAL_CLAIM_AGE_MONTHS;
  // 繰下げの申出は66歳到達後から (国民年金法第28条第1項): 65歳1月〜11月 is not a claim age.
  if (monthsFrom65 > 0 && monthsFrom65 < EARLIEST_DEFERRAL_MONTHS) {
    throw new RangeError(`繰下げ starts at 66: ${claimAgeMonths} months is not a claim age`);
  }
  const earlyRate =
    birth !== undefined && birth < EARLY_RATE_04_BORN_FROM
      ? EARLY_RATE_PER_MILLE_OLDER
      : EARLY_RATE_PER_MILLE;
  const perMille = monthsFrom65 < 0 ? monthsFrom65 * earlyRate : monthsFrom65 * LATE_RATE_PER_MILLE;
  return {
    claimAgeMonths,
    monthsFrom65,
    perMille,
    factor: (PER_MILLE + perMille) / PER_MILLE,
    kind: monthsFrom65 < 0 ? 'early' : monthsFrom65 > 0 ? 'deferred' : 'normal',
  };
};

/** amount × (1000 + perMille) / 1000, 1円未満四捨五入. */
export const applyAdjustment = (amount: number, adj: ClaimAdjustment): number => {
  if (!Number.isInteger(amount) || amount < 0)
    throw new RangeError(`amount must be a non-negative integer, got ${amount}`);
  return roundYen(amount * (PER_MILLE + adj.perMille), PER_MILLE);
};

export type EstimateInput = {
  readonly basic: BasicPensionInput;
  readonly earnings?: EarningsRelatedInput;
  /** Defaults to 65. The same age is applied to both pensions (繰上げ must be claimed for both). */
  readonly claimAge?: ClaimAge;
  readonly birthDate?: string;
};

export type EstimateResult = {
  readonly basic: BasicPensionResult;
  readonly earningsRelated: EarningsRelatedResult;
  readonly adjustment: ClaimAdjustment;
  /** 老齢基礎年金 (incl. 付加年金) after the adjustment. */
  readonly basicAdjusted: number;
  /** 報酬比例部分 after the adjustment (0 without 厚年 periods or when not eligible). */
  readonly earningsAdjusted: number;
  readonly annual: number;
  /** The annual amount / 12, truncated (display only; payments are bimonthly). */
  readonly monthly: number;
  readonly formula: readonly string[];
};

/**
 * The estimate shown to a person: 老齢基礎年金 + 報酬比例部分, each adjusted for the claim age.
 * 老齢厚生年金 needs the same 10-year 受給資格期間: when not eligible both are 0.
 */
export const estimate = (input: EstimateInput): EstimateResult => {
  const basic = basicPensionAnnual(input.basic);
  const earnings = earningsRelatedAnnual(input.earnings ?? {});
  const adjustment = claimAgeAdjustment(input.claimAge ?? 65, { birthDate: input.birthDate });
  const basicAdjusted = applyAdjustment(basic.annual, adjustment);
  const earningsAdjusted = basic.eligible ? applyAdjustment(earnings.annual, adjustment) : 0;
  const annual = basicAdjusted + earningsAdjusted;
  return {
    basic,
    earningsRelated: earnings,
    adjustment,
    basicAdjusted,
    earningsAdjusted,
    annual,
    monthly: Math.floor(annual / 12),
    formula: [
      `老齢基礎年金: ${basic.formula}`,
      `報酬比例部分: ${earnings.formula} = ${earnings.annual}`,
      `繰上げ・繰下げ: × ${adjustment.factor} (${adjustment.monthsFrom65} か月)`,
      `合計: ${basicAdjusted} + ${earningsAdjusted} = ${annual}`,
    ],
  };
};
