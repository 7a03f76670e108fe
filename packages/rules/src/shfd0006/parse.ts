/**
 * Streaming reader of `SHFD0006.CSV`: bytes → header → one typed filing or one list of errors per
 * data record.
 *
 * Pipeline: ./input (encoding, CRLF, record length; whole records only) → csv-parse (comma, no
 * quoting, CRLF records) → the record sequence 媒体管理 / [kanri] / 事業所数 / 事業所情報 / [data] /
 * data records → each data record decoded with its form's table (./layouts) and checked with
 * `validateFiling` (@nenkin/rules/forms), every error placed on its line and column.
 * The five header records are tokenised on their own (csv-parse/sync) and the data records by a
 * streaming csv-parse: csv-parse builds an error object (stack trace, JSON copy of the record) for
 * every record whose length differs from its first record, even with relax_column_count, so one
 * tokenizer for the 6-item management record and the 53-item data records costs ~2× the time.
 * Guarantees: never throws on any input (bad bytes, bad structure and bad values all come back as
 * items); memory is bounded by `maxLineBytes` and the stream buffers, whatever the file size
 * (backpressure: nothing is read ahead of the consumer beyond those buffers); stopping the iteration
 * early closes the input. A header problem ends the file with one `file-error`; a bad data record
 * gives a `row-error` and the file continues. Lines and columns are 1-based; a line number counts
 * every LF, so a record broken by a bare LF is reported on the line an editor shows.
 * Decisions (docs/shfd0006.md §3): a bare LF on the first line is a file-error (the file uses LF line
 * ends); later it is a row-error for that record; a missing final CRLF is accepted; an empty line is
 * a row-error.
 */
import { Readable, pipeline } from 'node:stream';
import { parse as csvParse, type Options as CsvOptions } from 'csv-parse';
import { parse as csvParseSync } from 'csv-parse/sync';
import {
  Shfd0006Header,
  type Shfd0006Management,
  type Shfd0006Establishment,
  type EmployerFilingBody,
  type EmployerFormCode,
} from '@nenkin/contracts/forms';
import { type FieldError, fieldError } from '../result';
import { validateFiling } from '../forms';
import { createSchemaValidator, pointersOverlap } from '../forms/schema-check';
import { Shfd0006Codes } from './codes';
import { decodeInput, type InputState, type Shfd0006Encoding } from './input';
import { DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_ROWS } from './limits';
import { decodeRow, columnForPath, type Layout, type RowCellError } from './layout';
import {
  layoutFor,
  MANAGEMENT_EMPLOYER_LAYOUT,
  MANAGEMENT_SHAROUSHI_LAYOUT,
  OFFICE_COUNT_EMPLOYER_LAYOUT,
  OFFICE_COUNT_SHAROUSHI_LAYOUT,
  ESTABLISHMENT_LAYOUT,
  KANRI_MARKER,
  DATA_MARKER,
} from './layouts';

export type Shfd0006Item =
  | {
      readonly kind: 'header';
      readonly management: Shfd0006Management;
      readonly establishment: Shfd0006Establishment;
      readonly encoding: Shfd0006Encoding;
    }
  | {
      readonly kind: 'row';
      readonly line: number;
      readonly formCode: EmployerFormCode;
      readonly filing: EmployerFilingBody;
    }
  | {
      readonly kind: 'row-error';
      readonly line: number;
      readonly formCode?: EmployerFormCode;
      readonly errors: readonly FieldError[];
    }
  | { readonly kind: 'file-error'; readonly errors: readonly FieldError[] };

export interface ParseShfd0006Options {
  /** 'auto' (default) detects UTF-8 (BOM or valid multi-byte UTF-8), else CP932. */
  readonly encoding?: 'cp932' | 'utf8' | 'auto';
  /** Data records allowed (default DEFAULT_MAX_ROWS); one more is a file-error. */
  readonly maxRows?: number;
  /** Bytes per record without CRLF (default DEFAULT_MAX_LINE_BYTES). */
  readonly maxLineBytes?: number;
  /** システムチェック実施日 (ISO), for the 「≦ システムチェック実施日」 rules. */
  readonly today: string;
}

/** True when a value holds a quote, CR, LF or U+FFFD (undecodable bytes) — one pass, no regex. */
const hasStructural = (v: string): boolean => {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0x22 || c === 0x0d || c === 0x0a || c === 0xfffd) return true;
  }
  return false;
};

