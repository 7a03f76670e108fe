/**
 * Tunables of the `SHFD0006.CSV` codec, in one place.
 *
 * e-Gov refuses files of 4.5 MB or more (≈ 300 bytes per person ⇒ ≈ 15,000 rows) and vendors split
 * by 2,000 people (REFERENCE.md §1); the defaults leave room for media handed in at an office while
 * keeping one file's work bounded. Callers with other needs pass `maxRows` / `maxLineBytes`.
 */

/** Data records accepted in one file unless `maxRows` says otherwise. */
export const DEFAULT_MAX_ROWS = 50_000;
/**
 * Bytes one record may take (without CRLF). The widest record, a 被扶養者届 row with every item at
 * its maximum, is 1,924 bytes in CP932 (the unit test `the widest possible record … fits` computes it).
 */
export const DEFAULT_MAX_LINE_BYTES = 4_096;
/** Bytes looked at to detect (or verify) the encoding before the first record is decoded. */
export const DETECT_BYTES = 64 * 1024;
/** Rows per chunk written by the streaming generator. */
export const GENERATE_BATCH_ROWS = 512;
