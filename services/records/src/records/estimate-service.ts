/**
 * 年金見込額 from the record: 老齢基礎年金 (months of 厚年 = 第2号 between 20 and 60 count as 納付済)
 * and 報酬比例部分 (平均標準報酬額 from April 2003 = Σ 標準報酬月額 + Σ 標準賞与額 over the months),
 * optionally continuing today's enrolment with `futurePay` until the month before the 60th birthday;
 * the claim age adjustment of `@nenkin/rules/estimates`. The inputs and the formula parts are returned.
 * 国民年金: 第3号 months count as 納付済 like 第2号; approved exemption months count with the factors
 * of `basicPensionAnnual` (全額 4/8, 3/4 5/8, 半額 6/8, 1/4 7/8 from April 2009; 2/6 … 5/6 before),
 * 学生納付特例 and 納付猶予 months toward eligibility only; 第1号 months without an approved exemption
 * are not counted (their premium payments are not held by this service).
 * Not modelled here: 再評価率 (the averages are not revalued), months before April 2003, 国年 premium
 * payments and 付加保険料 months, 追納.
 */
import { unprocessable } from '@nenkin/platform/errors';
import { addYearMonths, dateAgeReached, fiscalYear, yearMonthOf } from '@nenkin/rules/dates';
import { estimate, type ExemptMonths } from '@nenkin/rules/estimates';
import { gradeFor } from '@nenkin/rules/grades';

export type RecordForEstimate = {
  birthDate: string;
  months: readonly { month: string; scheme: string; standard?: number; premium?: 'paid' | 'exempt' | 'unrecorded'; exemption?: string }[];
  bonuses: readonly { kosei: number }[];
  enrolments: readonly { scheme: string; lostOn?: string }[];
};

/** 免除 months split at April 2009 (国庫負担 1/3 → 1/2), 学生納付特例 and 納付猶予 months; each month once. */
const KIND_FIELD: Readonly<Record<string, keyof ExemptMonths>> = { full: 'full', 'three-quarters': 'threeQuarter', half: 'half', quarter: 'quarter' };
export const exemptMonthsOf = (months: readonly { month: string; exemption?: string }[]) => {
  const before: Record<keyof ExemptMonths, number> = { full: 0, threeQuarter: 0, half: 0, quarter: 0 };
  const from: Record<keyof ExemptMonths, number> = { full: 0, threeQuarter: 0, half: 0, quarter: 0 };
  let studentMonths = 0;
  let deferredMonths = 0;
  const seen = new Set<string>();
  for (const m of months) {
    if (m.exemption === undefined || seen.has(m.month)) continue;
    seen.add(m.month);
    if (m.exemption === 'student') studentMonths++;
    else if (m.exemption === 'deferment') deferredMonths++;
    else {
      const field = KIND_FIELD[m.exemption];
      if (field !== undefined) (m.month >= '2009-04' ? from : before)[field]++;
    }
  }
  return { exemptMonths: { beforeApril2009: before, fromApril2009: from }, studentMonths, deferredMonths };
};

export const estimateFromRecord = (record: RecordForEstimate, opts: { today: string; claimAge: number; futurePay?: number }) => {
  const from20 = yearMonthOf(dateAgeReached(record.birthDate, 20));
  const until60 = addYearMonths(yearMonthOf(dateAgeReached(record.birthDate, 60)), -1);
  const kosei = record.months.filter((m) => m.scheme === 'kosei' && m.month >= '2003-04');
  // 納付済 months (第2号, 第3号), each month once; a month without `premium` is a 厚年 month.
  const months = new Set(record.months.filter((m) => (m.premium ?? 'paid') === 'paid').map((m) => m.month));
  let standardsTotal = kosei.reduce((a, m) => a + (m.standard ?? 0), 0);
  let koseiMonths = kosei.length;
  let future = 0;
  const insuredNow = record.enrolments.some((e) => e.scheme === 'kosei' && e.lostOn === undefined);
  if (opts.futurePay !== undefined && insuredNow) {
    let standard: number;
    try {
      standard = gradeFor('kosei', opts.futurePay, opts.today).standard;
    } catch {
      throw unprocessable('ESTIMATE_NOT_AVAILABLE', 'futurePay cannot be graded');
    }
    for (let m = addYearMonths(yearMonthOf(opts.today), 1); m <= until60; m = addYearMonths(m, 1)) {
      months.add(m);
      future++;
    }
    standardsTotal += standard * future;
    koseiMonths += future;
  }
  const paidMonths = [...months].filter((m) => m >= from20 && m <= until60).length;
  const exempt = exemptMonthsOf(record.months.filter((m) => m.premium === 'exempt' && !months.has(m.month) && m.month >= from20 && m.month <= until60));
  const bonusTotal = record.bonuses.reduce((a, b) => a + b.kosei, 0);
  const avgFrom2003 = koseiMonths === 0 ? 0 : Math.floor((standardsTotal + bonusTotal) / koseiMonths);
  try {
    const result = estimate({
      basic: { fiscalYear: fiscalYear(opts.today), paidMonths, exemptMonths: exempt.exemptMonths, studentMonths: exempt.studentMonths, deferredMonths: exempt.deferredMonths },
      earnings: { avgFrom2003, monthsFrom2003: koseiMonths },
      claimAge: opts.claimAge,
      birthDate: record.birthDate,
    });
    return {
      inputs: { claimAge: opts.claimAge, ...(opts.futurePay === undefined ? {} : { futurePay: opts.futurePay }), paidMonths, ...exempt, futureMonths: future, koseiMonthsFrom2003: koseiMonths, averageStandardFrom2003: avgFrom2003, fiscalYear: fiscalYear(opts.today) },
      basic: { annual: result.basic.annual, eligible: result.basic.eligible, qualifyingMonths: result.basic.qualifyingMonths, creditedMonths: result.basic.creditedMonths },
      earningsRelated: { annual: result.earningsRelated.annual },
      adjustment: { factor: result.adjustment.factor, monthsFrom65: result.adjustment.monthsFrom65, kind: result.adjustment.kind },
      annual: result.annual,
      monthly: result.monthly,
      formula: result.formula,
    };
  } catch (err) {
    if (err instanceof RangeError) throw unprocessable('ESTIMATE_NOT_AVAILABLE', err.message);
    throw err;
  }
};
