/**
 * The SHFD0006 codec on the edges the round-trip and parse suites do not reach: the exported
 * tunables and registry, the column codecs both ways through `encodeRow` / `decodeRow` (values the
 * format cannot carry, absent items, year-month cells, fixed-list holes, the bounded 和暦 memo), the
 * writer's header / form / empty-stream refusals, and the reader's input edges (Uint8Array chunks,
 * records spread over many chunks past the detection window, UTF-8 declared on a large file, inputs
 * that fail with a non-Error, a value that is not a byte source at all).
 */
import { Readable } from 'node:stream';
import { decode } from 'iconv-lite';
import { FORM_CODES, type EmployerFilingBody } from '@nenkin/contracts/forms';
import { DATE_ERRORS, toEraDate, addDays } from '../src/dates';
import { FormRuleCodes as C } from '../src/forms';
import {
  generateShfd0006,
  parseShfd0006,
  generateShfd0006Stream,
  Shfd0006EncodeError,
  Shfd0006Codes as S,
  DATA_LAYOUTS,
  layoutFor,
  decodeRow,
  encodeRow,
  columnForPath,
  MANAGEMENT_EMPLOYER_LAYOUT,
  REPRESENTATIVE_FORM_CODE,
  DEFAULT_MAX_ROWS,
  DEFAULT_MAX_LINE_BYTES,
  DETECT_BYTES,
  GENERATE_BATCH_ROWS,
  type Layout,
  type Shfd0006Item,
} from '../src/shfd0006';
import { HEADER, validSantei, validShoyo, validShutoku, validMenjo } from './helpers/filings';
import { HEADER_LINES, fileOf, collect, kinds, errorKeys, trackedSource } from './helpers/shfd0006';

const SANTEI = DATA_LAYOUTS[FORM_CODES.SANTEI];
const SHOYO = DATA_LAYOUTS[FORM_CODES.SHOYO];
const SHUTOKU = DATA_LAYOUTS[FORM_CODES.SHIKAKU_SHUTOKU];
/** 1-based column of an item of a table. */
const col = (layout: Layout, pointer: string): number => {
  const c = columnForPath(layout, pointer);
  if (c === undefined) throw new Error(`no column for ${pointer}`);
  return c;
};
const without = <T extends object>(body: T, key: keyof T): T => {
  const b = { ...body };
  delete b[key];
  return b;
};
const encodeError = (f: () => unknown): Shfd0006EncodeError => {
  try {
    f();
  } catch (e) {
    if (e instanceof Shfd0006EncodeError) return e;
    throw e;
  }
  throw new Error('expected Shfd0006EncodeError');
};
/** The data line the writer produces for one body (as text). */
const lineOf = (body: EmployerFilingBody): string =>
  decode(generateShfd0006(HEADER, [body]), 'cp932').split('\r\n')[5] ?? '';
const errorsOf = (e: Shfd0006EncodeError) => e.errors.map((x) => `${x.path} ${x.code}`);

describe('exports', () => {
  it('has the documented tunables', () => {
    expect([DEFAULT_MAX_ROWS, DEFAULT_MAX_LINE_BYTES, DETECT_BYTES, GENERATE_BATCH_ROWS]).toEqual([
      50_000, 4_096, 65_536, 512,
    ]);
    expect(REPRESENTATIVE_FORM_CODE).toBe('22223');
  });
  it('finds the table of an employer form by its code, and none for any other code', () => {
    expect(layoutFor(FORM_CODES.SANTEI)).toBe(SANTEI);
    expect(layoutFor('KOKUNEN_MENJO')).toBeUndefined();
    expect(layoutFor('')).toBeUndefined();
  });
  it('refuses a table that was not built by the codec', () => {
    const fake: Layout = { id: 'fake', title: 'fake', itemCount: 0, fields: [], columns: [] };
    expect(() => decodeRow(fake, [])).toThrow('layout fake was not built with defineLayout');
    expect(() => encodeRow(fake, {})).toThrow('layout fake was not built with defineLayout');
    expect(() => columnForPath(fake, '/x')).toThrow('layout fake was not built with defineLayout');
  });
  it('places a pointer inside an item on the item’s column', () => {
    expect(columnForPath(SANTEI, '/remarks/0')).toBe(col(SANTEI, '/remarks'));
    expect(columnForPath(SHOYO, '/cash/deeper/still')).toBe(col(SHOYO, '/cash'));
  });
});

