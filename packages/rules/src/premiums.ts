/**
 * Premiums: 厚生年金保険料 (employee and employer shares, the employer's monthly total) and
 * 国民年金保険料 (monthly amount by fiscal year, 付加保険料, due dates, the 2-year limitation).
 *
 * Why: the amounts on 納入告知書 and on 納付書 must match the law to the yen, and whether a month may
 * still be paid depends on the date — which is always an argument here, never the clock.
 * Guarantees: integer arithmetic only (rates as parts per 100,000), so no floating-point rounding can
 * leak into an amount; employee + employer = total for every person and every month. Rates and
 * amounts are effective-dated; a date or fiscal year no table covers throws RangeError.
 * Sources: 厚生年金保険法第81条 (18.3 % fixed since 2017-09), 第82条 (折半); 通貨の単位及び貨幣の発行等
 * に関する法律第3条 (50銭以下切捨て・50銭超切上げ for the withheld employee share); 国民年金法第87条
 * (保険料額 by fiscal year), 第87条の2 (付加保険料 400円), 第91条 (翌月末日納期限), 第102条第4項 (2年の時効).
 */
import {
  type Period,
  addDays,
  addMonths,
  addYearMonths,
  inForceOn,
  isValidIsoDate,
  isValidYearMonth,
  lastOfMonth,
} from './dates';

/** Rates are kept in parts per 100,000 so that 18.3 % = 18,300 is exact. */
export const RATE_DENOMINATOR = 100_000;

export type RateTable = Period & { readonly rate: number };

/** 厚生年金保険料率 (一般の被保険者): 18.3 % since September 2017 (平成16年改正の上限). */
export const KOSEI_RATE_TABLES: readonly RateTable[] = Object.freeze([
  { validFrom: '2017-09-01', rate: 18_300 },
]);

export const koseiRateOn = (onIso: string): number => {
  if (!isValidIsoDate(onIso)) throw new RangeError(`not an ISO date: ${JSON.stringify(onIso)}`);
  const t = inForceOn(KOSEI_RATE_TABLES, onIso);
  if (t === undefined) throw new RangeError(`no 厚生年金 rate covers ${onIso}`);
  return t.rate;
};

const checkAmount = (standard: number): void => {
  if (!Number.isInteger(standard) || standard < 0) {
    throw new RangeError(`a 標準報酬 must be a non-negative integer, got ${standard}`);
  }
};

/** standard × rate in units of 1/100,000 yen (exact integer). */
const exactPremium = (standard: number, rate: number): number => standard * rate;

/**
 * Employee share with the 50銭 rule: half of standard × rate, 50銭以下切捨て, 50銭超切上げ. Exactly
 * 50銭 goes down, so the rounding favours the employee; the employer pays the remaining 50銭.
 */
const employeeShare = (exact: number): number => {
  const half = RATE_DENOMINATOR * 2; // exact / half = yen of one half
  const yen = Math.floor(exact / half);
  const remainder = exact - yen * half; // in 1/200,000 yen: 100,000 = 50銭
  return remainder > RATE_DENOMINATOR ? yen + 1 : yen;
};

export type PremiumSplit = { readonly total: number; readonly employee: number; readonly employer: number };

/**
 * 厚生年金保険料 of one person for one month (or one bonus — pass the 標準賞与額): total = standard ×
 * rate, 1円未満切捨て; employee = total/2 by the 50銭 rule; employer = total − employee.
 */
export const koseiPremium = (standard: number, onIso: string): PremiumSplit => {
  checkAmount(standard);
  const exact = exactPremium(standard, koseiRateOn(onIso));
  const total = Math.floor(exact / RATE_DENOMINATOR);
  const employee = employeeShare(exact);
  return { total, employee, employer: total - employee };
};

export type EmployerMonthlyTotal = PremiumSplit & { readonly persons: number };

/**
 * What the 事業主 is billed for a month (納入告知額): Σ each person's standard × rate, 1円未満切捨て
 * once on the sum; the employee shares are each rounded by the 50銭 rule; the employer share is the
 * difference.
 */
export const employerMonthlyTotal = (standards: readonly number[], onIso: string): EmployerMonthlyTotal => {
  const rate = koseiRateOn(onIso);
  let exactSum = 0;
  let employee = 0;
  for (const s of standards) {
    checkAmount(s);
    const exact = exactPremium(s, rate);
    exactSum += exact;
    employee += employeeShare(exact);
  }
  const total = Math.floor(exactSum / RATE_DENOMINATOR);
  return { total, employee, employer: total - employee, persons: standards.length };
};

// ─── 国民年金 ───────────────────────────────────────────────────────────────────────────────

/**
 * 国民年金保険料 (monthly) by fiscal year. FY2024–2026 from REFERENCE.md; FY2022–2023 from 日本年金機構
 * 「国民年金保険料の変遷」 (still payable within the 2-year limitation).
 */
export const KOKUMIN_MONTHLY_PREMIUMS: Readonly<Record<number, number>> = Object.freeze({
  2022: 16_590,
  2023: 16_520,
  2024: 16_980,
  2025: 17_510,
  2026: 17_920,
});

/** 付加保険料 (monthly). */
export const FUKA_MONTHLY = 400;

export const kokuminMonthlyPremium = (fy: number): number => {
  const amount = KOKUMIN_MONTHLY_PREMIUMS[fy];
  if (amount === undefined) throw new RangeError(`no 国民年金保険料 known for fiscal year ${fy}`);
  return amount;
};

/** 時効: the right to collect lapses 2 years after the due date. */
const LIMITATION_MONTHS = 24;

/** 納期限: the last day of the month after the premium month (翌月末日). Holidays are not shifted. */
export const kokuminDueDate = (yearMonth: string): string => {
  if (!isValidYearMonth(yearMonth)) throw new RangeError(`not a year-month: ${JSON.stringify(yearMonth)}`);
  return lastOfMonth(`${addYearMonths(yearMonth, 1)}-01`);
};

/**
 * The last day a month's premium can still be paid: the 2-year period runs from the day after the due
 * date (初日不算入) and ends the day before the corresponding day two years on (民法第143条). 2023-04 →
 * due 2023-05-31 → payable until 2025-05-31.
 */
export const lastPayableDate = (yearMonth: string): string =>
  addDays(addMonths(addDays(kokuminDueDate(yearMonth), 1), LIMITATION_MONTHS), -1);

/** Whether the premium of `yearMonth` is time-barred on `todayIso` (can no longer be paid). */
export const isTimeBarred = (yearMonth: string, todayIso: string): boolean => {
  if (!isValidIsoDate(todayIso)) throw new RangeError(`not an ISO date: ${JSON.stringify(todayIso)}`);
  return todayIso > lastPayableDate(yearMonth);
};
