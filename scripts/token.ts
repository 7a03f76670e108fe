/**
 * Issues a local development token:
 *
 *   npm run token -- --sub acme --roles employer --employers 21-01-ｹｲﾄ [--person P123] [--ttl 3600]
 *
 * Keeps an ES256 key pair under .data/dev-keys/ (created on first use; .data/ is git-ignored).
 * Services verify these tokens with JWT_PUBLIC_KEY=file:.data/dev-keys/public.pem and the same
 * JWT_ISSUER / JWT_AUDIENCE (defaults nenkin-dev / nenkin-api; --iss / --aud to override).
 * Refuses to run when JWT_JWKS_URL is set: an environment with a real identity provider never
 * trusts locally minted tokens.
 *
 * Lists (--roles, --employers) are comma-separated. The token goes to stdout, notes to stderr.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Roles, type Role } from '@nenkin/contracts/auth';
import {
  DEV_KEYS_DIR,
  DEV_TOKEN_AUDIENCE,
  DEV_TOKEN_ISSUER,
  DEV_TOKEN_TTL_SEC,
  ensureDevKeyPair,
  issueDevToken,
} from '@nenkin/platform/auth';

const ROOT = resolve(__dirname, '..');
const ROLE_VALUES: readonly string[] = Object.values(Roles);

const isRole = (value: string): value is Role => ROLE_VALUES.includes(value);

const list = (value: string | undefined): string[] =>
  value === undefined
    ? []
    : value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');

const fail = (message: string): never => {
  console.error(`token: ${message}`);
  process.exit(1);
};

const main = async () => {
  if (process.env['JWT_JWKS_URL'] !== undefined && process.env['JWT_JWKS_URL'] !== '') {
    fail('JWT_JWKS_URL is set: this environment trusts a real identity provider; local tokens are refused');
  }
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      roles: { type: 'string' },
      employers: { type: 'string' },
      person: { type: 'string' },
      ttl: { type: 'string' },
      iss: { type: 'string' },
      aud: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    console.log(
      'usage: npm run token -- --sub <id> --roles <r1,r2> [--employers <office,…>] [--person <id>] [--ttl <sec>] [--iss <issuer>] [--aud <audience>]',
    );
    console.log(`roles: ${ROLE_VALUES.join(', ')}`);
    return;
  }
  const sub = values.sub ?? fail('--sub is required');
  const roleList = list(values.roles);
  if (roleList.length === 0) fail(`--roles is required (one or more of ${ROLE_VALUES.join(', ')})`);
  const roles = roleList.map((r) =>
    isRole(r) ? r : fail(`unknown role "${r}" (known: ${ROLE_VALUES.join(', ')})`),
  );
  const ttlSec = values.ttl === undefined ? DEV_TOKEN_TTL_SEC : Number(values.ttl);
  if (!Number.isInteger(ttlSec) || ttlSec <= 0) fail('--ttl must be a positive integer (seconds)');
  const employers = list(values.employers);

  const dir = join(ROOT, DEV_KEYS_DIR);
  const { privateKeyPem, created } = await ensureDevKeyPair(dir);
  if (created) console.error(`token: created a local ES256 key pair in ${DEV_KEYS_DIR}/`);

  const token = await issueDevToken({
    privateKeyPem,
    sub,
    roles,
    employers: employers.length > 0 ? employers : undefined,
    person: values.person,
    issuer: values.iss ?? process.env['JWT_ISSUER'] ?? DEV_TOKEN_ISSUER,
    audience: values.aud ?? process.env['JWT_AUDIENCE'] ?? DEV_TOKEN_AUDIENCE,
    ttlSec,
  });
  console.error(`token: verify with JWT_PUBLIC_KEY=file:${DEV_KEYS_DIR}/public.pem; expires in ${ttlSec} s`);
  console.log(token);
};

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