describe('column codecs through encodeRow', () => {
  it.each([
    ['a negative amount', { ...validShoyo(), cash: -1 }, '/cash: not a non-negative integer: -1'],
    ['a fractional amount', { ...validShoyo(), inKind: 0.5 }, '/inKind: not a non-negative integer: 0.5'],
    [
      'an amount of 8 digits',
      { ...validShoyo(), total: 10_000_000 },
      '/total: 10000000 does not fit in 7 digits',
    ],
    [
      'a 基礎年金番号 of the wrong length',
      { ...validShoyo(), pensionNumber: '123' },
      '/pensionNumber: cannot split "123" into N4 + N6',
    ],
  ] as const)('throws RangeError naming the item on %s', (_n, body, message) => {
    expect(() => encodeRow(SHOYO, body)).toThrow(new RangeError(message));
  });
  it('throws on a 標準報酬 that is not whole thousands and a 郵便番号 without its hyphen', () => {
    expect(() => encodeRow(SANTEI, { ...validSantei(), previousStandardHealth: 300_500 })).toThrow(
      new RangeError('/previousStandardHealth: not a non-negative integer: 300500'),
    );
    expect(() =>
      encodeRow(SHUTOKU, { ...validShutoku(), myNumber: undefined, postalCode: '1234567' }),
    ).toThrow(new RangeError('/postalCode: cannot split "1234567" into N3 + N4'));
  });
  it('writes absent items as empty cells (a 0/1 item, a 和暦 year-month, a 作成年月日)', () => {
    const shutoku = encodeRow(SHUTOKU, without(validShutoku(), 'hasDependants'));
    expect(shutoku[col(SHUTOKU, '/hasDependants') - 1]).toBe('');
    expect(encodeRow(SHUTOKU, validShutoku())[col(SHUTOKU, '/hasDependants') - 1]).toMatch(/^[01]$/);
    const santei = encodeRow(SANTEI, without(validSantei(), 'previousRevisionMonth'));
    const c = col(SANTEI, '/previousRevisionMonth');
    expect(santei.slice(c - 1, c + 2)).toEqual(['', '', '']);
    expect(
      encodeRow(MANAGEMENT_EMPLOYER_LAYOUT, { management: { ...HEADER.management, createdOn: undefined } }),
    ).toEqual(['21', '01', 'ｹｲﾄ', '001', '', '22223']);
  });
});

describe('column codecs through decodeRow', () => {
  const santeiCells = encodeRow(SANTEI, validSantei());
  const ym = col(SANTEI, '/applicableMonth');
  const withApplicable = (era: string, yy: string, mm: string): string[] => {
    const cells = [...santeiCells];
    cells.splice(ym - 1, 3, era, yy, mm);
    return cells;
  };
  it('reads 適用年月 written 令和7年9月', () => {
    const { value, errors } = decodeRow(SANTEI, withApplicable('9', '07', '09'));
    expect(errors).toEqual([]);
    expect(value.applicableMonth).toBe('2025-09');
  });
  it.each([
    ['an era code that is not 1/3/5/7/9', ['2', '07', '09'], 0, 'ERA_CODE_INVALID', '適用年月（元号）'],
    ['a one-digit year', ['9', '7', '09'], 1, S.NOT_NUMERIC, '適用年月（年）'],
    ['a one-digit month', ['9', '07', '9'], 2, S.NOT_NUMERIC, '適用年月（月）'],
    ['month 13', ['9', '07', '13'], 1, DATE_ERRORS.ERA_DATE_INVALID, '適用年月（年）'],
  ] as const)('reports %s on its column', (_n, [era, yy, mm], offset, code, name) => {
    const { value, errors } = decodeRow(SANTEI, withApplicable(era, yy, mm));
    expect(errors.map((e) => [e.column, e.path, e.code])).toEqual([[ym + offset, '/applicableMonth', code]]);
    expect(errors[0]?.ja.startsWith(`「${name}」: `)).toBe(true);
    expect(value.applicableMonth).toBeUndefined();
  });
  it('reads a management record without 作成年月日 as having none (the schema then requires it)', () => {
    expect(decodeRow(MANAGEMENT_EMPLOYER_LAYOUT, ['21', '01', 'ｹｲﾄ', '001', '', '22223'])).toEqual({
      value: { management: { office: { prefecture: '21', district: '01', symbol: 'ｹｲﾄ' }, mediaSerial: 1 } },
      errors: [],
    });
  });
  it('turns a wholly empty pay month into {} so that the schema names its missing items', () => {
    const first = col(SANTEI, '/months/1/days');
    const cells = santeiCells.map((c, i) =>
      [
        first,
        col(SANTEI, '/months/1/cash'),
        col(SANTEI, '/months/1/inKind'),
        col(SANTEI, '/months/1/total'),
      ].includes(i + 1)
        ? ''
        : c,
    );
    const { value, errors } = decodeRow(SANTEI, cells);
    expect(errors).toEqual([]);
    expect(value.months).toEqual([validSantei().months[0], {}, validSantei().months[2]]);
  });
  it('reads 和暦 birth dates right across more distinct dates than its memo holds', () => {
    const codec = SHOYO.fields.find((f) => f.path === '/birthDate')?.codec;
    if (codec === undefined) throw new Error('no /birthDate item');
    let wrong = 0;
    let d = '1900-01-01';
    for (let i = 0; i < 60_000; i++, d = addDays(d, 1)) {
      const { eraCode, yymmdd } = toEraDate(d);
      if (codec.decode([String(eraCode), yymmdd], 0) !== d) wrong++;
    }
    expect(wrong).toBe(0);
    expect(d).toBe('2064-04-10'); // 60,000 distinct dates walked
    expect(codec.decode(['9', '070230'], 0)).toMatchObject({ offset: 1, code: DATE_ERRORS.ERA_DATE_INVALID });
  });
});