const at = (e: FieldError, line: number, column?: number): FieldError => ({
  ...e,
  line,
  ...(column === undefined ? {} : { column }),
});

const cellError = (code: string, line: number, column: number, ja: string, en: string): FieldError =>
  at(
    fieldError('', code, `${line}行目${column}列目: ${ja}`, `line ${line}, column ${column}: ${en}`),
    line,
    column,
  );

/** Structural problems of a record's cells, and the number of bare LFs in it. */
const scanCells = (cells: readonly string[], line: number): { errors: FieldError[]; bareLfs: number } => {
  const errors: FieldError[] = [];
  let bareLfs = 0;
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i] as string;
    if (!hasStructural(v)) continue;
    const column = i + 1;
    if (v.includes('"')) {
      errors.push(
        cellError(
          Shfd0006Codes.QUOTE_NOT_ALLOWED,
          line,
          column,
          '「"」は使用できません（値を引用符で囲まないこと）',
          'a double quote is not allowed (values are never quoted)',
        ),
      );
    }
    const lfs = v.split('\n').length - 1;
    if (lfs > 0) {
      bareLfs += lfs;
      errors.push(
        cellError(
          Shfd0006Codes.BARE_LF,
          line,
          column,
          '改行はCRLFであること（LFのみの改行があります）',
          'a line ends with LF only; lines must end with CRLF',
        ),
      );
    }
    if (v.includes('\r')) {
      errors.push(
        cellError(
          Shfd0006Codes.CONTROL_CHARACTER,
          line,
          column,
          'CRのみの改行または制御文字があります',
          'a CR without LF (or another control character)',
        ),
      );
    }
    if (v.includes('\ufffd')) {
      errors.push(
        cellError(
          Shfd0006Codes.INVALID_BYTES,
          line,
          column,
          '文字コードとして読めないバイトがあります',
          'bytes that are not valid in the file encoding',
        ),
      );
    }
  }
  return { errors, bareLfs };
};

const columnCountError = (layout: Layout, cells: readonly string[], line: number): FieldError =>
  cellError(
    Shfd0006Codes.COLUMN_COUNT,
    line,
    Math.min(cells.length, layout.itemCount) + 1,
    `${layout.title}の項目数は${layout.itemCount}であること（${cells.length}項目あります。値にカンマを含めることはできません）`,
    `${layout.title} has ${layout.itemCount} items, this record has ${cells.length} (a value cannot contain a comma)`,
  );

const fromCellErrors = (errors: readonly RowCellError[], line: number): FieldError[] =>
  errors.map((e) =>
    at(
      fieldError(
        e.path,
        e.code,
        `${line}行目${e.column}列目 ${e.ja}`,
        `line ${line}, column ${e.column}: ${e.en}`,
      ),
      line,
      e.column,
    ),
  );

/** Validation errors (JSON pointers) placed on the columns of `layouts` (first match wins). */
const placeErrors = (
  errors: readonly FieldError[],
  where: readonly (readonly [Layout, number])[],
): FieldError[] =>
  errors.map((e) => {
    for (const [layout, line] of where) {
      const column = columnForPath(layout, e.path);
      if (column !== undefined) {
        return at(
          {
            ...e,
            message: {
              ja: `${line}行目${column}列目 ${e.message.ja}`,
              en: `line ${line}, column ${column}: ${e.message.en}`,
            },
          },
          line,
          column,
        );
      }
    }
    const [, line] = where[0] ?? [undefined, 1];
    return at(e, line);
  });

const headerValidator = createSchemaValidator(Shfd0006Header);

const missing = (line: number, what: string, whatEn: string): FieldError =>
  at(
    fieldError(
      '',
      Shfd0006Codes.MISSING_RECORD,
      `${line}行目: ${what}がありません`,
      `line ${line}: ${whatEn} expected`,
    ),
    line,
  );

type OfficeParts = { prefecture?: unknown; district?: unknown; symbol?: unknown };
const sameOffice = (a: OfficeParts | undefined, b: OfficeParts | undefined): boolean =>
  a !== undefined &&
  b !== undefined &&
  a.prefecture === b.prefecture &&
  a.district === b.district &&
  a.symbol === b.symbol;

/** Collects the five header records and checks them together. */
class HeaderReader {
  private readonly value: Record<string, unknown> = { management: {}, establishment: {} };
  private readonly errors: FieldError[] = [];
  private readonly placed: [Layout, number][] = [];
  private sharoushi = false;
  step = 0;

