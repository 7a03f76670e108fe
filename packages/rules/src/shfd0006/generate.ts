/**
 * Writer of `SHFD0006.CSV` (CP932, CRLF, comma separated, no quoting) from a header and typed
 * filings, with the same tables the parser reads (./layouts).
 *
 * Guarantees: the output parses back (`parseShfd0006`) to exactly the header and filings given,
 * for every filing that passes `validateFiling`; the generator itself enforces only what the file
 * format needs — every value encodable (JIS X 0201/0208 characters, no comma / quote / line break),
 * every data record of the header's establishment, at least one record — and throws
 * `Shfd0006EncodeError` listing every violation otherwise (it is fed by our own validated data, so
 * a violation is a caller's defect, not user input). Numbers are written in the canonical spelling
 * (money zero-padded to 7 digits, days and months to 2, 標準報酬 in thousands to 4).
 */
import { encode } from 'iconv-lite';
import { Shfd0006Header, type EmployerFilingBody } from '@nenkin/contracts/forms';
import { type FieldError, fieldError } from '../result';
import { checkCp932 } from '../charset';
import { createSchemaValidator } from '../forms/schema-check';
import { Shfd0006Codes } from './codes';
import { GENERATE_BATCH_ROWS } from './limits';
import { encodeRow, type Layout } from './layout';
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

export class Shfd0006EncodeError extends Error {
  constructor(readonly errors: readonly FieldError[]) {
    super(
      `SHFD0006.CSV cannot be written: ${errors
        .map((e) => `${e.path} ${e.code}`)
        .join('; ')
        .slice(0, 500)}`,
    );
    this.name = 'Shfd0006EncodeError';
  }
}

const CRLF = '\r\n';
/** ASCII printable except comma and quote, and 半角カナ: written as they are. */
const PLAIN_CELL = /^[\x20-\x21\x23-\x2b\x2d-\x7e\uff61-\uff9f]*$/;
/** Comma, quote, CR, LF or any other control character (U+0000–U+001F, U+007F). */
const isForbidden = (c: string): boolean => {
  for (let i = 0; i < c.length; i++) {
    const code = c.charCodeAt(i);
    if (code === 0x2c || code === 0x22 || code < 0x20 || code === 0x7f) return true;
  }
  return false;
};

const headerValidator = createSchemaValidator(Shfd0006Header);

/** Problems with the cells of one record (`where` prefixes the error paths). */
const cellProblems = (cells: readonly string[], layout: Layout, where: string): FieldError[] => {
  const errors: FieldError[] = [];
  cells.forEach((c, i) => {
    if (PLAIN_CELL.test(c)) return;
    const col = layout.columns[i];
    const path = `${where}${col?.path ?? ''}`;
    const name = col?.name ?? `column ${i + 1}`;
    if (isForbidden(c)) {
      errors.push(
        fieldError(
          path,
          Shfd0006Codes.CONTROL_CHARACTER,
          `「${name}」にカンマ・引用符・改行・制御文字は書けません`,
          `${name}: a comma, quote, line break or control character cannot be written`,
        ),
      );
    }
    const cs = checkCp932(c, path);
    if (!cs.ok) errors.push(...cs.errors);
  });
  return errors;
};

const encodeRecord = (layout: Layout, value: unknown, where: string, errors: FieldError[]): string => {
  let cells: string[];
  try {
    cells = encodeRow(layout, value);
  } catch (e) {
    errors.push(
      fieldError(
        where,
        Shfd0006Codes.NOT_NUMERIC,
        `書き出せない値があります: ${String(e)}`,
        `a value cannot be written: ${String(e)}`,
      ),
    );
    return '';
  }
  errors.push(...cellProblems(cells, layout, where));
  return cells.join(',');
};

