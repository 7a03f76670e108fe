/**
 * Shared primitive schemas: identifiers and dates as they travel in JSON (formats only; the rules that
 * need arithmetic — check digits, era boundaries — live in @nenkin/rules).
 */
import { Type } from '@sinclair/typebox';

/** Plain calendar date, ISO 8601 `YYYY-MM-DD` (business dates carry no time zone). */
export const IsoDate = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', maxLength: 10 });
/** Year and month `YYYY-MM`. */
export const YearMonth = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', maxLength: 7 });
/** 事業所整理記号 in canonical form `21-01-ｹｲﾄ` (prefecture-district-symbol). */
export const OfficeCode = Type.String({ minLength: 7, maxLength: 12, pattern: '^\\d{2}-\\d{2}-[0-9A-Zｦ-ﾟ]{1,4}$' });
/** 基礎年金番号, 10 digits (4 + 6). */
export const PensionNumber = Type.String({ pattern: '^\\d{10}$' });
/** 個人番号 (マイナンバー), 12 digits; only ever in a validating request, never stored or emitted in plaintext. */
export const MyNumber = Type.String({ pattern: '^\\d{12}$' });
/** 到達番号: 18 digits, unique and sortable. */
export const ArrivalNumber = Type.String({ pattern: '^\\d{18}$' });
/** Opaque ids used in URLs instead of personal identifiers. */
export const OpaqueId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
