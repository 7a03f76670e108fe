/**
 * Identifiers the agency's channels accept: 個人番号, 法人番号, 基礎年金番号, 事業所整理記号 (with
 * 事業所番号) and 被保険者整理番号.
 *
 * Why: every filing names a person and an establishment; a wrong digit must be caught at the door,
 * with a message that says which rule was broken.
 * Guarantees: predicates never throw; `parse*` return a Result naming the field and the rule;
 * check-digit functions throw RangeError only when called with a base of the wrong shape (a
 * programming error — validate the format first).
 * Sources: 個人番号 — 行政手続における特定の個人を識別するための番号の利用等に関する法律施行令
 * 第8条 / 総務省令第85号 第5条; 法人番号 — 国税庁「法人番号の指定等に関する省令」第2条 (checkdigit);
 * 事業所整理記号・都道府県コード — CSV形式届書作成仕様書 第16.2版 (参考資料3), as transcribed in
 * rakually `kyuyo/lib/todokede-csv.js` KEN_CODE; see docs/rules.md.
 */
import { type Result, type FieldError, ok, fail, failMany, fieldError } from './result';
import { narrowAscii, toFullWidthKana, toHalfWidthKana, widenAscii } from './kana';

export const IDENTIFIER_ERRORS = {
  MY_NUMBER_FORMAT: 'MY_NUMBER_FORMAT',
  MY_NUMBER_CHECK_DIGIT: 'MY_NUMBER_CHECK_DIGIT',
  CORPORATE_NUMBER_FORMAT: 'CORPORATE_NUMBER_FORMAT',
  CORPORATE_NUMBER_CHECK_DIGIT: 'CORPORATE_NUMBER_CHECK_DIGIT',
  PENSION_NUMBER_FORMAT: 'PENSION_NUMBER_FORMAT',
  OFFICE_CODE_FORMAT: 'OFFICE_CODE_FORMAT',
  OFFICE_PREFECTURE_INVALID: 'OFFICE_PREFECTURE_INVALID',
  OFFICE_DISTRICT_INVALID: 'OFFICE_DISTRICT_INVALID',
  OFFICE_SYMBOL_CHARSET: 'OFFICE_SYMBOL_CHARSET',
  OFFICE_SYMBOL_LENGTH: 'OFFICE_SYMBOL_LENGTH',
  OFFICE_SYMBOL_ZERO: 'OFFICE_SYMBOL_ZERO',
  OFFICE_NUMBER_INVALID: 'OFFICE_NUMBER_INVALID',
  INSURED_NUMBER_INVALID: 'INSURED_NUMBER_INVALID',
} as const;
export type IdentifierError = (typeof IDENTIFIER_ERRORS)[keyof typeof IDENTIFIER_ERRORS];

const digitsOf = (s: string): number[] => [...s].map(Number);
const ALL_ZERO = /^0+$/;

// ─── 個人番号 ────────────────────────────────────────────────────────────────────────────────

/** 個人番号: weights for the 11 base digits, left to right (Qn = n+1 for n ≤ 6, n−5 for n ≥ 7, n from the right). */
const MY_NUMBER_WEIGHTS = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;
const MY_NUMBER_MODULUS = 11;

/**
 * 個人番号 check digit: 11 − (Σ Pn×Qn mod 11); 0 when the remainder is 0 or 1 (総務省令第85号 第5条).
 * Note: remainders 0 and 1 share the check digit 0, so a substitution that moves the remainder
 * between them is not caught (see docs/rules.md).
 */
export const myNumberCheckDigit = (first11: string): number => {
  if (!/^\d{11}$/.test(first11)) throw new RangeError('myNumberCheckDigit expects exactly 11 digits');
  const sum = MY_NUMBER_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first11.charAt(i)), 0);
  const remainder = sum % MY_NUMBER_MODULUS;
  return remainder <= 1 ? 0 : MY_NUMBER_MODULUS - remainder;
};

export const isValidMyNumber = (s: string): boolean =>
  /^\d{12}$/.test(s) && myNumberCheckDigit(s.slice(0, 11)) === Number(s.charAt(11));

