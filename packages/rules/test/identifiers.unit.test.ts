import fc from 'fast-check';
import {
  IDENTIFIER_ERRORS,
  PREFECTURE_CODES,
  corporateNumberCheckDigit,
  formatOfficeCode,
  isValidCorporateNumber,
  isValidInsuredNumber,
  isValidMyNumber,
  isValidOfficeNumber,
  isValidPensionNumber,
  myNumberCheckDigit,
  normalizePensionNumber,
  parseCorporateNumber,
  parseMyNumber,
  parseOfficeCode,
  parseOfficeCodeString,
  parsePensionNumber,
} from '../src/identifiers';

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

const codesOf = (r: { ok: boolean; errors?: readonly { code: string }[] }): string[] =>
  r.ok ? [] : (r.errors ?? []).map((e) => e.code);

describe('個人番号 (総務省令第85号 第5条)', () => {
  it('computes the worked example: 12345678901 → 8', () => {
    expect(myNumberCheckDigit('12345678901')).toBe(8);
    expect(isValidMyNumber('123456789018')).toBe(true);
    expect(isValidMyNumber('123456789017')).toBe(false);
  });

  it('gives 0 when the remainder is 0 or 1', () => {
    expect(myNumberCheckDigit('00000000000')).toBe(0); // remainder 0
    expect(myNumberCheckDigit('00000000006')).toBe(0); // 6×2 = 12 → remainder 1
    expect(myNumberCheckDigit('00000000001')).toBe(9); // 1×2 = 2 → 11 − 2
    expect(myNumberCheckDigit('10000000000')).toBe(5); // 1×6 = 6 → 11 − 6
  });

  it('rejects bases and numbers of the wrong shape', () => {
    expect(() => myNumberCheckDigit('1234567890')).toThrow(RangeError);
    expect(() => myNumberCheckDigit('1234567890a')).toThrow(RangeError);
    expect(isValidMyNumber('12345678901')).toBe(false);
    expect(isValidMyNumber('1234567890188')).toBe(false);
    expect(isValidMyNumber('12345678901x')).toBe(false);
  });

  it('parses with a named rule', () => {
    expect(parseMyNumber(' １２３４５６７８９０１８ ')).toEqual({ ok: true, value: '123456789018' });
    expect(codesOf(parseMyNumber('12345', '/myNumber'))).toEqual([IDENTIFIER_ERRORS.MY_NUMBER_FORMAT]);
    const bad = parseMyNumber('123456789010', '/myNumber');
    expect(codesOf(bad)).toEqual([IDENTIFIER_ERRORS.MY_NUMBER_CHECK_DIGIT]);
    expect(!bad.ok && bad.errors[0]?.path).toBe('/myNumber');
  });

  // Property: a substitution of one digit is caught except when it moves the weighted-sum remainder
  // between 0 and 1 (both give check digit 0) — a property of the official formula, not of this code.
  it('catches every single-digit substitution except the remainder 0↔1 collision', () => {
    const weights = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    const remainder = (base: string) => weights.reduce((a, w, i) => a + w * Number(base[i]), 0) % 11;
    fc.assert(
      fc.property(
        digits(11),
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 9 }),
        (base, pos, delta) => {
          const valid = base + String(myNumberCheckDigit(base));
          const changed =
            valid.slice(0, pos) + String((Number(valid[pos]) + delta) % 10) + valid.slice(pos + 1);
          const caught = !isValidMyNumber(changed);
          const collision = pos < 11 && remainder(base) <= 1 && remainder(changed.slice(0, 11)) <= 1;
          expect(caught).toBe(!collision);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('shows the collision concretely: 000000000000 and 000000000060 are both valid', () => {
    expect(isValidMyNumber('000000000000')).toBe(true);
    expect(isValidMyNumber('000000000060')).toBe(true);
  });
});

describe('法人番号 (国税庁 checkdigit)', () => {
  it('accepts the worked example 1180301018771', () => {
    expect(corporateNumberCheckDigit('180301018771')).toBe(1);
    expect(isValidCorporateNumber('1180301018771')).toBe(true);
    expect(isValidCorporateNumber('2180301018771')).toBe(false);
  });

  it('yields 9 when the sum is a multiple of 9 and never 0', () => {
    expect(corporateNumberCheckDigit('000000000000')).toBe(9);
    fc.assert(
      fc.property(digits(12), (base) => {
        const c = corporateNumberCheckDigit(base);
        expect(c >= 1 && c <= 9).toBe(true);
      }),
    );
  });

  it('rejects the wrong shape', () => {
    expect(() => corporateNumberCheckDigit('18030101877')).toThrow(RangeError);
    expect(isValidCorporateNumber('118030101877')).toBe(false);
  });

  it('parses with a named rule', () => {
    expect(parseCorporateNumber('１１８０３０１０１８７７１')).toEqual({ ok: true, value: '1180301018771' });
    expect(codesOf(parseCorporateNumber('118'))).toEqual([IDENTIFIER_ERRORS.CORPORATE_NUMBER_FORMAT]);
    expect(codesOf(parseCorporateNumber('9180301018771'))).toEqual([
      IDENTIFIER_ERRORS.CORPORATE_NUMBER_CHECK_DIGIT,
    ]);
  });

  // Property: caught except a 0↔9 swap inside the base (Δ = ±9 ≡ 0 mod 9, for weight 1 and 2 alike).
  it('catches every single-digit substitution except 0↔9 in the base', () => {
    fc.assert(
      fc.property(
        digits(12),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 9 }),
        (base, pos, delta) => {
          const valid = String(corporateNumberCheckDigit(base)) + base;
          const from = Number(valid[pos]);
          const to = (from + delta) % 10;
          const changed = valid.slice(0, pos) + String(to) + valid.slice(pos + 1);
          const caught = !isValidCorporateNumber(changed);
          expect(caught).toBe(!(pos > 0 && Math.abs(from - to) === 9));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('shows the 0↔9 blind spot concretely', () => {
    expect(isValidCorporateNumber('1189301018771')).toBe(true);
  });
});

describe('基礎年金番号', () => {
  it.each([
    ['1234567890', true],
    ['0001000001', true],
    ['0000123456', false], // 4-digit part all zero
    ['1234000000', false], // 6-digit part all zero
    ['1234-567890', false], // only the bare form
    ['123456789', false],
    ['12345678901', false],
  ])('%s → %s', (s, expected) => expect(isValidPensionNumber(s)).toBe(expected));

  it('normalises the printed form', () => {
    expect(normalizePensionNumber('1234-567890')).toBe('1234567890');
    expect(normalizePensionNumber(' １２３４－５６７８９０ ')).toBe('1234567890');
    expect(normalizePensionNumber('12-34567890')).toBe('12-34567890');
    expect(normalizePensionNumber('1234--567890')).toBe('1234--567890');
  });

  it('parses', () => {
    expect(parsePensionNumber('1234-567890')).toEqual({ ok: true, value: '1234567890' });
    expect(codesOf(parsePensionNumber('0000-567890'))).toEqual([IDENTIFIER_ERRORS.PENSION_NUMBER_FORMAT]);
  });
});

describe('事業所整理記号', () => {
  it('has the agency prefecture codes (47, not JIS)', () => {
    expect(Object.keys(PREFECTURE_CODES)).toHaveLength(47);
    expect(PREFECTURE_CODES['01']).toBe('北海道');
    expect(PREFECTURE_CODES['21']).toBe('東京都');
    expect(PREFECTURE_CODES['31']).toBe('神奈川県');
    expect(PREFECTURE_CODES['41']).toBe('大阪府');
    expect(PREFECTURE_CODES['51']).toBe('愛知県');
    expect(PREFECTURE_CODES['82']).toBe('沖縄県');
    expect(PREFECTURE_CODES['13']).toBeUndefined(); // JIS 東京 is not an agency code
    expect(new Set(Object.values(PREFECTURE_CODES)).size).toBe(47);
  });

  it('parses the parts of the spec example 21,01,ｹｲﾄ', () => {
    expect(parseOfficeCode({ prefecture: '21', district: '01', symbol: 'ｹｲﾄ' })).toEqual({
      ok: true,
      value: { prefecture: '21', district: '01', symbol: 'ｹｲﾄ', key: '21-01-ｹｲﾄ' },
    });
  });

  it('canonicalises 全角 input and lower case', () => {
    const r = parseOfficeCode({ prefecture: '２１', district: '０１', symbol: 'ケイト' });
    expect(r.ok && r.value.key).toBe('21-01-ｹｲﾄ');
    const a = parseOfficeCode({ prefecture: '31', district: '12', symbol: 'ａｂ１' });
    expect(a.ok && a.value.symbol).toBe('AB1');
    const dakuten = parseOfficeCode({ prefecture: '31', district: '12', symbol: 'ガイ' });
    expect(dakuten.ok && dakuten.value.symbol).toBe('ｶﾞｲ'); // 3 bytes
  });

  it.each([
    [{ prefecture: '13', district: '01', symbol: 'ｹｲﾄ' }, ['OFFICE_PREFECTURE_INVALID']],
    [{ prefecture: '2', district: '01', symbol: 'ｹｲﾄ' }, ['OFFICE_PREFECTURE_INVALID']],
    [{ prefecture: '21', district: '00', symbol: 'ｹｲﾄ' }, ['OFFICE_DISTRICT_INVALID']],
    [{ prefecture: '21', district: '99', symbol: 'ｹｲﾄ' }, ['OFFICE_DISTRICT_INVALID']],
    [{ prefecture: '21', district: '1', symbol: 'ｹｲﾄ' }, ['OFFICE_DISTRICT_INVALID']],
    [{ prefecture: '21', district: '01', symbol: 'ｹｲA' }, ['OFFICE_SYMBOL_CHARSET']],
    [{ prefecture: '21', district: '01', symbol: '' }, ['OFFICE_SYMBOL_CHARSET']],
    [{ prefecture: '21', district: '01', symbol: '漢字' }, ['OFFICE_SYMBOL_CHARSET']],
    [{ prefecture: '21', district: '01', symbol: 'ABCDE' }, ['OFFICE_SYMBOL_LENGTH']],
    [{ prefecture: '21', district: '01', symbol: 'ｶﾞｶﾞｶ' }, ['OFFICE_SYMBOL_LENGTH']], // 5 bytes
    [{ prefecture: '21', district: '01', symbol: '0000' }, ['OFFICE_SYMBOL_ZERO']],
    [
      { prefecture: '00', district: '00', symbol: '00' },
      ['OFFICE_PREFECTURE_INVALID', 'OFFICE_DISTRICT_INVALID', 'OFFICE_SYMBOL_ZERO'],
    ],
  ])('%j → %j', (input, codes) => {
    const r = parseOfficeCode(input, '/office');
    expect(codesOf(r)).toEqual(codes);
  });

  it('reports each part on its own path', () => {
    const r = parseOfficeCode({ prefecture: '00', district: '00', symbol: '0' }, '/office');
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual([
      '/office/prefecture',
      '/office/district',
      '/office/symbol',
    ]);
  });

  it.each([
    ['21-01-ｹｲﾄ', '21-01-ｹｲﾄ'],
    ['２１－０１－ケイト', '21-01-ｹｲﾄ'],
    ['21ー01ーケイト', '21-01-ｹｲﾄ'],
    [' 21 - 01 - ABCD ', '21-01-ABCD'],
    ['21-01-ｺｰﾄ', '21-01-ｺｰﾄ'],
  ])('parses the string %s', (s, key) => {
    const r = parseOfficeCodeString(s);
    expect(r.ok && r.value.key).toBe(key);
  });

  it('accepts the printed 「01－ケイト」 form when the prefecture is given', () => {
    const r = parseOfficeCodeString('01－ケイト', { prefecture: '21' });
    expect(r.ok && r.value.key).toBe('21-01-ｹｲﾄ');
    expect(codesOf(parseOfficeCodeString('01－ケイト'))).toEqual([IDENTIFIER_ERRORS.OFFICE_CODE_FORMAT]);
  });

  it('rejects strings without separators or with bad parts, on the given path', () => {
    const r = parseOfficeCodeString('2101ｹｲﾄ', { path: '/office' });
    expect(codesOf(r)).toEqual([IDENTIFIER_ERRORS.OFFICE_CODE_FORMAT]);
    expect(!r.ok && r.errors[0]?.path).toBe('/office');
    const bad = parseOfficeCodeString('21-00-ｹｲﾄ', { path: '/office' });
    expect(!bad.ok && bad.errors.map((e) => [e.path, e.code])).toEqual([
      ['/office', 'OFFICE_DISTRICT_INVALID'],
    ]);
  });

  it('formats the printed form and round-trips through it', () => {
    const kana = parseOfficeCode({ prefecture: '21', district: '01', symbol: 'ｹｲﾄ' });
    const alnum = parseOfficeCode({ prefecture: '21', district: '01', symbol: 'AB1' });
    if (!kana.ok || !alnum.ok) throw new Error('fixture');
    expect(formatOfficeCode(kana.value)).toBe('01－ケイト');
    expect(formatOfficeCode(alnum.value)).toBe('01－ＡＢ１');
    const back = parseOfficeCodeString(formatOfficeCode(kana.value), { prefecture: '21' });
    expect(back.ok && back.value).toEqual(kana.value);
  });
});

describe('事業所番号 and 被保険者整理番号', () => {
  it.each([
    ['1', true],
    ['12345', true],
    ['123456', false],
    ['00000', false],
    ['', false],
    ['12a', false],
  ])('事業所番号 %s → %s', (s, expected) => expect(isValidOfficeNumber(s)).toBe(expected));

  it.each([
    ['1', true],
    ['123456', true],
    ['1234567', false],
    ['000000', false],
    ['', false],
    ['１２', false],
  ])('被保険者整理番号 %s → %s', (s, expected) => expect(isValidInsuredNumber(s)).toBe(expected));
});
