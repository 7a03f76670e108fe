/**
 * Field vocabulary shared by the form schemas: one factory per kind of item on the agency's forms
 * (事業所整理記号, 氏名カナ, 和暦の日付, 金額 …).
 *
 * Why: the JSON body of a form and its `SHFD0006.CSV` row must mean the same thing, so every item is
 * declared once with its format, its length limit and its Japanese name (`title`, used in error
 * messages). What JSON Schema cannot express — CP932 byte lengths and character sets, real calendar
 * dates and era ranges, the 個人番号 check digit, the agency's prefecture codes — is declared as an
 * `x-check` annotation that `@nenkin/rules/forms` executes.
 * Guarantees: every string has a `maxLength`, every object `additionalProperties: false`, no value can
 * carry a comma, a double quote or a control character (the file has no quoting), amounts are integer
 * yen ≤ 9,999,999 (the form writes ¥10,000,000 or more as 9,999,999 — CSV形式届書作成仕様書).
 * Sources: CSV形式届書作成仕様書 第16.2版 and the zidoucheck tables as transcribed in
 * `exally-zeroact/rakually-test` kyuyo/lib/todokede-check.js and `kufu/kirico` (see docs/shfd0006.md).
 */
import { Type, type TSchema, type TProperties, type TObject, type TLiteral } from '@sinclair/typebox';

/** Annotation key read by `@nenkin/rules/forms` for the checks a JSON Schema cannot express. */
export const CHECK_KEY = 'x-check';
/** Annotation key with a format hint `{ ja, en }` used in INVALID_FORMAT messages. */
export const FORMAT_HINT_KEY = 'x-format';
/** Annotation key listing the allowed code values of a `codeOf` union (for messages and docs). */
export const CODES_KEY = 'x-codes';

/** Era codes of the forms: 1 明治, 3 大正, 5 昭和, 7 平成, 9 令和. */
export type FormEraCode = 1 | 3 | 5 | 7 | 9;
/** 生年月日 on the employer forms (明治 from 1868-01-25). */
export const BIRTH_ERAS: readonly FormEraCode[] = [1, 3, 5, 7, 9];
/** 取得日・喪失日・支払日・改定年月 and other event dates: 平成 and 令和 only. */
export const EVENT_ERAS: readonly FormEraCode[] = [7, 9];
/** 被扶養者届 birth dates: 昭和・平成・令和. */
export const SHOWA_ON_ERAS: readonly FormEraCode[] = [5, 7, 9];
/** 被扶養者届 海外特例 dates: 令和 only. */
export const REIWA_ERAS: readonly FormEraCode[] = [9];

export type CheckAnnotation =
  /** A calendar date in one of the eras the item accepts (its era code must be in `eras`). */
  | { readonly kind: 'date'; readonly eras: readonly FormEraCode[]; readonly birth?: boolean }
  /** A `YYYY-MM` whose era (at month end) is in `eras`. */
  | { readonly kind: 'yearMonth'; readonly eras: readonly FormEraCode[] }
  /** 個人番号 check digit. */
  | { readonly kind: 'myNumber' }
  /** Free text: JIS X 0208 / JIS X 0201 characters only (no NEC/IBM extensions), at most `maxBytes` in CP932. */
  | { readonly kind: 'text'; readonly maxBytes: number }
  /** 事業所整理記号: the agency's prefecture codes, 郡市区符号 not 00/99, 事業所記号 all alnum or all kana. */
  | { readonly kind: 'office' };

const annotate = (check: CheckAnnotation): Record<string, unknown> => ({ [CHECK_KEY]: check });
const hint = (ja: string, en: string): Record<string, unknown> => ({ [FORMAT_HINT_KEY]: { ja, en } });

/** A strict object: no extra properties. */
export const strictObject = <T extends TProperties>(
  properties: T,
  options: Record<string, unknown> = {},
): TObject<T> => Type.Object(properties, { additionalProperties: false, ...options });

/** One of the official code values (`'1'`, `'2'` …) as a union of literals. */
export const codeOf = <const V extends readonly [string, ...string[]]>(title: string, values: V) =>
  Type.Union(values.map((v) => Type.Literal(v)) as TLiteral<V[number]>[], { title, [CODES_KEY]: values });

/** The values of an `as const` code object as a non-empty tuple (for `codeOf`). */
export const valuesOf = <T extends Record<string, string>>(o: T) =>
  Object.values(o) as [T[keyof T], ...T[keyof T][]];

/** A 「'1'を設定する」 check box: `true` or absent (an empty column). */
export const flag = (title: string) => Type.Literal(true, { title });

