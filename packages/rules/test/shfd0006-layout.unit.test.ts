/**
 * The per-form column tables: item counts and positions as the sources give them, kirico's own
 * expected CSV lines read back through our tables, encode/decode identity on every schema-shaped
 * body, the required flags agreeing with the schemas, the widest record within the line limit, and
 * docs/shfd0006.md in step with the tables.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Kind, type TSchema } from '@sinclair/typebox';
import {
  CHECK_KEY,
  FORM_CODES,
  FORM_SCHEMAS,
  Shfd0006Header,
  type CheckAnnotation,
} from '@nenkin/contracts/forms';
import {
  DATA_LAYOUTS,
  decodeRow,
  encodeRow,
  columnForPath,
  layoutMarkdown,
  DEFAULT_MAX_LINE_BYTES,
  MANAGEMENT_EMPLOYER_LAYOUT,
  MANAGEMENT_SHAROUSHI_LAYOUT,
  OFFICE_COUNT_EMPLOYER_LAYOUT,
  OFFICE_COUNT_SHAROUSHI_LAYOUT,
  ESTABLISHMENT_LAYOUT,
  type Layout,
} from '../src/shfd0006';
import { arbFromSchema, HEADER, SHAROUSHI_HEADER } from './helpers/filings';

const layouts = Object.values(DATA_LAYOUTS);
const nameAt = (layout: Layout, no: number) => layout.columns[no - 1]?.name;

describe('item counts (REFERENCE.md §1 / the brief)', () => {
  it.each([
    ['2200700', 34],
    ['2201700', 27],
    ['2202700', 139],
    ['2221700', 49],
    ['2225700', 53],
    ['2265700', 21],
  ] as const)('%s has %i items', (code, n) => {
    expect(DATA_LAYOUTS[code].itemCount).toBe(n);
    expect(DATA_LAYOUTS[code].columns).toHaveLength(n);
    expect(DATA_LAYOUTS[code].columns.map((c) => c.no)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });
});

describe('positions as the sources give them', () => {
  it.each([
    // 2200700 — rakually todokede-check.js `shutoku`
    ['2200700', 5, '事業所番号'],
    ['2200700', 11, '種別（性別）'],
    ['2200700', 13, '個人番号'],
    ['2200700', 18, '資格取得年月日（元号）'],
    ['2200700', 20, '被扶養者の有無'],
    ['2200700', 23, '報酬月額（合計）'],
    ['2200700', 29, '郵便番号（親番号）'],
    ['2200700', 31, '被保険者住所（カナ）'],
    ['2200700', 34, '資格確認書発行要否'],
    // 2201700 — rakually docs/soshitsu-2201700.md
    ['2201700', 11, '個人番号'],
    ['2201700', 12, '基礎年金番号（課所符号）'],
    ['2201700', 14, '資格喪失年月日（元号）'],
    ['2201700', 16, '喪失（不該当）原因'],
    ['2201700', 23, '資格確認書回収（返不能）'],
    ['2201700', 27, '70歳以上被用者届のみ提出'],
    // 2202700 — rakually docs/fuyo-2202700.md
    ['2202700', 5, '事業主確認欄'],
    ['2202700', 21, '異動の別'],
    ['2202700', 28, '配偶者 性別（続柄）'],
    ['2202700', 48, '配偶者 職業'],
    ['2202700', 69, '配偶者の年間収入'],
    ['2202700', 70, 'その他の被扶養者１ 被扶養者番号'],
    ['2202700', 76, 'その他の被扶養者１ 続柄'],
    ['2202700', 92, 'その他の被扶養者１ 職業'],
    ['2202700', 95, 'その他の被扶養者１ 被扶養者になった理由'],
    ['2202700', 103, 'その他の被扶養者２ 被扶養者番号'],
    ['2202700', 136, '届出意思確認済'],
    ['2202700', 139, '資格確認書発行要否（その他の被扶養者２）'],
    // 2221700 / 2225700 / 2265700 — kirico to_csv
    ['2221700', 22, '給与支給月（前三ヶ月）'],
    ['2221700', 37, '総計'],
    ['2221700', 46, '備考欄項目４（昇給・降給の理由）'],
    ['2221700', 49, '70歳以上被用者届のみ提出'],
    ['2225700', 22, '給与支給月（4月）'],
    ['2225700', 25, '給与計算の基礎日数（4月）'],
    ['2225700', 36, '合計（6月）'],
    ['2225700', 44, '70歳以上被用者算定基礎月'],
    ['2225700', 51, '備考欄項目８（年間平均）'],
    ['2225700', 52, '備考欄'],
    ['2265700', 10, '賞与支払年月日（元号）'],
    ['2265700', 14, '合計（賞与額）'],
    ['2265700', 20, '備考欄項目３（同一月内の賞与合算 初回支払日）'],
  ] as const)('%s item %i is %s', (code, no, name) => {
    expect(nameAt(DATA_LAYOUTS[code], no)).toBe(name);
  });
  it('places JSON pointers on their columns (errors land on the right column)', () => {
    expect(columnForPath(DATA_LAYOUTS['2225700'], '/totalSum')).toBe(37);
    expect(columnForPath(DATA_LAYOUTS['2225700'], '/months/2/total')).toBe(36);
    expect(columnForPath(DATA_LAYOUTS['2225700'], '/months')).toBe(25);
    expect(columnForPath(DATA_LAYOUTS['2202700'], '/spouse')).toBe(22);
    expect(columnForPath(DATA_LAYOUTS['2202700'], '/otherDependants/1/relationship')).toBe(109);
    expect(columnForPath(DATA_LAYOUTS['2202700'], '/otherDependants/1/certificateRequired')).toBe(139);
    expect(columnForPath(DATA_LAYOUTS['2200700'], '/office')).toBe(2);
  });
});

describe("kirico's expected lines read through our tables", () => {
  it('2225700 (kirico spec data_record2225700_spec.rb): decoded in place, written back byte for byte', () => {
    const line =
      '2225700,21,14,ｸﾄﾜ,000002,ﾖｼﾀﾞ ﾀﾛｳ,吉田　太郎,5,590527,7,28,09,0410,0200,7,27,07,03,2,05,0000344,04,05,06,03,24,17,' +
      '0444444,0555555,0666666,0000444,0000555,0000666,0444888,0556110,0667332,1223442,0611721,0001000,012345678901,0123,123456,,,,,,,,,,bikoooooo,';
    const cells = line.split(',');
    const { value, errors } = decodeRow(DATA_LAYOUTS['2225700'], cells);
    expect(errors).toEqual([]);
    expect(value).toMatchObject({
      insuredNumber: '000002',
      birthDate: '1984-05-27',
      applicableMonth: '2016-09',
      previousStandardHealth: 410_000,
      previousStandardPension: 200_000,
      previousRevisionMonth: '2015-07',
      payChangeMonth: 3,
      payChangeKind: '2',
      retroPayMonth: 5,
      retroPayAmount: 344,
      months: [
        { days: 3, cash: 444_444, inKind: 444, total: 444_888 },
        { days: 24, cash: 555_555, inKind: 555, total: 556_110 },
        { days: 17, cash: 666_666, inKind: 666, total: 667_332 },
      ],
      totalSum: 1_223_442,
      average: 611_721,
      adjustedAverage: 1000,
      myNumber: '012345678901',
      pensionNumber: '0123123456',
      remarks: 'bikoooooo',
    });
    expect(encodeRow(DATA_LAYOUTS['2225700'], value)).toEqual(cells);
  });
  it('2221700 (kirico spec + current to_csv): 備考欄項目４ is the pay-change reason; unpadded money is read', () => {
    // kirico's spec string has 48 fields: it predates the 短時間労働者 item (備考欄項目３) that its
    // current `to_csv` (and rakually's 49-item table) write before the reason. Same line, 49 items:
    const line =
      '2221700,21,57,ｹﾏ,17,ｺｳﾈﾝ ｻﾌﾞﾛｳ,厚年　三郎,5,350708,9,01,12,0260,0260,9,01,09,09,1,,,' +
      '09,10,11,31,30,31,300000,300000,300000,0,0,0,300000,300000,300000,900000,300000,,,,,,,,基本給の変更,,,';
    expect(line.split(',')).toHaveLength(49);
    const { value, errors } = decodeRow(DATA_LAYOUTS['2221700'], line.split(','));
    expect(errors).toEqual([]);
    expect(value).toMatchObject({
      revisionMonth: '2019-12',
      previousRevisionMonth: '2019-09',
      payChangeMonth: 9,
      payChangeKind: '1',
      months: [
        { month: 9, days: 31, cash: 300_000, inKind: 0, total: 300_000 },
        { month: 10, days: 30, cash: 300_000, inKind: 0, total: 300_000 },
        { month: 11, days: 31, cash: 300_000, inKind: 0, total: 300_000 },
      ],
      totalSum: 900_000,
      average: 300_000,
      payChangeReason: '基本給の変更',
    });
  });
  it('2265700 (kirico spec): 令和元年9月1日 and the rounded bonus', () => {
    const line =
      '2265700,21,14,ｸﾄﾜ,000002,ﾖｼﾀﾞ ﾀﾛｳ,吉田　太郎,5,590527,9,010901,444444,555555,999000,012345678901,0123,123456,,,,';
    const { value, errors } = decodeRow(DATA_LAYOUTS['2265700'], line.split(','));
    expect(errors).toEqual([]);
    expect(value).toMatchObject({
      paymentDate: '2019-09-01',
      cash: 444_444,
      inKind: 555_555,
      total: 999_000,
      pensionNumber: '0123123456',
    });
    expect(encodeRow(DATA_LAYOUTS['2265700'], value).join(',')).toBe(
      line.replace('444444,555555,999000', '0444444,0555555,0999000'),
    );
  });
});

describe('encode/decode identity', () => {
  it.each(layouts.map((l) => [l.id, l] as const))(
    '%s: decode(encode(x)) = x for every schema-shaped body',
    (code, layout) => {
      fc.assert(
        fc.property(arbFromSchema(FORM_SCHEMAS[code as keyof typeof DATA_LAYOUTS]), (body) => {
          const cells = encodeRow(layout, body);
          expect(cells).toHaveLength(layout.itemCount);
          const { value, errors } = decodeRow(layout, cells);
          expect(errors).toEqual([]);
          expect(value).toEqual(body);
          expect(encodeRow(layout, value)).toEqual(cells);
        }),
        { numRuns: 200 },
      );
    },
  );
  it('header records: decode(encode(header)) = header (employer and 社労士)', () => {
    fc.assert(
      fc.property(arbFromSchema(Shfd0006Header), (header) => {
        const h = header as typeof HEADER;
        const records: Layout[] =
          h.management.kind === 'sharoushi'
            ? [MANAGEMENT_SHAROUSHI_LAYOUT, OFFICE_COUNT_SHAROUSHI_LAYOUT, ESTABLISHMENT_LAYOUT]
            : [MANAGEMENT_EMPLOYER_LAYOUT, OFFICE_COUNT_EMPLOYER_LAYOUT, ESTABLISHMENT_LAYOUT];
        const back: Record<string, unknown> = { management: { kind: h.management.kind }, establishment: {} };
        for (const layout of records) {
          const { value, errors } = decodeRow(layout, encodeRow(layout, h));
          expect(errors).toEqual([]);
          for (const [k, v] of Object.entries(value)) Object.assign(back[k] as object, v);
        }
        expect(back).toEqual(h);
      }),
      { numRuns: 200 },
    );
    expect(encodeRow(MANAGEMENT_SHAROUSHI_LAYOUT, SHAROUSHI_HEADER)).toEqual([
      '',
      '',
      '13010001',
      '999',
      '20250701',
      '22223',
    ]);
    expect(encodeRow(OFFICE_COUNT_SHAROUSHI_LAYOUT, SHAROUSHI_HEADER)).toEqual(['社労士　太郎', '001']);
    expect(encodeRow(MANAGEMENT_EMPLOYER_LAYOUT, HEADER)).toEqual([
      '21',
      '01',
      'ｹｲﾄ',
      '001',
      '20250701',
      '22223',
    ]);
  });
  it.each(layouts.map((l) => [l.id, l] as const))(
    '%s: decoding arbitrary cells never throws',
    (_code, layout) => {
      fc.assert(
        fc.property(
          fc.array(
            fc.oneof(fc.string(), fc.stringMatching(/^\d{1,8}$/), fc.constantFrom('', '1', '9', '0')),
            { maxLength: 150 },
          ),
          (cells) => {
            const { errors } = decodeRow(layout, cells);
            expect(errors.every((e) => e.column >= 1 && e.column <= layout.itemCount)).toBe(true);
          },
        ),
        { numRuns: 300 },
      );
    },
  );
});

/** The schema of the leaf at a pointer and whether its parent lists it as required. */
const leafOf = (root: TSchema, pointer: string): { schema?: TSchema; required: boolean } => {
  let s: TSchema | undefined = root;
  let required = false;
  for (const seg of pointer.split('/').slice(1)) {
    if (s === undefined) break;
    if (s[Kind] === 'Object') {
      required = ((s.required as string[] | undefined) ?? []).includes(seg);
      s = (s.properties as Record<string, TSchema>)[seg];
    } else if (s[Kind] === 'Tuple') s = ((s.items ?? []) as TSchema[])[Number(seg)];
    else if (s[Kind] === 'Array') s = s.items as TSchema;
    else if (s[Kind] === 'Union')
      s = (s.anyOf as TSchema[]).map((v) => leafOf(v, `/${seg}`).schema).find((v) => v !== undefined);
  }
  return { schema: s, required };
};

