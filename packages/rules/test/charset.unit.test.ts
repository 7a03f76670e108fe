import fc from 'fast-check';
import { decode } from 'iconv-lite';
import {
  CHARSET_ERRORS,
  CP932_VARIANTS,
  checkCp932,
  cp932ByteLength,
  normalizeCp932Variants,
} from '../src/charset';

const errorsOf = (s: string) => {
  const r = checkCp932(s, '/name');
  return r.ok ? [] : r.errors;
};

describe('checkCp932', () => {
  it('accepts JIS X 0201 and JIS X 0208 text', () => {
    const text = '山田 太郎 ﾔﾏﾀﾞ ﾀﾛｳ 東京都千代田区霞が関１－２－２ ～∵≒√〒・‐ー髙';
    expect(checkCp932(text.replace('髙', '高'))).toEqual({ ok: true, value: text.replace('髙', '高') });
    expect(checkCp932('')).toEqual({ ok: true, value: '' });
    expect(checkCp932('a\tb').ok).toBe(true); // controls are JIS X 0201; the codec rejects CR/LF/comma
  });

  it.each([
    ['①', 'NEC special row 13 (0x8740)'],
    ['Ⅰ', 'NEC special row 13 (0x8754)'],
    ['㈱', 'NEC special row 13 (0x878A)'],
    ['№', 'NEC special row 13 (0x8782)'],
    ['髙', 'IBM extension (0xFBFC)'],
    ['﨑', 'IBM extension (0xFAB1)'],
    ['ⅰ', 'IBM extension / NEC-selected (0xEEEF, 0xFA40)'],
    ['\ue000', '外字 (user-defined, 0xF040)'],
  ])('rejects %s as machine-dependent: %s', (ch) => {
    const [e, ...rest] = errorsOf(ch);
    expect(rest).toEqual([]);
    expect(e?.code).toBe(CHARSET_ERRORS.CHARSET_MACHINE_DEPENDENT);
  });

  it.each(['〜', '−', '¥', '©', 'é', '鷗', '𠮷', '😀', '¬'])('rejects %s as not CP932', (ch) => {
    expect(errorsOf(ch).map((e) => e.code)).toEqual([CHARSET_ERRORS.CHARSET_NOT_CP932]);
  });

  it('names every offending character and its 1-based position (code points)', () => {
    const errors = errorsOf('𠮷田髙橋①');
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['CHARSET_NOT_CP932', '/name'],
      ['CHARSET_MACHINE_DEPENDENT', '/name'],
      ['CHARSET_MACHINE_DEPENDENT', '/name'],
    ]);
    expect(errors[0]?.message.ja).toContain('1文字目の「𠮷」');
    expect(errors[0]?.message.en).toContain('U+20BB7');
    expect(errors[1]?.message.ja).toContain('3文字目の「髙」');
    expect(errors[2]?.message.en).toContain('Character 5 "①"');
  });

  it('prefers the JIS code when a character has several (∵ 0x81E6 / 0x879A / 0xFA5B)', () => {
    expect(checkCp932('∵≡∫').ok).toBe(true);
  });

  it('accepts every character of JIS X 0208 level 1 (property over 0x889F–0x9872)', () => {
    const sjis = fc
      .tuple(fc.integer({ min: 0x88, max: 0x98 }), fc.integer({ min: 0x40, max: 0xfc }))
      .filter(
        ([lead, trail]) => trail !== 0x7f && (lead > 0x88 || trail >= 0x9f) && (lead < 0x98 || trail <= 0x72),
      );
    fc.assert(
      fc.property(sjis, ([lead, trail]) => {
        const ch = decode(Buffer.from([lead, trail]), 'cp932');
        expect(checkCp932(ch).ok).toBe(true);
      }),
    );
  });
});

describe('cp932ByteLength', () => {
  it.each([
    ['', 0],
    ['ABC', 3],
    ['ﾔﾏﾀﾞ ﾀﾛｳ', 8],
    ['山田　太郎', 10],
    ['𠮷', 2],
  ])('%j → %d', (s, n) => expect(cp932ByteLength(s)).toBe(n));
});

describe('normalizeCp932Variants', () => {
  it('maps the classic JIS ⇄ Unicode differences onto CP932 characters', () => {
    const input = '〜−‖—¢£¬';
    const out = normalizeCp932Variants(input);
    expect(out).toBe('～－∥―￠￡￢');
    expect(Object.keys(CP932_VARIANTS).join('')).toBe(input);
    expect(checkCp932(input).ok).toBe(false);
    expect(checkCp932(out).ok).toBe(true);
  });
});
