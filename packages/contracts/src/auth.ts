/**
 * Who is calling: the claims every JWT carries (ARCHITECTURE.md §4). Services read only this shape,
 * never the raw token.
 */
import { Type, type Static } from '@sinclair/typebox';

export const Roles = {
  INTEGRATION: 'integration',
  VENDOR: 'vendor',
  EMPLOYER: 'employer',
  SHAROUSHI: 'sharoushi',
  PERSON: 'person',
  STAFF: 'staff',
  OPS: 'ops',
} as const;
export type Role = (typeof Roles)[keyof typeof Roles];
export const Role = Type.Union(Object.values(Roles).map((r) => Type.Literal(r)));

/** The claims, as they appear in the token. */
export const TokenClaims = Type.Object({
  sub: Type.String({ minLength: 1, maxLength: 128 }),
  roles: Type.Array(Role, { minItems: 1 }),
  /** 事業所整理記号 (office codes) the caller may act for: own offices, or those that delegated to it. */
  employers: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 10000 })),
  /** For individuals: the opaque person id of the caller's own record. */
  person: Type.Optional(Type.String({ maxLength: 64 })),
});
export type TokenClaims = Static<typeof TokenClaims>;

export type Principal = {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly employers: readonly string[];
  readonly person?: string;
};
