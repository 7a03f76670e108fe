/**
 * The reader on hand-made files: the record sequence, encodings, line ends, the no-quoting rule,
 * column counts, per-row errors with line and column, header errors, limits, backpressure and early
 * close. And the writer's refusals.
 */
import { Readable } from 'node:stream';
import { decode, encode } from 'iconv-lite';
import { FormRuleCodes as C } from '../src/forms';
import { DATE_ERRORS } from '../src/dates';
import {
  generateShfd0006,
  generateShfd0006Stream,
  parseShfd0006,
  Shfd0006Codes as S,
  Shfd0006EncodeError,
  type Shfd0006Item,
} from '../src/shfd0006';
import {
  HEADER,
  SHAROUSHI_HEADER,
  OFFICE,
  validSantei,
  validGeppen,
  validShoyo,
  validShutoku,
  validSoshitsu,
  validHifuyosha,
} from './helpers/filings';
import { HEADER_LINES, fileOf, collect, kinds, errorKeys, trackedSource } from './helpers/shfd0006';

const ALL = [validSantei(), validGeppen(), validShoyo(), validShutoku(), validSoshitsu(), validHifuyosha()];
const textOf = (buf: Buffer): string => decode(buf, 'cp932');
const linesOf = (buf: Buffer): string[] => textOf(buf).split('\r\n').slice(0, -1);
const SANTEI_LINE = linesOf(generateShfd0006(HEADER, [validSantei()]))[5] as string;
/** The SANTEI line with item `no` (1-based) replaced. */
const santeiWith = (no: number, value: string): string => {
  const cells = SANTEI_LINE.split(',');
  cells[no - 1] = value;
  return cells.join(',');
};

describe('a valid file', () => {
  it('yields the header, then one typed filing per record with its line number', async () => {
    const items = await collect([generateShfd0006(HEADER, ALL)]);
    expect(kinds(items)).toEqual(['header', 'row', 'row', 'row', 'row', 'row', 'row']);
    const [header, ...rows] = items;
    expect(header).toEqual({
      kind: 'header',
      management: HEADER.management,
      establishment: HEADER.establishment,
      encoding: 'cp932',
    });
    rows.forEach((r, i) => {
      expect(r).toEqual({ kind: 'row', line: 6 + i, formCode: ALL[i]?.formCode, filing: ALL[i] });
    });
  });
  it('reads the 社労士 variant of the management record', async () => {
    const bytes = generateShfd0006(SHAROUSHI_HEADER, [validShoyo()]);
    expect(linesOf(bytes).slice(0, 3)).toEqual([
      ',,13010001,999,20250701,22223',
      '[kanri]',
      '社労士　太郎,001',
    ]);
    const [header] = await collect([bytes]);
    expect(header).toMatchObject({ kind: 'header', management: SHAROUSHI_HEADER.management });
  });
  it('accepts 事業所情報数 written 1 or 01 and a missing final CRLF', async () => {
    const lines = [...HEADER_LINES.slice(0, 2), ',1', ...HEADER_LINES.slice(3), SANTEI_LINE];
    expect(kinds(await collect([fileOf(lines, { finalEol: false })]))).toEqual(['header', 'row']);
  });
});

describe('encodings', () => {
  const cp932 = generateShfd0006(HEADER, ALL);
  const text = textOf(cp932);
  const rowsOf = (items: readonly Shfd0006Item[]) => items.filter((i) => i.kind === 'row');
  it.each([
    [
      'UTF-8 with BOM, detected',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
      'auto',
    ],
    ['UTF-8 without BOM, detected', Buffer.from(text, 'utf8'), 'auto'],
    [
      'UTF-8 with BOM, declared',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
      'utf8',
    ],
    ['CP932, detected', cp932, 'auto'],
    ['CP932, declared', cp932, 'cp932'],
  ] as const)('%s', async (_n, bytes, encoding) => {
    const items = await collect([bytes], { encoding });
    expect(items[0]).toMatchObject({
      kind: 'header',
      encoding: encoding === 'auto' ? (bytes === cp932 ? 'cp932' : 'utf8') : encoding,
    });
    expect(rowsOf(items)).toEqual(rowsOf(await collect([cp932])));
  });
  it.each([
    ['a UTF-8 file declared CP932', Buffer.from(text, 'utf8'), 'cp932'],
    [
      'a UTF-8 BOM in a file declared CP932',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), cp932]),
      'cp932',
    ],
    ['a CP932 file declared UTF-8', cp932, 'utf8'],
  ] as const)('refuses %s (file-error, nothing else)', async (_n, bytes, encoding) => {
    const items = await collect([bytes], { encoding });
    expect(errorKeys(items)).toEqual([`-:- ${S.ENCODING_MISMATCH}`]);
    expect(kinds(items)).toEqual(['file-error']);
  });
  it('reports bytes invalid in CP932 on their row and column', async () => {
    const bad = Buffer.concat([
      fileOf(HEADER_LINES),
      encode(santeiWith(7, 'X'), 'cp932').subarray(0, 0),
      Buffer.from('2225700,21,01,'),
      Buffer.from([0x81, 0x20]),
      Buffer.from(',x\r\n'),
    ]);
    const items = await collect([bad], { encoding: 'cp932' });
    expect(errorKeys(items)).toContain(`6:4 ${S.INVALID_BYTES}`);
  });
});

