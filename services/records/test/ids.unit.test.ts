/** Deterministic ids and the bounded edit distance used by identity matching. */
import { isValidPensionNumber } from '@nenkin/rules/identifiers';
import { kanaNameKey } from '@nenkin/rules/kana';
import { editDistanceWithin, enrolmentIdOf, lockStripe, pensionNumberCandidate, personIdOf } from '../src/shared/ids';

test('ids are deterministic, opaque and distinct per filing and role', () => {
  expect(personIdOf('f1', 'insured')).toBe(personIdOf('f1', 'insured'));
  expect(personIdOf('f1', 'insured')).not.toBe(personIdOf('f1', 'spouse'));
  expect(personIdOf('f1', 'insured')).not.toBe(personIdOf('f2', 'insured'));
  expect(personIdOf('f1', 'insured')).toMatch(/^p_[0-9a-f]{24}$/);
  expect(enrolmentIdOf('f1')).toMatch(/^e_[0-9a-f]{24}$/);
});

test('assigned 基礎年金番号 candidates are valid (4 + 6 digits, neither part zero) and vary by attempt', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 2_000; i++) {
    const pn = pensionNumberCandidate(`filing-${i}`, 'insured', i % 3);
    expect(isValidPensionNumber(pn)).toBe(true);
    seen.add(pn);
  }
  expect(seen.size).toBeGreaterThan(1_990);
  expect(pensionNumberCandidate('f', 'r', 0)).not.toBe(pensionNumberCandidate('f', 'r', 1));
});

test('edit distance is exact up to the bound and stops beyond it', () => {
  expect(editDistanceWithin('タナカタロウ', 'タナカタロウ', 1)).toBe(0);
  expect(editDistanceWithin('タナカタロウ', 'タナカタロオ', 1)).toBe(1);
  expect(editDistanceWithin('タナカタロウ', 'タナカタロ', 1)).toBe(1);
  expect(editDistanceWithin('タナカタロウ', 'ナカタロ', 1)).toBe(2);
  expect(editDistanceWithin('ABCDEF', 'UVWXYZ', 1)).toBe(2);
  // width and spelling variants are equal before any distance is taken
  expect(kanaNameKey('ｷｮｳｺﾞｸ ｼｮｳﾀ')).toBe(kanaNameKey('きょうごく　しょうた'));
});

test('lock stripes are stable and within range', () => {
  for (const k of ['birth:1990-01-01', 'pn:1234567890', 'mn:abc']) {
    const s = lockStripe(k, 64);
    expect(s).toBe(lockStripe(k, 64));
    expect(s).toBeGreaterThanOrEqual(0);
    expect(s).toBeLessThan(64);
  }
});
