/**
 * マイナンバー protection (ARCHITECTURE §4, @nenkin/contracts/intake header): every `myNumber` field
 * is removed from the body and carried as {path, hash, cipher} — a keyed hash for matching and an
 * AES-GCM ciphertext for the record. Plaintext exists only inside the validating request.
 */
import type { ProtectedMyNumber } from '@nenkin/contracts/intake';
import type { PiiProtector } from '@nenkin/platform/crypto';

const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * `body` without any `myNumber` string (a new object wherever one was removed; untouched subtrees are
 * shared with the input), and the protected numbers by JSON pointer.
 */
export const protectMyNumbers = (
  pii: PiiProtector,
  body: unknown,
): { body: unknown; myNumbers: ProtectedMyNumber[] } => {
  const myNumbers: ProtectedMyNumber[] = [];
  // Copy on write: a subtree without a `myNumber` is shared, not copied (most rows have none, and
  // the copy was a large part of a vendor file's allocations). The input is never modified.
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        const w = walk(v, `${path}/${i}`);
        if (w !== v && copy === undefined) copy = value.slice(0, i);
        copy?.push(w);
      }
      return copy ?? value;
    }
    let out: Record<string, unknown> | undefined;
    const entries = Object.entries(value);
    for (let i = 0; i < entries.length; i++) {
      const [k, v] = entries[i] as [string, unknown];
      const isNumber = k === 'myNumber' && typeof v === 'string';
      const w = isNumber || typeof v !== 'object' || v === null ? v : walk(v, `${path}/${escapePointer(k)}`);
      if ((isNumber || w !== v) && out === undefined) out = Object.fromEntries(entries.slice(0, i));
      if (isNumber) {
        myNumbers.push({ path: `${path}/${escapePointer(k)}`, hash: pii.hash(v), cipher: pii.encrypt(v) });
        continue;
      }
      if (out !== undefined) out[k] = w;
    }
    return out ?? value;
  };
  return { body: walk(body, ''), myNumbers };
};

/** Removes every `myNumber` from a value that must never hold one (error echoes, logs). */
export const stripMyNumbers = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(stripMyNumbers);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'myNumber').map(([k, v]) => [k, stripMyNumbers(v)]));
};