/** Printable ASCII, 半角カナ and everything else except controls, comma, double quote (CSV without quoting). */
const SAFE_CHAR = '[^\\x00-\\x1f\\x7f,"]';
/** Same, and no space of either width. */
const SAFE_NON_SPACE = '[^\\x00-\\x20\\x7f,"\\u3000]';

/** Digits only, `min`–`max` long, optionally not all zero. */
export const digits = (title: string, min: number, max: number, notAllZero = false) =>
  Type.String({
    title,
    minLength: min,
    maxLength: max,
    pattern: `^${notAllZero ? '(?!0+$)' : ''}\\d{${min},${max}}$`,
    ...hint(
      `${min === max ? `${min}桁` : `${min}〜${max}桁`}の数字${notAllZero ? '（全て0は不可）' : ''}`,
      `${min === max ? `${min}` : `${min}–${max}`} digits${notAllZero ? ', not all zeros' : ''}`,
    ),
  });

/** 事業所整理記号 — three items of the form (都道府県コード, 郡市区符号, 事業所記号). */
export const officeRef = (title = '事業所整理記号') =>
  strictObject(
    {
      /** 都道府県コード (the agency's numbering: 東京 21, 大阪 41 …). */
      prefecture: digits(`${title}（都道府県コード）`, 2, 2),
      /** 郡市区符号 (not 00 / 99). */
      district: digits(`${title}（郡市区符号）`, 2, 2),
      /** 事業所記号: ≤ 4 bytes, all alphanumerics or all 半角カナ, not all zero. */
      symbol: Type.String({
        title: `${title}（事業所記号）`,
        minLength: 1,
        maxLength: 4,
        pattern: '^[0-9A-Za-z\\uff66-\\uff9f]{1,4}$',
        ...hint('英数字のみ又は半角カナのみ4バイト以内', 'up to 4 alphanumerics or half-width kana'),
      }),
    },
    { title, ...annotate({ kind: 'office' }) },
  );

/** 事業所番号: 1–5 digits, not all zero. */
export const officeNumber = (title = '事業所番号') => digits(title, 1, 5, true);
/** 被保険者整理番号: 1–6 digits, not all zero. */
export const insuredNumber = (title = '被保険者整理番号') => digits(title, 1, 6, true);

/** 氏名（カナ）: 半角カナ words separated by exactly one half-width space, ≤ 25 bytes. */
export const kanaName = (title: string, maxBytes = 25) =>
  Type.String({
    title,
    minLength: 3,
    maxLength: maxBytes,
    pattern: '^[\\uff61-\\uff9f]+(?: [\\uff61-\\uff9f]+)+$',
    ...hint(
      `半角カナ${maxBytes}バイト以内、姓と名の間に半角スペース1つ`,
      `half-width kana, at most ${maxBytes} bytes, one half-width space between family and given name`,
    ),
  });

/** 氏名（漢字）: words separated by one 全角スペース, ≤ `maxBytes` in CP932. */
export const kanjiName = (title: string, maxBytes = 25) =>
  Type.String({
    title,
    minLength: 3,
    maxLength: maxBytes,
    pattern: `^${SAFE_NON_SPACE}+(?:\\u3000${SAFE_NON_SPACE}+)+$`,
    ...hint(
      `${maxBytes}バイト以内、姓と名の間に全角スペース1つ`,
      `at most ${maxBytes} bytes, one full-width space between family and given name`,
    ),
    ...annotate({ kind: 'text', maxBytes }),
  });

/** Free text (備考, 理由): ≤ `maxBytes` in CP932, no comma / double quote / control characters. */
export const text = (title: string, maxBytes: number) =>
  Type.String({
    title,
    minLength: 1,
    maxLength: maxBytes,
    pattern: `^${SAFE_CHAR}+$`,
    ...hint(
      `${maxBytes}バイト以内（カンマ・引用符・改行は不可）`,
      `at most ${maxBytes} bytes, no comma, quote or line break`,
    ),
    ...annotate({ kind: 'text', maxBytes }),
  });

/** 住所（漢字）: no half-width space, no two 全角スペース in a row, ≤ `maxBytes` in CP932. */
export const addressKanji = (title: string, maxBytes = 74) =>
  Type.String({
    title,
    minLength: 1,
    maxLength: maxBytes,
    pattern: '^(?!.*\\u3000\\u3000)[^\\x00-\\x20\\x7f,"]+$',
    ...hint(
      `${maxBytes}バイト以内、半角スペース・連続した全角スペースは不可`,
      `at most ${maxBytes} bytes, no half-width space, no two full-width spaces in a row`,
    ),
    ...annotate({ kind: 'text', maxBytes }),
  });