describe('line ends (e-Gov requires CRLF)', () => {
  it('a file with LF line ends is a file-error', async () => {
    const items = await collect([fileOf([...HEADER_LINES, SANTEI_LINE], { eol: '\n' })]);
    expect(errorKeys(items)).toEqual([`1:- ${S.LINE_ENDING_NOT_CRLF}`]);
  });
  it('a bare LF inside the data is an error for that record; later line numbers still match an editor', async () => {
    const broken = SANTEI_LINE.replace('ﾆﾎﾝ ﾀﾛｳ', 'ﾆﾎﾝ\nﾀﾛｳ');
    const items = await collect([fileOf([...HEADER_LINES, broken, SANTEI_LINE])]);
    expect(kinds(items)).toEqual(['header', 'row-error', 'row']);
    expect(errorKeys(items)).toEqual([`6:6 ${S.BARE_LF}`]);
    expect(items[2]).toMatchObject({ kind: 'row', line: 8 });
  });
  it('a CR without LF is a control character', async () => {
    const items = await collect([fileOf([...HEADER_LINES, santeiWith(52, 'a\rb')])]);
    expect(errorKeys(items)).toEqual([`6:52 ${S.CONTROL_CHARACTER}`]);
  });
  it('an empty line is an error for that line', async () => {
    const items = await collect([fileOf([...HEADER_LINES, SANTEI_LINE, '', SANTEI_LINE])]);
    expect(kinds(items)).toEqual(['header', 'row', 'row-error', 'row']);
    expect(errorKeys(items)).toEqual([`7:1 ${S.EMPTY_LINE}`]);
  });
});

describe('the no-quoting rule and the column count', () => {
  it('a double quote is an error for its row; the file continues', async () => {
    const items = await collect([fileOf([...HEADER_LINES, santeiWith(7, '"日本　太郎"'), SANTEI_LINE])]);
    expect(kinds(items)).toEqual(['header', 'row-error', 'row']);
    expect(items[1]).toMatchObject({
      kind: 'row-error',
      line: 6,
      formCode: '2225700',
      errors: [{ code: S.QUOTE_NOT_ALLOWED, line: 6, column: 7, path: '/nameKanji' }],
    });
  });
  it('a comma inside a value shows up as a wrong column count', async () => {
    const items = await collect([fileOf([...HEADER_LINES, santeiWith(52, '東京,大阪')])]);
    expect(errorKeys(items)).toEqual([`6:54 ${S.COLUMN_COUNT}`]);
  });
  it('a short record names the first missing column', async () => {
    const items = await collect([fileOf([...HEADER_LINES, SANTEI_LINE.split(',').slice(0, 40).join(',')])]);
    expect(errorKeys(items)).toEqual([`6:41 ${S.COLUMN_COUNT}`]);
  });
  it('an unknown 様式コード is an error on column 1', async () => {
    const items = await collect([fileOf([...HEADER_LINES, santeiWith(1, '2218704')])]);
    expect(items[1]).toMatchObject({
      kind: 'row-error',
      errors: [{ code: S.UNKNOWN_FORM_CODE, line: 6, column: 1 }],
    });
    expect(items[1]).not.toHaveProperty('formCode');
  });
});

