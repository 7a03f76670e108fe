/**
 * Kana width conversion and the comparison key for kana names.
 *
 * Why: the employer file carries 氏名カナ in 半角カナ (JIS X 0201, CSV形式届書作成仕様書), people type
 * 全角カナ or ひらがな, and the record search (identity matching, 未統合記録の検索) must find a person
 * whatever width, small kana or ヴ spelling was used when the record was keyed.
 *
 * Guarantees: pure, total (never throws); `toFullWidthKana(toHalfWidthKana(s)) === s` for ordinary
 * 全角カタカナ text; `kanaNameKey` is idempotent and gives the same key for the half- and full-width
 * spelling of a name. The exact normalisation list of the key is documented on `kanaNameKey` and in
 * docs/rules.md.
 */

/** Half-width katakana U+FF61…U+FF9D, position by position, in full width. */
const HALF_KANA_FROM = 0xff61;
const FULL_FOR_HALF =
  '。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン';
const HALF_DAKUTEN = '\uff9e'; // ﾞ
const HALF_HANDAKUTEN = '\uff9f'; // ﾟ
const COMBINING_DAKUTEN = '\u3099';
const COMBINING_HANDAKUTEN = '\u309a';
const SPACING_DAKUTEN = '\u309b'; // ゛
const SPACING_HANDAKUTEN = '\u309c'; // ゜
const IDEOGRAPHIC_SPACE = '\u3000';

const HALF_TO_FULL: ReadonlyMap<string, string> = new Map(
  [...FULL_FOR_HALF].map((full, i) => [String.fromCharCode(HALF_KANA_FROM + i), full] as const),
);
const FULL_TO_HALF: ReadonlyMap<string, string> = new Map([
  ...[...HALF_TO_FULL].map(([half, full]) => [full, half] as const),
  // Kana with no half-width form: nearest half-width spelling (lossy, documented).
  ['ヮ', 'ﾜ'],
  ['ヵ', 'ｶ'],
  ['ヶ', 'ｹ'],
  ['ヰ', 'ｲ'],
  ['ヱ', 'ｴ'],
  ['ヸ', 'ｳﾞｨ'],
  ['ヹ', 'ｳﾞｪ'],
  [SPACING_DAKUTEN, HALF_DAKUTEN],
  [SPACING_HANDAKUTEN, HALF_HANDAKUTEN],
  [COMBINING_DAKUTEN, HALF_DAKUTEN],
  [COMBINING_HANDAKUTEN, HALF_HANDAKUTEN],
  [IDEOGRAPHIC_SPACE, ' '],
]);

/** ぁ…ゖ and ゝゞ sit exactly 0x60 below their カタカナ. */
const KATAKANA_OFFSET = 0x60;
const FULLWIDTH_ASCII_FIRST = 0xff01;
const FULLWIDTH_ASCII_LAST = 0xff5e;
const FULLWIDTH_ASCII_OFFSET = 0xfee0;

/** ひらがな (ぁ…ゖ, ゝゞ) → カタカナ; everything else unchanged. */
export const hiraganaToKatakana = (s: string): string =>
  s.replace(/[\u3041-\u3096\u309d\u309e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + KATAKANA_OFFSET));

/** Full-width ASCII (！…～) → ASCII and 全角スペース → half-width space. */
export const narrowAscii = (s: string): string =>
  s.replace(/[\uff01-\uff5e\u3000]/g, (c) => {
    const code = c.charCodeAt(0);
    return code >= FULLWIDTH_ASCII_FIRST && code <= FULLWIDTH_ASCII_LAST
      ? String.fromCharCode(code - FULLWIDTH_ASCII_OFFSET)
      : ' ';
  });

/** ASCII (! … ~) → full-width and space → 全角スペース. */
export const widenAscii = (s: string): string =>
  s.replace(/[\x20-\x7e]/g, (c) =>
    c === ' ' ? IDEOGRAPHIC_SPACE : String.fromCharCode(c.charCodeAt(0) + FULLWIDTH_ASCII_OFFSET),
  );

