/**
 * Authentication and authorisation for HTTP routes: token verification, role and object checks,
 * and local development tokens. See docs/http.md § Auth.
 */
export {
  createVerifier,
  verifierOptionsFromConfig,
  type AuthEnv,
  type Verifier,
  type VerifierOptions,
} from './verifier';
export {
  assertEmployer,
  assertPerson,
  canActForEmployer,
  canActForPerson,
  hasAnyRole,
  requireRoles,
} from './guards';
export {
  ensureDevKeyPair,
  generateDevKeyPair,
  issueDevToken,
  type DevKeyPair,
  type DevTokenOptions,
} from './dev-tokens';
export { DEV_KEYS_DIR, DEV_TOKEN_AUDIENCE, DEV_TOKEN_ISSUER, DEV_TOKEN_TTL_SEC } from '../definitions';
