/**
 * Request validation: which ajv settings apply to which part of a request, and how ajv's errors
 * become `FieldError`s (path, stable code, Japanese + English message).
 *
 * Fastify compiles every part (body, querystring, params, headers) with ONE ajv instance by
 * default, and that default coerces types and silently strips unknown properties. We install a
 * validator factory with two ajv instances instead (the split fastify's "Validation and
 * Serialization" guide describes):
 *   - body:        coerceTypes false — `"1"` is not an integer, `"true"` is not a boolean;
 *   - querystring, params, headers: coerceTypes 'array' — they arrive as strings, so `?limit=20`
 *     must become 20 and `?role=a` may fill an array.
 * Both: removeAdditional false (an unknown property is an error when the schema says
 * additionalProperties:false, never dropped), allErrors true (every broken rule reported; bounded
 * by the body limit and MAX_VALIDATION_ERRORS), useDefaults true (schema defaults are applied).
 */
import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';
import type { FieldError } from '@nenkin/contracts/problem';
import { MAX_VALIDATION_ERRORS } from '../definitions';
import type { Logger } from '../logger';

type BuildValidator = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
>;

const SHARED_AJV_OPTIONS = {
  removeAdditional: false,
  useDefaults: true,
  allErrors: true,
  // Report the offending value's location only; never copy request data into errors.
  verbose: false,
} as const;

export const BODY_AJV_OPTIONS = { ...SHARED_AJV_OPTIONS, coerceTypes: false } as const;
export const PARAMS_AJV_OPTIONS = { ...SHARED_AJV_OPTIONS, coerceTypes: 'array' } as const;

/** ajv reports strict-mode warnings through this; they go to the service log, not the console. */
const ajvLogger = (log: Logger) => ({
  log: (...args: unknown[]) => log.debug({ ajv: args.map(String) }, 'ajv'),
  warn: (...args: unknown[]) => log.warn({ ajv: args.map(String) }, 'ajv warning'),
  error: (...args: unknown[]) => log.error({ ajv: args.map(String) }, 'ajv error'),
});

/** The `schemaController.compilersFactory.buildValidator` that splits body from the other parts. */
export const buildValidatorFactory = (log: Logger): BuildValidator => {
  return (externalSchemas) => {
    const factory = AjvCompiler();
    const logger = ajvLogger(log);
    const body = factory(externalSchemas, { customOptions: { ...BODY_AJV_OPTIONS, logger } });
    const other = factory(externalSchemas, { customOptions: { ...PARAMS_AJV_OPTIONS, logger } });
    return (route) => (route.httpPart === 'body' ? body(route) : other(route));
  };
};

/** The fields of an ajv error we read (fastify passes ajv's ErrorObject through unchanged). */
export type AjvErrorLike = {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
};

export const isAjvErrorLike = (value: unknown): value is AjvErrorLike =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { keyword?: unknown }).keyword === 'string' &&
  typeof (value as { instancePath?: unknown }).instancePath === 'string';

const escapePointer = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');

const TYPE_JA: Record<string, string> = {
  string: '文字列',
  integer: '整数',
  number: '数値',
  boolean: '真偽値 (true / false)',
  object: 'オブジェクト',
  array: '配列',
  null: 'null',
};

const FORMAT_JA: Record<string, string> = {
  date: '日付 (YYYY-MM-DD)',
  'date-time': '日時 (ISO 8601)',
  time: '時刻',
  email: 'メールアドレス',
  uri: 'URL',
  uuid: 'UUID',
};

const str = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);

