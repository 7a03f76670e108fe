/**
 * The one result shape every rule returns: a value, or the broken rules. Rules never throw on bad
 * input — bad input is the normal case for a filing system.
 */
import type { FieldError, LocalizedMessage } from '@nenkin/contracts/problem';

export type { FieldError, LocalizedMessage };

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err = { readonly ok: false; readonly errors: readonly FieldError[] };
export type Result<T> = Ok<T> | Err;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });

export const fail = (path: string, code: string, ja: string, en: string): Err => ({
  ok: false,
  errors: [{ path, code, message: { ja, en } }],
});

export const failMany = (errors: readonly FieldError[]): Err => ({ ok: false, errors });

export const fieldError = (path: string, code: string, ja: string, en: string): FieldError => ({
  path,
  code,
  message: { ja, en },
});
