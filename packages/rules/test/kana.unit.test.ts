import fc from 'fast-check';
import {
  hiraganaToKatakana,
  isHalfWidthKanaName,
  kanaNameKey,
  narrowAscii,
  toFullWidthKana,
  toHalfWidthKana,
  widenAscii,
} from '../src/kana';

const ALL_HALF = 'ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ';
const ALL_FULL =
  'ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン';

/** Text of 全角カタカナ, ひらがな, ー, ・ and spaces — what people type for a kana name. */
const kanaText = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0x30a1, max: 0x30fa }),
      fc.integer({ min: 0x3041, max: 0x3096 }),
      fc.constantFrom(0x30fc, 0x30fb, 0x20, 0x3000, 0x309d, 0x309e),
    ),
    { maxLength: 20 },
  )
  .map((cps) => String.fromCodePoint(...cps));

describe('width conversion', () => {
  it('maps every half-width kana to full width and back', () => {
    expect(toFullWidthKana(ALL_HALF)).toBe(ALL_FULL);
    expect(toHalfWidthKana(ALL_FULL)).toBe(ALL_HALF);
    expect(toFullWidthKana('｡｢｣､･')).toBe('。「」、・');
    expect(toHalfWidthKana('。「」、・')).toBe('｡｢｣､･');
  });

  it('composes ﾞ and ﾟ', () => {
    expect(toFullWidthKana('ｶﾞｷﾞｸﾞｹﾞｺﾞ ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ ｳﾞ ﾜﾞ ｦﾞ')).toBe('ガギグゲゴ パピプペポ ヴ ヷ ヺ');
    expect(toFullWidthKana('ｱﾞﾝﾟ')).toBe('ア゛ン゜'); // nothing to compose with
    expect(toFullWidthKana('ﾞﾟ')).toBe('゛゜'); // nothing before
  });

  it('splits 濁音 and 半濁音', () => {
    expect(toHalfWidthKana('ガッコウ ヴァイオリン パン')).toBe('ｶﾞｯｺｳ ｳﾞｧｲｵﾘﾝ ﾊﾟﾝ');
    expect(toHalfWidthKana('ヷヺ')).toBe('ﾜﾞｦﾞ');
  });

  it('narrows ひらがな, 全角 space and full-width ASCII too', () => {
    expect(toHalfWidthKana('やまだ　たろう')).toBe('ﾔﾏﾀﾞ ﾀﾛｳ');
    expect(toHalfWidthKana('ＡＢＣ１２３')).toBe('ABC123');
    expect(toHalfWidthKana('゛゜\u3099\u309a')).toBe('ﾞﾟﾞﾟ');
  });

  it('uses the nearest spelling for kana without a half-width form', () => {
    expect(toHalfWidthKana('ヮヵヶヰヱヸヹ')).toBe('ﾜｶｹｲｴｳﾞｨｳﾞｪ');
  });

  it('leaves everything else alone', () => {
    expect(toFullWidthKana('山田 Taro 1')).toBe('山田 Taro 1');
    expect(toHalfWidthKana('山田ヽヾé')).toBe('山田ヽヾé');
  });

  it('round-trips 全角カタカナ text (property)', () => {
    const katakana = fc
      .array(fc.constantFrom(...'アイウエオカガキギパピヴッャュョーン・ヲ '), { maxLength: 20 })
      .map((cs) => cs.join(''));
    fc.assert(fc.property(katakana, (s) => expect(toFullWidthKana(toHalfWidthKana(s))).toBe(s)));
  });

  it('hiragana, ASCII width helpers', () => {
    expect(hiraganaToKatakana('ぁゖゝゞゔ')).toBe('ァヶヽヾヴ');
    expect(narrowAscii('！～　')).toBe('!~ ');
    expect(widenAscii('A1 ~')).toBe('Ａ１　～');
  });
});