describe('tables agree with the schemas', () => {
  it.each(layouts.map((l) => [l.id, l] as const))(
    '%s: every JSON pointer exists; 必須 ⇔ required in the schema',
    (code, layout) => {
      const schema = FORM_SCHEMAS[code as keyof typeof DATA_LAYOUTS];
      const problems: string[] = [];
      for (const field of layout.fields) {
        if (field.path === null) continue;
        const leaf = leafOf(schema, field.path);
        if (leaf.schema === undefined) problems.push(`${field.path}: not in the schema`);
        const tableRequired = field.req === 'required' || field.req === 'fixed';
        if (leaf.required !== tableRequired)
          problems.push(`${field.path}: table ${field.req}, schema required=${leaf.required}`);
      }
      expect(problems).toEqual([]);
    },
  );
  it('every body property of an employer form has a column', () => {
    for (const [code, layout] of Object.entries(DATA_LAYOUTS)) {
      const paths = new Set(layout.fields.map((f) => f.path));
      const walk = (s: TSchema, p: string): string[] =>
        s[Kind] === 'Object'
          ? Object.entries(s.properties as Record<string, TSchema>).flatMap(([k, v]) => walk(v, `${p}/${k}`))
          : s[Kind] === 'Tuple'
            ? ((s.items ?? []) as TSchema[]).flatMap((v, i) => walk(v, `${p}/${i}`))
            : s[Kind] === 'Array'
              ? [0, 1].flatMap((i) => walk(s.items as TSchema, `${p}/${i}`))
              : [p];
      expect(walk(FORM_SCHEMAS[code as keyof typeof DATA_LAYOUTS], '').filter((p) => !paths.has(p))).toEqual(
        [],
      );
    }
  });
});

