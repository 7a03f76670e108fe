import fc from 'fast-check';
import { addDays } from '../src/dates';
import {
  BASE_DAYS_PART_TIME_FALLBACK,
  BASE_DAYS_REGULAR,
  BASE_DAYS_SHORT_TIME,
  BONUS_ROUNDING_UNIT,
  KENPO_BONUS_ANNUAL_CAPS,
  KOSEI_BONUS_MONTHLY_CAPS,
  type PayMonth,
  type TeijiMonth,
  type ZuijiInput,
  standardBonus,
  teijiKettei,
  zuijiKaitei,
} from '../src/decisions';

const m = (
  month: TeijiMonth['month'],
  baseDays: number,
  cash: number,
  inKind = 0,
  partial?: boolean,
): TeijiMonth => ({
  month,
  baseDays,
  cash,
  inKind,
  ...(partial === undefined ? {} : { partial }),
});

describe('statutory constants', () => {
  it('are the values of REFERENCE.md §2', () => {
    expect([BASE_DAYS_REGULAR, BASE_DAYS_SHORT_TIME, BASE_DAYS_PART_TIME_FALLBACK]).toEqual([17, 11, 15]);
    expect(BONUS_ROUNDING_UNIT).toBe(1_000);
    expect(KOSEI_BONUS_MONTHLY_CAPS.at(-1)).toEqual({ validFrom: '2003-04-01', amount: 1_500_000 });
    expect(KENPO_BONUS_ANNUAL_CAPS.at(-1)).toEqual({ validFrom: '2016-04-01', amount: 5_730_000 });
  });
});

