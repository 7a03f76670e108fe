/**
 * Identity matching (ARCHITECTURE: records applies filings "identity match …").
 *
 * Order, strongest first: マイナンバー (keyed hash) → 基礎年金番号 → 氏名カナ key + 生年月日 (+ 性別 when
 * both sides know it) → for employer forms, the open enrolment with the filing's 被保険者整理番号 at
 * the same office (a changed name) → for forms that may create a person, near misses (same birth date,
 * kana keys within FUZZY_KANA_MAX_DISTANCE, or the same key with another sex).
 *
 * Guarantees: a strong identifier that contradicts the record (the 基礎年金番号 belongs to someone with
 * another birth date, the マイナンバー and the 基礎年金番号 point to two people) is a conflict, and a
 * name + birth date shared by several people is ambiguous: both are held for staff review, never
 * merged or guessed. People whose マイナンバー differ are never candidates for each other.
 */
import { kanaNameKey } from '@nenkin/rules/kana';
import type { Queryable } from '@nenkin/platform/db';
import { FUZZY_KANA_MAX_DISTANCE } from '../definitions';
import { editDistanceWithin } from '../shared/ids';
import { filingRepository as repo, type PersonRow } from './filing-repository';

export type IdentityInput = {
  myNumberHash?: string;
  pensionNumber?: string;
  nameKana: string;
  birthDate: string;
  sex?: '1' | '2';
  officeCode?: string;
  insuredNumber?: string;
};

export type IdentityResult =
  | { kind: 'matched'; person: PersonRow; by: 'my-number' | 'pension-number' | 'name-birth' | 'insured-number' }
  | { kind: 'none' }
  | { kind: 'held'; code: 'IDENTITY_CONFLICT' | 'POSSIBLE_DUPLICATE'; candidates: string[] };

const compatible = (p: PersonRow, input: IdentityInput): boolean =>
  !(input.myNumberHash !== undefined && p.my_number_hash !== null && p.my_number_hash !== input.myNumberHash) &&
  !(input.pensionNumber !== undefined && p.pension_number !== input.pensionNumber) &&
  !(input.sex !== undefined && p.sex !== null && p.sex !== input.sex);

export const matchIdentity = async (
  q: Queryable,
  input: IdentityInput,
  opts: { fuzzy: boolean },
): Promise<IdentityResult> => {
  if (input.myNumberHash !== undefined) {
    const p = await repo.personByMyNumberHash(q, input.myNumberHash);
    if (p) {
      if (input.pensionNumber !== undefined && p.pension_number !== input.pensionNumber) {
        const other = await repo.personByPensionNumber(q, input.pensionNumber);
        return { kind: 'held', code: 'IDENTITY_CONFLICT', candidates: [p.person_id, ...(other ? [other.person_id] : [])] };
      }
      return { kind: 'matched', person: p, by: 'my-number' };
    }
  }
  if (input.pensionNumber !== undefined) {
    const p = await repo.personByPensionNumber(q, input.pensionNumber);
    if (p) {
      const hashClash = input.myNumberHash !== undefined && p.my_number_hash !== null && p.my_number_hash !== input.myNumberHash;
      if (hashClash || p.birth_date !== input.birthDate) {
        return { kind: 'held', code: 'IDENTITY_CONFLICT', candidates: [p.person_id] };
      }
      return { kind: 'matched', person: p, by: 'pension-number' };
    }
  }
  const key = kanaNameKey(input.nameKana);
  let exact = (await repo.personsByKanaBirth(q, key, input.birthDate)).filter((p) => compatible(p, input));
  if (exact.length > 1 && input.officeCode !== undefined) {
    const here = await repo.personIdsEnrolledAt(q, input.officeCode, exact.map((p) => p.person_id));
    if (here.size > 0) exact = exact.filter((p) => here.has(p.person_id));
  }
  if (exact.length === 1 && exact[0]) return { kind: 'matched', person: exact[0], by: 'name-birth' };
  if (exact.length > 1) return { kind: 'held', code: 'POSSIBLE_DUPLICATE', candidates: exact.map((p) => p.person_id) };

  if (input.officeCode !== undefined && input.insuredNumber !== undefined) {
    const e = await repo.openEnrolmentByInsuredNumber(q, input.officeCode, input.insuredNumber);
    if (e) {
      const p = await repo.personById(q, e.person_id);
      if (p && p.birth_date === input.birthDate && compatible(p, input)) return { kind: 'matched', person: p, by: 'insured-number' };
    }
  }
  if (opts.fuzzy) {
    const near = (await repo.personsByBirth(q, input.birthDate)).filter((p) => {
      if (input.myNumberHash !== undefined && p.my_number_hash !== null) return false; // both known and different
      if (input.pensionNumber !== undefined && p.pension_number !== input.pensionNumber) return false;
      if (p.kana_key === key) return true; // same name and birth date, another sex on file
      return editDistanceWithin(p.kana_key, key, FUZZY_KANA_MAX_DISTANCE) <= FUZZY_KANA_MAX_DISTANCE;
    });
    if (near.length > 0) return { kind: 'held', code: 'POSSIBLE_DUPLICATE', candidates: near.map((p) => p.person_id) };
  }
  return { kind: 'none' };
};
