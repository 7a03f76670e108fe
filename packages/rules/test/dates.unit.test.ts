import fc from 'fast-check';
import {
  DATE_ERRORS,
  ERAS,
  ERA_CODES,
  EVENT_ERA_CODES,
  MEIJI_BIRTH_START,
  addDays,
  addMonths,
  addYearMonths,
  addYears,
  ageOn,
  compareDates,
  dateAgeReached,
  daysBetween,
  daysInMonth,
  firstOfMonth,
  fiscalYear,
  fiscalYearRange,
  formatJapaneseDate,
  fromEraDate,
  inForceOn,
  isInPeriod,
  isValidIsoDate,
  isLeapYear,
  isValidYearMonth,
  lastOfMonth,
  parseEraYearMonth,
  toEraDate,
  yearMonthOf,
} from '../src/dates';

const codeOf = (r: { ok: boolean; errors?: readonly { code: string }[] }): string | undefined =>
  r.ok ? undefined : r.errors?.[0]?.code;

/** Every ISO date in [from, to] as an arbitrary, via day offsets. */
const isoBetween = (from: string, to: string) =>
  fc.integer({ min: 0, max: daysBetween(from, to) }).map((n) => addDays(from, n));

describe('era codes', () => {
  it('are the spec codes', () => {
    expect(ERA_CODES).toEqual({ MEIJI: 1, TAISHO: 3, SHOWA: 5, HEISEI: 7, REIWA: 9 });
    expect(EVENT_ERA_CODES).toEqual([7, 9]);
  });

  it('eras follow each other without gap or overlap', () => {
    for (let i = 1; i < ERAS.length; i++) {
      const prev = ERAS[i - 1];
      const next = ERAS[i];
      expect(addDays(prev?.end ?? '', 1)).toBe(next?.start);
      expect(Number(next?.start.slice(0, 4))).toBe((next?.offset ?? 0) + 1); // 元年
    }
    expect(ERAS.at(-1)?.end).toBeUndefined();
  });
});

describe('fromEraDate — each era boundary on both sides', () => {
  it.each([
    // 明治 → 大正
    [1, '450729', '1912-07-29'],
    [1, '450730', undefined],
    [3, '010729', undefined],
    [3, '010730', '1912-07-30'],
    // 大正 → 昭和
    [3, '151224', '1926-12-24'],
    [3, '151225', undefined],
    [5, '011224', undefined],
    [5, '011225', '1926-12-25'],
    // 昭和 → 平成
    [5, '640107', '1989-01-07'],
    [5, '640108', undefined],
    [7, '010107', undefined],
    [7, '010108', '1989-01-08'],
    // 平成 → 令和
    [7, '310430', '2019-04-30'],
    [7, '310501', undefined],
    [9, '010430', undefined],
    [9, '010501', '2019-05-01'],
    // 明治 start (events vs births)
    [1, '011022', undefined],
    [1, '011023', '1868-10-23'],
  ])('era %s %s → %s', (era, yymmdd, expected) => {
    const r = fromEraDate(era, yymmdd);
    if (expected === undefined) expect(codeOf(r)).toBe(DATE_ERRORS.ERA_DATE_OUT_OF_RANGE);
    else expect(r).toEqual({ ok: true, value: expected });
  });

  it('starts 明治 on 1868-01-25 for birth dates', () => {
    expect(fromEraDate(1, '010125', { birthDate: true })).toEqual({ ok: true, value: MEIJI_BIRTH_START });
    expect(codeOf(fromEraDate(1, '010124', { birthDate: true }))).toBe(DATE_ERRORS.ERA_DATE_OUT_OF_RANGE);
    expect(codeOf(fromEraDate(1, '010125'))).toBe(DATE_ERRORS.ERA_DATE_OUT_OF_RANGE);
    // birthDate changes nothing for the other eras
    expect(codeOf(fromEraDate(5, '011224', { birthDate: true }))).toBe(DATE_ERRORS.ERA_DATE_OUT_OF_RANGE);
  });

  it('allows only 平成 and 令和 for event dates', () => {
    expect(fromEraDate(9, '070401', { eventDate: true })).toEqual({ ok: true, value: '2025-04-01' });
    expect(fromEraDate(7, '310401', { eventDate: true }).ok).toBe(true);
    const r = fromEraDate(5, '630401', { eventDate: true, path: '/acquiredOn' });
    expect(codeOf(r)).toBe(DATE_ERRORS.ERA_CODE_NOT_ALLOWED);
    expect(!r.ok && r.errors[0]?.path).toBe('/acquiredOn');
  });

  it.each([[0], [2], ['8'], ['R'], ['77'], ['']])('rejects the era code %j', (code) => {
    expect(codeOf(fromEraDate(code, '010501'))).toBe(DATE_ERRORS.ERA_CODE_INVALID);
  });

  it('accepts string and 全角 era codes', () => {
    expect(fromEraDate(' ９ ', '０７０４０１')).toEqual({ ok: true, value: '2025-04-01' });
  });

  it.each(['10501', '0105011', '01-501', 'abcdef'])('rejects the shape %j', (s) => {
    expect(codeOf(fromEraDate(9, s))).toBe(DATE_ERRORS.ERA_DATE_FORMAT);
  });

  it.each([
    [9, '000501'], // 元年 is 01, never 00
    [7, '310229'], // 2019 is not a leap year
    [9, '061301'],
    [9, '060431'],
    [9, '060400'],
  ])('rejects the impossible date %s %s', (era, s) => {
    expect(codeOf(fromEraDate(era, s))).toBe(DATE_ERRORS.ERA_DATE_INVALID);
  });

  it('accepts 29 February in a leap year', () => {
    expect(fromEraDate(9, '060229')).toEqual({ ok: true, value: '2024-02-29' });
  });

  it('names the date and the era range in the message', () => {
    const r = fromEraDate(7, '310501');
    expect(!r.ok && r.errors[0]?.message.ja).toContain('平成31年5月1日');
    expect(!r.ok && r.errors[0]?.message.en).toContain('Heisei');
  });
});