describe('定時決定 (算定基礎届)', () => {
  it('averages the three months of ≥ 17 base days, effective September', () => {
    const r = teijiKettei({
      year: 2025,
      months: [m('04', 31, 300_000), m('05', 30, 305_000, 5_000), m('06', 31, 305_000)],
    });
    expect(r).toMatchObject({
      kind: 'decided',
      total: 915_000,
      average: 305_000,
      basis: 305_000,
      countedMonths: ['04', '05', '06'],
      threshold: 17,
      grade: 19,
      standard: 300_000,
      kenpo: { grade: 22, standard: 300_000 },
      effectiveFrom: '2025-09-01',
    });
  });

  it('truncates the average to the yen', () => {
    const r = teijiKettei({
      year: 2025,
      months: [m('04', 20, 333_333), m('05', 20, 333_333), m('06', 20, 333_335)],
    });
    expect(r.kind === 'decided' && r.average).toBe(333_333); // 1,000,001 / 3
  });

  it('counts 17 days and leaves out 16', () => {
    const r = teijiKettei({
      year: 2025,
      months: [m('04', 16, 100_000), m('05', 17, 300_000), m('06', 31, 310_000)],
    });
    expect(r).toMatchObject({ kind: 'decided', countedMonths: ['05', '06'], average: 305_000 });
  });

  it('sorts months and ignores a partial month (途中入社)', () => {
    const r = teijiKettei({
      year: 2025,
      months: [m('06', 30, 300_000), m('04', 20, 120_000, 0, true), m('05', 31, 300_000, 0, false)],
    });
    expect(r).toMatchObject({ kind: 'decided', countedMonths: ['05', '06'], average: 300_000 });
  });

  it('短時間労働者: months of 11 days count', () => {
    const months = [m('04', 10, 50_000), m('05', 11, 110_000), m('06', 12, 120_000)];
    expect(teijiKettei({ year: 2025, months, shortTime: true })).toMatchObject({
      kind: 'decided',
      countedMonths: ['05', '06'],
      threshold: 11,
      average: 115_000,
      standard: 118_000,
    });
    expect(teijiKettei({ year: 2025, months, previousStandard: 98_000 })).toEqual({
      kind: 'kept',
      reason: 'NO_MONTH_COUNTED',
      standard: 98_000,
      effectiveFrom: '2025-09-01',
    });
  });

  it('パート: months of ≥ 17 days when there are any', () => {
    const r = teijiKettei({
      year: 2025,
      partTime: true,
      months: [m('04', 17, 150_000), m('05', 15, 90_000), m('06', 16, 95_000)],
    });
    expect(r).toMatchObject({ kind: 'decided', countedMonths: ['04'], threshold: 17, average: 150_000 });
  });

  it('パート: otherwise months of ≥ 15 days', () => {
    const r = teijiKettei({
      year: 2025,
      partTime: true,
      months: [m('04', 14, 70_000), m('05', 15, 90_000), m('06', 16, 95_000)],
    });
    expect(r).toMatchObject({ kind: 'decided', countedMonths: ['05', '06'], threshold: 15, average: 92_500 });
  });

  it('パート: all below 15 ⇒ previous kept', () => {
    const r = teijiKettei({ year: 2025, partTime: true, months: [m('04', 14, 70_000), m('05', 10, 50_000)] });
    expect(r).toEqual({
      kind: 'kept',
      reason: 'NO_MONTH_COUNTED',
      standard: undefined,
      effectiveFrom: '2025-09-01',
    });
  });

  it('uses 修正平均 when given', () => {
    const r = teijiKettei({
      year: 2025,
      months: [m('04', 31, 400_000), m('05', 30, 300_000), m('06', 31, 300_000)],
      correctedAverage: 300_000,
    });
    expect(r).toMatchObject({ kind: 'decided', average: 333_333, basis: 300_000, standard: 300_000 });
  });

  it('excludes those who joined on or after 1 June and those with a 随時改定 from July–September', () => {
    const months = [m('04', 31, 300_000), m('05', 30, 300_000), m('06', 31, 300_000)];
    expect(teijiKettei({ year: 2025, months, qualifiedOn: '2025-06-01' })).toEqual({
      kind: 'excluded',
      reason: 'JOINED_ON_OR_AFTER_JUNE_1',
    });
    expect(teijiKettei({ year: 2025, months, qualifiedOn: '2025-05-31' }).kind).toBe('decided');
    for (const month of ['07', '08', '09']) {
      expect(teijiKettei({ year: 2025, months, zuijiFrom: `2025-${month}` })).toEqual({
        kind: 'excluded',
        reason: 'ZUIJI_FROM_JULY_TO_SEPTEMBER',
      });
    }
    expect(teijiKettei({ year: 2025, months, zuijiFrom: '2025-06' }).kind).toBe('decided');
    expect(teijiKettei({ year: 2025, months, zuijiFrom: '2025-10' }).kind).toBe('decided');
    expect(teijiKettei({ year: 2025, months, zuijiFrom: '2024-08' }).kind).toBe('decided');
  });

  it('throws RangeError on impossible input', () => {
    const ok = [m('04', 31, 300_000)];
    expect(() => teijiKettei({ year: 2025, months: [m('04', 31, 1), m('04', 30, 1)] })).toThrow(RangeError);
    expect(() => teijiKettei({ year: 2025, months: [m('04', 32, 1)] })).toThrow(RangeError);
    expect(() => teijiKettei({ year: 2025, months: [m('04', -1, 1)] })).toThrow(RangeError);
    expect(() => teijiKettei({ year: 2025, months: [m('04', 17.5, 1)] })).toThrow(RangeError);
    expect(() => teijiKettei({ year: 2025, months: [m('04', 20, -1)] })).toThrow(RangeError);
    expect(() => teijiKettei({ year: 2025, months: [m('04', 20, 1, 0.5)] })).toThrow(RangeError);
    expect(() => teijiKettei({ year: 2025.5, months: ok })).toThrow(RangeError);
    expect(() => teijiKettei({ year: 2025, months: ok, shortTime: true, partTime: true })).toThrow(
      RangeError,
    );
    expect(() => teijiKettei({ year: 2025, months: ok, qualifiedOn: '2025-02-30' })).toThrow(RangeError);
    expect(() => teijiKettei({ year: 2025, months: ok, zuijiFrom: '2025-13' })).toThrow(RangeError);
    expect(() => teijiKettei({ year: 2025, months: ok, correctedAverage: -1 })).toThrow(RangeError);
    expect(() => teijiKettei({ year: 2025, months: ok, correctedAverage: 1.5 })).toThrow(RangeError);
  });

  it('the average lies between the smallest and the largest counted month (property)', () => {
    const month = fc.record({
      baseDays: fc.integer({ min: 0, max: 31 }),
      cash: fc.nat(2_000_000),
      inKind: fc.nat(100_000),
    });
    fc.assert(
      fc.property(month, month, month, (a, b, c) => {
        const months = [
          { ...a, month: '04' as const },
          { ...b, month: '05' as const },
          { ...c, month: '06' as const },
        ];
        const r = teijiKettei({ year: 2025, months, previousStandard: 300_000 });
        const counted = months.filter((x) => x.baseDays >= 17);
        if (counted.length === 0) {
          expect(r).toMatchObject({ kind: 'kept', standard: 300_000 });
          return;
        }
        if (r.kind !== 'decided') throw new Error('expected a decision');
        const totals = counted.map((x) => x.cash + x.inKind);
        expect(r.average).toBeGreaterThanOrEqual(Math.min(...totals));
        expect(r.average).toBeLessThanOrEqual(Math.max(...totals));
        expect(r.countedMonths).toEqual(counted.map((x) => x.month));
      }),
    );
  });
});

