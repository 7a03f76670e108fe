/**
 * Local development tokens: an ES256 key pair and tokens signed with it, for `npm run token` and
 * for tests. Production tokens come from the identity provider (JWKS); these helpers never read
 * configuration, and the token script refuses to run when JWT_JWKS_URL is set.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, SignJWT } from 'jose';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { TokenClaims, type Role } from '@nenkin/contracts/auth';
import { DEV_TOKEN_AUDIENCE, DEV_TOKEN_ISSUER, DEV_TOKEN_TTL_SEC } from '../definitions';

const DEV_ALG = 'ES256';
const claimsCheck = TypeCompiler.Compile(TokenClaims);

export type DevKeyPair = { privateKeyPem: string; publicKeyPem: string };

export const generateDevKeyPair = async (): Promise<DevKeyPair> => {
  const { privateKey, publicKey } = await generateKeyPair(DEV_ALG, { extractable: true });
  return { privateKeyPem: await exportPKCS8(privateKey), publicKeyPem: await exportSPKI(publicKey) };
};

/**
 * The local key pair in `dir` (`private.pem`, mode 0600, and `public.pem`), created when either
 * file is missing. Used by `npm run token`, `npm start` and the Docker bootstrap.
 */
export const ensureDevKeyPair = async (dir: string): Promise<DevKeyPair & { created: boolean }> => {
  const privatePath = join(dir, 'private.pem');
  const publicPath = join(dir, 'public.pem');
  if (existsSync(privatePath) && existsSync(publicPath)) {
    return {
      privateKeyPem: readFileSync(privatePath, 'utf8'),
      publicKeyPem: readFileSync(publicPath, 'utf8'),
      created: false,
    };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pair = await generateDevKeyPair();
  writeFileSync(privatePath, pair.privateKeyPem, { mode: 0o600 });
  chmodSync(privatePath, 0o600); // an existing file keeps its mode on write
  writeFileSync(publicPath, pair.publicKeyPem, { mode: 0o644 });
  return { ...pair, created: true };
};

export type DevTokenOptions = {
  privateKeyPem: string;
  sub: string;
  roles: Role[];
  employers?: string[];
  person?: string;
  issuer?: string;
  audience?: string;
  /** Lifetime in seconds from `now` (negative: already expired). Default DEV_TOKEN_TTL_SEC. */
  ttlSec?: number;
  now?: Date;
};

/** Signs a token with the claims of `TokenClaims`; refuses claims that would not verify. */
export const issueDevToken = async (opts: DevTokenOptions): Promise<string> => {
  const claims: TokenClaims = { sub: opts.sub, roles: opts.roles };
  if (opts.employers !== undefined) claims.employers = opts.employers;
  if (opts.person !== undefined) claims.person = opts.person;
  if (!claimsCheck.Check(claims)) {
    const first = claimsCheck.Errors(claims).First();
    throw new Error(
      `issueDevToken: claims do not match TokenClaims (${first?.path ?? ''} ${first?.message ?? ''})`,
    );
  }
  const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const key = await importPKCS8(opts.privateKeyPem, DEV_ALG);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: DEV_ALG, typ: 'JWT' })
    .setIssuer(opts.issuer ?? DEV_TOKEN_ISSUER)
    .setAudience(opts.audience ?? DEV_TOKEN_AUDIENCE)
    .setSubject(opts.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (opts.ttlSec ?? DEV_TOKEN_TTL_SEC))
    .sign(key);
};