  /** Feeds the record of line `line`; returns true when `[data]` has been read. */
  feed(cells: readonly string[], line: number): boolean {
    const scan = scanCells(cells, line);
    this.errors.push(...scan.errors);
    switch (this.step++) {
      case 0: {
        this.sharoushi = cells[0] === '';
        const layout = this.sharoushi ? MANAGEMENT_SHAROUSHI_LAYOUT : MANAGEMENT_EMPLOYER_LAYOUT;
        (this.value.management as Record<string, unknown>).kind = this.sharoushi ? 'sharoushi' : 'employer';
        this.record(layout, cells, line);
        return false;
      }
      case 1:
        if (cells.length !== 1 || cells[0] !== KANRI_MARKER)
          this.errors.push(missing(line, '「[kanri]」', '"[kanri]"'));
        return false;
      case 2:
        this.record(
          this.sharoushi ? OFFICE_COUNT_SHAROUSHI_LAYOUT : OFFICE_COUNT_EMPLOYER_LAYOUT,
          cells,
          line,
        );
        return false;
      case 3:
        this.record(ESTABLISHMENT_LAYOUT, cells, line);
        return false;
      default:
        if (cells.length !== 1 || cells[0] !== DATA_MARKER)
          this.errors.push(missing(line, '「[data]」', '"[data]"'));
        return true;
    }
  }

  private record(layout: Layout, cells: readonly string[], line: number): void {
    this.placed.push([layout, line]);
    if (cells.length !== layout.itemCount) {
      this.errors.push(columnCountError(layout, cells, line));
      return;
    }
    const d = decodeRow(layout, cells);
    this.errors.push(...fromCellErrors(d.errors, line));
    mergeInto(this.value, d.value);
  }

  /** The checked header, or every error found in it. */
  finish():
    | { ok: true; management: Shfd0006Management; establishment: Shfd0006Establishment }
    | { ok: false; errors: FieldError[] } {
    if (this.errors.length === 0) {
      const schemaErrors = headerValidator.validate(this.value);
      this.errors.push(...placeErrors(schemaErrors, this.placed));
      const m = this.value.management as { kind?: unknown; office?: OfficeParts };
      const e = this.value.establishment as { office?: OfficeParts };
      if (schemaErrors.length === 0 && m.kind === 'employer' && !sameOffice(m.office, e.office)) {
        this.errors.push(
          cellError(
            Shfd0006Codes.OFFICE_MISMATCH,
            1,
            1,
            '媒体管理レコードと事業所情報の事業所整理記号が一致しません',
            'the management record and the establishment record name different offices',
          ),
        );
      }
    }
    if (this.errors.length > 0) return { ok: false, errors: this.errors };
    return {
      ok: true,
      management: this.value.management as Shfd0006Management,
      establishment: this.value.establishment as Shfd0006Establishment,
    };
  }
}

const mergeInto = (target: Record<string, unknown>, source: Record<string, unknown>): void => {
  for (const [k, v] of Object.entries(source)) {
    const t = target[k];
    if (
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      typeof t === 'object' &&
      t !== null &&
      !Array.isArray(t)
    ) {
      mergeInto(t as Record<string, unknown>, v as Record<string, unknown>);
    } else {
      target[k] = v;
    }
  }
};

