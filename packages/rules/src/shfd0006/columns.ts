/**
 * Column codecs: how one item of a form (one or more CSV columns) maps to one JSON value, both ways.
 *
 * Why: the per-form tables (./layouts) say *which* item sits in which column; these say *how* an item
 * is written (zero padding, 和暦, thousands, 4+6 digits …). Parser and generator use the same codec,
 * so a value the generator writes is a value the parser reads back unchanged.
 * Guarantees: `decode` never throws and accepts only the exact spelling the form allows (digits are
 * ASCII digits of the allowed widths, era codes 1/3/5/7/9); `encode(decode(cells))` returns `cells`
 * for every canonical spelling (money zero-padded to 7, days/months to 2, … — the generator's
 * choice where the spec allows both, CSV形式届書作成仕様書 as quoted in rakually todokede-csv.js).
 * An empty column is an absent value; the schema decides whether absence is allowed.
 */
import { fromEraDate, parseEraYearMonth, toEraDate, lastOfMonth, isValidIsoDate } from '../dates';
import { Shfd0006Codes } from './codes';

/** A cell that cannot be read; `offset` is the column within the item (0 for one-column items). */
export class CellError {
  constructor(
    readonly offset: number,
    readonly code: string,
    readonly ja: string,
    readonly en: string,
  ) {}
}
/** A decoded item: its value, `undefined` when the item is empty (absent), or the CellError. */
export type Decoded<T> = T | undefined | CellError;

export interface Codec<T> {
  /** Number of CSV columns the item takes. */
  readonly width: number;
  /** The format as the column tables show it (N = digits, X = characters, K = 半角カナ, J = 全角 …). */
  readonly format: string;
  decode(cells: readonly string[], start: number): Decoded<T>;
  /**
   * The cells for a value (`undefined` = the item is omitted). May throw RangeError on an unencodable
   * value. (Method syntax on purpose: a table holds codecs of different value types.)
   */
  encode(value: T | undefined): readonly string[];
  /** A fixed or must-be-empty column (the generator ignores the JSON value). */
  readonly fixed?: boolean;
  /** The most bytes each column can take, when the codec alone decides it (not for `str`). */
  readonly maxCellBytes?: readonly number[];
}

const ABSENT = undefined;
const ok = <T>(value: T): T => value;
const err = (offset: number, code: string, ja: string, en: string): CellError =>
  new CellError(offset, code, ja, en);

const cell = (cells: readonly string[], i: number): string => cells[i] ?? '';

/** A string item kept as written ('' = absent); the schema checks its format. */
export const str = (format: string): Codec<string> => ({
  width: 1,
  format,
  decode: (cells, start) => {
    const v = cell(cells, start);
    return v === '' ? ABSENT : ok(v);
  },
  encode: (v) => [v ?? ''],
});

const DIGITS = new Map<string, RegExp>();
const digitsPattern = (min: number, max: number): RegExp => {
  const key = `${min},${max}`;
  let re = DIGITS.get(key);
  if (re === undefined) {
    re = new RegExp(`^\\d{${min},${max}}$`);
    DIGITS.set(key, re);
  }
  return re;
};

const notNumeric = (offset: number, min: number, max: number, v: string): CellError =>
  err(
    offset,
    Shfd0006Codes.NOT_NUMERIC,
    `${min === max ? `${min}桁` : `${min}〜${max}桁`}の数字であること: '${v.slice(0, 20)}'`,
    `must be ${min === max ? min : `${min}–${max}`} digits: '${v.slice(0, 20)}'`,
  );

/**
 * An integer written with `min`–`max` digits, generated zero-padded to `pad`; `scale` multiplies
 * (標準報酬月額: the form writes thousands, JSON carries yen).
 */