describe('toEraDate', () => {
  it.each([
    ['2019-04-30', 7, '310430'],
    ['2019-05-01', 9, '010501'],
    ['1989-01-07', 5, '640107'],
    ['1989-01-08', 7, '010108'],
    ['1926-12-24', 3, '151224'],
    ['1926-12-25', 5, '011225'],
    ['1912-07-29', 1, '450729'],
    ['1912-07-30', 3, '010730'],
    ['1868-10-23', 1, '011023'],
    ['1868-01-25', 1, '010125'], // birth-date 明治
  ])('%s → %s %s', (iso, eraCode, yymmdd) => expect(toEraDate(iso)).toEqual({ eraCode, yymmdd }));

  it('refuses dates it cannot express', () => {
    expect(() => toEraDate('1868-01-24')).toThrow(RangeError);
    expect(() => toEraDate('2118-01-01')).toThrow(RangeError);
    expect(toEraDate('2117-12-31')).toEqual({ eraCode: 9, yymmdd: '991231' });
    expect(() => toEraDate('2019-02-30')).toThrow(RangeError);
  });

  it('round-trips every date from 1868-10-23 to 2099-12-31', () => {
    fc.assert(
      fc.property(isoBetween('1868-10-23', '2099-12-31'), (iso) => {
        const { eraCode, yymmdd } = toEraDate(iso);
        expect(fromEraDate(eraCode, yymmdd)).toEqual({ ok: true, value: iso });
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips event dates from 平成 on with eventDate', () => {
    fc.assert(
      fc.property(isoBetween('1989-01-08', '2099-12-31'), (iso) => {
        const { eraCode, yymmdd } = toEraDate(iso);
        expect(fromEraDate(eraCode, yymmdd, { eventDate: true })).toEqual({ ok: true, value: iso });
      }),
    );
  });

  it('formats for people', () => {
    expect(formatJapaneseDate('2019-05-01')).toBe('令和元年5月1日');
    expect(formatJapaneseDate('2025-04-01')).toBe('令和7年4月1日');
    expect(formatJapaneseDate('1989-01-07')).toBe('昭和64年1月7日');
  });
});

describe('parseEraYearMonth (改定年月)', () => {
  it.each([
    [7, '3104', '2019-04'],
    [7, '3105', undefined],
    [9, '0104', undefined],
    [9, '0105', '2019-05'],
    [5, '6401', '1989-01'],
    [5, '6402', undefined],
    [7, '0101', '1989-01'],
    [7, '6312', undefined],
    [1, '0110', '1868-10'],
    [1, '0109', undefined],
    [9, '9912', '2117-12'],
  ])('era %s %s → %s', (era, yymm, expected) => {
    const r = parseEraYearMonth(era, yymm);
    if (expected === undefined) expect(codeOf(r)).toBe(DATE_ERRORS.ERA_DATE_OUT_OF_RANGE);
    else expect(r).toEqual({ ok: true, value: expected });
  });

  it('checks code, shape and month', () => {
    expect(codeOf(parseEraYearMonth(4, '0104'))).toBe(DATE_ERRORS.ERA_CODE_INVALID);
    expect(codeOf(parseEraYearMonth(5, '6301', { eventDate: true }))).toBe(DATE_ERRORS.ERA_CODE_NOT_ALLOWED);
    expect(codeOf(parseEraYearMonth(9, '071'))).toBe(DATE_ERRORS.ERA_DATE_FORMAT);
    expect(codeOf(parseEraYearMonth(9, '0713'))).toBe(DATE_ERRORS.ERA_DATE_INVALID);
    expect(codeOf(parseEraYearMonth(9, '0700'))).toBe(DATE_ERRORS.ERA_DATE_INVALID);
    expect(codeOf(parseEraYearMonth(9, '0005'))).toBe(DATE_ERRORS.ERA_DATE_INVALID);
    expect(parseEraYearMonth(1, '0101', { birthDate: true })).toEqual({ ok: true, value: '1868-01' });
  });
});

describe('ISO date validity', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2025-04-31', false],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-01-00', false],
    ['2025-1-01', false],
    ['2025-01-01T00:00', false],
  ])('%s → %s', (s, expected) => expect(isValidIsoDate(s)).toBe(expected));

  it('year-months', () => {
    expect(isValidYearMonth('2025-12')).toBe(true);
    expect(isValidYearMonth('2025-13')).toBe(false);
    expect(isValidYearMonth('2025-00')).toBe(false);
    expect(isValidYearMonth('2025-1')).toBe(false);
  });

  it('leap years (Gregorian)', () => {
    expect([1900, 2000, 2023, 2024].map(isLeapYear)).toEqual([false, true, false, true]);
  });

  it('days in month', () => {
    expect([1, 2, 3, 4, 6, 9, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([
      31, 28, 31, 30, 30, 30, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
  });
});

describe('date arithmetic', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('1970-01-01', 0)).toBe('1970-01-01');
    expect(addDays('0001-01-01', 365)).toBe('0002-01-01');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('adds months with end-of-month clamping', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2025-11-15', 2)).toBe('2026-01-15');
    expect(addMonths('2025-01-15', -13)).toBe('2023-12-15');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });

  it('agrees with a naive day-by-day walk', () => {
    fc.assert(
      fc.property(isoBetween('1600-01-01', '2400-12-31'), fc.integer({ min: -400, max: 400 }), (iso, n) => {
        const there = addDays(iso, n);
        expect(isValidIsoDate(there)).toBe(true);
        expect(daysBetween(iso, there)).toBe(n);
        expect(addDays(there, -n)).toBe(iso);
      }),
    );
  });

  it('month helpers', () => {
    expect(firstOfMonth('2025-02-17')).toBe('2025-02-01');
    expect(lastOfMonth('2024-02-17')).toBe('2024-02-29');
    expect(yearMonthOf('2025-02-17')).toBe('2025-02');
    expect(addYearMonths('2025-11', 2)).toBe('2026-01');
    expect(addYearMonths('2025-01', -1)).toBe('2024-12');
    expect(compareDates('2025-01-01', '2025-01-02')).toBe(-1);
    expect(compareDates('2025-01-02', '2025-01-01')).toBe(1);
    expect(compareDates('2025-01-01', '2025-01-01')).toBe(0);
  });

  it('throws RangeError on malformed input (programming errors)', () => {
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2025-01-01', 1.5)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addMonths('0000-01-01', -1)).toThrow(RangeError);
    expect(() => addYearMonths('2025-13', 1)).toThrow(RangeError);
    expect(() => addYearMonths('9999-12', 1)).toThrow(RangeError);
    expect(() => compareDates('2025-01-01', 'x')).toThrow(RangeError);
    expect(() => fiscalYearRange(2025.5)).toThrow(RangeError);
  });
});