/** 個人番号 as typed (全角 digits accepted) → the 12-digit string, or the broken rule. */
export const parseMyNumber = (s: string, path = ''): Result<string> => {
  const v = narrowAscii(s.trim());
  if (!/^\d{12}$/.test(v)) {
    return fail(
      path,
      IDENTIFIER_ERRORS.MY_NUMBER_FORMAT,
      '個人番号は12桁の数字です',
      'The My Number must be 12 digits',
    );
  }
  return isValidMyNumber(v)
    ? ok(v)
    : fail(
        path,
        IDENTIFIER_ERRORS.MY_NUMBER_CHECK_DIGIT,
        '個人番号のチェックデジットが一致しません',
        'The My Number check digit does not match',
      );
};

// ─── 法人番号 ────────────────────────────────────────────────────────────────────────────────

const CORPORATE_MODULUS = 9;

/**
 * 法人番号 check digit (the FIRST of the 13 digits): 9 − (Σ Pn×Qn mod 9) over the 12-digit base,
 * Qn = 1 at odd and 2 at even positions counted from the right. The result is 1…9.
 * Note: a 0↔9 substitution in the base changes the sum by a multiple of 9 and is not caught.
 */
export const corporateNumberCheckDigit = (base12: string): number => {
  if (!/^\d{12}$/.test(base12)) throw new RangeError('corporateNumberCheckDigit expects exactly 12 digits');
  const sum = digitsOf(base12)
    .reverse()
    .reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 1 : 2), 0);
  return CORPORATE_MODULUS - (sum % CORPORATE_MODULUS);
};

export const isValidCorporateNumber = (s: string): boolean =>
  /^\d{13}$/.test(s) && corporateNumberCheckDigit(s.slice(1)) === Number(s.charAt(0));

export const parseCorporateNumber = (s: string, path = ''): Result<string> => {
  const v = narrowAscii(s.trim());
  if (!/^\d{13}$/.test(v)) {
    return fail(
      path,
      IDENTIFIER_ERRORS.CORPORATE_NUMBER_FORMAT,
      '法人番号は13桁の数字です',
      'The corporate number must be 13 digits',
    );
  }
  return isValidCorporateNumber(v)
    ? ok(v)
    : fail(
        path,
        IDENTIFIER_ERRORS.CORPORATE_NUMBER_CHECK_DIGIT,
        '法人番号のチェックデジットが一致しません',
        'The corporate number check digit does not match',
      );
};

// ─── 基礎年金番号 ────────────────────────────────────────────────────────────────────────────

/**
 * 基礎年金番号: 10 digits = 4-digit 課所符号 (≠ 0000) + 6-digit 一連番号 (≠ 000000). No check digit is
 * published. Only the bare 10-digit form is valid; use `normalizePensionNumber` for `1234-567890`.
 */
export const isValidPensionNumber = (s: string): boolean =>
  /^\d{10}$/.test(s) && !ALL_ZERO.test(s.slice(0, 4)) && !ALL_ZERO.test(s.slice(4));

/**
 * Trims, narrows 全角 digits and removes the one hyphen of the printed form 「1234-567890」. Anything
 * else is returned (trimmed, narrowed) unchanged — validate the result with `isValidPensionNumber`.
 */
export const normalizePensionNumber = (s: string): string => {
  const v = narrowAscii(s.trim());
  const m = /^(\d{4})[-‐―−](\d{6})$/.exec(v);
  return m ? `${m[1]}${m[2]}` : v;
};

export const parsePensionNumber = (s: string, path = ''): Result<string> => {
  const v = normalizePensionNumber(s);
  return isValidPensionNumber(v)
    ? ok(v)
    : fail(
        path,
        IDENTIFIER_ERRORS.PENSION_NUMBER_FORMAT,
        '基礎年金番号は4桁＋6桁の10桁の数字です（いずれも全て0は不可）',
        'The basic pension number is 4 + 6 digits, neither part all zeros',
      );
};

// ─── 事業所整理記号 ──────────────────────────────────────────────────────────────────────────

/**
 * 都道府県コード of the agency (NOT the JIS X 0401 numbering): CSV形式届書作成仕様書 参考資料3, as
 * transcribed in rakually `kyuyo/lib/todokede-csv.js` KEN_CODE.
 */
