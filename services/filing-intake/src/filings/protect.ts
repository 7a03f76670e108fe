/**
 * マイナンバー protection (ARCHITECTURE §4, @nenkin/contracts/intake header): every `myNumber` field
 * is removed from the body and carried as {path, hash, cipher} — a keyed hash for matching and an
 * AES-GCM ciphertext for the record. Plaintext exists only inside the validating request.
 */
import type { ProtectedMyNumber } from '@nenkin/contracts/intake';
import type { PiiProtector } from '@nenkin/platform/crypto';

const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** A deep copy of `body` without any `myNumber` string, and the protected numbers by JSON pointer. */
export const protectMyNumbers = (
  pii: PiiProtector,
  body: unknown,
): { body: unknown; myNumbers: ProtectedMyNumber[] } => {
  const myNumbers: ProtectedMyNumber[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}/${i}`));
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const p = `${path}/${escapePointer(k)}`;
      if (k === 'myNumber' && typeof v === 'string') {
        myNumbers.push({ path: p, hash: pii.hash(v), cipher: pii.encrypt(v) });
        continue;
      }
      out[k] = walk(v, p);
    }
    return out;
  };
  return { body: walk(body, ''), myNumbers };
};

/** Removes every `myNumber` from a value that must never hold one (error echoes, logs). */
export const stripMyNumbers = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(stripMyNumbers);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'myNumber').map(([k, v]) => [k, stripMyNumbers(v)]));
};