describe('isHalfWidthKanaName (氏名カナ)', () => {
  it.each([
    ['ﾔﾏﾀﾞ ﾀﾛｳ', true],
    ['ｽﾐｽ ｼﾞｮﾝ ｱﾚｸｻﾝﾀﾞｰ', true],
    ['ｯｸ ｧｲ', true],
    ['ﾔﾏﾀﾞﾀﾛｳ', false], // family and given name must be separated
    ['ﾔﾏﾀﾞ  ﾀﾛｳ', false],
    [' ﾔﾏﾀﾞ ﾀﾛｳ', false],
    ['ﾔﾏﾀﾞ ﾀﾛｳ ', false],
    ['ﾔﾏﾀﾞ　ﾀﾛｳ', false], // 全角 space
    ['ヤマダ タロウ', false],
    ['ﾔﾏﾀﾞ ﾞﾀﾛｳ', false],
    ['ﾔﾏﾀﾞ ｰﾀﾛｳ', false],
    ['YAMADA TARO', false],
    ['', false],
  ])('%j → %s', (s, expected) => expect(isHalfWidthKanaName(s)).toBe(expected));
});

describe('kanaNameKey', () => {
  it.each([
    ['ﾔﾏﾀﾞ ﾀﾛｳ', 'ヤマダ　タロウ'],
    ['やまだ たろう', 'ヤマダタロウ'],
    ['ｼﾞｮｳｼﾞ', 'ジヨウジ'],
    ['キョウコ', 'キヨウコ'],
    ['ハットリ', 'ハツトリ'],
    ['ヴァイオリン', 'バイオリン'],
    ['ヴィクトル', 'ビクトル'],
    ['ヴェルディ', 'ベルディ'],
    ['ヴォルフ', 'ボルフ'],
    ['ヴュー', 'ビュー'],
    ['ヴ', 'ブ'],
    ['ｳﾞｨｸﾄﾙ', 'ビクトル'],
    ['ウ゛ィクトル', 'ビクトル'],
    ['ヷヸヹヺ', 'バビベボ'],
    ['カーター', 'カータ'],
    ['カ－タ―', 'カタ'],
    ['ｶｰﾀｰ', 'カタ'],
    ['ジョン・スミス', 'ジョン スミス'],
    ['ジョン＝スミス', 'ジョンスミス'],
    ['チヂミ', 'チジミ'],
    ['ツヅキ', 'ツズキ'],
    ['ヲノ', 'オノ'],
    ['ヰヱ', 'イエ'],
    ['ヵヶヮ', 'カケワ'],
    ['ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ', 'クシストヌハヒフヘホムラリルレロ'],
    ['ｐｅｔｅｒ', 'PETER'],
  ])('%s ≡ %s', (a, b) => expect(kanaNameKey(a)).toBe(kanaNameKey(b)));

  it('produces the documented key', () => {
    expect(kanaNameKey('ｼﾞｮｳｼﾞ ﾀﾛｰ')).toBe('ジヨウジタロ');
    expect(kanaNameKey('ア゛')).toBe('ア'); // stray 濁点 dropped
    expect(kanaNameKey('ユーキ')).not.toBe(kanaNameKey('ユウキ')); // documented limitation
  });

  it('keeps different names apart', () => {
    expect(kanaNameKey('サトウ')).not.toBe(kanaNameKey('サイトウ'));
    expect(kanaNameKey('ハシモト')).not.toBe(kanaNameKey('バシモト'));
  });

  it('is idempotent (property)', () => {
    fc.assert(fc.property(kanaText, (s) => expect(kanaNameKey(kanaNameKey(s))).toBe(kanaNameKey(s))));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) =>
        expect(kanaNameKey(kanaNameKey(s))).toBe(kanaNameKey(s)),
      ),
    );
  });

  it('is width-invariant (property)', () => {
    fc.assert(fc.property(kanaText, (s) => expect(kanaNameKey(toHalfWidthKana(s))).toBe(kanaNameKey(s))));
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ALL_HALF, 'ﾞ', 'ﾟ', ' '), { maxLength: 20 }).map((cs) => cs.join('')),
        (h) => expect(kanaNameKey(toFullWidthKana(h))).toBe(kanaNameKey(h)),
      ),
    );
  });

  it('ignores every kind of spacing (property)', () => {
    fc.assert(
      fc.property(kanaText, fc.constantFrom(' ', '　', '\t', '・'), fc.nat(20), (s, space, at) => {
        const i = Math.min(at, s.length);
        expect(kanaNameKey(s.slice(0, i) + space + s.slice(i))).toBe(kanaNameKey(s));
      }),
    );
  });
});