export const PREFECTURE_CODES: Readonly<Record<string, string>> = Object.freeze({
  '01': '北海道',
  '02': '青森県',
  '03': '岩手県',
  '04': '宮城県',
  '05': '秋田県',
  '06': '山形県',
  '07': '福島県',
  '08': '茨城県',
  '09': '栃木県',
  '10': '群馬県',
  '11': '埼玉県',
  '12': '千葉県',
  '21': '東京都',
  '31': '神奈川県',
  '32': '新潟県',
  '33': '富山県',
  '34': '石川県',
  '35': '福井県',
  '36': '山梨県',
  '37': '長野県',
  '38': '岐阜県',
  '39': '静岡県',
  '41': '大阪府',
  '42': '兵庫県',
  '51': '愛知県',
  '52': '三重県',
  '53': '滋賀県',
  '54': '京都府',
  '55': '奈良県',
  '56': '和歌山県',
  '57': '鳥取県',
  '58': '島根県',
  '59': '岡山県',
  '60': '広島県',
  '61': '山口県',
  '71': '徳島県',
  '72': '香川県',
  '73': '愛媛県',
  '74': '高知県',
  '75': '福岡県',
  '76': '佐賀県',
  '77': '長崎県',
  '78': '熊本県',
  '79': '大分県',
  '80': '宮崎県',
  '81': '鹿児島県',
  '82': '沖縄県',
});

export type OfficeCode = {
  /** 都道府県コード (agency numbering, 2 digits). */
  readonly prefecture: string;
  /** 郡市区符号 (2 digits, not 00 or 99). */
  readonly district: string;
  /** 事業所記号: 1–4 bytes, all ASCII alphanumerics (upper case) or all 半角カナ, not all zero. */
  readonly symbol: string;
  /** Canonical `21-01-ｹｲﾄ`. */
  readonly key: string;
};

export type OfficeCodeParts = { prefecture: string; district: string; symbol: string };

const SYMBOL_MAX_BYTES = 4;
const SYMBOL_ALNUM = /^[0-9A-Z]+$/;
const SYMBOL_KANA = /^[\uff66-\uff9f]+$/;

/** Canonical spelling of a symbol: 全角 → 半角 (kana and alphanumerics), letters upper-cased. */
const canonicalSymbol = (symbol: string): string => toHalfWidthKana(symbol.trim()).toUpperCase();

const officeErrors = (
  parts: OfficeCodeParts,
  paths: { prefecture: string; district: string; symbol: string },
): { errors: FieldError[]; value: OfficeCode } => {
  const prefecture = narrowAscii(parts.prefecture.trim());
  const district = narrowAscii(parts.district.trim());
  const symbol = canonicalSymbol(parts.symbol);
  const errors: FieldError[] = [];
  if (!/^\d{2}$/.test(prefecture) || PREFECTURE_CODES[prefecture] === undefined) {
    errors.push(
      fieldError(
        paths.prefecture,
        IDENTIFIER_ERRORS.OFFICE_PREFECTURE_INVALID,
        `都道府県コード「${prefecture}」は日本年金機構の都道府県コードではありません`,
        `"${prefecture}" is not one of the agency's prefecture codes`,
      ),
    );
  }
  // 郡市区符号: 2桁の数字, 00・99 は不可
  if (!/^\d{2}$/.test(district) || district === '00' || district === '99') {
    errors.push(
      fieldError(
        paths.district,
        IDENTIFIER_ERRORS.OFFICE_DISTRICT_INVALID,
        '郡市区符号は2桁の数字です（00・99は不可）',
        'The district code is 2 digits, not 00 or 99',
      ),
    );
  }
  // 事業所記号: 4バイト以内, 英数字のみ又は半角カナのみ, 全て0は不可
  if (!SYMBOL_ALNUM.test(symbol) && !SYMBOL_KANA.test(symbol)) {
    errors.push(
      fieldError(
        paths.symbol,
        IDENTIFIER_ERRORS.OFFICE_SYMBOL_CHARSET,
        '事業所記号は英数字のみ又は半角カナのみで記入してください',
        'The office symbol must be all alphanumerics or all half-width kana',
      ),
    );
  } else if (symbol.length > SYMBOL_MAX_BYTES) {
    errors.push(
      fieldError(
        paths.symbol,
        IDENTIFIER_ERRORS.OFFICE_SYMBOL_LENGTH,
        '事業所記号は4バイト以内です',
        'The office symbol is at most 4 bytes',
      ),
    );
  } else if (ALL_ZERO.test(symbol)) {
    errors.push(
      fieldError(
        paths.symbol,
        IDENTIFIER_ERRORS.OFFICE_SYMBOL_ZERO,
        '事業所記号が全て0です',
        'The office symbol cannot be all zeros',
      ),
    );
  }
  return { errors, value: { prefecture, district, symbol, key: `${prefecture}-${district}-${symbol}` } };
};