describe('generateShfd0006 refusals', () => {
  it('refuses a management record naming another office than the establishment', () => {
    const header = {
      ...HEADER,
      management: { ...HEADER.management, office: { prefecture: '21', district: '02', symbol: 'ｹｲﾄ' } },
    };
    const e = encodeError(() => generateShfd0006(header, [validShoyo()]));
    expect(errorsOf(e)).toEqual([`/header/management/office ${S.OFFICE_MISMATCH}`]);
    expect(e.message).toBe(`SHFD0006.CSV cannot be written: /header/management/office ${S.OFFICE_MISMATCH}`);
  });
  it('refuses a body of a form the file does not carry (国民年金)', () => {
    const rows = [validShoyo(), validMenjo() as unknown as EmployerFilingBody];
    const e = encodeError(() => generateShfd0006(HEADER, rows));
    expect(errorsOf(e)).toEqual([`/rows/1/formCode ${S.UNKNOWN_FORM_CODE}`]);
  });
  it('the stream writes the header, then refuses a file without data records', async () => {
    const chunks: Buffer[] = [];
    const run = async (): Promise<void> => {
      for await (const c of generateShfd0006Stream(HEADER, [])) chunks.push(c);
    };
    const failure = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(Shfd0006EncodeError);
    expect(errorsOf(failure as Shfd0006EncodeError)).toEqual([`/rows ${S.NO_DATA_ROWS}`]);
    expect(Buffer.concat(chunks)).toEqual(fileOf(HEADER_LINES));
  });
});