describe('values: every error names its line, column, item and rule', () => {
  it.each([
    ['元号 2 in 生年月日', santeiWith(8, '2'), 8, 'ERA_CODE_INVALID', '/birthDate'],
    [
      '平成31年5月1日 (令和)',
      santeiWith(8, '7').replace(',7,550401,', ',7,310501,'),
      9,
      DATE_ERRORS.ERA_DATE_OUT_OF_RANGE,
      '/birthDate',
    ],
    ['全角 digits in 基礎日数', santeiWith(25, '３１'), 25, S.NOT_NUMERIC, '/months/0/days'],
    ['letters in 通貨', santeiWith(28, '30000a'), 28, S.NOT_NUMERIC, '/months/0/cash'],
    ['8 digits in 通貨', santeiWith(28, '03000000'), 28, S.NOT_NUMERIC, '/months/0/cash'],
    ['給与支給月 07 (fixed 04/05/06)', santeiWith(24, '07'), 24, C.SANTEI_PAY_MONTH, ''],
    ['備考欄項目１ 2', santeiWith(43, '2'), 43, S.INVALID_FLAG, '/over70'],
    [
      '元号 without 年月日',
      santeiWith(16, '').replace(/,9,,09,/, ',9,,09,'),
      16,
      S.INCOMPLETE_ITEM,
      '/previousRevisionMonth',
    ],
    ['課所符号 without 一連番号', santeiWith(41, '1234'), 42, S.INCOMPLETE_ITEM, '/pensionNumber'],
    ['総計 wrong (cross-field)', santeiWith(37, '0000001'), 37, C.SUM_MISMATCH, '/totalSum'],
    ['適用年月 August', santeiWith(12, '08'), 10, C.SANTEI_APPLICABLE_MONTH, '/applicableMonth'],
    ['氏名カナ without a space', santeiWith(6, 'ﾆﾎﾝﾀﾛｳ'), 6, C.INVALID_FORMAT, '/nameKana'],
    ['another office', santeiWith(4, 'ｱｲｳ'), 2, S.OFFICE_MISMATCH, '/office'],
  ] as const)('%s', async (_n, line, column, code, path) => {
    const items = await collect([fileOf([...HEADER_LINES, line, SANTEI_LINE])]);
    expect(kinds(items)).toEqual(['header', 'row-error', 'row']);
    const e = (items[1] as Extract<Shfd0006Item, { kind: 'row-error' }>).errors.find((x) => x.code === code);
    expect(e).toMatchObject({ line: 6, column, code, path });
    expect(e?.message.ja).toContain(`6行目${column}列目`);
    expect(e?.message.en).toContain(`line 6, column ${column}`);
  });
  it('a value error does not also produce the follow-on cross-field errors', async () => {
    const items = await collect([fileOf([...HEADER_LINES, santeiWith(28, 'abc')])]);
    expect(errorKeys(items)).toEqual([`6:28 ${S.NOT_NUMERIC}`]);
  });
  it('その他の被扶養者２ without １ is an ordering error on the first column of block ２', async () => {
    const h = validHifuyosha();
    delete h.spouse;
    const line = linesOf(generateShfd0006(HEADER, [h]))[5] as string;
    const cells = line.split(',');
    const block1 = cells.slice(69, 102);
    cells.splice(102, 33, ...block1);
    cells.splice(69, 33, ...Array.from({ length: 33 }, () => ''));
    const items = await collect([fileOf([...HEADER_LINES, cells.join(',')])]);
    expect(errorKeys(items)).toContain(`6:104 ${S.GROUP_ORDER}`);
  });
});

