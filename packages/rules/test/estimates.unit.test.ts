import fc from 'fast-check';
import {
  BASIC_PENSION_FULL_ANNUAL,
  ELIGIBILITY_MONTHS,
  FUKA_PENSION_PER_MONTH,
  FULL_MONTHS,
  MULTIPLIER_BEFORE_2003,
  MULTIPLIER_FROM_2003,
  NORMAL_CLAIM_AGE_MONTHS,
  applyAdjustment,
  basicPensionAnnual,
  basicPensionFullAmount,
  claimAgeAdjustment,
  earningsRelatedAnnual,
  estimate,
} from '../src/estimates';

describe('statutory constants', () => {
  it('are the values of REFERENCE.md §2', () => {
    expect(BASIC_PENSION_FULL_ANNUAL).toEqual({ 2024: 816_000, 2025: 831_700, 2026: 847_300 });
    expect([FULL_MONTHS, ELIGIBILITY_MONTHS, FUKA_PENSION_PER_MONTH, NORMAL_CLAIM_AGE_MONTHS]).toEqual([
      480, 120, 200, 780,
    ]);
    expect([MULTIPLIER_BEFORE_2003, MULTIPLIER_FROM_2003]).toEqual([7_125, 5_481]);
  });
});

describe('老齢基礎年金', () => {
  it.each([
    [2024, 816_000],
    [2025, 831_700],
    [2026, 847_300],
  ])('full amount FY%i = %i', (fy, full) => {
    expect(basicPensionFullAmount(fy)).toBe(full);
    expect(basicPensionAnnual({ fiscalYear: fy, paidMonths: 480 })).toMatchObject({
      basic: full,
      annual: full,
      eligible: true,
    });
  });

  it('throws for an unknown fiscal year', () =>
    expect(() => basicPensionFullAmount(2023)).toThrow(RangeError));

  it('pro-rates paid months and rounds to the yen (50銭 and above up)', () => {
    // 831,700 × 400 / 480 = 693,083.33…
    expect(basicPensionAnnual({ fiscalYear: 2025, paidMonths: 400 }).basic).toBe(693_083);
    // 831,700 × 420 / 480 = 727,737.5 → 727,738
    expect(basicPensionAnnual({ fiscalYear: 2025, paidMonths: 420, studentMonths: 60 })).toMatchObject({
      basic: 727_738,
      creditedMonths: 420,
      qualifyingMonths: 480,
    });
  });

  it('counts exemptions from April 2009 at 4/8, 5/8, 6/8, 7/8', () => {
    const r = basicPensionAnnual({
      fiscalYear: 2025,
      paidMonths: 240,
      exemptMonths: { fromApril2009: { full: 240 } },
    });
    expect(r).toMatchObject({ creditedMonths: 360, basic: 623_775 }); // 831,700 × 0.75
    const each = basicPensionAnnual({
      fiscalYear: 2024,
      paidMonths: 0,
      exemptMonths: { fromApril2009: { full: 8, threeQuarter: 8, half: 8, quarter: 8 } },
      deferredMonths: 88,
    });
    expect(each.creditedMonths).toBe(4 + 5 + 6 + 7);
    expect(each.basic).toBe(Math.round((816_000 * 22) / 480)); // 37,400
  });

  it('counts exemptions before April 2009 at 2/6, 3/6, 4/6, 5/6', () => {
    const r = basicPensionAnnual({
      fiscalYear: 2025,
      paidMonths: 240,
      exemptMonths: { beforeApril2009: { full: 240 } },
    });
    // (240 + 80) / 480 × 831,700 = 554,466.67 → 554,467
    expect(r).toMatchObject({ creditedMonths: 320, basic: 554_467 });
    const each = basicPensionAnnual({
      fiscalYear: 2025,
      paidMonths: 120,
      exemptMonths: { beforeApril2009: { full: 6, threeQuarter: 6, half: 6, quarter: 6 } },
    });
    expect(each.creditedMonths).toBe(120 + 2 + 3 + 4 + 5);
  });

  it('学生納付特例 and 納付猶予 count 0 toward the amount but toward the 10 years', () => {
    const r = basicPensionAnnual({ fiscalYear: 2025, paidMonths: 60, studentMonths: 36, deferredMonths: 24 });
    expect(r).toMatchObject({ qualifyingMonths: 120, eligible: true, creditedMonths: 60, basic: 103_963 }); // 831,700/8 = 103,962.5
  });

  it('pays nothing below 120 qualifying months', () => {
    expect(basicPensionAnnual({ fiscalYear: 2025, paidMonths: 119, fukaMonths: 100 })).toMatchObject({
      eligible: false,
      basic: 0,
      fuka: 0,
      annual: 0,
    });
  });

  it('caps at 480 months and adds 付加年金 200 × months', () => {
    const r = basicPensionAnnual({ fiscalYear: 2025, paidMonths: 500, fukaMonths: 100 });
    expect(r).toMatchObject({ creditedMonths: 480, basic: 831_700, fuka: 20_000, annual: 851_700 });
    expect(r.formula).toContain('付加 200 × 100');
  });

  it('rejects counts that are not whole months', () => {
    expect(() => basicPensionAnnual({ fiscalYear: 2025, paidMonths: -1 })).toThrow(RangeError);
    expect(() => basicPensionAnnual({ fiscalYear: 2025, paidMonths: 1.5 })).toThrow(RangeError);
    expect(() =>
      basicPensionAnnual({ fiscalYear: 2025, paidMonths: 1, exemptMonths: { fromApril2009: { half: -2 } } }),
    ).toThrow(RangeError);
  });

  it('is monotonic in paid months and never above the full amount (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 120, max: 479 }), fc.constantFrom(2024, 2025, 2026), (paid, fy) => {
        const a = basicPensionAnnual({ fiscalYear: fy, paidMonths: paid }).basic;
        const b = basicPensionAnnual({ fiscalYear: fy, paidMonths: paid + 1 }).basic;
        expect(a).toBeLessThan(b);
        expect(b).toBeLessThanOrEqual(basicPensionFullAmount(fy));
      }),
    );
  });
});

