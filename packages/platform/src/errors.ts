/**
 * The errors a service throws on purpose. Each carries an HTTP status and a stable `code` that
 * clients may switch on; the HTTP error handler (`@nenkin/platform/http`) turns them into
 * `application/problem+json` (RFC 7807). Anything that is not an `AppError` is treated as a bug
 * and answered with a bare 500 that leaks nothing.
 *
 * 400 vs 422: 400 means the request itself is malformed — bad JSON, wrong types, unknown or
 * missing properties, anything the route's schema rejects (`validationFailed`). 422 means the
 * request is well-formed but breaks a business rule (check digit, 資格取得日 after 喪失日, a
 * filing for an office the caller does not hold) — `unprocessable(code, detail, errors?)`.
 */
import type { FieldError } from '@nenkin/contracts/problem';

/** Stable, documented codes (docs/http.md). Services add their own domain codes next to these. */
export const ErrorCodes = {
  // 400 — malformed request
  BAD_REQUEST: 'BAD_REQUEST',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  MALFORMED_JSON: 'MALFORMED_JSON',
  EMPTY_BODY: 'EMPTY_BODY',
  // 401 / 403
  TOKEN_MISSING: 'TOKEN_MISSING',
  TOKEN_INVALID: 'TOKEN_INVALID',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  FORBIDDEN: 'FORBIDDEN',
  ROLE_FORBIDDEN: 'ROLE_FORBIDDEN',
  EMPLOYER_FORBIDDEN: 'EMPLOYER_FORBIDDEN',
  PERSON_FORBIDDEN: 'PERSON_FORBIDDEN',
  // 404 / 405 / 409 / 413 / 415 / 422 / 429
  NOT_FOUND: 'NOT_FOUND',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  UNPROCESSABLE: 'UNPROCESSABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  // 5xx
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  SERVICE_OVERLOADED: 'SERVICE_OVERLOADED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  NOT_READY: 'NOT_READY',
  AUTH_UNAVAILABLE: 'AUTH_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export type AppErrorInit = {
  status: number;
  /** Stable machine-readable code: one of `ErrorCodes` or a service's own (`FILING_NOT_FOUND`). */
  code: string;
  /** Short, fixed, human-readable summary of the problem type (English). */
  title: string;
  /** Explanation specific to this occurrence. Shown to the caller: never put secrets or PII here. */
  detail?: string;
  errors?: FieldError[];
  /** Response headers that belong to the error (Retry-After, WWW-Authenticate). */
  headers?: Record<string, string>;
  /** Extra top-level problem members (RFC 7807 extensions), e.g. `{ checks }` on readiness. */
  extensions?: Record<string, unknown>;
  cause?: unknown;
};

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
  readonly errors?: FieldError[];
  readonly headers: Readonly<Record<string, string>>;
  readonly extensions?: Readonly<Record<string, unknown>>;

  constructor(init: AppErrorInit) {
    super(init.detail ?? init.title, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AppError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors;
    this.headers = init.headers ?? {};
    this.extensions = init.extensions;
  }
}

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;

/** 400: the request is malformed in a way no schema caught. */
export const badRequest = (detail?: string, code: string = ErrorCodes.BAD_REQUEST, errors?: FieldError[]) =>
  new AppError({ status: 400, code, title: 'Bad request', detail, errors });

/** 400: the request does not match its schema; one `FieldError` per broken rule. */
export const validationFailed = (errors: FieldError[], detail = 'The request does not match the schema') =>
  new AppError({
    status: 400,
    code: ErrorCodes.VALIDATION_FAILED,
    title: 'Validation failed',
    detail,
    errors,
  });

const bearerChallenge = (error?: 'invalid_token') =>
  error === undefined ? 'Bearer realm="nenkin"' : `Bearer realm="nenkin", error="${error}"`;

/** 401: no usable credentials. The code says which (missing / invalid / expired) and no more. */
export const unauthorized = (
  code:
    | typeof ErrorCodes.TOKEN_MISSING
    | typeof ErrorCodes.TOKEN_INVALID
    | typeof ErrorCodes.TOKEN_EXPIRED = ErrorCodes.TOKEN_MISSING,
) =>
  new AppError({
    status: 401,
    code,
    title: 'Unauthorized',
    detail:
      code === ErrorCodes.TOKEN_EXPIRED
        ? 'The bearer token has expired'
        : code === ErrorCodes.TOKEN_INVALID
          ? 'The bearer token is not valid'
          : 'A bearer token is required',
    headers: {
      'www-authenticate': bearerChallenge(code === ErrorCodes.TOKEN_MISSING ? undefined : 'invalid_token'),
    },
  });

/** 403: authenticated, but not allowed to do this / see this. */
export const forbidden = (
  code: string = ErrorCodes.FORBIDDEN,
  detail = 'The caller is not allowed to perform this action',
) => new AppError({ status: 403, code, title: 'Forbidden', detail });

export const notFound = (code: string = ErrorCodes.NOT_FOUND, detail?: string) =>
  new AppError({ status: 404, code, title: 'Not found', detail });

export const conflict = (code: string = ErrorCodes.CONFLICT, detail?: string) =>
  new AppError({ status: 409, code, title: 'Conflict', detail });

/** 422: well-formed but breaks a business rule. */
export const unprocessable = (
  code: string = ErrorCodes.UNPROCESSABLE,
  detail?: string,
  errors?: FieldError[],
) => new AppError({ status: 422, code, title: 'Unprocessable content', detail, errors });

export const payloadTooLarge = (detail = 'The request body exceeds the size limit') =>
  new AppError({ status: 413, code: ErrorCodes.PAYLOAD_TOO_LARGE, title: 'Payload too large', detail });

export const tooManyRequests = (retryAfterSec: number) =>
  new AppError({
    status: 429,
    code: ErrorCodes.RATE_LIMITED,
    title: 'Too many requests',
    detail: `Rate limit exceeded; retry in ${retryAfterSec} s`,
    headers: { 'retry-after': String(retryAfterSec) },
  });

export const serviceUnavailable = (
  code: string = ErrorCodes.SERVICE_UNAVAILABLE,
  detail = 'The service is temporarily unavailable',
  retryAfterSec?: number,
  extensions?: Record<string, unknown>,
) =>
  new AppError({
    status: 503,
    code,
    title: 'Service unavailable',
    detail,
    headers: retryAfterSec === undefined ? undefined : { 'retry-after': String(retryAfterSec) },
    extensions,
  });

/** 500 for deliberate internal failures; the detail is fixed so nothing internal leaks. */
export const internalError = (cause?: unknown) =>
  new AppError({
    status: 500,
    code: ErrorCodes.INTERNAL_ERROR,
    title: 'Internal server error',
    detail: 'An unexpected error occurred',
    cause,
  });