/** One data record → a typed filing or its errors. */
const readRow = (
  cells: readonly string[],
  line: number,
  structural: FieldError[],
  establishment: Shfd0006Establishment,
  today: string,
): Shfd0006Item => {
  const code = cells[0] ?? '';
  if (cells.length === 1 && code === '') {
    return {
      kind: 'row-error',
      line,
      errors: [cellError(Shfd0006Codes.EMPTY_LINE, line, 1, '空の行があります', 'empty line')],
    };
  }
  const layout = layoutFor(code);
  const formCode = layout === undefined ? undefined : (code as EmployerFormCode);
  if (structural.length > 0) {
    const errors =
      layout === undefined
        ? structural
        : structural.map((e) => ({ ...e, path: layout.columns[(e.column ?? 1) - 1]?.path ?? '' }));
    return { kind: 'row-error', line, ...(formCode ? { formCode } : {}), errors };
  }
  if (layout === undefined || formCode === undefined) {
    return {
      kind: 'row-error',
      line,
      errors: [
        cellError(
          Shfd0006Codes.UNKNOWN_FORM_CODE,
          line,
          1,
          `様式コード「${code.slice(0, 20)}」は取り扱っていません`,
          `unknown form code "${code.slice(0, 20)}"`,
        ),
      ],
    };
  }
  if (cells.length !== layout.itemCount)
    return { kind: 'row-error', line, formCode, errors: [columnCountError(layout, cells, line)] };
  const decoded = decodeRow(layout, cells);
  const errors = fromCellErrors(decoded.errors, line);
  const office = decoded.value.office as OfficeParts | undefined;
  if (
    office !== undefined &&
    typeof office.symbol === 'string' &&
    !sameOffice(office, establishment.office)
  ) {
    errors.push(
      at(
        fieldError(
          '/office',
          Shfd0006Codes.OFFICE_MISMATCH,
          `${line}行目2列目 事業所整理記号が事業所情報（${establishment.office.prefecture}-${establishment.office.district}-${establishment.office.symbol}）と一致しません`,
          `line ${line}, column 2: the office differs from the file's establishment ${establishment.office.prefecture}-${establishment.office.district}-${establishment.office.symbol}`,
        ),
        line,
        2,
      ),
    );
  }
  const v = validateFiling(decoded.value, { today });
  if (!v.ok) {
    const cellPaths = decoded.errors.filter((e) => e.path !== '').map((e) => e.path);
    const rest =
      cellPaths.length === 0
        ? v.errors
        : v.errors.filter((e) => !cellPaths.some((p) => pointersOverlap(p, e.path)));
    errors.push(...placeErrors(rest, [[layout, line]]));
  }
  if (errors.length > 0 || !v.ok) return { kind: 'row-error', line, formCode, errors };
  return { kind: 'row', line, formCode, filing: v.value as EmployerFilingBody };
};

/** csv-parse options of the file: comma, no quoting at all, CRLF records, any number of items. */
const CSV_OPTIONS: CsvOptions = {
  delimiter: ',',
  quote: false,
  record_delimiter: '\r\n',
  relax_column_count: true,
  skip_empty_lines: false,
  bom: false,
};
const HEADER_RECORDS = 5;

/**
 * Splits the first `count` CRLF-terminated records off a text stream: returns them and the rest of
 * the stream (which keeps pulling from `text` lazily).
 */
const splitRecords = async (
  text: AsyncGenerator<string>,
  count: number,
): Promise<{ head: string; rest: AsyncGenerator<string> }> => {
  let head = '';
  let leftover = '';
  let found = 0;
  let searchFrom = 0;
  while (found < count) {
    const r = await text.next();
    if (r.done === true) break;
    head += r.value;
    for (
      let i = head.indexOf('\r\n', searchFrom);
      i !== -1 && found < count;
      i = head.indexOf('\r\n', searchFrom)
    ) {
      found++;
      searchFrom = i + 2;
    }
    if (found === count) {
      leftover = head.slice(searchFrom);
      head = head.slice(0, searchFrom);
    }
  }
  async function* rest(): AsyncGenerator<string> {
    try {
      if (leftover !== '') yield leftover;
      yield* text;
    } finally {
      await text.return(undefined);
    }
  }
  return { head, rest: rest() };
};

/** Readables and async iterables as they are; a sync iterable (an array of buffers) wrapped. */
const toAsyncIterable = (input: AsyncIterable<unknown> | Iterable<unknown>): AsyncIterable<unknown> => {
  // null / undefined (untyped callers) fall through to the single-chunk case: an INVALID_INPUT file-error.
  if (input === null || input === undefined) {
    return (async function* () {
      yield input;
    })();
  }
  if (typeof (input as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function')
    return input as AsyncIterable<unknown>;
  if (typeof (input as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function') {
    return (async function* () {
      yield* input as Iterable<unknown>;
    })();
  }
  return (async function* () {
    yield input;
  })();
};

/** Resolves when the stream may have more to read, has ended, failed or closed. */
const whenReadable = (s: Readable): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      s.off('readable', done);
      s.off('end', done);
      s.off('error', done);
      s.off('close', done);
      resolve();
    };
    s.on('readable', done);
    s.on('end', done);
    s.on('error', done);
    s.on('close', done);
  });