describe('報酬比例部分', () => {
  it('7.125/1000 before April 2003 and 5.481/1000 from April 2003', () => {
    const r = earningsRelatedAnnual({
      avgMonthlyBefore2003: 300_000,
      monthsBefore2003: 120,
      avgFrom2003: 400_000,
      monthsFrom2003: 240,
    });
    expect(r).toMatchObject({ beforeApril2003: 256_500, fromApril2003: 526_176, annual: 782_676 });
    expect(r.formula).toBe('300000 × 7.125/1000 × 120 + 400000 × 5.481/1000 × 240');
  });

  it('is 0 without 厚年 periods and rounds once on the exact sum', () => {
    expect(earningsRelatedAnnual({}).annual).toBe(0);
    // 1 × 7.125/1000 × 70 = 0.49875, 1 × 5.481/1000 × 1 = 0.005481 → 0.504231 → 1 (each part alone rounds to 0)
    const r = earningsRelatedAnnual({
      avgMonthlyBefore2003: 1,
      monthsBefore2003: 70,
      avgFrom2003: 1,
      monthsFrom2003: 1,
    });
    expect(r).toMatchObject({ beforeApril2003: 0, fromApril2003: 0, annual: 1 });
  });

  it('matches the real-number formula (property)', () => {
    fc.assert(
      fc.property(fc.nat(650_000), fc.nat(480), fc.nat(1_000_000), fc.nat(480), (a, m1, b, m2) => {
        const r = earningsRelatedAnnual({
          avgMonthlyBefore2003: a,
          monthsBefore2003: m1,
          avgFrom2003: b,
          monthsFrom2003: m2,
        });
        const real = (a * 7.125 * m1 + b * 5.481 * m2) / 1000;
        expect(Math.abs(r.annual - real)).toBeLessThanOrEqual(0.5 + 1e-6);
      }),
    );
  });
});

