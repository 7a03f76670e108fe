import fc from 'fast-check';
import {
  KENPO_GRADE_TABLES,
  KOSEI_GRADE_TABLES,
  type Scheme,
  gradeFor,
  gradeOfStandard,
  gradeRow,
  gradeTableFor,
} from '../src/grades';

const TODAY = '2025-07-01';

/** 厚生年金保険 標準報酬月額 (令和2年9月〜), REFERENCE.md §2: [grade, 標準, lower bound]. */
// prettier-ignore
const KOSEI_OFFICIAL: readonly [number, number, number][] = [
  [1, 88_000, 0], [2, 98_000, 93_000], [3, 104_000, 101_000], [4, 110_000, 107_000], [5, 118_000, 114_000],
  [6, 126_000, 122_000], [7, 134_000, 130_000], [8, 142_000, 138_000], [9, 150_000, 146_000],
  [10, 160_000, 155_000], [11, 170_000, 165_000], [12, 180_000, 175_000], [13, 190_000, 185_000],
  [14, 200_000, 195_000], [15, 220_000, 210_000], [16, 240_000, 230_000], [17, 260_000, 250_000],
  [18, 280_000, 270_000], [19, 300_000, 290_000], [20, 320_000, 310_000], [21, 340_000, 330_000],
  [22, 360_000, 350_000], [23, 380_000, 370_000], [24, 410_000, 395_000], [25, 440_000, 425_000],
  [26, 470_000, 455_000], [27, 500_000, 485_000], [28, 530_000, 515_000], [29, 560_000, 545_000],
  [30, 590_000, 575_000], [31, 620_000, 605_000], [32, 650_000, 635_000],
];

/** 健康保険 標準報酬月額 (平成28年4月〜), 協会けんぽ 保険料額表: [標準, lower bound]; grade = index + 1. */
// prettier-ignore
const KENPO_OFFICIAL: readonly [number, number][] = [
  [58_000, 0], [68_000, 63_000], [78_000, 73_000], [88_000, 83_000], [98_000, 93_000], [104_000, 101_000],
  [110_000, 107_000], [118_000, 114_000], [126_000, 122_000], [134_000, 130_000], [142_000, 138_000],
  [150_000, 146_000], [160_000, 155_000], [170_000, 165_000], [180_000, 175_000], [190_000, 185_000],
  [200_000, 195_000], [220_000, 210_000], [240_000, 230_000], [260_000, 250_000], [280_000, 270_000],
  [300_000, 290_000], [320_000, 310_000], [340_000, 330_000], [360_000, 350_000], [380_000, 370_000],
  [410_000, 395_000], [440_000, 425_000], [470_000, 455_000], [500_000, 485_000], [530_000, 515_000],
  [560_000, 545_000], [590_000, 575_000], [620_000, 605_000], [650_000, 635_000], [680_000, 665_000],
  [710_000, 695_000], [750_000, 730_000], [790_000, 770_000], [830_000, 810_000], [880_000, 855_000],
  [930_000, 905_000], [980_000, 955_000], [1_030_000, 1_005_000], [1_090_000, 1_055_000],
  [1_150_000, 1_115_000], [1_210_000, 1_175_000], [1_270_000, 1_235_000], [1_330_000, 1_295_000],
  [1_390_000, 1_355_000],
];

describe('厚生年金 32 grades (2020-09 on)', () => {
  it('has exactly the official table', () => {
    const table = gradeTableFor('kosei', TODAY);
    expect(table.validFrom).toBe('2020-09-01');
    expect(table.validTo).toBeUndefined();
    expect(table.grades.map((g) => [g.grade, g.standard, g.from])).toEqual(KOSEI_OFFICIAL);
  });

  // Every boundary on both sides: the last yen below a lower bound is the previous grade.
  it.each(KOSEI_OFFICIAL.slice(1))('grade %i (%i) starts at %i', (grade, standard, from) => {
    expect(gradeFor('kosei', from - 1, TODAY).grade).toBe(grade - 1);
    expect(gradeFor('kosei', from, TODAY)).toMatchObject({ grade, standard });
  });

  it('grade 1 from 0 and grade 32 open-ended', () => {
    expect(gradeFor('kosei', 0, TODAY)).toMatchObject({ grade: 1, standard: 88_000 });
    expect(gradeFor('kosei', 92_999, TODAY).grade).toBe(1);
    expect(gradeFor('kosei', 93_000, TODAY).grade).toBe(2);
    expect(gradeFor('kosei', 10_000_000, TODAY)).toMatchObject({ grade: 32, standard: 650_000 });
  });
});

