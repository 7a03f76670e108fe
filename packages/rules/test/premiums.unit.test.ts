import fc from 'fast-check';
import { gradeTableFor } from '../src/grades';
import {
  FUKA_MONTHLY,
  KOKUMIN_MONTHLY_PREMIUMS,
  KOSEI_RATE_TABLES,
  RATE_DENOMINATOR,
  employerMonthlyTotal,
  isTimeBarred,
  koseiPremium,
  koseiRateOn,
  kokuminDueDate,
  kokuminMonthlyPremium,
  lastPayableDate,
} from '../src/premiums';

const ON = '2025-10-01';

describe('厚生年金保険料 (18.3 %, 折半, 50銭 rule)', () => {
  it('uses 18.3 % from September 2017', () => {
    expect(koseiRateOn('2017-09-01')).toBe(18_300);
    expect(KOSEI_RATE_TABLES.at(-1)).toEqual({ validFrom: '2017-09-01', rate: 18_300 });
    expect(18_300 / RATE_DENOMINATOR).toBe(0.183);
    expect(() => koseiRateOn('2017-08-31')).toThrow(RangeError);
    expect(() => koseiRateOn('2017-09-31')).toThrow(RangeError);
  });

  it.each([
    [88_000, 16_104, 8_052, 8_052],
    [300_000, 54_900, 27_450, 27_450],
    [650_000, 118_950, 59_475, 59_475],
  ])('標準報酬月額 %i → total %i, employee %i, employer %i', (standard, total, employee, employer) => {
    expect(koseiPremium(standard, ON)).toEqual({ total, employee, employer });
  });

  it('exactly 50銭 goes down for the employee (the employer pays it)', () => {
    // 標準賞与額 1,001,000 × 18.3 % = 183,183 → half 91,591.5
    expect(koseiPremium(1_001_000, ON)).toEqual({ total: 183_183, employee: 91_591, employer: 91_592 });
  });

  it('more than 50銭 goes up', () => {
    // 7 × 18.3 % = 1.281 → half 0.6405 → 1; total floored to 1
    expect(koseiPremium(7, ON)).toEqual({ total: 1, employee: 1, employer: 0 });
    // 3 × 18.3 % = 0.549 → half 0.2745 → 0
    expect(koseiPremium(3, ON)).toEqual({ total: 0, employee: 0, employer: 0 });
  });

  it('rejects amounts that are not yen', () => {
    expect(() => koseiPremium(-1, ON)).toThrow(RangeError);
    expect(() => koseiPremium(1.5, ON)).toThrow(RangeError);
  });

  it('employee + employer = total, employee = round50(total/2) for every grade (property)', () => {
    const standards = gradeTableFor('kosei', ON).grades.map((g) => g.standard);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(...standards),
          fc.nat(1_500).map((k) => k * 1_000),
          fc.nat(10_000_000),
        ),
        (s) => {
          const p = koseiPremium(s, ON);
          expect(p.employee + p.employer).toBe(p.total);
          expect(p.employee).toBeGreaterThanOrEqual(0);
          expect(p.employer).toBeGreaterThanOrEqual(0);
          if (s % 1_000 === 0) {
            // integer total: employee is half, rounded down on .5
            expect(p.employee).toBe(Math.floor(p.total / 2));
          }
        },
      ),
    );
  });
});

