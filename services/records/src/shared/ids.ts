/**
 * Deterministic identifiers. Every id the record assigns while applying a filing is derived from the
 * filing's id (and the role of the thing inside it), never from a counter or a random source, so a
 * replay of intake.filing into a fresh database assigns the same ids and the same 基礎年金番号.
 * Ids are opaque: they reveal nothing about the person.
 */
import { createHash } from 'node:crypto';

const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export const personIdOf = (filingId: string, role: string): string => `p_${sha(`person:${filingId}:${role}`).slice(0, 24)}`;
export const enrolmentIdOf = (filingId: string, role = 'main'): string => `e_${sha(`enrolment:${filingId}:${role}`).slice(0, 24)}`;
export const dependantIdOf = (filingId: string, role: string): string => `d_${sha(`dependant:${filingId}:${role}`).slice(0, 24)}`;
export const applicationIdOf = (filingId: string): string => `a_${sha(`application:${filingId}`).slice(0, 24)}`;

/**
 * The `attempt`-th candidate 基礎年金番号 for a person created by a filing: 4-digit 課所符号 1000–9999
 * and a 6-digit 一連番号 000001–999999 (neither all zeros). The caller probes attempt 0, 1, … until
 * the number is free; the probing order is itself deterministic.
 */
export const pensionNumberCandidate = (filingId: string, role: string, attempt: number): string => {
  const h = sha(`pension-number:${filingId}:${role}:${attempt}`);
  const office = 1000 + (parseInt(h.slice(0, 8), 16) % 9000);
  const serial = 1 + (parseInt(h.slice(8, 16), 16) % 999_999);
  return `${office}${String(serial).padStart(6, '0')}`;
};

/** Levenshtein distance, bounded: returns max+1 as soon as the distance must exceed `max`. */
export const editDistanceWithin = (a: string, b: string, max: number): number => {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
};

/** 32-bit stripe of a key for advisory locks. */
export const lockStripe = (key: string, stripes: number): number => parseInt(sha(`lock:${key}`).slice(0, 8), 16) % stripes;
