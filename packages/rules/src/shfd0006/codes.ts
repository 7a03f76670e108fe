/**
 * Stable error codes of the `SHFD0006.CSV` codec (file structure and cell encoding). The rules of
 * the forms themselves report the codes of `FormRuleCodes` (@nenkin/rules/forms) with the line and
 * column of the cell they concern.
 */
export const Shfd0006Codes = {
  // ── file-error ─────────────────────────────────────────────────────────────────────────
  /** The input yielded something other than bytes. */
  INVALID_INPUT: 'SHFD_INVALID_INPUT',
  /** Reading the input failed (the stream errored). */
  READ_ERROR: 'SHFD_READ_ERROR',
  /** The file is empty. */
  FILE_EMPTY: 'SHFD_FILE_EMPTY',
  /** The bytes are not in the declared encoding (a UTF-8 file declared CP932, a BOM in a CP932 file …). */
  ENCODING_MISMATCH: 'SHFD_ENCODING_MISMATCH',
  /** The first line ends with a bare LF: e-Gov requires CRLF line ends. */
  LINE_ENDING_NOT_CRLF: 'SHFD_LINE_ENDING_NOT_CRLF',
  /** A record longer than `maxLineBytes` (or no CRLF within that many bytes). */
  LINE_TOO_LONG: 'SHFD_LINE_TOO_LONG',
  /** More data records than `maxRows`. */
  ROW_LIMIT: 'SHFD_ROW_LIMIT',
  /** A header record (媒体管理, [kanri], 事業所数, 事業所情報, [data]) is missing or misplaced. */
  MISSING_RECORD: 'SHFD_MISSING_RECORD',
  /** `[data]` is followed by no data record. */
  NO_DATA_ROWS: 'SHFD_NO_DATA_ROWS',
  /** The CSV tokenizer failed (should not happen with the no-quoting rule). */
  PARSE_ERROR: 'SHFD_PARSE_ERROR',

  // ── row-error (and header errors) ──────────────────────────────────────────────────────
  /** A line with no value at all. */
  EMPTY_LINE: 'SHFD_EMPTY_LINE',
  /** A double quote: the file has no quoting, so a quote is never valid. */
  QUOTE_NOT_ALLOWED: 'SHFD_QUOTE_NOT_ALLOWED',
  /** A bare LF inside a record (lines must end with CRLF). */
  BARE_LF: 'SHFD_BARE_LF',
  /** A CR not followed by LF, or another control character. */
  CONTROL_CHARACTER: 'SHFD_CONTROL_CHARACTER',
  /** Bytes that are not valid in the file's encoding. */
  INVALID_BYTES: 'SHFD_INVALID_BYTES',
  /** The first value is not a 様式コード this codec knows. */
  UNKNOWN_FORM_CODE: 'SHFD_UNKNOWN_FORM_CODE',
  /** The record does not have the form's number of items (a comma inside a value shows up here). */
  COLUMN_COUNT: 'SHFD_COLUMN_COUNT',
  /** A number item holds something other than the digits it allows. */
  NOT_NUMERIC: 'SHFD_NOT_NUMERIC',
  /** A 「'1'を設定する」 item holds something other than '1'. */
  INVALID_FLAG: 'SHFD_INVALID_FLAG',
  /** Only some of the columns of one item are given (元号 without 年月日, 親番号 without 子番号 …). */
  INCOMPLETE_ITEM: 'SHFD_INCOMPLETE_ITEM',
  /** An item that must be empty on the form (被扶養者番号, 届出意思確認済, 予備) holds a value. */
  MUST_BE_EMPTY: 'SHFD_MUST_BE_EMPTY',
  /** An item with one fixed value ('22223', '04' …) holds another. */
  FIXED_VALUE: 'SHFD_FIXED_VALUE',
  /** A data record names another establishment than the file's 事業所情報. */
  OFFICE_MISMATCH: 'SHFD_OFFICE_MISMATCH',
  /** その他の被扶養者２ is given but not その他の被扶養者１ (fill from the first). */
  GROUP_ORDER: 'SHFD_GROUP_ORDER',
} as const;
export type Shfd0006Code = (typeof Shfd0006Codes)[keyof typeof Shfd0006Codes];
