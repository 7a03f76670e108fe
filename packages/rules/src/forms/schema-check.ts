/**
 * Schema validation of a form body: the compiled TypeBox check, every schema error mapped to a
 * FieldError (JSON pointer, stable code, Japanese and English message naming the item), then the
 * field checks JSON Schema cannot express, driven by the `x-check` annotations of the contracts
 * (calendar dates and era ranges, the 個人番号 check digit, CP932 characters and byte lengths, the
 * 事業所整理記号 rules).
 *
 * Guarantees: never throws on any input; reports at most one error per path from the schema pass and
 * at most MAX_SCHEMA_ERRORS of them (a body of garbage costs bounded work); field checks run only on
 * values the schema accepted. The compiled check is built once per schema.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { CHECK_KEY, CODES_KEY, FORMAT_HINT_KEY, type CheckAnnotation } from '@nenkin/contracts/forms';
import { type FieldError, fieldError } from '../result';
import { isValidIsoDate, toEraDate, lastOfMonth, isValidYearMonth } from '../dates';
import { isValidMyNumber, parseOfficeCode } from '../identifiers';
import { checkCp932, cp932ByteLength } from '../charset';
import { FormRuleCodes } from './codes';

/** Upper bound on schema errors reported for one body. */
export const MAX_SCHEMA_ERRORS = 100;

type Segment = string | number | '*';
type Hint = { ja: string; en: string };

const ERA_NAMES: Record<number, string> = { 1: '明治', 3: '大正', 5: '昭和', 7: '平成', 9: '令和' };
/** Printable ASCII and 半角カナ: one CP932 byte each, all JIS X 0201. */
const SINGLE_BYTE_TEXT = /^[\x20-\x7e\uff61-\uff9f]*$/;

