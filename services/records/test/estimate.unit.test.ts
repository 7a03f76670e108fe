/**
 * The estimate from a record with 国民年金 months: 第3号 months as 納付済, approved exemption months with
 * the factors of REFERENCE §2 (from April 2009 全額 4/8, 3/4免除 5/8, 半額 6/8, 1/4免除 7/8; before 2/6,
 * 3/6, 4/6, 5/6), 学生納付特例・納付猶予 toward eligibility only, 第1号 months without an exemption not
 * counted. Born 1966-04-02: 20 on 1986-04-01, 60 on 2026-04-01 → the 480 months 1986-04 … 2026-03.
 * FY2026 満額 847,300; amounts 1円未満四捨五入.
 */
import { addYearMonths } from '@nenkin/rules/dates';
import { estimateFromRecord, type RecordForEstimate } from '../src/records/estimate-service';

const BIRTH = '1966-04-02';
const TODAY = '2026-10-15';
const monthsFrom = (from: string, n: number): string[] => Array.from({ length: n }, (_, i) => addYearMonths(from, i));

/** 480 months from 1986-04: 12 of them (from `exemptFrom`) are 第1号 with `exemption`, the rest 第3号 (paid). */
const record = (exemptFrom: string, exemption: string, count = 12): RecordForEstimate => {
  const exempt = new Set(monthsFrom(exemptFrom, count));
  return {
    birthDate: BIRTH,
    months: monthsFrom('1986-04', 480).map((month) =>
      exempt.has(month)
        ? { month, scheme: 'kokumin', premium: 'exempt' as const, exemption }
        : { month, scheme: 'kokumin', premium: 'paid' as const },
    ),
    bonuses: [],
    enrolments: [],
  };
};

describe('approved exemption months in the 老齢基礎年金 (468 paid + 12 exempt of 480)', () => {
  test.each([
    // kind, first exempt month, credited months, 847,300 × credited / 480
    ['full', '2010-04', 474, 836_709],
    ['three-quarters', '2010-04', 475.5, 839_357],
    ['half', '2010-04', 477, 842_004],
    ['quarter', '2010-04', 478.5, 844_652],
    ['full', '2000-04', 472, 833_178],
    ['three-quarters', '2000-04', 474, 836_709],
    ['half', '2000-04', 476, 840_239],
    ['quarter', '2000-04', 478, 843_770],
    ['student', '2010-04', 468, 826_118],
    ['deferment', '2010-04', 468, 826_118],
  ])('%s from %s → %d months → %d yen', (kind, from, credited, annual) => {
    const e = estimateFromRecord(record(from, kind), { today: TODAY, claimAge: 65 });
    expect(e.basic).toMatchObject({ creditedMonths: credited, qualifyingMonths: 480, eligible: true, annual });
    expect(e.inputs.paidMonths).toBe(468);
  });

  test('a span across April 2009 uses each regime for its own months: 6 × 2/6 + 6 × 4/8', () => {
    const e = estimateFromRecord(record('2008-10', 'full'), { today: TODAY, claimAge: 65 });
    expect(e.inputs.exemptMonths).toEqual({ beforeApril2009: { full: 6, threeQuarter: 0, half: 0, quarter: 0 }, fromApril2009: { full: 6, threeQuarter: 0, half: 0, quarter: 0 } });
    expect(e.basic.creditedMonths).toBe(468 + 2 + 3);
  });

  test('学生納付特例 months make the 10 years without adding to the amount; unrecorded 第1号 months count for nothing', () => {
    const months = [
      ...monthsFrom('1986-04', 100).map((month) => ({ month, scheme: 'kosei', standard: 200_000 })),
      ...monthsFrom('1994-08', 20).map((month) => ({ month, scheme: 'kokumin', premium: 'exempt' as const, exemption: 'student' })),
      ...monthsFrom('1996-04', 30).map((month) => ({ month, scheme: 'kokumin', premium: 'unrecorded' as const })),
    ];
    const e = estimateFromRecord({ birthDate: BIRTH, months, bonuses: [], enrolments: [] }, { today: TODAY, claimAge: 65 });
    expect(e.inputs).toMatchObject({ paidMonths: 100, studentMonths: 20, deferredMonths: 0 });
    expect(e.basic).toMatchObject({ qualifyingMonths: 120, eligible: true, creditedMonths: 100, annual: 176_521 });
    const short = estimateFromRecord({ birthDate: BIRTH, months: months.slice(0, 119), bonuses: [], enrolments: [] }, { today: TODAY, claimAge: 65 });
    expect(short.basic).toMatchObject({ qualifyingMonths: 119, eligible: false, annual: 0 });
  });

  test('an exempt month that is also a paid month counts once, as paid', () => {
    const r = record('2010-04', 'full');
    const doubled = { ...r, months: [...r.months, ...monthsFrom('2011-04', 12).map((month) => ({ month, scheme: 'kokumin', premium: 'exempt' as const, exemption: 'half' }))] };
    expect(estimateFromRecord(doubled, { today: TODAY, claimAge: 65 }).basic.creditedMonths).toBe(474);
  });
});