const pay = (cash: number, baseDays = 31): PayMonth => ({ baseDays, cash, inKind: 0 });
const three = (a: number, b = a, c = a): ZuijiInput['months'] => [pay(a), pay(b), pay(c)];

describe('随時改定 (月額変更届)', () => {
  const base = { changeMonth: '2025-04', fixedPayChange: 'increase' as const, currentStandard: 300_000 };

  it('applies from the 4th month when the grade moves by 2 or more', () => {
    expect(zuijiKaitei({ ...base, months: three(340_000, 335_000, 345_000) })).toEqual({
      kind: 'decided',
      scheme: 'kosei',
      total: 1_020_000,
      average: 340_000,
      previousGrade: 19,
      grade: 21,
      standard: 340_000,
      gradeDifference: 2,
      effectiveFrom: '2025-07-01',
    });
  });

  it('crosses the year: a change paid in December applies from March', () => {
    const r = zuijiKaitei({ ...base, changeMonth: '2025-12', months: three(400_000) });
    expect(r).toMatchObject({ kind: 'decided', effectiveFrom: '2026-03-01' });
  });

  it('one grade is not enough', () => {
    expect(zuijiKaitei({ ...base, months: three(329_999) })).toEqual({
      kind: 'not-applicable',
      reason: 'LESS_THAN_TWO_GRADES',
      average: 329_999,
      gradeDifference: 1,
    });
  });

  it('needs a change in fixed pay', () => {
    expect(zuijiKaitei({ ...base, fixedPayChange: 'none', months: three(500_000) })).toEqual({
      kind: 'not-applicable',
      reason: 'NO_FIXED_PAY_CHANGE',
    });
  });

  it('needs 17 base days in each of the three months (11 for 短時間労働者)', () => {
    const months: ZuijiInput['months'] = [pay(400_000, 31), pay(400_000, 16), pay(400_000, 31)];
    expect(zuijiKaitei({ ...base, months })).toEqual({
      kind: 'not-applicable',
      reason: 'INSUFFICIENT_BASE_DAYS',
    });
    const short: ZuijiInput['months'] = [pay(400_000, 11), pay(400_000, 12), pay(400_000, 20)];
    expect(zuijiKaitei({ ...base, months: short, shortTime: true }).kind).toBe('decided');
    expect(zuijiKaitei({ ...base, months: short }).kind).toBe('not-applicable');
  });

  it('direction rule: 昇給 but the grade falls, or 降給 but it rises ⇒ no change', () => {
    expect(zuijiKaitei({ ...base, months: three(250_000) })).toMatchObject({
      kind: 'not-applicable',
      reason: 'DIRECTION_MISMATCH',
      gradeDifference: -2,
    });
    expect(zuijiKaitei({ ...base, fixedPayChange: 'decrease', months: three(400_000) })).toMatchObject({
      kind: 'not-applicable',
      reason: 'DIRECTION_MISMATCH',
    });
    expect(zuijiKaitei({ ...base, fixedPayChange: 'decrease', months: three(250_000) })).toMatchObject({
      kind: 'decided',
      grade: 17,
      standard: 260_000,
      gradeDifference: -2,
    });
  });

  describe('上限・下限の特例 (厚年)', () => {
    it('31級 → 32級 when the average reaches 665,000', () => {
      const at31 = { ...base, currentStandard: 620_000 };
      expect(zuijiKaitei({ ...at31, months: three(665_000) })).toMatchObject({
        kind: 'decided',
        grade: 32,
        gradeDifference: 2,
      });
      expect(zuijiKaitei({ ...at31, months: three(664_999) })).toMatchObject({
        reason: 'LESS_THAN_TWO_GRADES',
      });
    });

    it('32級 (報酬 ≥ 665,000) → 31級 when the average falls below 635,000', () => {
      const at32 = {
        ...base,
        fixedPayChange: 'decrease' as const,
        currentStandard: 650_000,
        currentMonthlyPay: 700_000,
      };
      expect(zuijiKaitei({ ...at32, months: three(634_999) })).toMatchObject({
        kind: 'decided',
        grade: 31,
        gradeDifference: -2,
      });
      expect(zuijiKaitei({ ...at32, months: three(635_000) })).toMatchObject({
        reason: 'LESS_THAN_TWO_GRADES',
      });
      // without the actual pay the ordinary rule applies
      const { currentMonthlyPay: _omit, ...plain } = at32;
      expect(zuijiKaitei({ ...plain, months: three(634_999) })).toMatchObject({
        reason: 'LESS_THAN_TWO_GRADES',
      });
    });

    it('1級 (報酬 < 83,000) → 2級, and 2級 → 1級 when the average falls below 83,000', () => {
      const at1 = { ...base, currentStandard: 88_000, currentMonthlyPay: 82_999 };
      expect(zuijiKaitei({ ...at1, months: three(93_000) })).toMatchObject({
        kind: 'decided',
        grade: 2,
        standard: 98_000,
      });
      expect(zuijiKaitei({ ...at1, currentMonthlyPay: 83_000, months: three(93_000) })).toMatchObject({
        reason: 'LESS_THAN_TWO_GRADES',
      });
      const at2 = { ...base, fixedPayChange: 'decrease' as const, currentStandard: 98_000 };
      expect(zuijiKaitei({ ...at2, months: three(82_999) })).toMatchObject({
        kind: 'decided',
        grade: 1,
        standard: 88_000,
      });
      expect(zuijiKaitei({ ...at2, months: three(83_000) })).toMatchObject({
        reason: 'LESS_THAN_TWO_GRADES',
      });
    });
  });

  describe('健康保険 scale', () => {
    it('decides on its own 50 grades (厚年 capped at 32 does not move)', () => {
      const input = { ...base, currentStandard: 650_000, months: three(800_000) };
      expect(zuijiKaitei({ ...input, scheme: 'kenpo' })).toMatchObject({
        kind: 'decided',
        grade: 39,
        standard: 790_000,
      });
      expect(zuijiKaitei(input)).toMatchObject({ reason: 'LESS_THAN_TWO_GRADES' });
    });

    it('49級 → 50級 at 1,415,000; 1級 (報酬 < 53,000) → 2級', () => {
      const k = { ...base, scheme: 'kenpo' as const };
      expect(zuijiKaitei({ ...k, currentStandard: 1_330_000, months: three(1_415_000) })).toMatchObject({
        grade: 50,
      });
      expect(zuijiKaitei({ ...k, currentStandard: 1_330_000, months: three(1_414_999) })).toMatchObject({
        reason: 'LESS_THAN_TWO_GRADES',
      });
      expect(
        zuijiKaitei({ ...k, currentStandard: 58_000, currentMonthlyPay: 52_000, months: three(63_000) }),
      ).toMatchObject({
        grade: 2,
      });
    });
  });

  it('throws RangeError on impossible input', () => {
    expect(() => zuijiKaitei({ ...base, currentStandard: 305_000, months: three(400_000) })).toThrow(
      RangeError,
    );
    expect(() => zuijiKaitei({ ...base, changeMonth: '2025-4', months: three(400_000) })).toThrow(RangeError);
    expect(() => zuijiKaitei({ ...base, months: [pay(1, 40), pay(1), pay(1)] })).toThrow(RangeError);
    expect(() => zuijiKaitei({ ...base, months: three(400_000), shortTime: true, partTime: true })).toThrow(
      RangeError,
    );
  });

  it('decides exactly when all conditions hold (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(98_000, 200_000, 300_000, 410_000, 620_000),
        fc.constantFrom('increase' as const, 'decrease' as const),
        fc.nat(900_000),
        (currentStandard, fixedPayChange, avg) => {
          const r = zuijiKaitei({
            changeMonth: '2025-04',
            fixedPayChange,
            currentStandard,
            months: three(avg),
          });
          if (r.kind === 'decided') {
            expect(Math.abs(r.gradeDifference)).toBeGreaterThanOrEqual(2);
            expect(
              fixedPayChange === 'increase' ? r.standard > currentStandard : r.standard < currentStandard,
            ).toBe(true);
          } else {
            expect(['LESS_THAN_TWO_GRADES', 'DIRECTION_MISMATCH']).toContain(r.reason);
          }
        },
      ),
    );
  });
});