export const escapePointer = (key: string | number): string =>
  String(key).replace(/~/g, '~0').replace(/\//g, '~1');

const pointerOf = (segs: readonly (string | number)[]): string =>
  segs.map((s) => `/${escapePointer(s)}`).join('');

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const schemaTitle = (schema: TSchema | undefined): string | undefined =>
  schema !== undefined && typeof schema.title === 'string' ? schema.title : undefined;

const formatHint = (schema: TSchema): Hint | undefined => {
  const h: unknown = schema[FORMAT_HINT_KEY];
  return isRecord(h) && typeof h.ja === 'string' && typeof h.en === 'string'
    ? { ja: h.ja, en: h.en }
    : undefined;
};

const codesOf = (schema: TSchema): readonly string[] | undefined => {
  const c: unknown = schema[CODES_KEY];
  return Array.isArray(c) ? c.map(String) : undefined;
};

/** A located field check: where (segments, '*' = every array index) and what. */
type FieldCheck = {
  readonly segs: readonly Segment[];
  readonly check: CheckAnnotation;
  readonly title: string;
  /** For paths without '*': the pointer, precomputed. */
  readonly pointer?: string;
};

const collectChecks = (
  schema: TSchema,
  segs: readonly Segment[],
  out: FieldCheck[],
  seen: Set<string>,
): void => {
  const check: unknown = schema[CHECK_KEY];
  if (isRecord(check) && typeof check.kind === 'string') {
    const key = `${segs.join('/')}#${check.kind}`;
    if (!seen.has(key)) {
      seen.add(key);
      const fixedPath = segs.every((seg) => seg !== '*');
      out.push({
        segs,
        check: check as CheckAnnotation,
        title: schemaTitle(schema) ?? String(segs[segs.length - 1] ?? ''),
        ...(fixedPath ? { pointer: pointerOf(segs as (string | number)[]) } : {}),
      });
    }
  }
  switch (schema[Kind]) {
    case 'Object':
      for (const [k, s] of Object.entries(schema.properties as Record<string, TSchema>))
        collectChecks(s, [...segs, k], out, seen);
      break;
    case 'Tuple':
      ((schema.items ?? []) as TSchema[]).forEach((s, i) => collectChecks(s, [...segs, i], out, seen));
      break;
    case 'Array':
      collectChecks(schema.items as TSchema, [...segs, '*'], out, seen);
      break;
    case 'Union':
      for (const s of schema.anyOf as TSchema[]) collectChecks(s, segs, out, seen);
      break;
    default:
      break;
  }
};

/** The value at fixed segments (no '*'), or undefined. */
const valueAt = (value: unknown, segs: readonly Segment[]): unknown => {
  let v = value;
  for (const seg of segs) {
    if (typeof seg === 'number') {
      if (!Array.isArray(v)) return undefined;
      v = v[seg];
    } else {
      if (!isRecord(v) || !Object.hasOwn(v, seg)) return undefined;
      v = v[seg];
    }
  }
  return v;
};

/** Calls `fn` for every concrete value at `segs` ('*' expands over array indexes). */
const visitAt = (
  value: unknown,
  segs: readonly Segment[],
  i: number,
  path: (string | number)[],
  fn: (v: unknown, pointer: string) => void,
): void => {
  if (i === segs.length) {
    fn(value, pointerOf(path));
    return;
  }
  const seg = segs[i] as Segment;
  if (seg === '*') {
    if (!Array.isArray(value)) return;
    value.forEach((v, k) => visitAt(v, segs, i + 1, [...path, k], fn));
    return;
  }
  if (typeof seg === 'number') {
    if (!Array.isArray(value) || seg >= value.length) return;
    visitAt(value[seg], segs, i + 1, [...path, seg], fn);
    return;
  }
  if (!isRecord(value) || !Object.hasOwn(value, seg)) return;
  visitAt(value[seg], segs, i + 1, [...path, seg], fn);
};

/** True when `a` and `b` are the same pointer or one contains the other. */
export const pointersOverlap = (a: string, b: string): boolean =>
  a === b || a === '' || b === '' || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

const label = (title: string): string => `「${title}」`;

const ERA_MEMO_MAX = 50_000;
const eraMemo = new Map<string, number>();
/** The era code in force on a (valid) date, 0 when outside 明治…令和99年; memoised (bounded). */
const eraOf = (iso: string): { code: number; ok: boolean } => {
  let code = eraMemo.get(iso);
  if (code === undefined) {
    try {
      code = toEraDate(iso).eraCode;
    } catch {
      code = 0;
    }
    if (eraMemo.size >= ERA_MEMO_MAX) eraMemo.clear();
    eraMemo.set(iso, code);
  }
  return { code, ok: code !== 0 };
};

const eraListText = (eras: readonly number[]): Hint => ({
  ja: eras.map((e) => `'${e}'（${ERA_NAMES[e] ?? e}）`).join('、'),
  en: eras.map((e) => `${e} (${ERA_NAMES[e] ?? e})`).join(', '),
});

const monthEnds = new Map<string, string>();
/** Last day of a (valid) `YYYY-MM`; memoised (bounded). */
const monthEnd = (ym: string): string => {
  let d = monthEnds.get(ym);
  if (d === undefined) {
    d = lastOfMonth(`${ym}-01`);
    if (monthEnds.size >= ERA_MEMO_MAX) monthEnds.clear();
    monthEnds.set(ym, d);
  }
  return d;
};

const officeMemo = new Map<string, readonly FieldError[]>();
/** parseOfficeCode's errors for an office; memoised (a file names the same office on every row). */
const officeErrors = (
  pointer: string,
  prefecture: string,
  district: string,
  symbol: string,
): readonly FieldError[] => {
  const key = `${pointer}\u0000${prefecture}\u0000${district}\u0000${symbol}`;
  let errors = officeMemo.get(key);
  if (errors === undefined) {
    const r = parseOfficeCode({ prefecture, district, symbol }, pointer);
    errors = r.ok ? [] : r.errors;
    if (officeMemo.size >= ERA_MEMO_MAX) officeMemo.clear();
    officeMemo.set(key, errors);
  }
  return errors;
};

const runFieldCheck = (fc: FieldCheck, v: unknown, pointer: string, out: FieldError[]): void => {
  const { check, title } = fc;
  switch (check.kind) {
    case 'date': {
      if (typeof v !== 'string') return;
      if (!isValidIsoDate(v)) {
        out.push(
          fieldError(
            pointer,
            FormRuleCodes.INVALID_DATE,
            `${label(title)}は実存日であること（${v}）`,
            `${title} is not a calendar date (${v})`,
          ),
        );
        return;
      }
      const era = eraOf(v);
      if (!era.ok || !check.eras.includes(era.code as 1 | 3 | 5 | 7 | 9)) {
        const eras = eraListText(check.eras);
        out.push(
          fieldError(
            pointer,
            FormRuleCodes.ERA_NOT_ALLOWED,
            `${label(title)}の元号は${eras.ja}の何れかであること（${v}）`,
            `${title} must fall in the era ${eras.en} (${v})`,
          ),
        );
      }
      return;
    }
    case 'yearMonth': {
      if (typeof v !== 'string' || !isValidYearMonth(v)) return;
      const era = eraOf(monthEnd(v));
      if (!era.ok || !check.eras.includes(era.code as 1 | 3 | 5 | 7 | 9)) {
        const eras = eraListText(check.eras);
        out.push(
          fieldError(
            pointer,
            FormRuleCodes.ERA_NOT_ALLOWED,
            `${label(title)}の元号は${eras.ja}の何れかであること（${v}）`,
            `${title} must fall in the era ${eras.en} (${v})`,
          ),
        );
      }
      return;
    }
    case 'myNumber':
      if (typeof v === 'string' && !isValidMyNumber(v)) {
        out.push(
          fieldError(
            pointer,
            FormRuleCodes.MY_NUMBER_CHECK_DIGIT,
            `${label(title)}のチェックデジットが一致しません`,
            `${title}: the check digit does not match`,
          ),
        );
      }
      return;
    case 'text': {
      if (typeof v !== 'string') return;
      if (SINGLE_BYTE_TEXT.test(v)) {
        if (v.length > check.maxBytes) out.push(byteError(pointer, title, check.maxBytes, v.length));
        return;
      }
      const cs = checkCp932(v, pointer);
      if (!cs.ok)
        out.push(
          ...cs.errors.map((e) => ({
            ...e,
            message: { ja: `${label(title)}: ${e.message.ja}`, en: `${title}: ${e.message.en}` },
          })),
        );
      const bytes = cp932ByteLength(v);
      if (bytes > check.maxBytes) out.push(byteError(pointer, title, check.maxBytes, bytes));
      return;
    }
    case 'office': {
      if (
        !isRecord(v) ||
        typeof v.prefecture !== 'string' ||
        typeof v.district !== 'string' ||
        typeof v.symbol !== 'string'
      )
        return;
      out.push(...officeErrors(pointer, v.prefecture, v.district, v.symbol));
      return;
    }
    default:
      return;
  }
};

const byteError = (pointer: string, title: string, max: number, actual: number): FieldError =>
  fieldError(
    pointer,
    FormRuleCodes.BYTE_LENGTH_EXCEEDED,
    `${label(title)}は${max}バイト以内であること（${actual}バイト）`,
    `${title} must be at most ${max} bytes in Shift_JIS (${actual})`,
  );

const describeValue = (v: unknown): string => {
  const s = typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v));
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
};