/**
 * 半角カナ → 全角カナ. ﾞ and ﾟ are combined with the preceding kana when a precomposed character
 * exists (ｶﾞ → ガ, ｳﾞ → ヴ, ﾊﾟ → パ, ﾜﾞ → ヷ); otherwise they become ゛ / ゜. Half-width punctuation
 * ｡｢｣､･ｰ becomes 。「」、・ー. Nothing else (ASCII, kanji, spaces) is touched.
 */
export const toFullWidthKana = (s: string): string => {
  let out = '';
  for (const c of s) {
    if (c === HALF_DAKUTEN || c === HALF_HANDAKUTEN) {
      const mark = c === HALF_DAKUTEN ? COMBINING_DAKUTEN : COMBINING_HANDAKUTEN;
      const prev = out.slice(-1);
      const composed = (prev + mark).normalize('NFC');
      if (prev !== '' && composed.length === 1) {
        out = out.slice(0, -1) + composed;
      } else {
        out += c === HALF_DAKUTEN ? SPACING_DAKUTEN : SPACING_HANDAKUTEN;
      }
      continue;
    }
    out += HALF_TO_FULL.get(c) ?? c;
  }
  return out;
};

/**
 * 全角カナ and ひらがな → 半角カナ (濁音・半濁音 split into base + ﾞ/ﾟ), 。「」、・ー → ｡｢｣､･ｰ,
 * 全角スペース → space, full-width ASCII → ASCII. Kana with no half-width form use the nearest
 * spelling: ヮ→ﾜ, ヵ→ｶ, ヶ→ｹ, ヰ→ｲ, ヱ→ｴ, ヸ→ｳﾞｨ, ヹ→ｳﾞｪ. Other characters are unchanged.
 */
export const toHalfWidthKana = (s: string): string => {
  let out = '';
  for (const c of narrowAscii(hiraganaToKatakana(s))) {
    const direct = FULL_TO_HALF.get(c);
    if (direct !== undefined) {
      out += direct;
      continue;
    }
    // 濁音・半濁音 (ガ, パ, ヴ, ヷ, ヺ): canonical decomposition gives base + combining mark.
    const decomposed = c.normalize('NFD');
    const base = FULL_TO_HALF.get(decomposed.charAt(0));
    const mark = decomposed.length === 2 ? FULL_TO_HALF.get(decomposed.charAt(1)) : undefined;
    out += base !== undefined && mark !== undefined ? base + mark : c;
  }
  return out;
};

/** A half-width kana that may start a word: ｦ…ｯ (incl. small kana) and ｱ…ﾝ — not ｰ, ﾞ or ﾟ. */
const HALF_KANA_WORD = '[\\uff66-\\uff6f\\uff71-\\uff9d][\\uff66-\\uff9f]*';
const HALF_KANA_NAME = new RegExp(`^${HALF_KANA_WORD}(?: ${HALF_KANA_WORD})+$`);

/**
 * 氏名カナ as the employer file carries it: 半角カナ words (ｦ…ﾟ, no ASCII, no 全角) separated by exactly
 * one half-width space — at least family name + given name (foreign names may have more words). No
 * leading/trailing/double spaces; a word never starts with ｰ, ﾞ or ﾟ. The byte limit (25) is the
 * form's rule, not this one.
 */
export const isHalfWidthKanaName = (s: string): boolean => HALF_KANA_NAME.test(s);