describe('健康保険 50 grades (2016-04 on)', () => {
  it('has exactly the official table', () => {
    const table = gradeTableFor('kenpo', TODAY);
    expect(table.validFrom).toBe('2016-04-01');
    expect(table.grades).toHaveLength(50);
    expect(table.grades.map((g) => [g.standard, g.from])).toEqual(KENPO_OFFICIAL);
    expect(table.grades.map((g) => g.grade)).toEqual(KENPO_OFFICIAL.map((_, i) => i + 1));
  });

  it.each(KENPO_OFFICIAL.slice(1).map(([standard, from], i) => [i + 2, standard, from] as const))(
    'grade %i (%i) starts at %i',
    (grade, standard, from) => {
      expect(gradeFor('kenpo', from - 1, TODAY).grade).toBe(grade - 1);
      expect(gradeFor('kenpo', from, TODAY)).toMatchObject({ grade, standard });
    },
  );

  it('top grade 1,390,000 from 1,355,000', () => {
    expect(gradeFor('kenpo', 1_354_999, TODAY).standard).toBe(1_330_000);
    expect(gradeFor('kenpo', 50_000_000, TODAY)).toMatchObject({ grade: 50, standard: 1_390_000 });
  });
});

describe('effective dating', () => {
  it('厚年 before 2020-09 has 31 grades topping at 620,000', () => {
    const t = gradeTableFor('kosei', '2020-08-31');
    expect(t.grades).toHaveLength(31);
    expect(gradeFor('kosei', 700_000, '2020-08-31')).toMatchObject({ grade: 31, standard: 620_000 });
    expect(gradeFor('kosei', 700_000, '2020-09-01')).toMatchObject({ grade: 32, standard: 650_000 });
    expect(gradeFor('kosei', 0, '2016-10-01').standard).toBe(88_000);
  });

  it('健保 before 2016-04 has 47 grades topping at 1,210,000', () => {
    expect(gradeTableFor('kenpo', '2016-03-31').grades).toHaveLength(47);
    expect(gradeFor('kenpo', 2_000_000, '2016-03-31').standard).toBe(1_210_000);
    expect(gradeFor('kenpo', 2_000_000, '2016-04-01').standard).toBe(1_390_000);
  });

  it('tables of a scheme do not overlap and leave no gap', () => {
    for (const tables of [KOSEI_GRADE_TABLES, KENPO_GRADE_TABLES]) {
      for (let i = 1; i < tables.length; i++) {
        const prev = tables[i - 1];
        const next = tables[i];
        expect(prev?.validTo).toBeDefined();
        expect((next?.validFrom ?? '') > (prev?.validTo ?? '')).toBe(true);
      }
    }
  });

  it('throws RangeError outside any table or for bad input', () => {
    expect(() => gradeTableFor('kosei', '2016-09-30')).toThrow(RangeError);
    expect(() => gradeTableFor('kenpo', '2007-03-31')).toThrow(RangeError);
    expect(() => gradeTableFor('kosei', '2025-02-30')).toThrow(RangeError);
    expect(() => gradeFor('kosei', -1, TODAY)).toThrow(RangeError);
    expect(() => gradeFor('kosei', Number.NaN, TODAY)).toThrow(RangeError);
  });
});

describe('gradeOfStandard and gradeRow', () => {
  it('finds standards and grade numbers', () => {
    expect(gradeOfStandard('kosei', 410_000, TODAY)?.grade).toBe(24);
    expect(gradeOfStandard('kenpo', 58_000, TODAY)?.grade).toBe(1);
    expect(gradeOfStandard('kosei', 58_000, TODAY)).toBeUndefined();
    expect(gradeOfStandard('kosei', 650_000, '2020-08-31')).toBeUndefined();
    expect(gradeRow('kenpo', 50, TODAY)?.standard).toBe(1_390_000);
    expect(gradeRow('kosei', 33, TODAY)).toBeUndefined();
  });
});

describe('properties', () => {
  const schemes = fc.constantFrom<Scheme>('kosei', 'kenpo');
  const dates = fc.constantFrom('2016-10-01', '2019-01-01', '2020-09-01', TODAY);

  it('the lookup is monotonic', () => {
    fc.assert(
      fc.property(schemes, dates, fc.nat(2_000_000), fc.nat(2_000_000), (scheme, on, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const g1 = gradeFor(scheme, lo, on);
        const g2 = gradeFor(scheme, hi, on);
        expect(g1.grade).toBeLessThanOrEqual(g2.grade);
        expect(g1.standard).toBeLessThanOrEqual(g2.standard);
      }),
    );
  });

  it("the grade's band contains the pay", () => {
    fc.assert(
      fc.property(schemes, dates, fc.nat(2_000_000), (scheme, on, pay) => {
        const g = gradeFor(scheme, pay, on);
        expect(g.from).toBeLessThanOrEqual(pay);
        if (g.to !== undefined) expect(pay).toBeLessThan(g.to);
        expect(gradeOfStandard(scheme, g.standard, on)).toEqual(g);
      }),
    );
  });
});