const readFailed = (e: unknown): FieldError => {
  const m = e instanceof Error ? e.message : String(e);
  return fieldError(
    '',
    Shfd0006Codes.PARSE_ERROR,
    `ファイルを読み取れませんでした: ${m}`,
    `The file could not be read: ${m}`,
  );
};

const MISSING_AT_STEP = [
  ['媒体管理レコード', 'the management record'],
  ['「[kanri]」', '"[kanri]"'],
  ['事業所数情報', 'the office count record'],
  ['事業所情報', 'the establishment record'],
  ['「[data]」', '"[data]"'],
] as const;

/**
 * Reads a `SHFD0006.CSV`. Yields `header` once (after `[data]`), then `row` / `row-error` per data
 * record in file order, and `file-error` when the file as a whole is unusable (then nothing else
 * follows it).
 */
export async function* parseShfd0006(
  input: AsyncIterable<Buffer> | Readable | Iterable<Buffer>,
  opts: ParseShfd0006Options,
): AsyncGenerator<Shfd0006Item> {
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const state: InputState = {};
  const text = decodeInput(
    toAsyncIterable(input),
    { encoding: opts.encoding ?? 'auto', maxLineBytes: opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES },
    state,
  );
  /** The rest of the text after the header, until the data pipeline owns it. */
  let rest: AsyncGenerator<string> | undefined;
  let parser: ReturnType<typeof csvParse> | undefined;
  try {
    const split = await splitRecords(text, HEADER_RECORDS);
    rest = split.rest;

    // 1. The five header records.
    const header = new HeaderReader();
    let establishment: Shfd0006Establishment | undefined;
    let line = 1;
    let headerRecords: string[][] = [];
    try {
      headerRecords = split.head === '' ? [] : (csvParseSync(split.head, CSV_OPTIONS) as string[][]);
    } catch (e) {
      state.error ??= readFailed(e);
    }
    for (const record of headerRecords) {
      const start = line;
      line += 1 + record.reduce((n, c) => n + c.split('\n').length - 1, 0);
      if (!header.feed(record, start)) continue;
      const h = header.finish();
      if (!h.ok) {
        yield { kind: 'file-error', errors: h.errors };
        return;
      }
      establishment = h.establishment;
      yield { kind: 'header', management: h.management, establishment, encoding: state.encoding ?? 'cp932' };
    }

    // 2. The data records, streamed; records are taken synchronously from the tokenizer's buffer.
    let rows = 0;
    let streamError: unknown;
    if (establishment !== undefined) {
      const p = csvParse(CSV_OPTIONS);
      parser = p;
      pipeline(Readable.from(rest), p, (err) => {
        if (err) streamError = err;
      });
      rest = undefined;
      for (;;) {
        const record = p.read() as string[] | null;
        if (record === null) {
          if (p.readableEnded || p.destroyed || streamError !== undefined) break;
          await whenReadable(p);
          continue;
        }
        const start = line;
        const scan = scanCells(record, start);
        line += 1 + scan.bareLfs;
        rows++;
        if (rows > maxRows) {
          const limit = fieldError(
            '',
            Shfd0006Codes.ROW_LIMIT,
            `データレコードが上限（${maxRows}件）を超えています`,
            `more than ${maxRows} data records`,
          );
          yield { kind: 'file-error', errors: [at(limit, start)] };
          return;
        }
        yield readRow(record, start, scan.errors, establishment, opts.today);
      }
    }

    // 3. Whatever ended the file.
    if (state.error !== undefined) {
      yield { kind: 'file-error', errors: [state.error] };
    } else if (streamError !== undefined) {
      yield { kind: 'file-error', errors: [readFailed(streamError)] };
    } else if (establishment === undefined) {
      const [ja, en] =
        MISSING_AT_STEP[Math.min(header.step, MISSING_AT_STEP.length - 1)] ?? MISSING_AT_STEP[0];
      yield { kind: 'file-error', errors: [missing(line, ja, en)] };
    } else if (rows === 0) {
      const none = fieldError(
        '',
        Shfd0006Codes.NO_DATA_ROWS,
        '「[data]」の後にデータレコードがありません',
        'no data record after "[data]"',
      );
      yield { kind: 'file-error', errors: [at(none, line)] };
    }
  } finally {
    // An early stop (or the end): tear the pipeline down, which closes `rest`, the text and the input.
    if (parser !== undefined && !parser.destroyed) parser.destroy();
    if (rest !== undefined) await rest.return(undefined);
    await text.return(undefined);
  }
}
