/**
 * Protection of 個人番号 (マイナンバー) and other specific personal information at rest
 * (ARCHITECTURE §4): stored only encrypted (AES-256-GCM, key from config), found only through a
 * keyed hash (HMAC-SHA256), so the database never holds a value that can be reversed or
 * dictionary-searched without the keys.
 *
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url, with a fresh random 12-byte IV per
 * encryption. The version prefix leaves room for key rotation (v2 = next key). `decrypt` fails
 * closed on any tampering and its errors never contain the input or the plaintext.
 *
 * `hash` is deterministic for lookup: callers normalise first (e.g. full-width digits → ASCII via
 * @nenkin/rules) so the same number always hashes the same.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const MIN_HASH_KEY_BYTES = 32;
const PART = /^[A-Za-z0-9_-]+$/;

export class PiiCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PiiCryptoError';
  }
}

export type PiiProtector = {
  /** Encrypts `plain`; `aad` (e.g. the owning record id) binds the ciphertext to its context. */
  readonly encrypt: (plain: string, aad?: string) => string;
  /** Decrypts a value from `encrypt`; throws `PiiCryptoError` when it is malformed or tampered. */
  readonly decrypt: (token: string, aad?: string) => string;
  /** HMAC-SHA256 hex of `plain` with the hash key: the lookup column. */
  readonly hash: (plain: string) => string;
};

export const createPiiProtector = (keys: { encryptionKey: Buffer; hashKey: Buffer }): PiiProtector => {
  if (keys.encryptionKey.length !== KEY_BYTES) {
    throw new PiiCryptoError(`encryption key must be ${KEY_BYTES} bytes`);
  }
  if (keys.hashKey.length < MIN_HASH_KEY_BYTES) {
    throw new PiiCryptoError(`hash key must be at least ${MIN_HASH_KEY_BYTES} bytes`);
  }
  if (keys.hashKey.equals(keys.encryptionKey)) {
    throw new PiiCryptoError('hash key and encryption key must differ');
  }
  // Private copies: a caller zeroing or reusing its buffer must not change our keys.
  const encryptionKey = Buffer.from(keys.encryptionKey);
  const hashKey = Buffer.from(keys.hashKey);

  const encrypt = (plain: string, aad?: string): string => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, encryptionKey, iv, { authTagLength: TAG_BYTES });
    if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join('.');
  };

  const decrypt = (token: string, aad?: string): string => {
    const parts = token.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new PiiCryptoError('unsupported ciphertext format');
    const [, ivPart = '', tagPart = '', ctPart = ''] = parts;
    if (!PART.test(ivPart) || !PART.test(tagPart) || !(ctPart === '' || PART.test(ctPart))) {
      throw new PiiCryptoError('malformed ciphertext');
    }
    const iv = Buffer.from(ivPart, 'base64url');
    const tag = Buffer.from(tagPart, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new PiiCryptoError('malformed ciphertext');
    try {
      const decipher = createDecipheriv(ALGORITHM, encryptionKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
      return Buffer.concat([decipher.update(Buffer.from(ctPart, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new PiiCryptoError('ciphertext failed authentication');
    }
  };

  const hash = (plain: string): string => createHmac('sha256', hashKey).update(plain, 'utf8').digest('hex');

  return { encrypt, decrypt, hash };
};