describe('parseShfd0006 input edges', () => {
  /** A valid file of `n` 算定 records (about 150 bytes each). */
  const bigFile = (n: number, encoding: 'cp932' | 'utf8' = 'cp932'): Buffer =>
    fileOf([...HEADER_LINES, ...Array<string>(n).fill(lineOf(validSantei()))], { encoding });
  const rowLines = (items: readonly Shfd0006Item[]): number[] =>
    items.flatMap((i) => (i.kind === 'row' ? [i.line] : []));

  it('reads a file of more than 64 KiB declared UTF-8', async () => {
    const bytes = bigFile(600, 'utf8');
    expect(bytes.length).toBeGreaterThan(DETECT_BYTES);
    const items = await collect([bytes], { encoding: 'utf8' });
    expect(items[0]).toMatchObject({ kind: 'header', encoding: 'utf8' });
    expect(rowLines(items)).toEqual(Array.from({ length: 600 }, (_, i) => 6 + i));
  });
  it('reads records spread over many small chunks after the detection window like one buffer', async () => {
    const bytes = bigFile(600);
    const whole = await collect([bytes]);
    const { source, state } = trackedSource(bytes, 7);
    const chunked = await collect(source);
    expect(chunked).toEqual(whole);
    expect(kinds(chunked)).toEqual(['header', ...Array(600).fill('row')]);
    expect(state).toMatchObject({ pulled: state.total, closed: true });
  });
  it('reads plain Uint8Array chunks (as Readable.fromWeb yields them), honouring their offset', async () => {
    const bytes = generateShfd0006(HEADER, [validSantei(), validShoyo()]);
    const backing = new Uint8Array(bytes.length + 16).fill(0x2c);
    backing.set(bytes, 16);
    const half = 16 + Math.floor(bytes.length / 2);
    const chunks = [backing.subarray(16, half), backing.subarray(half)];
    expect(chunks.some((c) => Buffer.isBuffer(c))).toBe(false);
    const items = await collect(Readable.from(chunks));
    expect(items).toEqual(await collect([bytes]));
    expect(kinds(items)).toEqual(['header', 'row', 'row']);
  });
  it.each([
    ['a string', 'disk gone', 'disk gone'],
    ['undefined', undefined, 'read failed'],
  ])('reports an input failing with %s as READ_ERROR', async (_n, reason, shown) => {
    const bytes = generateShfd0006(HEADER, [validSantei()]);
    async function* failing(): AsyncGenerator<Buffer> {
      yield bytes;
      throw reason;
    }
    const items = await collect(failing());
    const last = items[items.length - 1];
    expect(kinds(items)).toEqual(['header', 'row', 'file-error']);
    expect(last?.kind === 'file-error' && last.errors).toEqual([
      {
        path: '',
        code: S.READ_ERROR,
        message: { ja: `ファイルを読み込めませんでした: ${shown}`, en: `Reading the file failed: ${shown}` },
      },
    ]);
  });
  it('reports a value that is not a byte source as INVALID_INPUT instead of throwing', async () => {
    const items = await collect({ size: 3 } as unknown as Iterable<Buffer>);
    expect(errorKeys(items)).toEqual([`-:- ${S.INVALID_INPUT}`]);
    expect(kinds(items)).toEqual(['file-error']);
  });
});

describe('parseShfd0006 record edges', () => {
  const fileWith = (lines: readonly string[]): Buffer => fileOf([...HEADER_LINES, ...lines]);

  it('reports a quote in a fixed column (no JSON item) with an empty path', async () => {
    const cells = lineOf(validSantei()).split(',');
    const payMonth = SANTEI.columns.findIndex((c) => c.name === '給与支給月（5月）');
    expect(SANTEI.columns[payMonth]?.path).toBeNull();
    cells[payMonth] = '0"5';
    const [, row] = await collect([fileWith([cells.join(',')])]);
    expect(row).toMatchObject({ kind: 'row-error', line: 6, formCode: FORM_CODES.SANTEI });
    expect(row?.kind === 'row-error' && row.errors.map((e) => [e.line, e.column, e.path, e.code])).toEqual([
      [6, payMonth + 1, '', S.QUOTE_NOT_ALLOWED],
    ]);
  });
  it('names every missing item of a wholly empty pay month on its column', async () => {
    const cells = lineOf(validSantei()).split(',');
    const items = ['days', 'cash', 'inKind', 'total'].map((k) => col(SANTEI, `/months/2/${k}`));
    for (const c of items) cells[c - 1] = '';
    const [, row] = await collect([fileWith([cells.join(',')])]);
    expect(row?.kind === 'row-error' && row.errors.map((e) => [e.column, e.path, e.code])).toEqual(
      ['days', 'cash', 'inKind', 'total'].map((k, i) => [items[i], `/months/2/${k}`, C.REQUIRED]),
    );
  });
  it('places a missing 作成年月日 of the header on line 1, column 5', async () => {
    const lines = ['21,01,ｹｲﾄ,001,,22223', ...HEADER_LINES.slice(1), lineOf(validShoyo())];
    const items = await collect([fileOf(lines)]);
    expect(kinds(items)).toEqual(['file-error']);
    expect(errorKeys(items)).toEqual([`1:5 ${C.REQUIRED}`]);
  });
});

describe('untyped callers', () => {
  it.each([null, undefined])('parseShfd0006(%s) yields a file-error instead of throwing', async (input) => {
    const items = [];
    for await (const item of parseShfd0006(input as unknown as Buffer[], { today: '2026-07-10' })) items.push(item);
    expect(items).toHaveLength(1);
    expect(items[0]?.kind).toBe('file-error');
  });
});