/** The variant of a union of objects that a value claims to be (by a literal `kind` / `formCode`). */
const claimedVariant = (error: ValueError): number => {
  const v = error.value;
  if (!isRecord(v)) return -1;
  const variants = (error.schema.anyOf ?? []) as TSchema[];
  return variants.findIndex((s) => {
    if (s[Kind] !== 'Object') return false;
    const props = s.properties as Record<string, TSchema>;
    return ['kind', 'formCode'].some(
      (k) => props[k] !== undefined && props[k].const !== undefined && props[k].const === v[k],
    );
  });
};

/** ValueError → FieldError; unions of objects descend into the claimed variant. */
function* mapError(error: ValueError, titleAt: (pointer: string) => string): Generator<FieldError> {
  const path = error.path;
  const title = schemaTitle(error.schema) ?? titleAt(path);
  const t = label(title);
  const E = FormRuleCodes;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      yield fieldError(path, E.REQUIRED, `${t}が入力されていること`, `${title} is required`);
      return;
    case ValueErrorType.ObjectAdditionalProperties: {
      const key = path.slice(path.lastIndexOf('/') + 1);
      yield fieldError(
        path,
        E.UNKNOWN_FIELD,
        `「${key}」はこの届書にない項目です`,
        `"${key}" is not an item of this form`,
      );
      return;
    }
    case ValueErrorType.StringPattern:
    case ValueErrorType.StringFormat: {
      const h = formatHint(error.schema);
      yield fieldError(
        path,
        E.INVALID_FORMAT,
        `${t}の形式が正しくありません${h ? `（${h.ja}）` : ''}: ${describeValue(error.value)}`,
        `${title} has the wrong format${h ? ` (${h.en})` : ''}: ${describeValue(error.value)}`,
      );
      return;
    }
    case ValueErrorType.StringMaxLength:
      yield fieldError(
        path,
        E.TOO_LONG,
        `${t}は${String(error.schema.maxLength)}文字以内であること`,
        `${title} must be at most ${String(error.schema.maxLength)} characters`,
      );
      return;
    case ValueErrorType.StringMinLength:
      yield fieldError(
        path,
        E.TOO_SHORT,
        `${t}は${String(error.schema.minLength)}文字以上であること`,
        `${title} must be at least ${String(error.schema.minLength)} characters`,
      );
      return;
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.IntegerExclusiveMaximum:
    case ValueErrorType.IntegerExclusiveMinimum:
      yield fieldError(
        path,
        E.OUT_OF_RANGE,
        `${t}は${String(error.schema.minimum)}〜${String(error.schema.maximum)}であること: ${describeValue(error.value)}`,
        `${title} must be between ${String(error.schema.minimum)} and ${String(error.schema.maximum)}: ${describeValue(error.value)}`,
      );
      return;
    case ValueErrorType.IntegerMultipleOf:
    case ValueErrorType.NumberMultipleOf:
      yield fieldError(
        path,
        E.INVALID_FORMAT,
        `${t}は${String(error.schema.multipleOf)}円単位であること: ${describeValue(error.value)}`,
        `${title} must be a multiple of ${String(error.schema.multipleOf)}: ${describeValue(error.value)}`,
      );
      return;
    case ValueErrorType.Literal:
      yield fieldError(
        path,
        E.INVALID_CODE,
        `${t}は'${String(error.schema.const)}'であること: ${describeValue(error.value)}`,
        `${title} must be '${String(error.schema.const)}': ${describeValue(error.value)}`,
      );
      return;
    case ValueErrorType.Union: {
      const codes = codesOf(error.schema);
      if (codes !== undefined) {
        yield fieldError(
          path,
          E.INVALID_CODE,
          `${t}は${codes.map((c) => `'${c}'`).join('、')}の何れかであること: ${describeValue(error.value)}`,
          `${title} must be one of ${codes.join(', ')}: ${describeValue(error.value)}`,
        );
        return;
      }
      const variant = claimedVariant(error);
      const inner = variant >= 0 ? error.errors[variant] : undefined;
      if (inner !== undefined) {
        for (const e of inner) yield* mapError(e, titleAt);
        return;
      }
      yield fieldError(
        path,
        E.INVALID_TYPE,
        `${t}の内容が正しくありません`,
        `${title} matches none of the allowed shapes`,
      );
      return;
    }
    case ValueErrorType.ArrayMaxItems:
    case ValueErrorType.ArrayMinItems:
    case ValueErrorType.TupleLength:
      yield fieldError(
        path,
        E.INVALID_LENGTH,
        `${t}の件数が正しくありません`,
        `${title} has the wrong number of entries`,
      );
      return;
    default:
      yield fieldError(
        path,
        E.INVALID_TYPE,
        `${t}の型が正しくありません: ${describeValue(error.value)}`,
        `${title} has the wrong type: ${describeValue(error.value)}`,
      );
  }
}