/**
 * 事業所整理記号 from its three parts. 全角 digits, 全角カナ and lower-case letters are accepted and
 * canonicalised (事業所記号 is stored in 半角カナ / upper-case ASCII, as the CSV carries it). All broken
 * rules are reported, each on `${path}/prefecture|district|symbol`.
 */
export const parseOfficeCode = (input: OfficeCodeParts, path = ''): Result<OfficeCode> => {
  const { errors, value } = officeErrors(input, {
    prefecture: `${path}/prefecture`,
    district: `${path}/district`,
    symbol: `${path}/symbol`,
  });
  return errors.length > 0 ? failMany(errors) : ok(value);
};

/** Dashes people use between the parts (after narrowing, so － is already `-`): - ‐ ‑ ‒ – — ― − ー ｰ. */
const DASH = '[-\\u2010-\\u2015\\u2212\\u30fc\\uff70]';
const THREE_PARTS = new RegExp(`^(\\d{2})${DASH}(\\d{2})${DASH}(.+)$`);
const TWO_PARTS = new RegExp(`^(\\d{2})${DASH}(.+)$`);

/**
 * 事業所整理記号 from one string: `21-01-ｹｲﾄ`, or the printed form with 全角 「２１－０１－ケイト」. The
 * printed notice shows only 「01－ケイト」 (no prefecture): pass `opts.prefecture` to accept that form.
 * Errors carry `path` itself (the string is one field).
 */
export const parseOfficeCodeString = (
  s: string,
  opts: { path?: string; prefecture?: string } = {},
): Result<OfficeCode> => {
  const path = opts.path ?? '';
  const v = narrowAscii(s.trim()).replace(/\s+/g, '');
  const three = THREE_PARTS.exec(v);
  const two = opts.prefecture === undefined ? null : TWO_PARTS.exec(v);
  const parts: OfficeCodeParts | undefined = three
    ? { prefecture: three[1] as string, district: three[2] as string, symbol: three[3] as string }
    : two
      ? { prefecture: opts.prefecture as string, district: two[1] as string, symbol: two[2] as string }
      : undefined;
  if (parts === undefined) {
    return fail(
      path,
      IDENTIFIER_ERRORS.OFFICE_CODE_FORMAT,
      '事業所整理記号は「都道府県コード-郡市区符号-事業所記号」の形で入力してください（例: 21-01-ｹｲﾄ）',
      'Enter the office code as prefecture-district-symbol, e.g. 21-01-ｹｲﾄ',
    );
  }
  const { errors, value } = officeErrors(parts, { prefecture: path, district: path, symbol: path });
  return errors.length > 0 ? failMany(errors) : ok(value);
};

/** The printed form of notices: 郡市区符号 + 全角ダッシュ + 事業所記号 in 全角 — 「01－ケイト」. */
export const formatOfficeCode = (o: OfficeCode): string =>
  `${o.district}－${toFullWidthKana(widenAscii(o.symbol))}`;

/** 事業所番号: 1–5 digits, not all zero. */
export const isValidOfficeNumber = (s: string): boolean => /^\d{1,5}$/.test(s) && !ALL_ZERO.test(s);

/** 被保険者整理番号: 1–6 digits, not all zero. */
export const isValidInsuredNumber = (s: string): boolean => /^\d{1,6}$/.test(s) && !ALL_ZERO.test(s);
