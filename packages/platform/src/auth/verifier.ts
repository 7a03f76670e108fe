/**
 * Bearer token verification (ARCHITECTURE §4): a JWT signed by the agency's identity provider,
 * checked with `jose` against one configured public key or a JWKS URL.
 *
 * Guarantees: a token passes only if its signature verifies with an allowed algorithm that fits
 * the key, `iss` and `aud` match, `exp` is present and in the future (± clock tolerance), and its
 * claims match `TokenClaims` from contracts. Every failure is a 401 AppError whose code says only
 * TOKEN_EXPIRED or TOKEN_INVALID (the jose reason rides along as `cause`, for the log). When the
 * JWKS endpoint itself cannot be reached the answer is 503 AUTH_UNAVAILABLE, not 401: the caller's
 * token may be fine and telling it otherwise would send it to re-authenticate for nothing.
 *
 * A verified token is remembered (by its exact text) for JWT_VERIFIED_CACHE_TTL_MS, never past its
 * `exp`: the signature check is most of the cost of a small request, and clients reuse their token.
 * Failures are never remembered.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { TokenClaims, type Principal, type Role } from '@nenkin/contracts/auth';
import { ConfigError } from '../config';
import {
  DEFAULT_JWT_ALGORITHMS,
  JWKS_CACHE_MAX_AGE_MS,
  JWKS_TIMEOUT_MS,
  JWT_CLOCK_TOLERANCE_SEC,
  JWT_VERIFIED_CACHE_MAX,
  JWT_VERIFIED_CACHE_TTL_MS,
} from '../definitions';
import { AppError, ErrorCodes, serviceUnavailable, unauthorized } from '../errors';

export type Verifier = (token: string) => Promise<Principal>;

export type VerifierOptions = {
  /** SPKI PEM of the issuer's public key. Exactly one of publicKeyPem / jwksUrl. */
  publicKeyPem?: string;
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /** Accepted `alg` values; default ['ES256', 'RS256'], narrowed to those that fit a static key. */
  algorithms?: string[];
  clockToleranceSec?: number;
  /** JWKS fetch timeout (default JWKS_TIMEOUT_MS). */
  jwksTimeoutMs?: number;
  /** Verified tokens remembered (default JWT_VERIFIED_CACHE_MAX; 0 turns the cache off). */
  cacheMax?: number;
};

const claimsCheck = TypeCompiler.Compile(TokenClaims);

/** The algorithms a static public key can verify, by key type. */
const algorithmsForKey = (key: KeyObject): string[] => {
  switch (key.asymmetricKeyType) {
    case 'ec':
      switch (key.asymmetricKeyDetails?.namedCurve) {
        case 'prime256v1':
          return ['ES256'];
        case 'secp384r1':
          return ['ES384'];
        case 'secp521r1':
          return ['ES512'];
        default:
          return [];
      }
    case 'rsa':
      return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ed25519':
      return ['EdDSA'];
    default:
      return [];
  }
};

const toPrincipal = (claims: TokenClaims): Principal => {
  const principal: { sub: string; roles: Role[]; employers: string[]; person?: string } = {
    sub: claims.sub,
    roles: [...new Set(claims.roles)],
    employers: [...new Set(claims.employers ?? [])],
  };
  if (claims.person !== undefined) principal.person = claims.person;
  return Object.freeze(principal);
};

const isJwksUnavailable = (err: unknown): boolean =>
  err instanceof joseErrors.JWKSTimeout ||
  err instanceof joseErrors.JWKSInvalid ||
  // Non-200 or unparsable JWKS response: a bare JOSEError with the generic code.
  (err instanceof joseErrors.JOSEError && err.code === 'ERR_JOSE_GENERIC') ||
  // Network failure (ECONNREFUSED, DNS …): not a jose error at all.
  !(err instanceof joseErrors.JOSEError);

