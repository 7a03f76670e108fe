/** Contract-level invariants: topic naming, dead-letter twins, derived notice ids. */
import fc from 'fast-check';
import { noticeIdOf } from '../src/notices';
import { allTopicSpecs, dlqTopicOf, Topics } from '../src/topics';
import { FilingAcceptedData, FilingEvents, WithoutMyNumber } from '../src/intake';
import { check } from '../src/validate';
import { Uuid } from '../src/primitives';

describe('topics', () => {
  test('names are <owner>.<stream>, every topic has a dead-letter twin', () => {
    const names = allTopicSpecs().map((t) => t.name);
    for (const t of Object.values(Topics)) {
      expect(t.name).toMatch(/^[a-z]+\.[a-z-]+$/);
      expect(names).toContain(dlqTopicOf(t.name));
    }
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('noticeIdOf', () => {
  test('same dedupe key, same notice id; a valid UUID', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }), (key) => {
        const id = noticeIdOf(key);
        expect(id).toBe(noticeIdOf(key));
        expect(check(Uuid, id).ok).toBe(true);
      }),
    );
  });
  test('different keys, different ids', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        expect(noticeIdOf(a)).not.toBe(noticeIdOf(b));
      }),
    );
  });
});

describe('filing.accepted never carries a マイナンバー in its body', () => {
  const data = (body: unknown) => ({
    filingId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    arrivalNumber: '202507100000000001',
    formCode: '2225700',
    channel: 'egov-api',
    officeCode: '21-01-ｹｲﾄ',
    submittedBy: { sub: 'acme', role: 'employer' },
    body,
    myNumbers: [],
    receivedOn: '2025-07-10',
  });
  const body = { formCode: 'X', insured: { nameKana: 'ﾆﾎﾝ ﾀﾛｳ', dependants: [{ relationship: '1' }] } };

  it('refuses myNumber at any depth of any value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.nat(2)), { maxLength: 4 }), (doc, path) => {
        const root: Record<string, unknown> = { formCode: 'X', doc };
        let at = root;
        for (const step of path) {
          const next: Record<string, unknown> = {};
          at[typeof step === 'number' ? `a${step}` : `k${step}`] = typeof step === 'number' ? [next] : next;
          at = next;
        }
        at['myNumber'] = '123456789018';
        expect(check(WithoutMyNumber, root).ok).toBe(false);
        delete at['myNumber'];
        expect(check(WithoutMyNumber, root).ok).toBe(true);
      }),
    );
  });

  // 資格取得: a form whose schema has a myNumber field (it is allowed in the filing, not in the event)
  const shutoku = () => ({
    formCode: '2200700',
    office: { prefecture: '21', district: '01', symbol: 'ｹｲﾄ' },
    officeNumber: '123',
    insuredNumber: '126',
    nameKana: 'ｽｽﾞｷ ｲﾁﾛｳ',
    nameKanji: '鈴木　一郎',
    birthDate: '1990-05-05',
    kind: '1',
    acquisitionKind: '1',
    acquisitionDate: '2025-07-01',
    hasDependants: false,
    remuneration: { cash: 250_000, inKind: 0, total: 250_000 },
  });

  it('the event contract rejects a body holding one, and still checks the rest', () => {
    const def = FilingEvents.ACCEPTED;
    expect(check(FilingAcceptedData, data(shutoku())).ok).toBe(true);
    expect(check(def.data, data(shutoku())).ok).toBe(true);
    const withMyNumber = data({ ...shutoku(), myNumber: '123456789018' });
    expect(check(FilingAcceptedData, withMyNumber).ok).toBe(true); // the form allows it …
    expect(check(def.data, withMyNumber).ok).toBe(false); // … the event does not
    expect(check(def.data, { ...data(shutoku()), extra: 1 }).ok).toBe(false);
    expect(check(WithoutMyNumber, body).ok).toBe(true);
  });
});