describe('繰上げ・繰下げ', () => {
  it.each([
    [60, -60, -240, 0.76, 'early'],
    [64, -12, -48, 0.952, 'early'],
    [65, 0, 0, 1, 'normal'],
    [66, 12, 84, 1.084, 'deferred'],
    [70, 60, 420, 1.42, 'deferred'],
    [75, 120, 840, 1.84, 'deferred'],
  ])('claim at %i: %i months, %i‰, × %f', (age, monthsFrom65, perMille, factor, kind) => {
    expect(claimAgeAdjustment(age)).toEqual({
      claimAgeMonths: age * 12,
      monthsFrom65,
      perMille,
      factor,
      kind,
    });
  });

  it('accepts months and years + months', () => {
    expect(claimAgeAdjustment(63 * 12 + 6).perMille).toBe(-72);
    expect(claimAgeAdjustment({ years: 63, months: 6 }).factor).toBe(0.928);
    expect(claimAgeAdjustment({ years: 68 }).perMille).toBe(252);
  });

  it('applies the older cohorts with a birth date', () => {
    expect(claimAgeAdjustment(60, { birthDate: '1962-04-01' }).factor).toBe(0.7);
    expect(claimAgeAdjustment(60, { birthDate: '1962-04-02' }).factor).toBe(0.76);
    expect(claimAgeAdjustment(70, { birthDate: '1952-04-01' }).factor).toBe(1.42);
    expect(() => claimAgeAdjustment(71, { birthDate: '1952-04-01' })).toThrow(RangeError);
    expect(claimAgeAdjustment(75, { birthDate: '1952-04-02' }).factor).toBe(1.84);
  });

  it.each([
    [59],
    [76],
    [64.5],
    [719],
    [901],
    [65 * 12 + 6], // 繰下げ starts at 66
    [{ years: 65, months: 11 }],
    [{ years: 65, months: 12 }],
    [{ years: 65.5 }],
    [{ years: 64, months: -1 }],
    [{ years: 64, months: 1.5 }],
    [{ years: 59, months: 11 }],
  ])('rejects %j', (age) => expect(() => claimAgeAdjustment(age)).toThrow(RangeError));

  it('rejects a malformed birth date', () =>
    expect(() => claimAgeAdjustment(65, { birthDate: '1960-02-30' })).toThrow(RangeError));

  it('applies to an amount with one rounding', () => {
    expect(applyAdjustment(831_700, claimAgeAdjustment(60))).toBe(632_092);
    expect(applyAdjustment(831_700, claimAgeAdjustment(70))).toBe(1_181_014);
    expect(() => applyAdjustment(-1, claimAgeAdjustment(65))).toThrow(RangeError);
  });
});

describe('estimate', () => {
  it('combines the parts with the formula', () => {
    const r = estimate({
      basic: { fiscalYear: 2025, paidMonths: 480 },
      earnings: {
        avgMonthlyBefore2003: 300_000,
        monthsBefore2003: 120,
        avgFrom2003: 400_000,
        monthsFrom2003: 240,
      },
      claimAge: 70,
    });
    expect(r.basicAdjusted).toBe(1_181_014);
    expect(r.earningsAdjusted).toBe(1_111_400); // 782,676 × 1.42 = 1,111,399.92
    expect(r.annual).toBe(2_292_414);
    expect(r.monthly).toBe(191_034);
    expect(r.formula).toHaveLength(4);
    expect(r.formula[0]).toContain('831700 × 480 / 480');
  });

  it('defaults to 65 and to no 厚年 periods', () => {
    const r = estimate({ basic: { fiscalYear: 2026, paidMonths: 480 } });
    expect(r).toMatchObject({ annual: 847_300, earningsAdjusted: 0, adjustment: { factor: 1 } });
  });

  it('pays nothing when the 10 years are not met', () => {
    const r = estimate({
      basic: { fiscalYear: 2025, paidMonths: 100 },
      earnings: { avgFrom2003: 300_000, monthsFrom2003: 100 },
      birthDate: '1965-01-01',
    });
    expect(r.annual).toBe(0);
  });
});
