/**
 * validateFiling: the catalog, schema errors (pointer, code, ja/en), the field checks the schema
 * cannot express, "all errors at once", and the never-throws property.
 */
import fc from 'fast-check';
import { Kind } from '@sinclair/typebox';
import {
  FORM_CODES,
  KOKUNEN_FORM_CODES,
  FORM_SCHEMAS,
  FilingBody,
  type FormCode,
} from '@nenkin/contracts/forms';
import { CHARSET_ERRORS } from '../src/charset';
import { DATE_ERRORS } from '../src/dates';
import { IDENTIFIER_ERRORS } from '../src/identifiers';
import { validateFiling, FormRuleCodes as C, INTERNAL_RULE_ERROR } from '../src/forms';
import {
  TODAY,
  MY_NUMBER,
  validSantei,
  validGeppen,
  validShoyo,
  validShutoku,
  validSoshitsu,
  validHifuyosha,
  validMenjo,
  validGakusei,
  validKoza,
  validFuka,
  validKokunenShutoku,
  arbFromSchema,
  arbValidEmployerFiling,
} from './helpers/filings';

const VALID: Record<FormCode, () => { formCode: FormCode }> = {
  [FORM_CODES.SANTEI]: validSantei,
  [FORM_CODES.GEPPEN]: validGeppen,
  [FORM_CODES.SHOYO]: validShoyo,
  [FORM_CODES.SHIKAKU_SHUTOKU]: validShutoku,
  [FORM_CODES.SHIKAKU_SOSHITSU]: validSoshitsu,
  [FORM_CODES.HIFUYOSHA]: validHifuyosha,
  [KOKUNEN_FORM_CODES.MENJO]: validMenjo,
  [KOKUNEN_FORM_CODES.GAKUSEI]: validGakusei,
  [KOKUNEN_FORM_CODES.KOZA]: validKoza,
  [KOKUNEN_FORM_CODES.FUKA]: validFuka,
  [KOKUNEN_FORM_CODES.SHUTOKU]: validKokunenShutoku,
};
const ALL_FORMS = Object.keys(VALID) as FormCode[];

const errorsOf = (body: unknown, today = TODAY) => {
  const r = validateFiling(body, { today });
  return r.ok ? [] : r.errors;
};
const codesAt = (body: unknown) => errorsOf(body).map((e) => `${e.code} ${e.path}`);

const KNOWN_CODES = new Set<string>([
  ...Object.values(C),
  ...Object.values(CHARSET_ERRORS),
  ...Object.values(DATE_ERRORS),
  ...Object.values(IDENTIFIER_ERRORS),
]);

describe('catalog', () => {
  it('has the six employer form codes of the spec', () => {
    expect(FORM_CODES).toEqual({
      SHIKAKU_SHUTOKU: '2200700',
      SHIKAKU_SOSHITSU: '2201700',
      HIFUYOSHA: '2202700',
      GEPPEN: '2221700',
      SANTEI: '2225700',
      SHOYO: '2265700',
    });
  });
  it.each(ALL_FORMS)('a valid %s body passes and is returned typed', (code) => {
    const body = VALID[code]();
    const r = validateFiling(body, { today: TODAY });
    expect(r.ok ? [] : r.errors).toEqual([]);
    expect(r.ok && r.value).toBe(body);
  });
  it('every schema is strict and bounds every string', () => {
    const walk = (s: Record<string | symbol, unknown>, path: string, out: string[]): void => {
      const kind = s[Kind];
      if (kind === 'Object' && s.additionalProperties !== false) out.push(`${path}: additionalProperties`);
      if (kind === 'String' && typeof s.maxLength !== 'number') out.push(`${path}: maxLength`);
      for (const [k, v] of Object.entries(s)) {
        if (k === 'x-check' || k === 'x-format' || k === 'x-codes') continue;
        if (Array.isArray(v))
          v.forEach(
            (x, i) =>
              typeof x === 'object' &&
              x !== null &&
              walk(x as Record<string, unknown>, `${path}/${k}/${i}`, out),
          );
        else if (typeof v === 'object' && v !== null) walk(v as Record<string, unknown>, `${path}/${k}`, out);
      }
    };
    const problems: string[] = [];
    walk(FilingBody as unknown as Record<string, unknown>, '', problems);
    expect(problems).toEqual([]);
  });
});

describe('dispatch and context', () => {
  it.each([null, 42, 'x', [], {}, { formCode: '9999999' }, { formCode: 2225700 }])(
    'unknown body %j → UNKNOWN_FORM_CODE',
    (body) => {
      expect(codesAt(body)).toEqual([`${C.UNKNOWN_FORM_CODE} /formCode`]);
    },
  );
  it('rejects a check date that is not an ISO date', () => {
    expect(errorsOf(validSantei(), '2025-13-01').map((e) => e.code)).toEqual([C.INVALID_CHECK_DATE]);
  });
});

