/**
 * マイナンバー protection: AES-256-GCM round trip, tamper detection, keyed hash.
 */
import { randomBytes } from 'node:crypto';
import { PiiCryptoError, createPiiProtector } from '../src/crypto';

const MY_NUMBER = '123456789018';
const keys = { encryptionKey: randomBytes(32), hashKey: randomBytes(32) };

describe('createPiiProtector', () => {
  const pii = createPiiProtector(keys);

  it('round-trips, in the versioned compact format, with a fresh IV each time', () => {
    const a = pii.encrypt(MY_NUMBER);
    const b = pii.encrypt(MY_NUMBER);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(MY_NUMBER);
    expect(pii.decrypt(a)).toBe(MY_NUMBER);
    expect(pii.decrypt(b)).toBe(MY_NUMBER);
    expect(pii.decrypt(pii.encrypt('山田 太郎'))).toBe('山田 太郎');
    expect(pii.decrypt(pii.encrypt(''))).toBe('');
  });

  it('detects tampering with ciphertext, tag or iv, and never echoes the input', () => {
    const token = pii.encrypt(MY_NUMBER);
    const [v, iv = '', tag = '', ct = ''] = token.split('.');
    const flip = (s: string) => {
      const buf = Buffer.from(s, 'base64url');
      buf[0] = (buf[0] ?? 0) ^ 1;
      return buf.toString('base64url');
    };
    for (const bad of [
      `${v}.${iv}.${tag}.${flip(ct)}`,
      `${v}.${iv}.${flip(tag)}.${ct}`,
      `${v}.${flip(iv)}.${tag}.${ct}`,
    ]) {
      expect(() => pii.decrypt(bad)).toThrow(PiiCryptoError);
      try {
        pii.decrypt(bad);
      } catch (err) {
        expect(String(err)).not.toContain(ct);
        expect(String(err)).not.toContain(MY_NUMBER);
      }
    }
  });

  it('refuses other keys, other versions and malformed input', () => {
    const other = createPiiProtector({ encryptionKey: randomBytes(32), hashKey: randomBytes(32) });
    const token = pii.encrypt(MY_NUMBER);
    expect(() => other.decrypt(token)).toThrow('ciphertext failed authentication');
    expect(() => pii.decrypt(token.replace(/^v1/, 'v2'))).toThrow('unsupported ciphertext format');
    expect(() => pii.decrypt('v1.a.b')).toThrow(PiiCryptoError);
    expect(() => pii.decrypt('v1.!!.b.c')).toThrow('malformed ciphertext');
    expect(() =>
      pii.decrypt(`v1.${Buffer.alloc(8).toString('base64url')}.${Buffer.alloc(16).toString('base64url')}.AA`),
    ).toThrow('malformed ciphertext');
  });

  it('binds associated data when given', () => {
    const token = pii.encrypt(MY_NUMBER, 'person:P1');
    expect(pii.decrypt(token, 'person:P1')).toBe(MY_NUMBER);
    expect(() => pii.decrypt(token, 'person:P2')).toThrow(PiiCryptoError);
    expect(() => pii.decrypt(token)).toThrow(PiiCryptoError);
  });

  it('hash is a deterministic, keyed HMAC-SHA256 (hex)', () => {
    const h = pii.hash(MY_NUMBER);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(pii.hash(MY_NUMBER)).toBe(h);
    expect(pii.hash('123456789019')).not.toBe(h);
    const otherHashKey = createPiiProtector({ encryptionKey: keys.encryptionKey, hashKey: randomBytes(32) });
    expect(otherHashKey.hash(MY_NUMBER)).not.toBe(h);
  });

  it('is unaffected when the caller later overwrites its key buffers', () => {
    const enc = randomBytes(32);
    const protector = createPiiProtector({ encryptionKey: enc, hashKey: randomBytes(32) });
    const token = protector.encrypt(MY_NUMBER);
    enc.fill(0);
    expect(protector.decrypt(token)).toBe(MY_NUMBER);
  });

  it('checks key sizes and separation', () => {
    expect(() => createPiiProtector({ encryptionKey: randomBytes(16), hashKey: randomBytes(32) })).toThrow(
      /32 bytes/,
    );
    expect(() => createPiiProtector({ encryptionKey: randomBytes(32), hashKey: randomBytes(31) })).toThrow(
      /at least 32/,
    );
    const same = randomBytes(32);
    expect(() => createPiiProtector({ encryptionKey: same, hashKey: Buffer.from(same) })).toThrow(/differ/);
  });
});
