/**
 * 年金見込額 from the record: 老齢基礎年金 (months of 厚年 = 第2号 between 20 and 60 count as 納付済)
 * and 報酬比例部分 (平均標準報酬額 from April 2003 = Σ 標準報酬月額 + Σ 標準賞与額 over the months),
 * optionally continuing today's enrolment with `futurePay` until the month before the 60th birthday;
 * the claim age adjustment of `@nenkin/rules/estimates`. The inputs and the formula parts are returned.
 * Not modelled here: 再評価率 (the averages are not revalued), months before April 2003, 国年 第1号
 * periods and exemptions (the record holds none yet).
 */
import { unprocessable } from '@nenkin/platform/errors';
import { addYearMonths, dateAgeReached, fiscalYear, yearMonthOf } from '@nenkin/rules/dates';
import { estimate } from '@nenkin/rules/estimates';
import { gradeFor } from '@nenkin/rules/grades';

export type RecordForEstimate = {
  birthDate: string;
  months: readonly { month: string; scheme: string; standard?: number }[];
  bonuses: readonly { kosei: number }[];
  enrolments: readonly { scheme: string; lostOn?: string }[];
};

export const estimateFromRecord = (record: RecordForEstimate, opts: { today: string; claimAge: number; futurePay?: number }) => {
  const from20 = yearMonthOf(dateAgeReached(record.birthDate, 20));
  const until60 = addYearMonths(yearMonthOf(dateAgeReached(record.birthDate, 60)), -1);
  const kosei = record.months.filter((m) => m.scheme === 'kosei' && m.month >= '2003-04');
  const months = new Set(record.months.map((m) => m.month));
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
  const bonusTotal = record.bonuses.reduce((a, b) => a + b.kosei, 0);
  const avgFrom2003 = koseiMonths === 0 ? 0 : Math.floor((standardsTotal + bonusTotal) / koseiMonths);
  try {
    const result = estimate({
      basic: { fiscalYear: fiscalYear(opts.today), paidMonths },
      earnings: { avgFrom2003, monthsFrom2003: koseiMonths },
      claimAge: opts.claimAge,
      birthDate: record.birthDate,
    });
    return {
      inputs: { claimAge: opts.claimAge, ...(opts.futurePay === undefined ? {} : { futurePay: opts.futurePay }), paidMonths, futureMonths: future, koseiMonthsFrom2003: koseiMonths, averageStandardFrom2003: avgFrom2003, fiscalYear: fiscalYear(opts.today) },
      basic: { annual: result.basic.annual, eligible: result.basic.eligible, qualifyingMonths: result.basic.qualifyingMonths },
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