describe('schema errors', () => {
  it('reports a missing required item with its Japanese name', () => {
    const b: Record<string, unknown> = validShoyo();
    delete b.paymentDate;
    const [e] = errorsOf(b);
    expect(e).toEqual({
      path: '/paymentDate',
      code: C.REQUIRED,
      message: { ja: '「賞与支払年月日」が入力されていること', en: '賞与支払年月日 is required' },
    });
  });
  it('reports unknown fields, types, formats, codes and ranges on their pointers', () => {
    const b = {
      ...validShutoku(),
      extra: 1,
      officeNumber: 123,
      nameKana: 'ｽｽﾞｷｲﾁﾛｳ',
      kind: '4',
      remuneration: { cash: -1, inKind: 0, total: 0 },
      hasDependants: 'yes',
    };
    expect(codesAt(b)).toEqual(
      expect.arrayContaining([
        `${C.UNKNOWN_FIELD} /extra`,
        `${C.INVALID_TYPE} /officeNumber`,
        `${C.INVALID_FORMAT} /nameKana`,
        `${C.INVALID_CODE} /kind`,
        `${C.OUT_OF_RANGE} /remuneration/cash`,
        `${C.INVALID_TYPE} /hasDependants`,
      ]),
    );
    const kind = errorsOf(b).find((e) => e.path === '/kind');
    expect(kind?.message.ja).toContain("'1'、'2'、'3'、'5'、'6'、'7'の何れか");
    const kana = errorsOf(b).find((e) => e.path === '/nameKana');
    expect(kana?.message.ja).toContain('姓と名の間に半角スペース');
  });
  it('checks list lengths', () => {
    const b = { ...validSantei(), months: validSantei().months.slice(0, 2) };
    expect(codesAt(b)).toContain(`${C.INVALID_LENGTH} /months`);
    const h = validHifuyosha();
    const o = h.otherDependants?.[0];
    const three = { ...h, otherDependants: [o, o, o] };
    expect(codesAt(three)).toContain(`${C.INVALID_LENGTH} /otherDependants`);
  });
  it('descends into the variant an object claims to be (口座: bank vs japan-post)', () => {
    const b = {
      ...validKoza(),
      account: {
        kind: 'bank',
        bankCode: '01',
        branchCode: '001',
        accountType: '1',
        accountNumber: '1234567',
        holderKana: 'ｺｸﾐﾝ ﾈﾝｷﾝ',
      },
    };
    expect(codesAt(b)).toEqual([`${C.INVALID_FORMAT} /account/bankCode`]);
  });
  it('rejects a comma, a quote or a line break in free text (the file has no quoting)', () => {
    for (const remarks of ['a,b', 'a"b', 'a\r\nb']) {
      expect(codesAt({ ...validSantei(), remarks })).toEqual([`${C.INVALID_FORMAT} /remarks`]);
    }
  });
  it('requires the money items to be integers of yen ≤ 9,999,999', () => {
    expect(codesAt({ ...validShoyo(), cash: 500_500.5 })).toContain(`${C.INVALID_TYPE} /cash`);
    expect(codesAt({ ...validShoyo(), cash: 10_000_000 })).toContain(`${C.OUT_OF_RANGE} /cash`);
    expect(codesAt({ ...validSantei(), previousStandardHealth: 300_500 })).toContain(
      `${C.INVALID_FORMAT} /previousStandardHealth`,
    );
  });
});