describe('標準賞与額 (賞与支払届)', () => {
  const bonus = (paidOn: string, cash: number, inKind = 0) => ({ paidOn, cash, inKind });

  it('rounds down to 1,000', () => {
    expect(standardBonus({ payments: [bonus('2025-07-10', 1_234_567, 1_000)] })).toEqual({
      month: '2025-07',
      fiscalYear: 2025,
      amount: 1_235_567,
      standard: 1_235_000,
      kosei: 1_235_000,
      koseiCapped: false,
      kenpo: 1_235_000,
      kenpoCapped: false,
      kenpoCumulative: 1_235_000,
    });
  });

  it('sums same-month bonuses before rounding and capping (厚年 1.5M per month)', () => {
    const r = standardBonus({ payments: [bonus('2025-07-01', 800_500), bonus('2025-07-31', 800_600)] });
    expect(r).toMatchObject({
      amount: 1_601_100,
      standard: 1_601_000,
      kosei: 1_500_000,
      koseiCapped: true,
      kenpo: 1_601_000,
    });
    expect(
      standardBonus({ payments: [bonus('2025-12-01', 100_500), bonus('2025-12-02', 100_600)] }).standard,
    ).toBe(201_000);
    expect(standardBonus({ payments: [bonus('2025-07-01', 1_500_999)] })).toMatchObject({
      kosei: 1_500_000,
      koseiCapped: false,
    });
  });

  it('caps 健保 at 5.73M per fiscal year, cumulatively', () => {
    const r = standardBonus({
      payments: [bonus('2026-03-15', 1_000_000)],
      priorPayments: [bonus('2025-07-10', 3_000_000), bonus('2025-12-10', 2_500_000)],
    });
    expect(r).toMatchObject({
      fiscalYear: 2025,
      kosei: 1_000_000,
      kenpo: 230_000,
      kenpoCapped: true,
      kenpoCumulative: 5_730_000,
    });
    const full = standardBonus({
      payments: [bonus('2026-03-15', 1_000_000)],
      priorPayments: [bonus('2025-07-10', 4_000_000), bonus('2025-12-10', 2_500_000)],
    });
    expect(full).toMatchObject({ kenpo: 0, kenpoCumulative: 5_730_000 }); // prior months already capped at 5.73M
  });

  it('ignores prior payments of another fiscal year or not before the month', () => {
    const r = standardBonus({
      payments: [bonus('2025-07-10', 1_000_000)],
      priorPayments: [
        bonus('2025-03-31', 5_000_000),
        bonus('2025-07-01', 5_000_000),
        bonus('2025-12-01', 5_000_000),
      ],
    });
    expect(r).toMatchObject({ kenpo: 1_000_000, kenpoCumulative: 1_000_000 });
    const inApril = standardBonus({
      payments: [bonus('2025-07-10', 1_000_000)],
      priorPayments: [bonus('2025-04-01', 5_000_000)],
    });
    expect(inApril).toMatchObject({ kenpo: 730_000, kenpoCapped: true });
  });

  it('uses the 5.4M cap before 2016-04', () => {
    const r = standardBonus({
      payments: [bonus('2016-03-10', 1_000_000)],
      priorPayments: [bonus('2015-07-10', 5_000_000)],
    });
    expect(r).toMatchObject({ kenpo: 400_000, kenpoCumulative: 5_400_000 });
  });

  it('throws RangeError on impossible input', () => {
    expect(() => standardBonus({ payments: [] })).toThrow(RangeError);
    expect(() => standardBonus({ payments: [bonus('2025-07-10', 1), bonus('2025-08-10', 1)] })).toThrow(
      RangeError,
    );
    expect(() => standardBonus({ payments: [bonus('2025-07-32', 1)] })).toThrow(RangeError);
    expect(() => standardBonus({ payments: [bonus('2025-07-10', -1)] })).toThrow(RangeError);
    expect(() =>
      standardBonus({ payments: [bonus('2025-07-10', 1)], priorPayments: [bonus('x', 1)] }),
    ).toThrow(RangeError);
    expect(() => standardBonus({ payments: [bonus('2003-03-31', 1)] })).toThrow(RangeError);
    expect(() => standardBonus({ payments: [bonus('2005-07-10', 1)] })).toThrow(RangeError);
  });

  it('never exceeds the caps and never rounds up (property)', () => {
    const payment = fc.record({
      paidOn: fc.integer({ min: 0, max: 365 }).map((d) => addDays('2025-04-01', d)), // FY2025
      cash: fc.nat(3_000_000),
      inKind: fc.nat(10_000),
    });
    fc.assert(
      fc.property(payment, fc.array(payment, { maxLength: 6 }), (p, prior) => {
        const r = standardBonus({ payments: [p], priorPayments: prior });
        expect(r.standard).toBeLessThanOrEqual(r.amount);
        expect(r.amount - r.standard).toBeLessThan(1_000);
        expect(r.kosei).toBeLessThanOrEqual(1_500_000);
        expect(r.kenpoCumulative).toBeLessThanOrEqual(5_730_000);
        expect(r.kenpo).toBeLessThanOrEqual(r.standard);
      }),
    );
  });
});
