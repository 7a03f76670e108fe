/**
 * Token verification (static key and JWKS), object-level checks and dev tokens.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, importPKCS8, importSPKI } from 'jose';
import { Roles, type Principal } from '@nenkin/contracts/auth';
import {
  assertEmployer,
  assertPerson,
  canActForEmployer,
  canActForPerson,
  createVerifier,
  ensureDevKeyPair,
  generateDevKeyPair,
  issueDevToken,
  requireRoles,
  verifierOptionsFromConfig,
  type DevKeyPair,
} from '../src/auth';
import { ConfigError } from '../src/config';
import { AppError } from '../src/errors';

const ISSUER = 'https://idp.test';
const AUDIENCE = 'nenkin-api';

let keys: DevKeyPair;
let otherKeys: DevKeyPair;

beforeAll(async () => {
  keys = await generateDevKeyPair();
  otherKeys = await generateDevKeyPair();
});

const sign = (over: Partial<Parameters<typeof issueDevToken>[0]> = {}) =>
  issueDevToken({
    privateKeyPem: keys.privateKeyPem,
    sub: 'caller',
    roles: [Roles.EMPLOYER],
    issuer: ISSUER,
    audience: AUDIENCE,
    ...over,
  });

/** Resolves to the AppError a promise rejects with (fails the test if it resolves). */
const rejection = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a rejection');
};

const staticVerifier = () =>
  createVerifier({ publicKeyPem: keys.publicKeyPem, issuer: ISSUER, audience: AUDIENCE });