describe('field checks beyond JSON Schema', () => {
  it.each([
    ['a date that does not exist', { birthDate: '1990-02-29' }, C.INVALID_DATE, '/birthDate'],
    ['an event date in 昭和', { acquisitionDate: '1989-01-07' }, C.ERA_NOT_ALLOWED, '/acquisitionDate'],
    ['a birth date before 明治', { birthDate: '1868-01-24' }, C.ERA_NOT_ALLOWED, '/birthDate'],
    ['a date beyond 令和99年', { acquisitionDate: '2118-01-01' }, C.ERA_NOT_ALLOWED, '/acquisitionDate'],
    [
      'a wrong 個人番号 check digit',
      { myNumber: '123456789012', postalCode: undefined, addressKana: undefined, addressKanji: undefined },
      C.MY_NUMBER_CHECK_DIGIT,
      '/myNumber',
    ],
    [
      'a machine-dependent character (髙)',
      { nameKanji: '髙橋　一郎' },
      CHARSET_ERRORS.CHARSET_MACHINE_DEPENDENT,
      '/nameKanji',
    ],
    [
      'a character outside Shift_JIS',
      { nameKanji: '𠮷田　一郎' },
      CHARSET_ERRORS.CHARSET_NOT_CP932,
      '/nameKanji',
    ],
    [
      'a kanji name over 25 bytes',
      { nameKanji: '日本日本日本日本日本日本　太郎' },
      C.BYTE_LENGTH_EXCEEDED,
      '/nameKanji',
    ],
    ['a remark over 75 bytes', { remarks: '備'.repeat(38) }, C.BYTE_LENGTH_EXCEEDED, '/remarks'],
    [
      'a JIS prefecture code that is not the agency’s (13)',
      { office: { prefecture: '13', district: '01', symbol: 'ｹｲﾄ' } },
      IDENTIFIER_ERRORS.OFFICE_PREFECTURE_INVALID,
      '/office/prefecture',
    ],
    [
      '郡市区符号 00',
      { office: { prefecture: '21', district: '00', symbol: 'ｹｲﾄ' } },
      IDENTIFIER_ERRORS.OFFICE_DISTRICT_INVALID,
      '/office/district',
    ],
    [
      '事業所記号 mixing kana and letters',
      { office: { prefecture: '21', district: '01', symbol: 'ｹA' } },
      IDENTIFIER_ERRORS.OFFICE_SYMBOL_CHARSET,
      '/office/symbol',
    ],
    [
      '事業所記号 all zeros',
      { office: { prefecture: '21', district: '01', symbol: '0000' } },
      IDENTIFIER_ERRORS.OFFICE_SYMBOL_ZERO,
      '/office/symbol',
    ],
  ] as const)('%s', (_name, patch, code, path) => {
    const body = { ...validShutoku(), ...patch };
    for (const [k, v] of Object.entries(patch))
      if (v === undefined) delete (body as Record<string, unknown>)[k];
    expect(codesAt(body)).toContain(`${code} ${path}`);
  });
  it('accepts 明治 birth dates from 1868-01-25 and 令和99年12月31日', () => {
    expect(codesAt({ ...validShutoku(), birthDate: '1868-01-25' })).toEqual([]);
    expect(codesAt({ ...validSantei(), previousRevisionMonth: '2117-12' })).toEqual([]);
  });
  it('checks the era of year-months at month end (平成31年4月 ok, 昭和63年12月 not for 改定年月)', () => {
    expect(codesAt({ ...validSantei(), previousRevisionMonth: '2019-04' })).toEqual([]);
    expect(codesAt({ ...validSantei(), previousRevisionMonth: '1988-12' })).toEqual([
      `${C.ERA_NOT_ALLOWED} /previousRevisionMonth`,
    ]);
  });
});

describe('all errors at once, each once', () => {
  it('returns every broken rule of a body in one result', () => {
    const b = {
      ...validSoshitsu(),
      nameKana: 'X',
      lossDate: '2025-07-05',
      certificatesAttached: 100,
      pensionNumber: undefined,
    };
    delete b.pensionNumber;
    expect(codesAt(b).sort()).toEqual(
      [
        `${C.INVALID_FORMAT} /nameKana`,
        `${C.SOSHITSU_LOSS_DATE_NEXT_DAY} /lossDate`,
        `${C.OUT_OF_RANGE} /certificatesAttached`,
        `${C.IDENTITY_REQUIRED} /pensionNumber`,
      ].sort(),
    );
  });
  it('does not run a rule on a value that already failed (no cascade)', () => {
    const b = validSantei() as unknown as { months: { cash: unknown }[] };
    (b.months[0] as { cash: unknown }).cash = '300000';
    expect(codesAt(b)).toEqual([`${C.INVALID_TYPE} /months/0/cash`]);
  });
});

describe('properties', () => {
  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withMap: true, withSet: true }),
        fc.constantFrom(...ALL_FORMS),
        (junk, code) => {
          errorsOf(junk);
          const errors = errorsOf({
            ...(typeof junk === 'object' && junk !== null ? junk : {}),
            formCode: code,
          });
          expect(errors.every((e) => e.code !== INTERNAL_RULE_ERROR)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('never throws on a valid body with one item replaced by anything', () => {
    const leaves = (v: unknown, path: (string | number)[] = []): (string | number)[][] =>
      typeof v === 'object' && v !== null
        ? Object.entries(v).flatMap(([k, x]) => [
            [...path, Array.isArray(v) ? Number(k) : k],
            ...leaves(x, [...path, Array.isArray(v) ? Number(k) : k]),
          ])
        : [];
    fc.assert(
      fc.property(fc.constantFrom(...ALL_FORMS), fc.nat(), fc.anything(), (code, pick, junk) => {
        const body = VALID[code]();
        const all = leaves(body);
        const path = all[pick % all.length] as (string | number)[];
        let node: Record<string | number, unknown> = body as unknown as Record<string | number, unknown>;
        for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
        node[path[path.length - 1] as string | number] = junk;
        const errors = errorsOf(body);
        expect(errors.every((e) => KNOWN_CODES.has(e.code))).toBe(true);
        expect(errors.every((e) => e.path === '' || e.path.startsWith('/'))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
  it.each(ALL_FORMS)('schema-shaped %s bodies: known codes only, no rule crashes', (code) => {
    fc.assert(
      fc.property(arbFromSchema(FORM_SCHEMAS[code]), (body) => {
        const errors = errorsOf(body);
        expect(errors.filter((e) => !KNOWN_CODES.has(e.code))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
  it('the rule-valid arbitraries are valid (fixtures for the codec properties)', () => {
    fc.assert(
      fc.property(arbValidEmployerFiling, (body) => {
        expect(errorsOf(body)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
  it('a 個人番号 with its check digit passes', () => {
    expect(codesAt({ ...validShoyo(), over70: true, myNumber: MY_NUMBER })).toEqual([]);
  });
});