describe('header errors end the file', () => {
  const withHeaderLine = (index: number, line: string | null): string[] => {
    const lines = [...HEADER_LINES];
    if (line === null) lines.splice(index, 1);
    else lines[index] = line;
    return [...lines, SANTEI_LINE];
  };
  it.each([
    ['no [kanri]', withHeaderLine(1, null), `2:- ${S.MISSING_RECORD}`],
    ['代表届書コード not 22223', withHeaderLine(0, '21,01,ｹｲﾄ,001,20250701,22222'), `1:6 ${S.FIXED_VALUE}`],
    ['媒体通番 of 2 digits', withHeaderLine(0, '21,01,ｹｲﾄ,01,20250701,22223'), `1:4 ${S.NOT_NUMERIC}`],
    ['媒体通番 000', withHeaderLine(0, '21,01,ｹｲﾄ,000,20250701,22223'), `1:4 ${C.OUT_OF_RANGE}`],
    ['作成年月日 20250231', withHeaderLine(0, '21,01,ｹｲﾄ,001,20250231,22223'), `1:5 INVALID_DATE`],
    ['事業所数 002', withHeaderLine(2, ',002'), `3:2 ${S.FIXED_VALUE}`],
    [
      '事業所情報 with 11 items',
      withHeaderLine(3, '21,01,ｹｲﾄ,123,100,8916,東京都,健保サービス株式会社,健保　良一,03,1234'),
      `4:12 ${S.COLUMN_COUNT}`,
    ],
    [
      '事業主氏名 without 全角スペース',
      withHeaderLine(3, HEADER_LINES[3]?.replace('健保　良一', '健保良一') ?? ''),
      `4:9 ${C.INVALID_FORMAT}`,
    ],
    [
      '電話 局番2 missing',
      withHeaderLine(3, HEADER_LINES[3]?.replace(',03,1234,5678', ',03,,5678') ?? ''),
      `4:11 ${S.INCOMPLETE_ITEM}`,
    ],
    [
      'management and establishment offices differ',
      withHeaderLine(0, '21,02,ｹｲﾄ,001,20250701,22223'),
      `1:1 ${S.OFFICE_MISMATCH}`,
    ],
    [
      'a JIS prefecture code',
      withHeaderLine(0, '13,01,ｹｲﾄ,001,20250701,22223').map((l, i) => (i === 3 ? l.replace(/^21/, '13') : l)),
      `1:1 OFFICE_PREFECTURE_INVALID`,
    ],
    ['no [data]', withHeaderLine(4, '[date]'), `5:- ${S.MISSING_RECORD}`],
  ] as const)('%s', async (_n, lines, key) => {
    const items = await collect([fileOf(lines)]);
    expect(kinds(items)).toEqual(['file-error']);
    expect(errorKeys(items)).toContain(key);
  });
  it('a file that stops in the header names the missing record', async () => {
    expect(errorKeys(await collect([fileOf(HEADER_LINES.slice(0, 3))]))).toEqual([`4:- ${S.MISSING_RECORD}`]);
  });
  it('[data] and no data record', async () => {
    expect(errorKeys(await collect([fileOf(HEADER_LINES)]))).toEqual([`6:- ${S.NO_DATA_ROWS}`]);
  });
  it.each([
    ['empty', Buffer.alloc(0)],
    ['only a BOM', Buffer.from([0xef, 0xbb, 0xbf])],
  ])('an %s file', async (_n, bytes) => {
    expect(errorKeys(await collect([bytes]))).toEqual([`-:- ${S.FILE_EMPTY}`]);
  });
});

describe('limits', () => {
  it('maxRows: the rows up to the limit, then a file-error', async () => {
    const items = await collect([generateShfd0006(HEADER, [validSantei(), validSantei(), validSantei()])], {
      maxRows: 2,
    });
    expect(kinds(items)).toEqual(['header', 'row', 'row', 'file-error']);
    expect(errorKeys(items)).toEqual([`8:- ${S.ROW_LIMIT}`]);
  });
  it('maxLineBytes: the records before, then a file-error naming the line', async () => {
    const long = santeiWith(52, 'x'.repeat(400));
    const items = await collect([fileOf([...HEADER_LINES, SANTEI_LINE, long, SANTEI_LINE])], {
      maxLineBytes: 300,
    });
    expect(kinds(items)).toEqual(['header', 'row', 'file-error']);
    expect(errorKeys(items)).toEqual([`7:- ${S.LINE_TOO_LONG}`]);
  });
  it('input without any line end stops after maxLineBytes, not at the end of the input', async () => {
    const { source, state } = trackedSource(Buffer.alloc(10_000_000, 0x41), 1024);
    const items = await collect(source, { maxLineBytes: 4096 });
    expect(errorKeys(items)).toEqual([`1:- ${S.LINE_TOO_LONG}`]);
    expect(state.pulled).toBeLessThan(100);
    expect(state.closed).toBe(true);
  });
});