/** ヴ spellings folded onto バ行 (applied before small kana are enlarged, so ヴァ = バ). */
const VU_SEQUENCES: readonly (readonly [RegExp, string])[] = [
  [/ヴァ/g, 'バ'],
  [/ヴィ/g, 'ビ'],
  [/ヴェ/g, 'ベ'],
  [/ヴォ/g, 'ボ'],
  [/ヴ(?=[ャュョ])/g, 'ビ'],
  [/ヴ/g, 'ブ'],
  [/ヷ/g, 'バ'],
  [/ヸ/g, 'ビ'],
  [/ヹ/g, 'ベ'],
  [/ヺ/g, 'ボ'],
];
/** Small kana → large; ヂ ヅ ヲ ヰ ヱ → the usual spelling. */
// prettier-ignore
const KANA_FOLD: readonly (readonly [string, string])[] = [
  ['ァ', 'ア'], ['ィ', 'イ'], ['ゥ', 'ウ'], ['ェ', 'エ'], ['ォ', 'オ'],
  ['ッ', 'ツ'], ['ャ', 'ヤ'], ['ュ', 'ユ'], ['ョ', 'ヨ'], ['ヮ', 'ワ'], ['ヵ', 'カ'], ['ヶ', 'ケ'],
  ['ㇰ', 'ク'], ['ㇱ', 'シ'], ['ㇲ', 'ス'], ['ㇳ', 'ト'], ['ㇴ', 'ヌ'], ['ㇵ', 'ハ'], ['ㇶ', 'ヒ'], ['ㇷ', 'フ'],
  ['ㇸ', 'ヘ'], ['ㇹ', 'ホ'], ['ㇺ', 'ム'], ['ㇻ', 'ラ'], ['ㇼ', 'リ'], ['ㇽ', 'ル'], ['ㇾ', 'レ'], ['ㇿ', 'ロ'],
  ['ヂ', 'ジ'], ['ヅ', 'ズ'], ['ヲ', 'オ'], ['ヰ', 'イ'], ['ヱ', 'エ'],
];
/** 長音符 and the dash-like characters people type for it: ー ‐ ‑ ‒ – — ― − - (ｰ/－ are widened/narrowed first). */
const LONG_VOWEL_MARKS = /[\u30fc\u2010-\u2015\u2212-]/g;
/** Spacing and name separators: all white space, ・ (中黒), ゠, =. */
const SEPARATORS = /[\s\u30fb\u30a0=]/g;
/** 濁点・半濁点 that could not be composed onto a kana (e.g. ア゛) carry no information: dropped. */
const STRAY_MARKS = /[\u3099\u309a\u309b\u309c]/g;

/**
 * A comparison key for kana names (identity matching, 未統合記録の検索). Two spellings of the same
 * name get the same key. Applied in this order:
 *  1. 半角カナ → 全角 (ｶﾞ → ガ), full-width ASCII → ASCII, ASCII letters upper-cased;
 *  2. ひらがな → カタカナ;
 *  3. spacing 濁点/半濁点 (゛゜) composed onto the preceding kana (カ゛ → ガ); marks that cannot be
 *     composed are dropped;
 *  4. ヴ → バ行: ヴァ→バ ヴィ→ビ ヴェ→ベ ヴォ→ボ ヴャ/ヴュ/ヴョ→ビャ/ビュ/ビョ, other ヴ→ブ;
 *     ヷ→バ ヸ→ビ ヹ→ベ ヺ→ボ;
 *  5. small kana → large: ァィゥェォ→アイウエオ, ッ→ツ, ャュョ→ヤユヨ, ヮ→ワ, ヵ→カ, ヶ→ケ, ㇰ…ㇿ → ク…ロ;
 *  6. ヂ→ジ, ヅ→ズ, ヲ→オ, ヰ→イ, ヱ→エ;
 *  7. 長音符 removed: ー and the dashes typed for it (‐ ‑ ‒ – — ― − - －);
 *  8. spacing removed: every white space (half and 全角), ・, ゠, =.
 * Consequence (documented): カーター = カータ = カタ, but ユウキ ≠ ユーキ (the key of the latter is ユキ).
 */
export const kanaNameKey = (s: string): string => {
  let k = narrowAscii(toFullWidthKana(s)).toUpperCase();
  k = hiraganaToKatakana(k);
  k = k
    .replace(/\u309b/g, COMBINING_DAKUTEN)
    .replace(/\u309c/g, COMBINING_HANDAKUTEN)
    .normalize('NFC')
    .replace(STRAY_MARKS, '');
  for (const [pattern, replacement] of VU_SEQUENCES) k = k.replace(pattern, replacement);
  for (const [from, to] of KANA_FOLD) k = k.split(from).join(to);
  return k.replace(LONG_VOWEL_MARKS, '').replace(SEPARATORS, '');
};
