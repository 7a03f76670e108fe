/**
 * The `SHFD0006.CSV` codec: the streaming reader, the writer, the per-form column tables they share,
 * and the codec's error codes. See docs/shfd0006.md for the format as implemented.
 */
export { parseShfd0006, type Shfd0006Item, type ParseShfd0006Options } from './parse';
export { generateShfd0006, generateShfd0006Stream, Shfd0006EncodeError } from './generate';
export { Shfd0006Codes, type Shfd0006Code } from './codes';
export type { Shfd0006Encoding } from './input';
export { layoutMarkdown } from './docs';
export { DEFAULT_MAX_ROWS, DEFAULT_MAX_LINE_BYTES, DETECT_BYTES, GENERATE_BATCH_ROWS } from './limits';
export {
  decodeRow,
  encodeRow,
  columnForPath,
  type Layout,
  type ColumnInfo,
  type FieldSpec,
  type Requirement,
} from './layout';
export {
  DATA_LAYOUTS,
  layoutFor,
  MANAGEMENT_EMPLOYER_LAYOUT,
  MANAGEMENT_SHAROUSHI_LAYOUT,
  OFFICE_COUNT_EMPLOYER_LAYOUT,
  OFFICE_COUNT_SHAROUSHI_LAYOUT,
  ESTABLISHMENT_LAYOUT,
  REPRESENTATIVE_FORM_CODE,
} from './layouts';
