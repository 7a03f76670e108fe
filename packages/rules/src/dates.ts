/**
 * Business dates: 和暦 (era code + YYMMDD) ⇄ ISO plain dates, fiscal years, and the age a person has
 * reached on a date under Japanese law.
 *
 * Why: every date in the employer file is era code + YYMMDD (元号 1 明治, 3 大正, 5 昭和, 7 平成,
 * 9 令和 — CSV形式届書作成仕様書), and the 70歳・75歳 rules turn on the exact day an age is reached.
 * Guarantees: pure, no Date objects, no time zones, never reads the clock — dates are `YYYY-MM-DD`
 * strings and arithmetic is on the proleptic Gregorian calendar with integers. `fromEraDate` returns a
 * Result naming the broken rule; the arithmetic helpers throw RangeError on malformed input (a
 * programming error: validate with `isValidIsoDate` first).
 * Sources: 元号の始期 (明治改元の詔 1868-10-23, 大正 1912-07-30, 昭和 1926-12-25, 平成 1989-01-08,
 * 令和 2019-05-01); 年齢計算ニ関スル法律 + 民法第143条 (an age is reached at the end of the day before
 * the birthday); 会計年度 April–March (財政法第11条).
 */
import { type Result, ok, fail } from './result';
import { narrowAscii } from './kana';

export const ERA_CODES = { MEIJI: 1, TAISHO: 3, SHOWA: 5, HEISEI: 7, REIWA: 9 } as const;
export type EraCode = (typeof ERA_CODES)[keyof typeof ERA_CODES];

export type Era = {
  readonly code: EraCode;
  readonly name: string;
  readonly nameEn: string;
  /** First day of the era (Gregorian). */
  readonly start: string;
  /** Last day of the era, inclusive; undefined for the current era. */
  readonly end?: string;
  /** Gregorian year = offset + era year (元年 = 1). */
  readonly offset: number;
};

/** The five eras the employer file knows, oldest first. */
export const ERAS: readonly Era[] = [
  { code: 1, name: '明治', nameEn: 'Meiji', start: '1868-10-23', end: '1912-07-29', offset: 1867 },
  { code: 3, name: '大正', nameEn: 'Taisho', start: '1912-07-30', end: '1926-12-24', offset: 1911 },
  { code: 5, name: '昭和', nameEn: 'Showa', start: '1926-12-25', end: '1989-01-07', offset: 1925 },
  { code: 7, name: '平成', nameEn: 'Heisei', start: '1989-01-08', end: '2019-04-30', offset: 1988 },
  { code: 9, name: '令和', nameEn: 'Reiwa', start: '2019-05-01', offset: 2018 },
];
/**
 * 明治 for birth dates starts on 1868-01-25 (= 慶応4年1月1日): 明治改元 applied to the whole of that year.
 * Era years are mapped onto Gregorian years as every pension system does (明治元年 = 1868), also for
 * dates before the 1873 calendar reform.
 */
export const MEIJI_BIRTH_START = '1868-01-25';
/** Event dates (取得日, 喪失日, 支払日, 改定年月) accept only 平成 and 令和. */
export const EVENT_ERA_CODES: readonly EraCode[] = [ERA_CODES.HEISEI, ERA_CODES.REIWA];
const MAX_ERA_YEAR = 99;

export const DATE_ERRORS = {
  ERA_CODE_INVALID: 'ERA_CODE_INVALID',
  ERA_CODE_NOT_ALLOWED: 'ERA_CODE_NOT_ALLOWED',
  ERA_DATE_FORMAT: 'ERA_DATE_FORMAT',
  ERA_DATE_INVALID: 'ERA_DATE_INVALID',
  ERA_DATE_OUT_OF_RANGE: 'ERA_DATE_OUT_OF_RANGE',
} as const;

export type EraDateOptions = {
  /** Field path for errors. */
  path?: string;
  /** 取得日・喪失日・支払日・改定年月: only 7 (平成) and 9 (令和). */
  eventDate?: boolean;
  /** 生年月日: 明治 starts on 1868-01-25. */
  birthDate?: boolean;
};

// ─── Calendar arithmetic (integers only) ───────────────────────────────────────────────────

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

/** `YYYY-MM-DD` naming a real day of the proleptic Gregorian calendar. */
export const isValidIsoDate = (s: string): boolean => {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
};