/** 住所（カナ）: 半角カナ, ASCII letters and digits and the signs ( ) - . ' /, no two spaces in a row. */
export const addressKana = (title: string, maxBytes = 75) =>
  Type.String({
    title,
    minLength: 1,
    maxLength: maxBytes,
    pattern: "^(?!.*  )[\\uff61-\\uff9f0-9A-Za-z ()\\-.'/]+$",
    ...hint(
      `半角カナ・英数字・記号${maxBytes}バイト以内、連続した半角スペースは不可`,
      `half-width kana, letters, digits and ( ) - . ' /, at most ${maxBytes} bytes, no double space`,
    ),
  });

/** 個人番号: 12 digits with the check digit (総務省令第85号 第5条). Encrypted downstream. */
export const myNumber = (title = '個人番号') =>
  Type.String({
    title,
    minLength: 12,
    maxLength: 12,
    pattern: '^\\d{12}$',
    ...hint('12桁の数字', '12 digits'),
    ...annotate({ kind: 'myNumber' }),
  });

/** 基礎年金番号: 課所符号 4 digits (≠ 0000) + 一連番号 6 digits (≠ 000000), written as 10 digits. */
export const pensionNumber = (title = '基礎年金番号') =>
  Type.String({
    title,
    minLength: 10,
    maxLength: 10,
    pattern: '^(?!0000)\\d{4}(?!000000)\\d{6}$',
    ...hint('課所符号4桁＋一連番号6桁（いずれも全て0は不可）', '4 + 6 digits, neither part all zeros'),
  });

/** Calendar date `YYYY-MM-DD`; on the forms an era code + YYMMDD in one of `eras`. */
export const isoDate = (title: string, eras: readonly FormEraCode[], birth = false) =>
  Type.String({
    title,
    minLength: 10,
    maxLength: 10,
    pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$',
    ...hint('YYYY-MM-DD', 'YYYY-MM-DD'),
    ...annotate({ kind: 'date', eras, ...(birth ? { birth: true } : {}) }),
  });

/** Year and month `YYYY-MM`; on the forms era code + YY + MM. */
export const yearMonth = (title: string, eras: readonly FormEraCode[] = EVENT_ERAS) =>
  Type.String({
    title,
    minLength: 7,
    maxLength: 7,
    pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
    ...hint('YYYY-MM', 'YYYY-MM'),
    ...annotate({ kind: 'yearMonth', eras }),
  });

/** 郵便番号 `123-4567` (親番号 3 digits ≠ 000, 子番号 4 digits). */
export const postalCode = (title = '郵便番号') =>
  Type.String({
    title,
    minLength: 8,
    maxLength: 8,
    pattern: '^(?!000)\\d{3}-\\d{4}$',
    ...hint('123-4567（親番号は000以外）', '123-4567, the first part not 000'),
  });

/** 電話番号 as three parts `03-1234-5678` (局番1 `min1`–`max1` digits, 局番2 1–4, 局番3 `min3`–`max3`). */
export const phone = (title: string, min1 = 1, max1 = 5, min3 = 1, max3 = 5) =>
  Type.String({
    title,
    minLength: min1 + min3 + 3,
    maxLength: max1 + max3 + 6,
    pattern: `^\\d{${min1},${max1}}-\\d{1,4}-\\d{${min3},${max3}}$`,
    ...hint('局番1-局番2-局番3（数字）', 'three groups of digits separated by hyphens'),
  });

/** An amount in yen, 0–9,999,999 (¥10,000,000 or more is written 9,999,999 on the form). */
export const money = (title: string) => Type.Integer({ title, minimum: 0, maximum: 9_999_999 });

/** 標準報酬月額 in yen, carried on the form in thousands (4 digits, 0410 = ¥410,000, not 0000). */
export const thousandsYen = (title: string) =>
  Type.Integer({ title, minimum: 1_000, maximum: 9_999_000, multipleOf: 1_000 });

/** 給与計算の基礎日数 0–31. */
export const days = (title: string) => Type.Integer({ title, minimum: 0, maximum: 31 });

/** A calendar month 1–12. */
export const month = (title: string) => Type.Integer({ title, minimum: 1, maximum: 12 });

/** A count 0–99 (資格確認書 回収枚数). */
export const count2 = (title: string) => Type.Integer({ title, minimum: 0, maximum: 99 });

/** Optional wrapper kept short in the form files. */
export const opt = <T extends TSchema>(schema: T) => Type.Optional(schema);
