/**
 * RFC 7807 problem details, as every API here (and e-Gov) returns them. Validation failures carry
 * `errors[]`: one entry per broken rule, naming the field (JSON pointer or `line:column` for files),
 * a stable code and the message in Japanese and English.
 */
import { Type, type Static } from '@sinclair/typebox';

export const LocalizedMessage = Type.Object(
  { ja: Type.String(), en: Type.String() },
  { additionalProperties: false, $id: 'LocalizedMessage' },
);
export type LocalizedMessage = Static<typeof LocalizedMessage>;

export const FieldError = Type.Object(
  {
    /** JSON pointer into the submitted document (`/data/birthDate`) or the file field name. */
    path: Type.String(),
    /** Stable machine-readable rule code, e.g. `MY_NUMBER_CHECK_DIGIT`. */
    code: Type.String(),
    message: LocalizedMessage,
    /** For files: 1-based line and column of the offending value. */
    line: Type.Optional(Type.Integer({ minimum: 1 })),
    column: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false, $id: 'FieldError' },
);
export type FieldError = Static<typeof FieldError>;

export const ProblemDetails = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(FieldError)),
  },
  { additionalProperties: true, $id: 'ProblemDetails' },
);
export type ProblemDetails = Static<typeof ProblemDetails>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
