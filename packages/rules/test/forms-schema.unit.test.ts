/**
 * The schema validator behind validateFiling, on the edges the form catalog does not reach:
 * `validatorOf` / `createSchemaValidator` with small schemas (untitled and nested annotations,
 * tuples, literals, unions, nullable annotated items, annotations it does not know), the bound on
 * schema errors, the bounded memos of the field checks, and the runner's INTERNAL_RULE_ERROR.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { CHECK_KEY, FORM_CODES, KOKUNEN_FORM_CODES, type SanteiBody } from '@nenkin/contracts/forms';
import { IDENTIFIER_ERRORS } from '../src/identifiers';
import { addDays } from '../src/dates';
import {
  validateFiling,
  validatorOf,
  createSchemaValidator,
  FormRuleCodes as C,
  INTERNAL_RULE_ERROR,
  santeiDayThreshold,
} from '../src/forms';
import { TODAY, validHifuyosha, validShoyo, validKoza, validMenjo, validSantei } from './helpers/filings';

const DATE_79 = { [CHECK_KEY]: { kind: 'date', eras: [7, 9] } };
const keysOf = (errors: readonly { code: string; path: string }[]): string[] =>
  errors.map((e) => `${e.code} ${e.path}`);

describe('validatorOf', () => {
  it('compiles a form once and checks bodies with the compiled schema', () => {
    const v = validatorOf(FORM_CODES.SHOYO);
    expect(validatorOf(FORM_CODES.SHOYO)).toBe(v);
    expect(v.check(validShoyo())).toBe(true);
    expect(v.check({ ...validShoyo(), cash: '1' })).toBe(false);
  });
  it('names items inside a union of objects (口座: bank or ゆうちょ)', () => {
    const v = validatorOf(KOKUNEN_FORM_CODES.KOZA);
    expect(v.titleAt('/account/bankCode')).toBe('金融機関コード');
    expect(v.titleAt('/account/symbol')).toBe('ゆうちょ銀行 記号');
  });
  it('falls back to the last segment below a leaf or an unknown item', () => {
    const v = validatorOf(KOKUNEN_FORM_CODES.KOZA);
    expect(v.titleAt('/fromMonth/extra')).toBe('extra');
    expect(v.titleAt('/nope/deeper')).toBe('deeper');
    expect(validKoza().formCode).toBe(KOKUNEN_FORM_CODES.KOZA);
  });
});

describe('createSchemaValidator on small schemas', () => {
  it('names an untitled annotated item by its key', () => {
    const v = createSchemaValidator(Type.Object({ born: Type.String(DATE_79) }));
    expect(v.validate({ born: '2025-02-30' })).toEqual([
      {
        path: '/born',
        code: C.INVALID_DATE,
        message: {
          ja: '「born」は実存日であること（2025-02-30）',
          en: 'born is not a calendar date (2025-02-30)',
        },
      },
    ]);
  });
  it('checks an annotated root value (empty pointer, empty name)', () => {
    const v = createSchemaValidator(Type.String({ [CHECK_KEY]: { kind: 'date', eras: [9] } }));
    expect(v.validate('2019-05-01')).toEqual([]);
    expect(v.validate('2019-04-30')).toEqual([
      {
        path: '',
        code: C.ERA_NOT_ALLOWED,
        message: {
          ja: "「」の元号は'9'（令和）の何れかであること（2019-04-30）",
          en: ' must fall in the era 9 (令和) (2019-04-30)',
        },
      },
    ]);
  });
  it('names an era code its table does not know by the code itself', () => {
    const v = createSchemaValidator(Type.String({ title: '日', [CHECK_KEY]: { kind: 'date', eras: [2] } }));
    expect(v.validate('2020-01-01')[0]?.message).toEqual({
      ja: "「日」の元号は'2'（2）の何れかであること（2020-01-01）",
      en: '日 must fall in the era 2 (2) (2020-01-01)',
    });
  });
  it('ignores an annotation of a kind it does not know', () => {
    const v = createSchemaValidator(Type.String({ [CHECK_KEY]: { kind: 'kanjiOnly' } }));
    expect(v.validate('abc')).toEqual([]);
  });
  it('skips the field checks of a nullable item that is null, and runs them otherwise', () => {
    const nullable = (s: TSchema): TSchema => Type.Union([s, Type.Null()]);
    const v = createSchemaValidator(
      Type.Object({
        d: nullable(Type.String({ title: '日付', ...DATE_79 })),
        ym: nullable(Type.String({ title: '年月', [CHECK_KEY]: { kind: 'yearMonth', eras: [7, 9] } })),
        t: nullable(Type.String({ title: '備考', [CHECK_KEY]: { kind: 'text', maxBytes: 4 } })),
        o: nullable(
          Type.Object(
            { prefecture: Type.String(), district: Type.String(), symbol: Type.String() },
            { title: '事業所', [CHECK_KEY]: { kind: 'office' } },
          ),
        ),
      }),
    );
    expect(v.validate({ d: null, ym: null, t: null, o: null })).toEqual([]);
    expect(
      keysOf(
        v.validate({
          d: '1989-01-07',
          ym: '1988-12',
          t: '備考欄',
          o: { prefecture: '21', district: '00', symbol: 'ｹｲﾄ' },
        }),
      ),
    ).toEqual([
      `${C.ERA_NOT_ALLOWED} /d`,
      `${C.ERA_NOT_ALLOWED} /ym`,
      `${C.BYTE_LENGTH_EXCEEDED} /t`,
      `${IDENTIFIER_ERRORS.OFFICE_DISTRICT_INVALID} /o/district`,
    ]);
  });
  it('leaves a year-month that is not YYYY-MM to the schema (no era check on it)', () => {
    const v = createSchemaValidator(Type.String({ [CHECK_KEY]: { kind: 'yearMonth', eras: [9] } }));
    expect(v.validate('2025-13')).toEqual([]);
    expect(keysOf(v.validate('2019-04'))).toEqual([`${C.ERA_NOT_ALLOWED} `]);
  });
  it('counts bytes of single-byte text too (maxLength in characters, maxBytes in bytes)', () => {
    const v = createSchemaValidator(
      Type.Object({
        memo: Type.String({ title: 'メモ', maxLength: 10, [CHECK_KEY]: { kind: 'text', maxBytes: 5 } }),
      }),
    );
    expect(v.validate({ memo: 'ABCDE' })).toEqual([]);
    expect(v.validate({ memo: 'ABｶﾅ-XY' })).toEqual([
      {
        path: '/memo',
        code: C.BYTE_LENGTH_EXCEEDED,
        message: {
          ja: '「メモ」は5バイト以内であること（7バイト）',
          en: 'メモ must be at most 5 bytes in Shift_JIS (7)',
        },
      },
    ]);
  });
  it('checks annotated tuple entries at their index, and skips them when the tuple is not an array', () => {
    const v = createSchemaValidator(
      Type.Object({
        pair: Type.Tuple([
          Type.String({ title: '開始日', ...DATE_79 }),
          Type.String({ title: '終了日', ...DATE_79 }),
        ]),
      }),
    );
    expect(v.validate({ pair: ['2025-02-30', '2025-03-01'] })).toEqual([
      {
        path: '/pair/0',
        code: C.INVALID_DATE,
        message: {
          ja: '「開始日」は実存日であること（2025-02-30）',
          en: '開始日 is not a calendar date (2025-02-30)',
        },
      },
    ]);
    expect(keysOf(v.validate({ pair: 'x' }))).toEqual([`${C.INVALID_TYPE} /pair`]);
  });
  it('checks tuples inside arrays entry by entry, skipping entries of the wrong shape', () => {
    const v = createSchemaValidator(Type.Object({ spans: Type.Array(Type.Tuple([Type.String(DATE_79)])) }));
    expect(keysOf(v.validate({ spans: [['2025-02-30'], 'x', [], ['2025-03-01']] }))).toEqual([
      `${C.INVALID_TYPE} /spans/1`,
      `${C.INVALID_LENGTH} /spans/2`,
      `${C.INVALID_DATE} /spans/0/0`,
    ]);
  });
  it('accepts an empty tuple and names what lies below it by its index', () => {
    const v = createSchemaValidator(Type.Object({ none: Type.Tuple([]) }));
    expect(v.validate({ none: [] })).toEqual([]);
    expect(keysOf(v.validate({ none: [1] }))).toEqual([`${C.INVALID_LENGTH} /none`]);
    expect(v.titleAt('/none/0')).toBe('0');
  });
  it('reports a literal mismatch as INVALID_CODE naming the one allowed value', () => {
    const v = createSchemaValidator(Type.Object({ version: Type.Literal('1', { title: '版' }) }));
    expect(v.validate({ version: '2' })).toEqual([
      {
        path: '/version',
        code: C.INVALID_CODE,
        message: { ja: "「版」は'1'であること: '2'", en: "版 must be '1': '2'" },
      },
    ]);
  });
  it('reports a value matching no variant of a union with a non-object variant as INVALID_TYPE', () => {
    const v = createSchemaValidator(
      Type.Object({
        acct: Type.Union([Type.Object({ kind: Type.Literal('bank'), no: Type.String() }), Type.Null()], {
          title: '口座',
        }),
      }),
    );
    expect(v.validate({ acct: { kind: 'post' } })).toEqual([
      {
        path: '/acct',
        code: C.INVALID_TYPE,
        message: { ja: '「口座」の内容が正しくありません', en: '口座 matches none of the allowed shapes' },
      },
    ]);
    expect(keysOf(v.validate({ acct: { kind: 'bank', no: 1 } }))).toEqual([`${C.INVALID_TYPE} /acct/no`]);
  });
});

describe('bounded work', () => {
  const withExtraKeys = (body: object, n: number): Record<string, unknown> => {
    const b: Record<string, unknown> = { ...body };
    for (let i = 0; i < n; i++) b[`x${String(i).padStart(3, '0')}`] = i;
    return b;
  };
  it('reports at most 100 schema errors for one body', () => {
    const r = validateFiling(withExtraKeys(validShoyo(), 150), { today: TODAY });
    const errors = r.ok ? [] : r.errors;
    expect(errors).toHaveLength(100);
    expect(errors.every((e) => e.code === C.UNKNOWN_FIELD)).toBe(true);
    expect(errors[0]?.path).toBe('/x000');
    expect(errors[99]?.path).toBe('/x099');
  });
  it('below the bound, every unknown item is reported', () => {
    const r = validateFiling(withExtraKeys(validShoyo(), 99), { today: TODAY });
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(Array(99).fill(C.UNKNOWN_FIELD));
  });
  it('past the bound, the field checks leave values of the wrong type alone (no crash, no extra error)', () => {
    const b = withExtraKeys({ ...validShoyo(), birthDate: 19800401, nameKanji: 7 }, 100);
    const r = validateFiling(b, { today: TODAY });
    const errors = r.ok ? [] : r.errors;
    expect(errors).toHaveLength(100);
    expect(errors.filter((e) => e.code !== C.UNKNOWN_FIELD)).toEqual([]);
  });
  it('checks era ranges correctly across more distinct dates than its memo holds', () => {
    const v = createSchemaValidator(Type.String(DATE_79));
    const from = '1850-01-01';
    const days = 100_000; // 1850-01-01 … 2123-10-16, twice the memo size
    let refused = 0;
    for (let i = 0, d = from; i < days; i++, d = addDays(d, 1)) refused += v.validate(d).length;
    const dayNo = (iso: string): number =>
      Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;
    const accepted = dayNo('2117-12-31') - dayNo('1989-01-08') + 1; // 平成元年1月8日 … 令和99年12月31日
    expect(refused).toBe(days - accepted);
    expect([v.validate('1989-01-07').length, v.validate('1989-01-08').length]).toEqual([1, 0]);
    expect([v.validate('2117-12-31').length, v.validate('2118-01-01').length]).toEqual([0, 1]);
  });
  it('checks year-month eras correctly across more distinct months than its memo holds', () => {
    const v = createSchemaValidator(Type.String({ [CHECK_KEY]: { kind: 'yearMonth', eras: [7, 9] } }));
    let refused = 0;
    let months = 0;
    for (let y = 0; y < 5000; y++)
      for (let m = 1; m <= 12; m++, months++)
        refused += v.validate(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`).length;
    expect(months).toBe(60_000);
    expect(refused).toBe(months - (2117 - 1989 + 1) * 12); // 1989-01 (平成 at month end) … 2117-12
    expect([v.validate('1988-12').length, v.validate('1989-01').length]).toEqual([1, 0]);
  });
  it('checks 事業所整理記号 correctly across more distinct offices than its memo holds', () => {
    const v = createSchemaValidator(
      Type.Object({
        office: Type.Object(
          { prefecture: Type.String(), district: Type.String(), symbol: Type.String() },
          { [CHECK_KEY]: { kind: 'office' } },
        ),
      }),
    );
    const counts = new Map<string, number>();
    for (let d = 0; d < 100; d++)
      for (let s = 0; s <= 500; s++) {
        const office = {
          prefecture: '21',
          district: String(d).padStart(2, '0'),
          symbol: String(s).padStart(4, '0'),
        };
        for (const e of v.validate({ office })) counts.set(e.code, (counts.get(e.code) ?? 0) + 1);
      }
    expect(Object.fromEntries(counts)).toEqual({
      [IDENTIFIER_ERRORS.OFFICE_DISTRICT_INVALID]: 2 * 501, // 郡市区符号 00 and 99
      [IDENTIFIER_ERRORS.OFFICE_SYMBOL_ZERO]: 100, // 事業所記号 0000
    });
  });
});

describe('a rule that throws', () => {
  it('is reported as INTERNAL_RULE_ERROR on its item, naming the rule, instead of throwing', () => {
    // The only known input that makes a rule throw: a check date so early that 「申請月の２年１か月前」
    // falls before year 0 (ctx.today is only checked to be an ISO date).
    const r = validateFiling(validMenjo(), { today: '0001-07-10' });
    const errors = r.ok ? [] : r.errors;
    const internal = errors.filter((e) => e.code === INTERNAL_RULE_ERROR);
    expect(internal).toEqual([
      {
        path: '/periodFrom',
        code: INTERNAL_RULE_ERROR,
        message: {
          ja: `内部エラー（規則 ${C.KOKUNEN_PERIOD_TOO_OLD}）`,
          en: `internal error in rule ${C.KOKUNEN_PERIOD_TOO_OLD}: RangeError: year out of range: -1`,
        },
      },
    ]);
  });
  it('the same body on an ordinary check date has no internal error', () => {
    const r = validateFiling(validMenjo(), { today: TODAY });
    expect(r.ok ? [] : r.errors).toEqual([]);
    expect(validateFiling(validSantei(), { today: TODAY }).ok).toBe(true);
  });
});

describe('santeiDayThreshold (REFERENCE.md §2)', () => {
  const months = ([a, b, c]: readonly [number, number, number]): SanteiBody['months'] => {
    const [m4, m5, m6] = validSantei().months;
    return [
      { ...m4, days: a },
      { ...m5, days: b },
      { ...m6, days: c },
    ];
  };
  it('is 17 days, 11 for 短時間労働者, 15 for a パート with no month of 17 days', () => {
    expect(santeiDayThreshold({ months: months([31, 30, 31]) })).toBe(17);
    expect(santeiDayThreshold({ months: months([10, 12, 16]), shortTimeWorker: true })).toBe(11);
    expect(santeiDayThreshold({ months: months([15, 16, 16]), partTimeWorker: true })).toBe(15);
    expect(santeiDayThreshold({ months: months([15, 17, 16]), partTimeWorker: true })).toBe(17);
  });
});

describe('the schema-error cap', () => {
  it('stops the cross-field rules: they never read values that were not checked', () => {
    const body: Record<string, unknown> = { ...validHifuyosha(), insured: null };
    for (let i = 0; i < 120; i++) body[`unknown${i}`] = i;
    const res = validateFiling(body, { today: '2026-07-10' });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors.some((e) => e.code === INTERNAL_RULE_ERROR)).toBe(false);
    expect(res.errors.every((e) => e.path.startsWith('/unknown') || e.path.startsWith('/insured') || e.path === '')).toBe(true);
  });
});
