/**
 * Compiled TypeBox validators with the string formats our schemas use registered once, so that the
 * same schema validates an HTTP body (ajv in fastify) and an event payload (here) the same way.
 */
import { FormatRegistry, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

const registerFormats = (): void => {
  if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => UUID.test(v));
  if (!FormatRegistry.Has('date')) FormatRegistry.Set('date', (v) => DATE.test(v) && !Number.isNaN(Date.parse(v)));
  if (!FormatRegistry.Has('date-time'))
    FormatRegistry.Set('date-time', (v) => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)));
};
registerFormats();

const cache = new WeakMap<TSchema, TypeCheck<TSchema>>();

/** A cached compiled checker for `schema`. */
export const compile = <T extends TSchema>(schema: T): TypeCheck<T> => {
  const hit = cache.get(schema);
  if (hit) return hit as TypeCheck<T>;
  const check = TypeCompiler.Compile(schema);
  cache.set(schema, check);
  return check;
};

export type SchemaIssue = { path: string; message: string };

/** Validates without coercion; returns the typed value or the issues (JSON-pointer paths). */
export const check = <T extends TSchema>(
  schema: T,
  value: unknown,
): { ok: true; value: Static<T> } | { ok: false; issues: SchemaIssue[] } => {
  const c = compile(schema);
  if (c.Check(value)) return { ok: true, value };
  const issues = [...c.Errors(value)].slice(0, 50).map((e) => ({ path: e.path || '/', message: e.message }));
  return { ok: false, issues };
};