describe('employerMonthlyTotal (納入告知額)', () => {
  it('floors the sum of full premiums once, then subtracts the employee shares', () => {
    expect(employerMonthlyTotal([1_001_000, 1_001_000], ON)).toEqual({
      total: 366_366,
      employee: 183_182,
      employer: 183_184,
      persons: 2,
    });
    // the sum is floored once: 7 + 7 → 2.562 → 2 (not 1 + 1 by person and then 2 by chance)
    expect(employerMonthlyTotal([7, 7, 7], ON)).toEqual({ total: 3, employee: 3, employer: 0, persons: 3 });
    expect(employerMonthlyTotal([300_000, 88_000], ON)).toEqual({
      total: 71_004,
      employee: 35_502,
      employer: 35_502,
      persons: 2,
    });
    expect(employerMonthlyTotal([], ON)).toEqual({ total: 0, employee: 0, employer: 0, persons: 0 });
    expect(() => employerMonthlyTotal([-5], ON)).toThrow(RangeError);
  });

  it('employee + employer = total for any set of persons (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(2_000_000), { maxLength: 50 }), (standards) => {
        const t = employerMonthlyTotal(standards, ON);
        expect(t.employee + t.employer).toBe(t.total);
        const perPerson = standards.map((s) => koseiPremium(s, ON));
        expect(t.employee).toBe(perPerson.reduce((a, p) => a + p.employee, 0));
        expect(t.total).toBeGreaterThanOrEqual(perPerson.reduce((a, p) => a + p.total, 0));
      }),
    );
  });
});

describe('国民年金保険料', () => {
  it.each([
    [2024, 16_980],
    [2025, 17_510],
    [2026, 17_920],
    [2023, 16_520],
    [2022, 16_590],
  ])('FY%i → %i', (fy, amount) => expect(kokuminMonthlyPremium(fy)).toBe(amount));

  it('throws for an unknown fiscal year', () => {
    expect(Object.keys(KOKUMIN_MONTHLY_PREMIUMS)).toEqual(['2022', '2023', '2024', '2025', '2026']);
    expect(() => kokuminMonthlyPremium(2021)).toThrow(RangeError);
    expect(() => kokuminMonthlyPremium(2027)).toThrow(RangeError);
  });

  it('付加保険料 is 400 yen', () => expect(FUKA_MONTHLY).toBe(400));

  it.each([
    ['2025-04', '2025-05-31'],
    ['2025-12', '2026-01-31'],
    ['2024-01', '2024-02-29'],
    ['2025-01', '2025-02-28'],
    ['2025-03', '2025-04-30'],
  ])('%s is due %s (翌月末日)', (ym, due) => expect(kokuminDueDate(ym)).toBe(due));

  it('rejects a malformed month', () => expect(() => kokuminDueDate('2025-4')).toThrow(RangeError));
});

describe('2-year limitation (時効)', () => {
  it('2023-04 (due 2023-05-31) can be paid until 2025-05-31', () => {
    expect(lastPayableDate('2023-04')).toBe('2025-05-31');
    expect(isTimeBarred('2023-04', '2025-05-31')).toBe(false);
    expect(isTimeBarred('2023-04', '2025-06-01')).toBe(true);
  });

  it('counts leap days: 2022-01 (due 2022-02-28) until 2024-02-29', () => {
    expect(lastPayableDate('2022-01')).toBe('2024-02-29');
    expect(isTimeBarred('2022-01', '2024-02-29')).toBe(false);
    expect(isTimeBarred('2022-01', '2024-03-01')).toBe(true);
    expect(lastPayableDate('2024-01')).toBe('2026-02-28');
  });

  it('a month not yet due is not barred', () => expect(isTimeBarred('2025-09', '2025-09-15')).toBe(false));

  it('rejects a malformed today', () =>
    expect(() => isTimeBarred('2025-04', '2025/06/01')).toThrow(RangeError));

  it('is monotonic in today (property)', () => {
    const months = fc.integer({ min: 0, max: 120 }).map((i) => {
      const y = 2015 + Math.floor(i / 12);
      return `${y}-${String((i % 12) + 1).padStart(2, '0')}`;
    });
    fc.assert(
      fc.property(months, (ym) => {
        const last = lastPayableDate(ym);
        expect(last > kokuminDueDate(ym)).toBe(true);
        expect(isTimeBarred(ym, last)).toBe(false);
        expect(isTimeBarred(ym, `${String(Number(last.slice(0, 4)) + 1)}${last.slice(4, 7)}-01`)).toBe(true);
      }),
    );
  });
});