describe('streaming', () => {
  const big = generateShfd0006(
    HEADER,
    Array.from({ length: 5000 }, () => validSantei()),
  );
  it('respects backpressure: a paused consumer does not make the reader run ahead', async () => {
    const { source, state } = trackedSource(big, 1024);
    const it = parseShfd0006(source, { today: '2025-07-10' })[Symbol.asyncIterator]();
    await it.next();
    await it.next();
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(state.total).toBeGreaterThan(500);
    expect(state.pulled).toBeLessThan(200);
    await it.return?.(undefined);
    await new Promise((r) => setImmediate(r));
    expect(state.closed).toBe(true);
  });
  it('closes the input when the consumer stops early', async () => {
    const { source, state } = trackedSource(big, 4096);
    for await (const item of parseShfd0006(source, { today: '2025-07-10' })) {
      if (item.kind === 'row') break;
    }
    await new Promise((r) => setImmediate(r));
    expect(state.closed).toBe(true);
    expect(state.pulled).toBeLessThan(state.total);
  });
  it('reads a Node Readable, and one-byte chunks split inside multi-byte characters', async () => {
    const fromReadable = await collect(Readable.from([big.subarray(0, 100_000), big.subarray(100_000)]));
    expect(fromReadable.filter((i) => i.kind === 'row')).toHaveLength(5000);
    const small = generateShfd0006(HEADER, ALL);
    const bytewise = await collect([...small].map((b) => Buffer.from([b])));
    expect(bytewise).toEqual(await collect([small]));
  });
  it('reports a failing input as a file-error', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield fileOf([...HEADER_LINES, SANTEI_LINE]);
      throw new Error('connection reset');
    }
    const items = await collect(failing());
    expect(kinds(items)).toEqual(['header', 'row', 'file-error']);
    expect(errorKeys(items)).toEqual([`-:- ${S.READ_ERROR}`]);
  });
  it('refuses chunks that are not bytes', async () => {
    expect(errorKeys(await collect(Readable.from(['21,01'], { objectMode: true })))).toEqual([
      `-:- ${S.INVALID_INPUT}`,
    ]);
  });
});

describe('the writer', () => {
  it('writes CP932 with CRLF line ends and no quotes', () => {
    const bytes = generateShfd0006(HEADER, [validSantei()]);
    expect(linesOf(bytes).slice(0, 5)).toEqual(HEADER_LINES);
    expect(bytes.includes(Buffer.from('"'))).toBe(false);
    expect(textOf(bytes).split('\r\n')).toHaveLength(7);
    expect(textOf(bytes).replace(/\r\n/g, '')).not.toContain('\n');
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(textOf(bytes)).toContain('ﾆﾎﾝ ﾀﾛｳ,日本　太郎');
  });
  it('the streaming writer produces the same bytes', async () => {
    const rows = Array.from({ length: 1500 }, () => validSantei());
    const chunks: Buffer[] = [];
    for await (const c of generateShfd0006Stream(HEADER, rows)) chunks.push(c);
    expect(chunks.length).toBeGreaterThan(2);
    expect(Buffer.concat(chunks).equals(generateShfd0006(HEADER, rows))).toBe(true);
  });
  it.each([
    [
      'a machine-dependent character',
      { ...validSantei(), nameKanji: '髙橋　一郎' },
      '/rows/0/nameKanji',
      'CHARSET_MACHINE_DEPENDENT',
    ],
    [
      'another office',
      { ...validSantei(), office: { ...OFFICE, symbol: 'ｱｲｳ' } },
      '/rows/0/office',
      S.OFFICE_MISMATCH,
    ],
    ['a comma in a value', { ...validSantei(), remarks: 'a,b' }, '/rows/0/remarks', S.CONTROL_CHARACTER],
    ['a date before 明治', { ...validSantei(), birthDate: '1800-01-01' }, '/rows/0', S.NOT_NUMERIC],
  ] as const)('refuses %s', (_n, row, path, code) => {
    try {
      generateShfd0006(HEADER, [row]);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(Shfd0006EncodeError);
      expect((e as Shfd0006EncodeError).errors.map((x) => `${x.path} ${x.code}`)).toContain(
        `${path} ${code}`,
      );
    }
  });
  it('refuses a bad header and an empty file', () => {
    expect(() =>
      generateShfd0006({ ...HEADER, establishment: { ...HEADER.establishment, phone: '03-1234' } }, [
        validSantei(),
      ]),
    ).toThrow(Shfd0006EncodeError);
    expect(() => generateShfd0006(HEADER, [])).toThrow(Shfd0006EncodeError);
  });
});
