/**
 * The character-set rule of electronic filings: text must be CP932 and, within CP932, only
 * JIS X 0201 (ASCII, 半角カナ) and JIS X 0208 (level 1 and 2 kanji, rows 1–8) — machine-dependent
 * characters are refused by the agency.
 *
 * Why: 「1バイト＝JIS X 0201、2バイト＝シフトJIS（JIS X 0208 第一水準・第二水準）」(CSV形式届書作成仕様書
 * 第16.2版, 参考資料2 使用可能文字一覧). Characters such as ① Ⅰ ㈱ (NEC special row 13, 0x8740–0x879C),
 * 髙 﨑 (NEC-selected IBM extensions 0xED40–0xEEFC, IBM extensions 0xFA40–0xFC4B) and 外字 (user-defined
 * area 0xF040–0xF9FC) encode in CP932 on Windows but are not JIS X 0208 and are rejected.
 * Guarantees: every offending character is reported with its 1-based position (counted in Unicode code
 * points, so 𠮷 is one character) and the code CHARSET_NOT_CP932 or CHARSET_MACHINE_DEPENDENT. The
 * lookup is computed once from the CP932 decoding table (iconv-lite), not hand-typed.
 * Not this module's rule: commas and line breaks inside CSV values (the codec's), lengths (the form's).
 * Control characters are part of JIS X 0201 and pass here.
 */
import { decode } from 'iconv-lite';
import { type Result, type FieldError, ok, failMany, fieldError } from './result';

export const CHARSET_ERRORS = {
  CHARSET_NOT_CP932: 'CHARSET_NOT_CP932',
  CHARSET_MACHINE_DEPENDENT: 'CHARSET_MACHINE_DEPENDENT',
} as const;

/** Double-byte ranges that are JIS X 0208 in CP932: rows 1–8, level 1 kanji, level 2 kanji. */
const JIS_X_0208_RANGES: readonly (readonly [number, number])[] = [
  [0x8140, 0x84be],
  [0x889f, 0x9ffc],
  [0xe040, 0xeaa4],
];
const LEAD_BYTE_RANGES: readonly (readonly [number, number])[] = [
  [0x81, 0x9f],
  [0xe0, 0xfc],
];
const TRAIL_FIRST = 0x40;
const TRAIL_LAST = 0xfc;
const TRAIL_EXCLUDED = 0x7f;
const REPLACEMENT = '\ufffd';

type CharClass = 'jis' | 'machine-dependent';

const inJisX0208 = (code: number): boolean => JIS_X_0208_RANGES.some(([lo, hi]) => code >= lo && code <= hi);

let doubleByteTable: ReadonlyMap<string, CharClass> | undefined;

/**
 * Every character CP932 can encode in two bytes, classified: 'jis' if any of its codes lies in a
 * JIS X 0208 range (e.g. ∵ is both 0x81E6 and NEC 0x879A — the JIS code wins), else
 * 'machine-dependent'.
 */
const table = (): ReadonlyMap<string, CharClass> => {
  if (doubleByteTable !== undefined) return doubleByteTable;
  const map = new Map<string, CharClass>();
  for (const [leadFirst, leadLast] of LEAD_BYTE_RANGES) {
    for (let lead = leadFirst; lead <= leadLast; lead++) {
      for (let trail = TRAIL_FIRST; trail <= TRAIL_LAST; trail++) {
        if (trail === TRAIL_EXCLUDED) continue;
        const ch = decode(Buffer.from([lead, trail]), 'cp932');
        if ([...ch].length !== 1 || ch === REPLACEMENT) continue;
        const code = (lead << 8) | trail;
        if (inJisX0208(code)) map.set(ch, 'jis');
        else if (!map.has(ch)) map.set(ch, 'machine-dependent');
      }
    }
  }
  doubleByteTable = map;
  return map;
};

/** ASCII (incl. controls) and 半角カナ U+FF61–U+FF9F: the one-byte JIS X 0201 repertoire of CP932. */
const isSingleByte = (cp: number): boolean => cp <= 0x7f || (cp >= 0xff61 && cp <= 0xff9f);

const classify = (ch: string): CharClass | 'not-cp932' => {
  if (isSingleByte(ch.codePointAt(0) as number)) return 'jis';
  return table().get(ch) ?? 'not-cp932';
};

const describe = (ch: string): string =>
  `U+${(ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Checks that every character of `s` may be used in an electronic filing. On failure, one error per
 * offending character (path = `path`), naming the character, its code point and its 1-based position.
 */
export const checkCp932 = (s: string, path = ''): Result<string> => {
  const errors: FieldError[] = [];
  let position = 0;
  for (const ch of s) {
    position++;
    const cls = classify(ch);
    if (cls === 'jis') continue;
    errors.push(
      cls === 'machine-dependent'
        ? fieldError(
            path,
            CHARSET_ERRORS.CHARSET_MACHINE_DEPENDENT,
            `${position}文字目の「${ch}」（${describe(ch)}）は機種依存文字のため使用できません`,
            `Character ${position} "${ch}" (${describe(ch)}) is machine-dependent and cannot be used`,
          )
        : fieldError(
            path,
            CHARSET_ERRORS.CHARSET_NOT_CP932,
            `${position}文字目の「${ch}」（${describe(ch)}）はシフトJISで表せない文字のため使用できません`,
            `Character ${position} "${ch}" (${describe(ch)}) cannot be encoded in Shift_JIS (CP932)`,
          ),
    );
  }
  return errors.length > 0 ? failMany(errors) : ok(s);
};

/**
 * Bytes `s` takes in CP932: 1 for ASCII and 半角カナ, 2 for everything else (characters that CP932
 * cannot encode also count 2 — they are rejected by `checkCp932` anyway).
 */
export const cp932ByteLength = (s: string): number => {
  let n = 0;
  for (const ch of s) n += isSingleByte(ch.codePointAt(0) as number) ? 1 : 2;
  return n;
};

/**
 * Characters that macOS / Unicode-standard Shift_JIS input produces but CP932 spells differently, and
 * the CP932 character to use instead (the classic JIS ⇄ Unicode mapping differences). A form may apply
 * `normalizeCp932Variants` before `checkCp932`; `checkCp932` itself never changes the text.
 */
export const CP932_VARIANTS: Readonly<Record<string, string>> = Object.freeze({
  '\u301c': '\uff5e', // 〜 WAVE DASH → ～
  '\u2212': '\uff0d', // − MINUS SIGN → －
  '\u2016': '\u2225', // ‖ DOUBLE VERTICAL LINE → ∥
  '\u2014': '\u2015', // — EM DASH → ―
  '\u00a2': '\uffe0', // ¢ → ￠
  '\u00a3': '\uffe1', // £ → ￡
  '\u00ac': '\uffe2', // ¬ → ￢
});

export const normalizeCp932Variants = (s: string): string =>
  s.replace(/[\u301c\u2212\u2016\u2014\u00a2\u00a3\u00ac]/g, (c) => CP932_VARIANTS[c] as string);