/** `YYYY-MM` with a month 01–12. */
export const isValidYearMonth = (s: string): boolean => {
  const m = YEAR_MONTH.exec(s);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
};

type Ymd = { y: number; m: number; d: number };

const parse = (iso: string): Ymd => {
  if (!isValidIsoDate(iso)) throw new RangeError(`not an ISO date: ${JSON.stringify(iso)}`);
  return { y: Number(iso.slice(0, 4)), m: Number(iso.slice(5, 7)), d: Number(iso.slice(8, 10)) };
};

const parseYm = (ym: string): { y: number; m: number } => {
  if (!isValidYearMonth(ym)) throw new RangeError(`not a year-month: ${JSON.stringify(ym)}`);
  return { y: Number(ym.slice(0, 4)), m: Number(ym.slice(5, 7)) };
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const format = ({ y, m, d }: Ymd): string => {
  if (y < 0 || y > 9999) throw new RangeError(`year out of range: ${y}`);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
};

const formatYm = (y: number, m: number): string => {
  if (y < 0 || y > 9999) throw new RangeError(`year out of range: ${y}`);
  return `${pad(y, 4)}-${pad(m, 2)}`;
};

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
const toDayNumber = ({ y, m, d }: Ymd): number => {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
};

const fromDayNumber = (n: number): Ymd => {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
};

const assertInteger = (n: number, what: string): void => {
  if (!Number.isInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
};

export const addDays = (iso: string, n: number): string => {
  assertInteger(n, 'days');
  return format(fromDayNumber(toDayNumber(parse(iso)) + n));
};

/** Calendar months; the day is clamped to the end of the target month (01-31 + 1 month = 02-28/29). */
export const addMonths = (iso: string, n: number): string => {
  assertInteger(n, 'months');
  const { y, m, d } = parse(iso);
  const index = y * 12 + (m - 1) + n;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  return format({ y: ty, m: tm, d: Math.min(d, daysInMonth(ty, tm)) });
};

export const addYears = (iso: string, n: number): string => {
  assertInteger(n, 'years');
  return addMonths(iso, n * 12);
};

/** Whole days from `a` to `b` (positive when b is later). */
export const daysBetween = (a: string, b: string): number => toDayNumber(parse(b)) - toDayNumber(parse(a));

export const firstOfMonth = (iso: string): string => format({ ...parse(iso), d: 1 });

export const lastOfMonth = (iso: string): string => {
  const { y, m } = parse(iso);
  return format({ y, m, d: daysInMonth(y, m) });
};

/** −1, 0 or 1, like a comparator for `Array.prototype.sort`. */
export const compareDates = (a: string, b: string): -1 | 0 | 1 => {
  parse(a);
  parse(b);
  return a < b ? -1 : a > b ? 1 : 0;
};

/** `YYYY-MM` of a date. */
export const yearMonthOf = (iso: string): string => {
  parse(iso);
  return iso.slice(0, 7);
};

/** `YYYY-MM` plus n months. */
export const addYearMonths = (ym: string, n: number): string => {
  assertInteger(n, 'months');
  const { y, m } = parseYm(ym);
  const index = y * 12 + (m - 1) + n;
  const ty = Math.floor(index / 12);
  return formatYm(ty, index - ty * 12 + 1);
};

/** 年度: April–March, named by the calendar year of its April (2026-03-31 → 2025). */
export const fiscalYear = (iso: string): number => {
  const { y, m } = parse(iso);
  return m >= 4 ? y : y - 1;
};

export const fiscalYearRange = (fy: number): { from: string; to: string } => {
  assertInteger(fy, 'fiscal year');
  return { from: formatYm(fy, 4) + '-01', to: formatYm(fy + 1, 3) + '-31' };
};

/** An effective-dated entry: applies from `validFrom` to `validTo`, both inclusive; open-ended without `validTo`. */
export type Period = { readonly validFrom: string; readonly validTo?: string };

/** Whether `onIso` falls in the period (ISO strings compare in date order). */
export const isInPeriod = (onIso: string, period: Period): boolean =>
  period.validFrom <= onIso && (period.validTo === undefined || onIso <= period.validTo);

/** The entry of `entries` in force on `onIso`, or undefined. */
export const inForceOn = <T extends Period>(entries: readonly T[], onIso: string): T | undefined =>
  entries.find((e) => isInPeriod(onIso, e));

// ─── Age (年齢計算ニ関スル法律) ────────────────────────────────────────────────────────────

/**
 * The day on which a person born on `birthIso` reaches `age`: the day before the birthday
 * (民法143条: the period ends at the end of the day before the corresponding day; for a 29 February
 * birth with no 29 February in the target year, the corresponding day is 1 March, so the age is
 * reached on 28 February). Born 1955-04-01 → reaches 70 on 2025-03-31.
 */
export const dateAgeReached = (birthIso: string, age: number): string => {
  assertInteger(age, 'age');
  if (age < 0) throw new RangeError(`age must not be negative, got ${age}`);
  const { y, m, d } = parse(birthIso);
  const ty = y + age;
  const anniversary = m === 2 && d === 29 && !isLeapYear(ty) ? { y: ty, m: 3, d: 1 } : { y: ty, m, d };
  return format(fromDayNumber(toDayNumber(anniversary) - 1));
};

/** Age reached on `onIso` (inclusive of that day) under Japanese law. */
export const ageOn = (birthIso: string, onIso: string): number => {
  if (compareDates(onIso, birthIso) < 0)
    throw new RangeError(`${onIso} is before the birth date ${birthIso}`);
  // A 1 January birth reaches the next age on 31 December, so start one above the year difference.
  let age = parse(onIso).y - parse(birthIso).y + 1;
  while (dateAgeReached(birthIso, age) > onIso) age--;
  return age;
};

// ─── 和暦 ───────────────────────────────────────────────────────────────────────────────────

const eraByCode = (code: number): Era | undefined => ERAS.find((e) => e.code === code);

const eraStart = (era: Era, birthDate: boolean | undefined): string =>
  birthDate === true && era.code === ERA_CODES.MEIJI ? MEIJI_BIRTH_START : era.start;

const eraRangeText = (era: Era, start: string): { ja: string; en: string } => ({
  ja: era.end === undefined ? `${start}以降` : `${start}〜${era.end}`,
  en: era.end === undefined ? `from ${start}` : `${start} to ${era.end}`,
});

const checkEraCode = (
  eraCode: string | number,
  opts: EraDateOptions,
): { ok: true; era: Era } | { ok: false; error: ReturnType<typeof fail> } => {
  const path = opts.path ?? '';
  const text = narrowAscii(String(eraCode).trim());
  const era = /^\d$/.test(text) ? eraByCode(Number(text)) : undefined;
  if (era === undefined) {
    return {
      ok: false,
      error: fail(
        path,
        DATE_ERRORS.ERA_CODE_INVALID,
        `元号コード「${text}」は使えません（1 明治、3 大正、5 昭和、7 平成、9 令和）`,
        `Unknown era code "${text}" (1 Meiji, 3 Taisho, 5 Showa, 7 Heisei, 9 Reiwa)`,
      ),
    };
  }
  if (opts.eventDate === true && !EVENT_ERA_CODES.includes(era.code)) {
    return {
      ok: false,
      error: fail(
        path,
        DATE_ERRORS.ERA_CODE_NOT_ALLOWED,
        `この日付の元号は平成（7）または令和（9）のみです（${era.name}は不可）`,
        `This date accepts only the Heisei (7) or Reiwa (9) era, not ${era.nameEn}`,
      ),
    };
  }
  return { ok: true, era };
};

/**
 * Era code + YYMMDD → ISO date. Checks: the era code (event dates: 7/9 only), six digits, 元年 = 01
 * (00 is rejected), a real calendar day, and that the day lies inside the era (平成31年5月1日 is
 * rejected, 令和元年5月1日 accepted; 昭和64年1月8日 rejected).
 */
export const fromEraDate = (
  eraCode: string | number,
  yymmdd: string,
  opts: EraDateOptions = {},
): Result<string> => {
  const path = opts.path ?? '';
  const code = checkEraCode(eraCode, opts);
  if (!code.ok) return code.error;
  const { era } = code;
  const digits = narrowAscii(yymmdd.trim());
  if (!/^\d{6}$/.test(digits)) {
    return fail(
      path,
      DATE_ERRORS.ERA_DATE_FORMAT,
      '日付は年月日6桁（YYMMDD）です',
      'The date must be 6 digits YYMMDD',
    );
  }
  const yy = Number(digits.slice(0, 2));
  const iso = `${pad(era.offset + yy, 4)}-${digits.slice(2, 4)}-${digits.slice(4, 6)}`;
  const label = `${era.name}${yy}年${Number(digits.slice(2, 4))}月${Number(digits.slice(4, 6))}日`;
  const labelEn = `${era.nameEn} ${yy}, month ${digits.slice(2, 4)}, day ${digits.slice(4, 6)}`;
  if (yy === 0 || !isValidIsoDate(iso)) {
    return fail(
      path,
      DATE_ERRORS.ERA_DATE_INVALID,
      `${label}は存在しない日付です`,
      `${labelEn} is not a calendar date`,
    );
  }
  const start = eraStart(era, opts.birthDate);
  if (iso < start || (era.end !== undefined && iso > era.end)) {
    const range = eraRangeText(era, start);
    return fail(
      path,
      DATE_ERRORS.ERA_DATE_OUT_OF_RANGE,
      `${label}（${iso}）は${era.name}の期間（${range.ja}）にありません`,
      `${labelEn} (${iso}) is outside the ${era.nameEn} era (${range.en})`,
    );
  }
  return ok(iso);
};

/**
 * ISO date → the era in force that day and YYMMDD. Dates from 1868-01-25 (明治 for birth dates) to
 * 令和99年 (2117-12-31); anything else throws RangeError.
 */
export const toEraDate = (iso: string): { eraCode: EraCode; yymmdd: string } => {
  const { y } = parse(iso);
  if (iso < MEIJI_BIRTH_START) throw new RangeError(`${iso} is before 明治`);
  const era = [...ERAS].reverse().find((e) => iso >= e.start) ?? (ERAS[0] as Era);
  const eraYear = y - era.offset;
  if (eraYear > MAX_ERA_YEAR) throw new RangeError(`${iso} is beyond ${era.name}${MAX_ERA_YEAR}年`);
  return { eraCode: era.code, yymmdd: `${pad(eraYear, 2)}${iso.slice(5, 7)}${iso.slice(8, 10)}` };
};

/**
 * Era code + YYMM (改定年月, 適用年月) → `YYYY-MM`. The month must overlap the era: 平成31年04 and
 * 令和元年05 are valid, 平成31年05 and 令和元年04 are not; 昭和64年01 and 平成元年01 both are.
 */
export const parseEraYearMonth = (
  eraCode: string | number,
  yymm: string,
  opts: EraDateOptions = {},
): Result<string> => {
  const path = opts.path ?? '';
  const code = checkEraCode(eraCode, opts);
  if (!code.ok) return code.error;
  const { era } = code;
  const digits = narrowAscii(yymm.trim());
  if (!/^\d{4}$/.test(digits)) {
    return fail(
      path,
      DATE_ERRORS.ERA_DATE_FORMAT,
      '年月は4桁（YYMM）です',
      'The year-month must be 4 digits YYMM',
    );
  }
  const yy = Number(digits.slice(0, 2));
  const ym = `${pad(era.offset + yy, 4)}-${digits.slice(2, 4)}`;
  const label = `${era.name}${yy}年${Number(digits.slice(2, 4))}月`;
  const labelEn = `${era.nameEn} ${yy}, month ${digits.slice(2, 4)}`;
  if (yy === 0 || !isValidYearMonth(ym)) {
    return fail(
      path,
      DATE_ERRORS.ERA_DATE_INVALID,
      `${label}は存在しない年月です`,
      `${labelEn} is not a valid month`,
    );
  }
  const start = eraStart(era, opts.birthDate);
  const monthFirst = `${ym}-01`;
  if (lastOfMonth(monthFirst) < start || (era.end !== undefined && monthFirst > era.end)) {
    const range = eraRangeText(era, start);
    return fail(
      path,
      DATE_ERRORS.ERA_DATE_OUT_OF_RANGE,
      `${label}（${ym}）は${era.name}の期間（${range.ja}）にありません`,
      `${labelEn} (${ym}) is outside the ${era.nameEn} era (${range.en})`,
    );
  }
  return ok(ym);
};

/** 「令和7年4月1日」 (元年 for year 1) — for messages and printed notices. */
export const formatJapaneseDate = (iso: string): string => {
  const { eraCode, yymmdd } = toEraDate(iso);
  const era = eraByCode(eraCode) as Era;
  const year = Number(yymmdd.slice(0, 2));
  return `${era.name}${year === 1 ? '元' : year}年${Number(yymmdd.slice(2, 4))}月${Number(yymmdd.slice(4, 6))}日`;
};
