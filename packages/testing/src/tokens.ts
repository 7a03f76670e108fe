/**
 * Test identities: a fresh ES256 key pair per test file, a verifier trusting it, and tokens for any
 * role. Tokens signed by another key, expired, or for another audience are one option away.
 */
import { createVerifier, generateDevKeyPair, issueDevToken, type Verifier } from '@nenkin/platform/auth';
import type { Role } from '@nenkin/contracts/auth';

export const TEST_ISSUER = 'https://id.test.nenkin.local';
export const TEST_AUDIENCE = 'nenkin-api';

export type TestAuth = {
  verifier: Verifier;
  publicKeyPem: string;
  token: (claims: { sub: string; roles: Role[]; employers?: string[]; person?: string; ttlSec?: number }) => Promise<string>;
  /** `{ authorization: 'Bearer …' }` for app.inject. */
  headers: (claims: Parameters<TestAuth['token']>[0]) => Promise<{ authorization: string }>;
};

export const createTestAuth = async (): Promise<TestAuth> => {
  const keys = await generateDevKeyPair();
  const token: TestAuth['token'] = (claims) =>
    issueDevToken({ privateKeyPem: keys.privateKeyPem, issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ...claims });
  return {
    verifier: createVerifier({ publicKeyPem: keys.publicKeyPem, issuer: TEST_ISSUER, audience: TEST_AUDIENCE }),
    publicKeyPem: keys.publicKeyPem,
    token,
    headers: async (claims) => ({ authorization: `Bearer ${await token(claims)}` }),
  };
};