describe('limits', () => {
  it(`the widest possible record of every form fits in DEFAULT_MAX_LINE_BYTES (${DEFAULT_MAX_LINE_BYTES})`, () => {
    const widest: Record<string, number> = {};
    for (const layout of layouts) {
      let bytes = layout.itemCount - 1;
      for (const field of layout.fields) {
        if (field.codec.maxCellBytes) {
          bytes += field.codec.maxCellBytes.reduce((a, b) => a + b, 0);
          continue;
        }
        const leaf = leafOf(FORM_SCHEMAS[layout.id as keyof typeof DATA_LAYOUTS], field.path ?? '')
          .schema as TSchema;
        const check = leaf[CHECK_KEY] as CheckAnnotation | undefined;
        const codes = (leaf.anyOf as TSchema[] | undefined)?.map((v) => String(v.const).length);
        bytes +=
          check?.kind === 'text'
            ? check.maxBytes
            : codes !== undefined
              ? Math.max(...codes)
              : (leaf.maxLength as number);
      }
      widest[layout.id] = bytes;
    }
    expect(Object.values(widest).every(Number.isInteger)).toBe(true);
    expect(Math.max(...Object.values(widest))).toBeLessThanOrEqual(DEFAULT_MAX_LINE_BYTES);
    expect(widest[FORM_CODES.HIFUYOSHA]).toBeGreaterThan(1500);
  });
});

/** Markdown tables compared cell by cell (a formatter may pad or re-align them). */
const normalizeTables = (md: string): string =>
  md
    .split('\n')
    .map((l) =>
      l
        .trim()
        .replace(/\s*\|\s*/g, '|')
        .replace(/\|:?-+(:?)(?=\|)/g, '|-$1'),
    )
    .join('\n');

describe('docs/shfd0006.md', () => {
  const doc = normalizeTables(readFileSync(join(__dirname, '../../../docs/shfd0006.md'), 'utf8'));
  it.each(
    [
      ...layouts,
      MANAGEMENT_EMPLOYER_LAYOUT,
      MANAGEMENT_SHAROUSHI_LAYOUT,
      OFFICE_COUNT_EMPLOYER_LAYOUT,
      OFFICE_COUNT_SHAROUSHI_LAYOUT,
      ESTABLISHMENT_LAYOUT,
    ].map((l) => [l.id, l] as const),
  )('carries the current column table of %s', (_id, layout) => {
    expect(doc).toContain(normalizeTables(layoutMarkdown(layout)));
  });
});