/** Japanese + English message for one ajv keyword. Values from the request are never quoted. */
const messageFor = (e: AjvErrorLike): { ja: string; en: string } => {
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return { ja: '必須項目が指定されていません', en: 'Required property is missing' };
    case 'additionalProperties':
      return { ja: '定義されていない項目は指定できません', en: 'Unknown property is not allowed' };
    case 'type': {
      const types = str(p['type']).split(',');
      return {
        ja: `${types.map((t) => TYPE_JA[t] ?? t).join('または')}で指定してください`,
        en: `Must be of type ${types.join(' or ')}`,
      };
    }
    case 'minLength':
      return {
        ja: `${str(p['limit'])}文字以上で入力してください`,
        en: `Must be at least ${str(p['limit'])} characters`,
      };
    case 'maxLength':
      return {
        ja: `${str(p['limit'])}文字以内で入力してください`,
        en: `Must be at most ${str(p['limit'])} characters`,
      };
    case 'pattern':
      return { ja: '形式が正しくありません', en: 'Does not match the required format' };
    case 'format':
      return {
        ja: `${FORMAT_JA[str(p['format'])] ?? str(p['format'])}の形式で入力してください`,
        en: `Must be a valid ${str(p['format'])}`,
      };
    case 'minimum':
      return { ja: `${str(p['limit'])}以上の値を指定してください`, en: `Must be >= ${str(p['limit'])}` };
    case 'maximum':
      return { ja: `${str(p['limit'])}以下の値を指定してください`, en: `Must be <= ${str(p['limit'])}` };
    case 'exclusiveMinimum':
      return { ja: `${str(p['limit'])}より大きい値を指定してください`, en: `Must be > ${str(p['limit'])}` };
    case 'exclusiveMaximum':
      return { ja: `${str(p['limit'])}未満の値を指定してください`, en: `Must be < ${str(p['limit'])}` };
    case 'multipleOf':
      return {
        ja: `${str(p['multipleOf'])}の倍数を指定してください`,
        en: `Must be a multiple of ${str(p['multipleOf'])}`,
      };
    case 'enum':
    case 'const':
      return { ja: '指定できない値です', en: 'Must be one of the allowed values' };
    case 'minItems':
      return {
        ja: `${str(p['limit'])}件以上指定してください`,
        en: `Must have at least ${str(p['limit'])} items`,
      };
    case 'maxItems':
      return {
        ja: `${str(p['limit'])}件以内で指定してください`,
        en: `Must have at most ${str(p['limit'])} items`,
      };
    case 'uniqueItems':
      return { ja: '重複した値は指定できません', en: 'Items must be unique' };
    case 'minProperties':
      return {
        ja: `${str(p['limit'])}項目以上指定してください`,
        en: `Must have at least ${str(p['limit'])} properties`,
      };
    case 'maxProperties':
      return {
        ja: `${str(p['limit'])}項目以内で指定してください`,
        en: `Must have at most ${str(p['limit'])} properties`,
      };
    case 'anyOf':
    case 'oneOf':
      return { ja: '指定可能な形式のいずれにも一致しません', en: 'Does not match any of the allowed forms' };
    default:
      return { ja: '値が正しくありません', en: 'Invalid value' };
  }
};

/** JSON pointer of the offending value: for required / additionalProperties, the property itself. */
const pointerOf = (e: AjvErrorLike): string => {
  const prop =
    e.keyword === 'required'
      ? e.params['missingProperty']
      : e.keyword === 'additionalProperties'
        ? e.params['additionalProperty']
        : undefined;
  return typeof prop === 'string' ? `${e.instancePath}/${escapePointer(prop)}` : e.instancePath;
};

/**
 * ajv errors → FieldErrors. Body paths are plain JSON pointers (`/insured/0/birthDate`); other
 * parts are prefixed with the part (`querystring:/limit`, `params:/id`). Inside an anyOf/oneOf
 * only the union's own error is kept (the per-branch errors are noise to a caller).
 */
export const toFieldErrors = (errors: readonly AjvErrorLike[], context: string | undefined): FieldError[] => {
  const unions = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => `${e.schemaPath}/`);
  const prefix = context === undefined || context === 'body' ? '' : `${context}:`;
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    if (unions.some((u) => e.schemaPath.startsWith(u))) continue;
    // '' is the JSON pointer of the whole document (e.g. the body is not an object at all).
    const path = `${prefix}${pointerOf(e)}`;
    const key = `${path}\u0000${e.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, code: e.keyword, message: messageFor(e) });
    if (out.length >= MAX_VALIDATION_ERRORS) break;
  }
  return out;
};