describe('fiscal year (April–March)', () => {
  it.each([
    ['2025-03-31', 2024],
    ['2025-04-01', 2025],
    ['2025-12-31', 2025],
    ['2026-01-01', 2025],
  ])('%s → FY%s', (iso, fy) => expect(fiscalYear(iso)).toBe(fy));

  it('range', () => expect(fiscalYearRange(2025)).toEqual({ from: '2025-04-01', to: '2026-03-31' }));
});

describe('age (年齢計算ニ関スル法律: reached the day before the birthday)', () => {
  it('born 1955-04-01 is 70 on 2025-03-31', () => {
    expect(dateAgeReached('1955-04-01', 70)).toBe('2025-03-31');
    expect(ageOn('1955-04-01', '2025-03-30')).toBe(69);
    expect(ageOn('1955-04-01', '2025-03-31')).toBe(70);
    expect(ageOn('1955-04-01', '2025-04-01')).toBe(70);
  });

  it('the 75 rule: born 1950-04-02 reaches 75 on 2025-04-01', () => {
    expect(dateAgeReached('1950-04-02', 75)).toBe('2025-04-01');
    expect(ageOn('1950-04-02', '2025-03-31')).toBe(74);
  });

  it('born on 1 January reaches an age on 31 December of the year before', () => {
    expect(dateAgeReached('1960-01-01', 65)).toBe('2024-12-31');
    expect(ageOn('1960-01-01', '2024-12-31')).toBe(65);
    expect(ageOn('1960-01-01', '2024-12-30')).toBe(64);
  });

  it('29 February births reach each age on 28 February', () => {
    expect(dateAgeReached('2000-02-29', 1)).toBe('2001-02-28');
    expect(dateAgeReached('2000-02-29', 4)).toBe('2004-02-28');
    expect(ageOn('2000-02-29', '2001-02-27')).toBe(0);
    expect(ageOn('2000-02-29', '2001-02-28')).toBe(1);
    expect(ageOn('2000-02-29', '2004-02-28')).toBe(4);
  });

  it('is 0 on the birth day and refuses earlier dates', () => {
    expect(ageOn('2000-05-05', '2000-05-05')).toBe(0);
    expect(() => ageOn('2000-05-05', '2000-05-04')).toThrow(RangeError);
    expect(() => dateAgeReached('2000-05-05', -1)).toThrow(RangeError);
    expect(() => dateAgeReached('2000-05-05', 1.5)).toThrow(RangeError);
  });

  it('the age changes exactly on dateAgeReached', () => {
    fc.assert(
      fc.property(isoBetween('1900-01-01', '2010-12-31'), fc.integer({ min: 1, max: 100 }), (birth, age) => {
        const reached = dateAgeReached(birth, age);
        expect(ageOn(birth, reached)).toBe(age);
        expect(ageOn(birth, addDays(reached, -1))).toBe(age - 1);
      }),
    );
  });
});

describe('effective-dated periods', () => {
  const periods = [
    { validFrom: '2016-04-01', validTo: '2020-08-31', id: 'old' },
    { validFrom: '2020-09-01', id: 'current' },
  ];
  it('includes both ends and is open-ended without validTo', () => {
    expect(isInPeriod('2016-04-01', periods[0] as (typeof periods)[0])).toBe(true);
    expect(isInPeriod('2020-08-31', periods[0] as (typeof periods)[0])).toBe(true);
    expect(isInPeriod('2020-09-01', periods[0] as (typeof periods)[0])).toBe(false);
    expect(inForceOn(periods, '2020-09-01')?.id).toBe('current');
    expect(inForceOn(periods, '2099-12-31')?.id).toBe('current');
    expect(inForceOn(periods, '2016-03-31')).toBeUndefined();
  });
});