export interface SchemaValidator {
  /** The compiled check: true when the body has no schema error. */
  readonly check: (value: unknown) => boolean;
  /** Schema errors, then field-check errors (the latter only on values the schema accepted). */
  readonly validate: (value: unknown) => FieldError[];
  /** The Japanese item name at a pointer (falls back to the last segment). */
  readonly titleAt: (pointer: string) => string;
}

/** The schema reached by following a pointer (array/tuple indexes included). */
const schemaAt = (root: TSchema, pointer: string): TSchema | undefined => {
  let s: TSchema | undefined = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (s === undefined) return undefined;
    switch (s[Kind]) {
      case 'Object':
        s = (s.properties as Record<string, TSchema>)[key];
        break;
      case 'Tuple':
        s = ((s.items ?? []) as TSchema[])[Number(key)];
        break;
      case 'Array':
        s = s.items as TSchema;
        break;
      case 'Union':
        s = (s.anyOf as TSchema[]).map((v) => schemaAt(v, `/${raw}`)).find((v) => v !== undefined);
        break;
      default:
        return undefined;
    }
  }
  return s;
};

export const createSchemaValidator = (schema: TSchema): SchemaValidator => {
  const compiled: TypeCheck<TSchema> = TypeCompiler.Compile(schema);
  const checks: FieldCheck[] = [];
  collectChecks(schema, [], checks, new Set());
  const titles = new Map<string, string>();
  const titleAt = (pointer: string): string => {
    const hit = titles.get(pointer);
    if (hit !== undefined) return hit;
    const t =
      schemaTitle(schemaAt(schema, pointer)) ?? (pointer.slice(pointer.lastIndexOf('/') + 1) || 'body');
    if (titles.size < 10_000) titles.set(pointer, t);
    return t;
  };

  const validate = (value: unknown): FieldError[] => {
    const errors: FieldError[] = [];
    const invalid: string[] = [];
    if (!compiled.Check(value)) {
      // One error per path: the first one, except that a format (pattern) error wins over a length
      // error on the same string — it says more about what is wrong.
      const byPath = new Map<string, number>();
      outer: for (const e of compiled.Errors(value)) {
        for (const fe of mapError(e, titleAt)) {
          const at = byPath.get(fe.path);
          if (at !== undefined) {
            const prev = errors[at] as FieldError;
            if (
              fe.code === FormRuleCodes.INVALID_FORMAT &&
              (prev.code === FormRuleCodes.TOO_SHORT || prev.code === FormRuleCodes.TOO_LONG)
            ) {
              errors[at] = fe;
            }
            continue;
          }
          byPath.set(fe.path, errors.length);
          errors.push(fe);
          invalid.push(fe.path);
          if (errors.length >= MAX_SCHEMA_ERRORS) break outer;
        }
      }
    }
    for (const fc of checks) {
      if (fc.pointer !== undefined) {
        const v = valueAt(value, fc.segs);
        if (v === undefined) continue;
        const pointer = fc.pointer;
        if (invalid.length > 0 && invalid.some((p) => pointersOverlap(p, pointer))) continue;
        runFieldCheck(fc, v, pointer, errors);
        continue;
      }
      visitAt(value, fc.segs, 0, [], (v, pointer) => {
        if (invalid.some((p) => pointersOverlap(p, pointer))) return;
        runFieldCheck(fc, v, pointer, errors);
      });
    }
    return errors;
  };

  return { check: (value: unknown) => compiled.Check(value), validate, titleAt };
};