/** The five header lines (without line ends). Throws Shfd0006EncodeError on a bad header. */
const headerLines = (header: Shfd0006Header): string[] => {
  const errors = headerValidator.validate(header).map((e) => ({ ...e, path: `/header${e.path}` }));
  if (errors.length > 0) throw new Shfd0006EncodeError(errors);
  const sharoushi = header.management.kind === 'sharoushi';
  const lines = [
    encodeRecord(
      sharoushi ? MANAGEMENT_SHAROUSHI_LAYOUT : MANAGEMENT_EMPLOYER_LAYOUT,
      header,
      '/header',
      errors,
    ),
    KANRI_MARKER,
    encodeRecord(
      sharoushi ? OFFICE_COUNT_SHAROUSHI_LAYOUT : OFFICE_COUNT_EMPLOYER_LAYOUT,
      header,
      '/header',
      errors,
    ),
    encodeRecord(ESTABLISHMENT_LAYOUT, header, '/header', errors),
    DATA_MARKER,
  ];
  const m = header.management;
  const o = header.establishment.office;
  if (
    m.kind === 'employer' &&
    (m.office.prefecture !== o.prefecture || m.office.district !== o.district || m.office.symbol !== o.symbol)
  ) {
    errors.push(
      fieldError(
        '/header/management/office',
        Shfd0006Codes.OFFICE_MISMATCH,
        '媒体管理レコードと事業所情報の事業所整理記号が一致しません',
        'the management and establishment records name different offices',
      ),
    );
  }
  if (errors.length > 0) throw new Shfd0006EncodeError(errors);
  return lines;
};

/** One data line. Throws Shfd0006EncodeError naming the row. */
const dataLine = (row: EmployerFilingBody, index: number, header: Shfd0006Header): string => {
  const where = `/rows/${index}`;
  const layout = layoutFor((row as { formCode?: unknown }).formCode as string);
  if (layout === undefined) {
    throw new Shfd0006EncodeError([
      fieldError(
        `${where}/formCode`,
        Shfd0006Codes.UNKNOWN_FORM_CODE,
        '様式コードが不明です',
        'unknown form code',
      ),
    ]);
  }
  const errors: FieldError[] = [];
  const o = header.establishment.office;
  if (
    row.office.prefecture !== o.prefecture ||
    row.office.district !== o.district ||
    row.office.symbol !== o.symbol
  ) {
    errors.push(
      fieldError(
        `${where}/office`,
        Shfd0006Codes.OFFICE_MISMATCH,
        '事業所情報と異なる事業所整理記号です',
        'the row names another office than the establishment record',
      ),
    );
  }
  const line = encodeRecord(layout, row, where, errors);
  if (errors.length > 0) throw new Shfd0006EncodeError(errors);
  return line;
};

const noRows = (): Shfd0006EncodeError =>
  new Shfd0006EncodeError([
    fieldError('/rows', Shfd0006Codes.NO_DATA_ROWS, 'データレコードがありません', 'no data record to write'),
  ]);

/** The whole file as one CP932 buffer. */
export const generateShfd0006 = (header: Shfd0006Header, rows: Iterable<EmployerFilingBody>): Buffer => {
  const lines = headerLines(header);
  let index = 0;
  for (const row of rows) lines.push(dataLine(row, index++, header));
  if (index === 0) throw noRows();
  return encode(lines.join(CRLF) + CRLF, 'cp932');
};

/**
 * The file as a stream of CP932 chunks (GENERATE_BATCH_ROWS records each), for files too large to
 * hold in memory. Rows may come from a sync or async iterable; the consumer's pace drives reading.
 */
export async function* generateShfd0006Stream(
  header: Shfd0006Header,
  rows: Iterable<EmployerFilingBody> | AsyncIterable<EmployerFilingBody>,
): AsyncGenerator<Buffer> {
  yield encode(headerLines(header).join(CRLF) + CRLF, 'cp932');
  let index = 0;
  let batch: string[] = [];
  for await (const row of rows) {
    batch.push(dataLine(row, index++, header));
    if (batch.length >= GENERATE_BATCH_ROWS) {
      yield encode(batch.join(CRLF) + CRLF, 'cp932');
      batch = [];
    }
  }
  if (index === 0) throw noRows();
  if (batch.length > 0) yield encode(batch.join(CRLF) + CRLF, 'cp932');
}
