/**
 * Every error a request can meet, turned into one RFC 7807 `application/problem+json` body:
 * { type, title, status, code, detail, instance: request id, errors[] }.
 *
 * Guarantees: 5xx bodies carry fixed texts only (no message, stack or cause of the underlying
 * error — those go to the log); 4xx bodies carry our own texts or fastify's generic ones, never
 * values from the request; headers that belong to the error (Retry-After, WWW-Authenticate) are
 * set.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, type FieldError, type ProblemDetails } from '@nenkin/contracts/problem';
import { PROBLEM_TYPE_PREFIX } from '../definitions';
import { AppError, ErrorCodes, internalError, payloadTooLarge, validationFailed } from '../errors';
import { isAjvErrorLike, toFieldErrors } from './validation';

const kebab = (code: string) => code.toLowerCase().replace(/_/g, '-');

export const problemType = (code: string) => `${PROBLEM_TYPE_PREFIX}${kebab(code)}`;

type ErrorLike = {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  validation?: unknown;
  validationContext?: unknown;
};

const asErrorLike = (err: unknown): ErrorLike =>
  typeof err === 'object' && err !== null ? (err as ErrorLike) : {};

const VALIDATION_DETAIL: Record<string, string> = {
  body: 'The request body does not match the schema',
  querystring: 'The query string does not match the schema',
  params: 'The path parameters do not match the schema',
  headers: 'The request headers do not match the schema',
};

/** Normalises anything thrown during a request into an AppError; `internal` marks a bug (logged at error). */
export const toAppError = (err: unknown): { error: AppError; internal: boolean } => {
  if (err instanceof AppError) return { error: err, internal: err.status >= 500 };
  const e = asErrorLike(err);
  const code = typeof e.code === 'string' ? e.code : undefined;

  if (Array.isArray(e.validation)) {
    const context = typeof e.validationContext === 'string' ? e.validationContext : undefined;
    const fieldErrors: FieldError[] = toFieldErrors(e.validation.filter(isAjvErrorLike), context);
    return {
      error: validationFailed(fieldErrors, VALIDATION_DETAIL[context ?? 'body'] ?? VALIDATION_DETAIL['body']),
      internal: false,
    };
  }

  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      // Also the answer to `__proto__` / `constructor.prototype` keys (onProtoPoisoning: 'error').
      return {
        error: new AppError({
          status: 400,
          code: ErrorCodes.MALFORMED_JSON,
          title: 'Malformed JSON',
          detail:
            'The request body is not valid JSON or contains a forbidden key (__proto__, constructor.prototype)',
        }),
        internal: false,
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        error: new AppError({
          status: 400,
          code: ErrorCodes.EMPTY_BODY,
          title: 'Empty body',
          detail: 'A JSON body is required',
        }),
        internal: false,
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { error: payloadTooLarge(), internal: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        error: new AppError({
          status: 415,
          code: ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
          title: 'Unsupported media type',
          detail: 'The Content-Type of the request is not accepted by this route',
        }),
        internal: false,
      };
    case 'FST_UNDER_PRESSURE':
      // @fastify/under-pressure already set 503 + Retry-After on the reply.
      return {
        error: new AppError({
          status: 503,
          code: ErrorCodes.SERVICE_OVERLOADED,
          title: 'Service unavailable',
          detail: 'The service is overloaded; retry later',
        }),
        internal: false,
      };
    default:
      break;
  }

  const status = typeof e.statusCode === 'number' && Number.isInteger(e.statusCode) ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    // A client error raised by fastify or a plugin: fastify's FST_ texts are generic and safe;
    // anything else gets the status text only.
    const detail = code?.startsWith('FST_') && typeof e.message === 'string' ? e.message : undefined;
    return {
      error: new AppError({
        status,
        code:
          status === 404
            ? ErrorCodes.NOT_FOUND
            : status === 405
              ? ErrorCodes.METHOD_NOT_ALLOWED
              : ErrorCodes.BAD_REQUEST,
        title: STATUS_CODES[status] ?? 'Bad request',
        detail,
      }),
      internal: false,
    };
  }
  return { error: internalError(err), internal: true };
};

export const problemBody = (error: AppError, requestId: string): ProblemDetails => {
  const body: ProblemDetails = {
    ...(error.extensions ?? {}),
    type: problemType(error.code),
    title: error.title,
    status: error.status,
    code: error.code,
  };
  if (error.detail !== undefined) body.detail = error.detail;
  body.instance = requestId;
  if (error.errors !== undefined && error.errors.length > 0) body.errors = error.errors;
  return body;
};

/** Sends `error` as problem+json on `reply`, with its headers. */
export const sendProblem = (reply: FastifyReply, request: FastifyRequest, error: AppError) => {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply
    .status(error.status)
    .type(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
    .send(problemBody(error, request.id));
};