export const int = (min: number, max: number, pad: number, scale = 1): Codec<number> => {
  const re = digitsPattern(min, max);
  return {
    width: 1,
    format: `N${min === max ? min : `${min}-${max}`}${scale !== 1 ? ` (×${scale})` : ''}`,
    maxCellBytes: [max],
    decode: (cells, start) => {
      const v = cell(cells, start);
      if (v === '') return ABSENT;
      if (!re.test(v)) return notNumeric(0, min, max, v);
      return ok(Number(v) * scale);
    },
    encode: (v) => {
      if (v === undefined) return [''];
      const n = v / scale;
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a non-negative integer: ${v}`);
      const s = String(n).padStart(pad, '0');
      if (s.length > max) throw new RangeError(`${v} does not fit in ${max} digits`);
      return [s];
    },
  };
};

/** Money: 1–7 digits, generated zero-padded to 7 (REFERENCE.md §1). */
export const money = (): Codec<number> => int(1, 7, 7);

/** A 「'1'を設定する」 item: '1' ⇄ true, '' ⇄ absent. */
export const flag = (): Codec<true> => ({
  width: 1,
  format: "'1'",
  maxCellBytes: [1],
  decode: (cells, start) => {
    const v = cell(cells, start);
    if (v === '') return ABSENT;
    return v === '1'
      ? ok(true as const)
      : err(
          0,
          Shfd0006Codes.INVALID_FLAG,
          `'1'であること: '${v.slice(0, 20)}'`,
          `must be '1': '${v.slice(0, 20)}'`,
        );
  },
  encode: (v) => [v === true ? '1' : ''],
});

/** A '0'/'1' item ⇄ false/true. */
export const bool01 = (): Codec<boolean> => ({
  width: 1,
  format: "'0'|'1'",
  maxCellBytes: [1],
  decode: (cells, start) => {
    const v = cell(cells, start);
    if (v === '') return ABSENT;
    if (v === '1') return ok(true);
    if (v === '0') return ok(false);
    return err(
      0,
      Shfd0006Codes.INVALID_FLAG,
      `'0'、'1'の何れかであること: '${v.slice(0, 20)}'`,
      `must be '0' or '1': '${v.slice(0, 20)}'`,
    );
  },
  encode: (v) => [v === undefined ? '' : v ? '1' : '0'],
});

/**
 * A column with one fixed value (様式コード, '22223', 算定の給与支給月 '04' …); `accepted` lists other
 * spellings read as the same. Decodes to the value itself (for a column mapped to a JSON literal
 * such as `formCode`); the generator always writes `value`.
 */
export const fixed = (
  value: string,
  code: string = Shfd0006Codes.FIXED_VALUE,
  accepted: readonly string[] = [],
): Codec<string> => ({
  width: 1,
  format: `'${value}'`,
  fixed: true,
  maxCellBytes: [Math.max(value.length, ...accepted.map((a) => a.length))],
  decode: (cells, start) => {
    const v = cell(cells, start);
    return v === value || accepted.includes(v)
      ? ok(value)
      : err(0, code, `'${value}'であること: '${v.slice(0, 20)}'`, `must be '${value}': '${v.slice(0, 20)}'`);
  },
  encode: () => [value],
});

/** A column the form requires to be empty (文字数0 / 予備). */
export const empty = (): Codec<never> => ({
  width: 1,
  format: '(empty)',
  fixed: true,
  maxCellBytes: [0],
  decode: (cells, start) => {
    const v = cell(cells, start);
    return v === ''
      ? ABSENT
      : err(
          0,
          Shfd0006Codes.MUST_BE_EMPTY,
          `省略すること（値を設定しない）: '${v.slice(0, 20)}'`,
          `must be empty: '${v.slice(0, 20)}'`,
        );
  },
  encode: () => [''],
});

const incomplete = (offset: number): CellError =>
  err(
    offset,
    Shfd0006Codes.INCOMPLETE_ITEM,
    'この項目の他の列に入力がある場合 入力されていること',
    'required because the other columns of this item are given',
  );

/** Checks that either every column of a multi-column item is empty (absent) or none is. */
const allOrNone = (cells: readonly string[], start: number, width: number): 'none' | 'all' | CellError => {
  let filled = 0;
  let firstEmpty = -1;
  for (let i = 0; i < width; i++) {
    if (cell(cells, start + i) === '') {
      if (firstEmpty < 0) firstEmpty = i;
    } else filled++;
  }
  if (filled === 0) return 'none';
  if (filled === width) return 'all';
  return incomplete(firstEmpty);
};

/**
 * Memo of the 和暦 conversions (a file repeats the same dates — 適用年月, 改定月, birth dates — on
 * many rows). Bounded: cleared when full.
 */
const MEMO_MAX = 50_000;
const memo = <T>(): { get: (k: string, make: () => T) => T } => {
  const m = new Map<string, T>();
  return {
    get: (k, make) => {
      const hit = m.get(k);
      if (hit !== undefined) return hit;
      const v = make();
      if (m.size >= MEMO_MAX) m.clear();
      m.set(k, v);
      return v;
    },
  };
};
const eraDateMemo = memo<Decoded<string>>();
const eraDateBirthMemo = memo<Decoded<string>>();
const eraYearMonthMemo = memo<Decoded<string>>();

const ERA = /^[13579]$/;
const SIX_DIGITS = /^\d{6}$/;
const TWO_DIGITS = /^\d{2}$/;

const eraCodeError = (v: string): CellError =>
  err(
    0,
    'ERA_CODE_INVALID',
    `元号は'1'、'3'、'5'、'7'、'9'の何れかであること: '${v.slice(0, 20)}'`,
    `the era code must be 1, 3, 5, 7 or 9: '${v.slice(0, 20)}'`,
  );

/** 元号 + 年月日 (YYMMDD) ⇄ ISO date. `birth`: 明治 from 1868-01-25. */
export const eraDate = (birth = false): Codec<string> => ({
  width: 2,
  format: '元号N1 + N6 (YYMMDD)',
  maxCellBytes: [1, 6],
  decode: (cells, start) => {
    const presence = allOrNone(cells, start, 2);
    if (presence === 'none') return ABSENT;
    if (presence !== 'all') return presence;
    const era = cell(cells, start);
    const ymd = cell(cells, start + 1);
    if (!ERA.test(era)) return eraCodeError(era);
    if (!SIX_DIGITS.test(ymd)) return notNumeric(1, 6, 6, ymd);
    return (birth ? eraDateBirthMemo : eraDateMemo).get(era + ymd, () => {
      const r = fromEraDate(Number(era), ymd, { birthDate: birth });
      if (!r.ok) {
        const e = r.errors[0];
        return err(
          1,
          e?.code ?? Shfd0006Codes.NOT_NUMERIC,
          e?.message.ja ?? '日付が正しくありません',
          e?.message.en ?? 'invalid date',
        );
      }
      return ok(r.value);
    });
  },
  encode: (v) => {
    if (v === undefined) return ['', ''];
    const { eraCode, yymmdd } = toEraDate(v);
    return [String(eraCode), yymmdd];
  },
});

/** 元号 + 年 (YY) + 月 (MM) ⇄ `YYYY-MM`; generated in the era in force at the end of the month. */
export const eraYearMonth = (): Codec<string> => ({
  width: 3,
  format: '元号N1 + N2 (YY) + N2 (MM)',
  maxCellBytes: [1, 2, 2],
  decode: (cells, start) => {
    const presence = allOrNone(cells, start, 3);
    if (presence === 'none') return ABSENT;
    if (presence !== 'all') return presence;
    const era = cell(cells, start);
    const yy = cell(cells, start + 1);
    const mm = cell(cells, start + 2);
    if (!ERA.test(era)) return eraCodeError(era);
    if (!TWO_DIGITS.test(yy)) return notNumeric(1, 2, 2, yy);
    if (!TWO_DIGITS.test(mm)) return notNumeric(2, 2, 2, mm);
    return eraYearMonthMemo.get(era + yy + mm, () => {
      const r = parseEraYearMonth(Number(era), yy + mm);
      if (!r.ok) {
        const e = r.errors[0];
        return err(
          1,
          e?.code ?? Shfd0006Codes.NOT_NUMERIC,
          e?.message.ja ?? '年月が正しくありません',
          e?.message.en ?? 'invalid year-month',
        );
      }
      return ok(r.value);
    });
  },
  encode: (v) => {
    if (v === undefined) return ['', '', ''];
    const { eraCode, yymmdd } = toEraDate(lastOfMonth(`${v}-01`));
    return [String(eraCode), yymmdd.slice(0, 2), v.slice(5, 7)];
  },
});

/** Digits split over several columns of fixed widths, joined in JSON with `sep` ('' for 基礎年金番号, '-' for 〒). */
export const split = (
  widths: readonly (readonly [number, number])[],
  sep: string,
  format: string,
): Codec<string> => {
  const patterns = widths.map(([min, max]) => digitsPattern(min, max));
  return {
    width: widths.length,
    format,
    maxCellBytes: widths.map(([, max]) => max),
    decode: (cells, start) => {
      const presence = allOrNone(cells, start, widths.length);
      if (presence === 'none') return ABSENT;
      if (presence !== 'all') return presence;
      const parts: string[] = [];
      for (let i = 0; i < widths.length; i++) {
        const v = cell(cells, start + i);
        const [min, max] = widths[i] as readonly [number, number];
        if (!(patterns[i] as RegExp).test(v)) return notNumeric(i, min, max, v);
        parts.push(v);
      }
      return ok(parts.join(sep));
    },
    encode: (v) => {
      if (v === undefined) return widths.map(() => '');
      const parts = sep === '' ? splitFixed(v, widths) : v.split(sep);
      if (parts.length !== widths.length || parts.some((p, i) => !(patterns[i] as RegExp).test(p))) {
        throw new RangeError(`cannot split ${JSON.stringify(v)} into ${format}`);
      }
      return parts;
    },
  };
};

const splitFixed = (v: string, widths: readonly (readonly [number, number])[]): string[] => {
  const out: string[] = [];
  let at = 0;
  for (const [, max] of widths) {
    out.push(v.slice(at, at + max));
    at += max;
  }
  return at === v.length ? out : [];
};

/** 基礎年金番号: 課所符号 (4) + 一連番号 (6) ⇄ 10 digits. */
export const pensionNumber = (): Codec<string> =>
  split(
    [
      [4, 4],
      [6, 6],
    ],
    '',
    'N4 + N6',
  );
/** 郵便番号: 親番号 (3) + 子番号 (4) ⇄ `123-4567`. */
export const postalCode = (): Codec<string> =>
  split(
    [
      [3, 3],
      [4, 4],
    ],
    '-',
    'N3 + N4',
  );
/** 電話番号: 局番1 + 局番2 + 局番3 ⇄ `03-1234-5678`. */
export const phone = (
  w1: readonly [number, number] = [1, 5],
  w3: readonly [number, number] = [1, 5],
): Codec<string> => split([w1, [1, 4], w3], '-', `N${w1[0]}-${w1[1]} + N1-4 + N${w3[0]}-${w3[1]}`);

/** 作成年月日: 西暦 YYYYMMDD ⇄ ISO date. */
export const ymd8 = (): Codec<string> => ({
  width: 1,
  format: 'N8 (YYYYMMDD)',
  maxCellBytes: [8],
  decode: (cells, start) => {
    const v = cell(cells, start);
    if (v === '') return ABSENT;
    const iso = `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
    if (!/^\d{8}$/.test(v)) return notNumeric(0, 8, 8, v);
    if (!isValidIsoDate(iso))
      return err(0, 'INVALID_DATE', `実存日であること: '${v}'`, `not a calendar date: '${v}'`);
    return ok(iso);
  },
  encode: (v) => [v === undefined ? '' : v.replace(/-/g, '')],
});