export const createVerifier = (options: VerifierOptions): Verifier => {
  const { publicKeyPem, jwksUrl, issuer, audience } = options;
  if ((publicKeyPem === undefined) === (jwksUrl === undefined)) {
    throw new Error('createVerifier: configure exactly one of publicKeyPem or jwksUrl');
  }
  const configured = options.algorithms ?? [...DEFAULT_JWT_ALGORITHMS];
  const clockTolerance = options.clockToleranceSec ?? JWT_CLOCK_TOLERANCE_SEC;

  let key: KeyObject | JWTVerifyGetKey;
  let algorithms: string[];
  if (publicKeyPem !== undefined) {
    if (!/-----BEGIN PUBLIC KEY-----/.test(publicKeyPem)) {
      // createPublicKey would happily derive a public key from a private one: refuse to run
      // with a signing key deployed to a verifying service.
      throw new Error('createVerifier: publicKeyPem must be an SPKI public key (BEGIN PUBLIC KEY)');
    }
    const keyObject = createPublicKey(publicKeyPem);
    const fits = algorithmsForKey(keyObject);
    algorithms = configured.filter((a) => fits.includes(a));
    if (algorithms.length === 0) {
      throw new Error(`createVerifier: the public key fits none of the algorithms ${configured.join(', ')}`);
    }
    key = keyObject;
  } else {
    algorithms = configured;
    key = createRemoteJWKSet(new URL(jwksUrl ?? ''), {
      timeoutDuration: options.jwksTimeoutMs ?? JWKS_TIMEOUT_MS,
      cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
    });
  }
  const usesJwks = jwksUrl !== undefined;

  // `exp` is required: jose checks it only when present, and a token that never expires is refused.
  const verifyOptions = { issuer, audience, algorithms, clockTolerance, requiredClaims: ['exp', 'sub'] };
  // (two calls only because jwtVerify's key / key-resolver overloads do not accept the union)
  const verifyWith = (token: string) =>
    typeof key === 'function' ? jwtVerify(token, key, verifyOptions) : jwtVerify(token, key, verifyOptions);

  const cacheMax = options.cacheMax ?? JWT_VERIFIED_CACHE_MAX;
  const verified =
    cacheMax > 0
      ? new LRUCache<string, { principal: Principal; exp: number }>({
          max: cacheMax,
          ttl: JWT_VERIFIED_CACHE_TTL_MS,
          // the wall clock, as for `exp` (and as tests can set it)
          perf: { now: () => Date.now() },
        })
      : undefined;

  return async (token) => {
    const nowSec = Date.now() / 1000;
    const hit = verified?.get(token);
    // Still valid by jose's own rule (exp > now − tolerance); an expired one is verified again, so it
    // fails with TOKEN_EXPIRED exactly as without the cache.
    if (hit !== undefined && hit.exp > nowSec - clockTolerance) return hit.principal;
    let payload: unknown;
    try {
      payload = (await verifyWith(token)).payload;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw withCause(unauthorized(ErrorCodes.TOKEN_EXPIRED), err);
      if (usesJwks && isJwksUnavailable(err)) {
        throw withCause(
          serviceUnavailable(ErrorCodes.AUTH_UNAVAILABLE, 'Token keys cannot be fetched; retry later', 5),
          err,
        );
      }
      throw withCause(unauthorized(ErrorCodes.TOKEN_INVALID), err);
    }
    if (!claimsCheck.Check(payload)) {
      throw withCause(unauthorized(ErrorCodes.TOKEN_INVALID), new Error('claims do not match TokenClaims'));
    }
    const principal = toPrincipal(payload);
    // `exp` is required (requiredClaims), so it is a number here.
    const exp = (payload as unknown as { exp: number }).exp;
    const ttl = Math.min(JWT_VERIFIED_CACHE_TTL_MS, Math.floor((exp + clockTolerance - nowSec) * 1000));
    if (ttl > 0) verified?.set(token, { principal, exp }, { ttl });
    return principal;
  };
};

const withCause = (error: AppError, cause: unknown): AppError =>
  new AppError({
    status: error.status,
    code: error.code,
    title: error.title,
    detail: error.detail,
    headers: { ...error.headers },
    cause,
  });

/** The AuthConfig fragment's variables, as `loadConfig` returns them. */
export type AuthEnv = {
  JWT_PUBLIC_KEY?: string;
  JWT_JWKS_URL?: string;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
};

/**
 * AuthConfig → VerifierOptions: resolves `file:<path>` (relative to the working directory) and
 * `\n` escapes in an inline PEM. A file that cannot be read fails boot with a ConfigError.
 */
export const verifierOptionsFromConfig = (config: AuthEnv, cwd: string = process.cwd()): VerifierOptions => {
  const base = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  if (config.JWT_JWKS_URL !== undefined) return { ...base, jwksUrl: config.JWT_JWKS_URL };
  const value = config.JWT_PUBLIC_KEY;
  if (value === undefined) {
    throw new ConfigError([
      { variable: 'JWT_PUBLIC_KEY|JWT_JWKS_URL', problem: 'is required: set exactly one of them' },
    ]);
  }
  if (!value.startsWith('file:')) return { ...base, publicKeyPem: value.replace(/\\n/g, '\n') };
  const path = resolve(cwd, value.slice('file:'.length));
  try {
    return { ...base, publicKeyPem: readFileSync(path, 'utf8') };
  } catch {
    throw new ConfigError([
      { variable: 'JWT_PUBLIC_KEY', problem: `names a file that cannot be read (${path})` },
    ]);
  }
};