describe('createVerifier with a public key', () => {
  it('returns the principal from valid claims (roles de-duplicated, employers default to [])', async () => {
    const verify = staticVerifier();
    await expect(
      verify(await sign({ sub: 'acme', roles: [Roles.EMPLOYER, Roles.EMPLOYER], employers: ['21-01-ｹｲﾄ'] })),
    ).resolves.toEqual({
      sub: 'acme',
      roles: ['employer'],
      employers: ['21-01-ｹｲﾄ'],
    });
    await expect(verify(await sign({ sub: 'p', roles: [Roles.PERSON], person: 'P123' }))).resolves.toEqual({
      sub: 'p',
      roles: ['person'],
      employers: [],
      person: 'P123',
    });
  });

  it('TOKEN_EXPIRED past exp + tolerance; accepted within the tolerance', async () => {
    const verify = createVerifier({
      publicKeyPem: keys.publicKeyPem,
      issuer: ISSUER,
      audience: AUDIENCE,
      clockToleranceSec: 30,
    });
    const expired = await rejection(verify(await sign({ ttlSec: -60 })));
    expect(expired).toMatchObject({ status: 401, code: 'TOKEN_EXPIRED' });
    await expect(verify(await sign({ ttlSec: -10 }))).resolves.toMatchObject({ sub: 'caller' });
  });

  describe('verified-token cache', () => {
    afterEach(() => jest.useRealTimers());

    it('remembers a verified token: the same principal object comes back', async () => {
      const verify = staticVerifier();
      const token = await sign();
      const first = await verify(token);
      expect(await verify(token)).toBe(first);
      // another token (same claims, other iat/jti) is verified on its own
      expect(await verify(await sign({ ttlSec: 1_800 }))).not.toBe(first);
      // without a cache every call verifies again
      const uncached = createVerifier({ publicKeyPem: keys.publicKeyPem, issuer: ISSUER, audience: AUDIENCE, cacheMax: 0 });
      expect(await uncached(token)).not.toBe(await uncached(token));
    });

    it('a remembered token still expires: TOKEN_EXPIRED once past exp + tolerance', async () => {
      const t0 = Date.now();
      jest.useFakeTimers({ now: t0, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      const verify = createVerifier({ publicKeyPem: keys.publicKeyPem, issuer: ISSUER, audience: AUDIENCE, clockToleranceSec: 30 });
      const token = await sign({ ttlSec: 20 });
      const first = await verify(token);
      jest.setSystemTime(t0 + 45_000); // past exp, within the tolerance: still the remembered one
      expect(await verify(token)).toBe(first);
      jest.setSystemTime(t0 + 51_000); // past exp + tolerance
      expect(await rejection(verify(token))).toMatchObject({ status: 401, code: 'TOKEN_EXPIRED' });
    });

    it('forgets after the cache lifetime and verifies again', async () => {
      const t0 = Date.now();
      jest.useFakeTimers({ now: t0, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      const verify = staticVerifier();
      const token = await sign({ ttlSec: 3_600 });
      const first = await verify(token);
      jest.setSystemTime(t0 + 61_000);
      const again = await verify(token);
      expect(again).not.toBe(first);
      expect(again).toEqual(first);
    });

    it('never remembers a failure', async () => {
      const verify = staticVerifier();
      const bad = await sign({ privateKeyPem: otherKeys.privateKeyPem });
      expect(await rejection(verify(bad))).toMatchObject({ code: 'TOKEN_INVALID' });
      expect(await rejection(verify(bad))).toMatchObject({ code: 'TOKEN_INVALID' });
    });
  });

  it('TOKEN_INVALID for another key, audience, issuer; the jose reason is kept as cause only', async () => {
    const verify = staticVerifier();
    const wrongKey = await rejection(verify(await sign({ privateKeyPem: otherKeys.privateKeyPem })));
    expect(wrongKey).toMatchObject({
      status: 401,
      code: 'TOKEN_INVALID',
      detail: 'The bearer token is not valid',
    });
    expect((wrongKey.cause as { code?: string }).code).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    expect(await rejection(verify(await sign({ audience: 'other' })))).toMatchObject({
      code: 'TOKEN_INVALID',
    });
    expect(await rejection(verify(await sign({ issuer: 'https://evil.test' })))).toMatchObject({
      code: 'TOKEN_INVALID',
    });
  });

  it('TOKEN_INVALID without exp, and for garbage', async () => {
    const verify = staticVerifier();
    const key = await importPKCS8(keys.privateKeyPem, 'ES256');
    const noExp = await new SignJWT({ sub: 'x', roles: ['staff'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .sign(key);
    expect(await rejection(verify(noExp))).toMatchObject({ code: 'TOKEN_INVALID' });
    expect(await rejection(verify('a.b.c'))).toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('TOKEN_INVALID for claims that do not match TokenClaims (unknown role, no roles)', async () => {
    const verify = staticVerifier();
    const key = await importPKCS8(keys.privateKeyPem, 'ES256');
    const make = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('5m')
        .sign(key);
    expect(await rejection(verify(await make({ sub: 'x', roles: ['root'] })))).toMatchObject({
      code: 'TOKEN_INVALID',
    });
    expect(await rejection(verify(await make({ sub: 'x', roles: [] })))).toMatchObject({
      code: 'TOKEN_INVALID',
    });
    expect(
      await rejection(verify(await make({ sub: 'x', roles: ['staff'], employers: 'all' }))),
    ).toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('refuses algorithm confusion: HS256 keyed with the public key, and alg none', async () => {
    const verify = staticVerifier();
    const hs = await new SignJWT({ sub: 'x', roles: ['staff'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(keys.publicKeyPem));
    expect(await rejection(verify(hs))).toMatchObject({ code: 'TOKEN_INVALID' });
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${b64({ alg: 'none' })}.${b64({ sub: 'x', roles: ['staff'], iss: ISSUER, aud: AUDIENCE, exp: 9999999999 })}.`;
    expect(await rejection(verify(none))).toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('narrows algorithms to the key type: an RSA key with ES256 only is a configuration error', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() =>
      createVerifier({ publicKeyPem: pem, issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'] }),
    ).toThrow(/fits none/);
    expect(() => createVerifier({ publicKeyPem: pem, issuer: ISSUER, audience: AUDIENCE })).not.toThrow();
  });

  it('accepts RS256 tokens from an RSA key', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const verify = createVerifier({
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const t = await new SignJWT({ sub: 'r', roles: ['ops'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(verify(t)).resolves.toMatchObject({ sub: 'r', roles: ['ops'] });
  });

  it('refuses a private key as the verification key, and needs exactly one key source', () => {
    expect(() =>
      createVerifier({ publicKeyPem: keys.privateKeyPem, issuer: ISSUER, audience: AUDIENCE }),
    ).toThrow(/public key/);
    expect(() => createVerifier({ issuer: ISSUER, audience: AUDIENCE })).toThrow(/exactly one/);
    expect(() =>
      createVerifier({
        publicKeyPem: keys.publicKeyPem,
        jwksUrl: 'https://idp.test/jwks',
        issuer: ISSUER,
        audience: AUDIENCE,
      }),
    ).toThrow(/exactly one/);
  });
});

describe('createVerifier with a JWKS URL', () => {
  let server: Server;
  let mode: 'ok' | 'error' = 'ok';
  let jwks: object;
  let url: string;

  beforeAll(async () => {
    const jwk = await exportJWK(await importSPKI(keys.publicKeyPem, 'ES256'));
    jwks = { keys: [{ ...jwk, alg: 'ES256', use: 'sig', kid: 'k1' }] };
    server = createServer((_req, res) => {
      if (mode === 'error') {
        res.writeHead(500).end('down');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('verifies tokens signed by a key in the set; rejects others with 401', async () => {
    mode = 'ok';
    const verify = createVerifier({ jwksUrl: url, issuer: ISSUER, audience: AUDIENCE });
    await expect(verify(await sign({ sub: 'j' }))).resolves.toMatchObject({ sub: 'j' });
    expect(await rejection(verify(await sign({ privateKeyPem: otherKeys.privateKeyPem })))).toMatchObject({
      status: 401,
      code: 'TOKEN_INVALID',
    });
  });

  it('503 AUTH_UNAVAILABLE (not 401) when the key set cannot be fetched', async () => {
    mode = 'error';
    const verify = createVerifier({ jwksUrl: url, issuer: ISSUER, audience: AUDIENCE });
    const err = await rejection(verify(await sign()));
    expect(err).toMatchObject({ status: 503, code: 'AUTH_UNAVAILABLE' });
    expect(err.headers['retry-after']).toBeDefined();
    mode = 'ok';
  });

  it('503 AUTH_UNAVAILABLE when the JWKS host refuses connections', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const verify = createVerifier({
      jwksUrl: `http://127.0.0.1:${port}/jwks`,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    expect(await rejection(verify(await sign()))).toMatchObject({ status: 503, code: 'AUTH_UNAVAILABLE' });
  });
});

describe('object-level checks', () => {
  const p = (over: Partial<Principal>): Principal => ({ sub: 's', roles: [], employers: [], ...over });

  it('employers: own offices only; staff and ops all; others none', () => {
    const employer = p({ roles: [Roles.EMPLOYER], employers: ['A'] });
    expect(canActForEmployer(employer, 'A')).toBe(true);
    expect(canActForEmployer(employer, 'B')).toBe(false);
    expect(canActForEmployer(p({ roles: [Roles.SHAROUSHI], employers: ['A', 'C'] }), 'C')).toBe(true);
    expect(canActForEmployer(p({ roles: [Roles.STAFF] }), 'B')).toBe(true);
    expect(canActForEmployer(p({ roles: [Roles.OPS] }), 'B')).toBe(true);
    expect(canActForEmployer(p({ roles: [Roles.PERSON], person: 'P1' }), 'A')).toBe(false);
    expect(() => assertEmployer(employer, 'B')).toThrow(
      expect.objectContaining({ status: 403, code: 'EMPLOYER_FORBIDDEN' }),
    );
    expect(() => assertEmployer(employer, 'A')).not.toThrow();
  });

  it('persons: the same person (role person) or staff; not ops, not other persons, not employers', () => {
    expect(canActForPerson(p({ roles: [Roles.PERSON], person: 'P1' }), 'P1')).toBe(true);
    expect(canActForPerson(p({ roles: [Roles.PERSON], person: 'P1' }), 'P2')).toBe(false);
    expect(canActForPerson(p({ roles: [Roles.PERSON] }), 'P1')).toBe(false);
    expect(canActForPerson(p({ roles: [Roles.EMPLOYER], person: 'P1' }), 'P1')).toBe(false);
    expect(canActForPerson(p({ roles: [Roles.STAFF] }), 'P9')).toBe(true);
    expect(canActForPerson(p({ roles: [Roles.OPS] }), 'P9')).toBe(false);
    expect(() => assertPerson(p({ roles: [Roles.PERSON], person: 'P1' }), 'P2')).toThrow(
      expect.objectContaining({ status: 403, code: 'PERSON_FORBIDDEN' }),
    );
  });

  it('requireRoles needs at least one role', () => {
    expect(() => requireRoles()).toThrow(/at least one role/);
  });
});

describe('dev tokens', () => {
  it('issueDevToken refuses claims that would not verify', async () => {
    await expect(
      issueDevToken({ privateKeyPem: keys.privateKeyPem, sub: '', roles: [Roles.STAFF] }),
    ).rejects.toThrow(/TokenClaims/);
    await expect(issueDevToken({ privateKeyPem: keys.privateKeyPem, sub: 'x', roles: [] })).rejects.toThrow(
      /TokenClaims/,
    );
  });

  it('defaults iss / aud to the dev values and ttl to an hour', async () => {
    const t = await issueDevToken({
      privateKeyPem: keys.privateKeyPem,
      sub: 'x',
      roles: [Roles.STAFF],
      now: new Date(1_700_000_000_000),
    });
    const payload = JSON.parse(Buffer.from(t.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(payload).toMatchObject({
      iss: 'nenkin-dev',
      aud: 'nenkin-api',
      sub: 'x',
      iat: 1_700_000_000,
      exp: 1_700_003_600,
    });
  });
});

describe('ensureDevKeyPair', () => {
  it('creates the pair once (private key 0600), then reuses it; services verify via file:', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'nenkin-keys-')), 'dev-keys');
    const first = await ensureDevKeyPair(dir);
    expect(first.created).toBe(true);
    expect(statSync(join(dir, 'private.pem')).mode & 0o777).toBe(0o600);
    const second = await ensureDevKeyPair(dir);
    expect(second).toEqual({ ...first, created: false });

    const token = await issueDevToken({
      privateKeyPem: second.privateKeyPem,
      sub: 'dev',
      roles: [Roles.STAFF],
    });
    const verify = createVerifier(
      verifierOptionsFromConfig({
        JWT_PUBLIC_KEY: `file:${join(dir, 'public.pem')}`,
        JWT_ISSUER: 'nenkin-dev',
        JWT_AUDIENCE: 'nenkin-api',
      }),
    );
    await expect(verify(token)).resolves.toMatchObject({ sub: 'dev', roles: ['staff'] });
  });
});

describe('verifierOptionsFromConfig', () => {
  const base = { JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE };

  it('reads file: paths relative to the working directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nenkin-auth-'));
    writeFileSync(join(dir, 'public.pem'), keys.publicKeyPem);
    expect(verifierOptionsFromConfig({ ...base, JWT_PUBLIC_KEY: 'file:public.pem' }, dir)).toEqual({
      issuer: ISSUER,
      audience: AUDIENCE,
      publicKeyPem: keys.publicKeyPem,
    });
  });

  it('unescapes \\n in an inline PEM, and passes a JWKS URL through', () => {
    const escaped = keys.publicKeyPem.replace(/\n/g, '\\n');
    expect(verifierOptionsFromConfig({ ...base, JWT_PUBLIC_KEY: escaped }).publicKeyPem).toBe(
      keys.publicKeyPem,
    );
    expect(verifierOptionsFromConfig({ ...base, JWT_JWKS_URL: 'https://idp.test/jwks' })).toEqual({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUrl: 'https://idp.test/jwks',
    });
  });

  it('a missing key file is a ConfigError naming JWT_PUBLIC_KEY', () => {
    expect(() =>
      verifierOptionsFromConfig({ ...base, JWT_PUBLIC_KEY: 'file:/nonexistent/public.pem' }),
    ).toThrow(ConfigError);
    expect(() =>
      verifierOptionsFromConfig({ ...base, JWT_PUBLIC_KEY: 'file:/nonexistent/public.pem' }),
    ).toThrow(/JWT_PUBLIC_KEY/);
  });
});
