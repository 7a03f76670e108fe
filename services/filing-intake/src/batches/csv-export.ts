/**
 * The per-row error report as CSV for vendor tools: CP932 (or UTF-8 with BOM), CRLF, every cell
 * quoted, and CSV-injection safe — a cell a spreadsheet would run as a formula (starting with = + -
 * @ TAB CR, or their full-width forms) is prefixed with an apostrophe (OWASP "CSV Injection").
 */
import { encode } from 'iconv-lite';

const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

export const csvCell = (v: string | number | undefined): string => {
  const s = v === undefined ? '' : String(v);
  const safe = FORMULA_START.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""').replace(/[\r\n]+/g, ' ')}"`;
};

export const ERROR_CSV_HEADER = ['行', '列', 'コード', '項目', 'メッセージ', 'message'];

export type ErrorLine = { line: number; column?: number; code: string; path: string; message: { ja: string; en: string } };

export const errorCsvLine = (e: ErrorLine): string =>
  `${[e.line, e.column, e.code, e.path, e.message.ja, e.message.en].map(csvCell).join(',')}\r\n`;

/** Bytes of a CSV line in the chosen encoding (characters CP932 lacks become '?'). */
export const encodeCsv = (text: string, encoding: 'cp932' | 'utf8'): Buffer => (encoding === 'cp932' ? encode(text, 'cp932') : Buffer.from(text, 'utf8'));

export async function* errorCsv(errors: AsyncIterable<ErrorLine>, encoding: 'cp932' | 'utf8'): AsyncGenerator<Buffer> {
  const head = `${ERROR_CSV_HEADER.map(csvCell).join(',')}\r\n`;
  yield encoding === 'utf8' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), encodeCsv(head, 'utf8')]) : encodeCsv(head, 'cp932');
  let buf = '';
  for await (const e of errors) {
    buf += errorCsvLine(e);
    if (buf.length > 64 * 1024) {
      yield encodeCsv(buf, encoding);
      buf = '';
    }
  }
  if (buf !== '') yield encodeCsv(buf, encoding);
}
