/**
 * Applying filings with real Kafka + Postgres: each form's rule and its record writes, the outcome
 * back on records.person, domain events and notice requests (employer and person, stable ids);
 * contradictions rejected and never half-applied; identity matching; withdrawals; a filing
 * re-delivered under a new event id applied once.
 */
import { noticeIdOf } from '@nenkin/contracts/notices';
import {
  accepted, acceptedEnvelope, geppen, OFFICE_CODE, OTHER_OFFICE, OTHER_OFFICE_CODE, outcomeOf, protectMyNumber, santei, shoyo, shutoku, soshitsu, withdrawnEnvelope,
} from './helpers/filings';
import { startRecords, type RecordsHarness } from './helpers/context';
import { waitFor } from '@nenkin/testing/events';

let h: RecordsHarness;
beforeAll(async () => {
  h = await startRecords();
});
afterAll(async () => {
  await h.close();
});

const q = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => h.ctx.db.pool.query<T>(sql, params).then((r) => r.rows);

describe('資格取得届 (2200700)', () => {
  test('a new person: 基礎年金番号 assigned, 厚年 enrolment opened, 標準報酬 from 報酬月額, events and both notices', async () => {
    const f = accepted({ body: shutoku({ nameKana: 'ﾔﾏﾀﾞ ﾀﾛｳ', nameKanji: '山田　太郎', birthDate: '1990-05-01', acquisitionDate: '2026-04-01', pay: 300_000, insuredNumber: '101' }), myNumbers: [protectMyNumber('/myNumber', '123456789018')] });
    await h.apply(f);
    const o = await outcomeOf(h.ctx.db.pool, f.filingId);
    expect(o).toMatchObject({ outcome: 'applied', identity: 'created' });
    const personId = o?.person_id as string;
    const [person] = await q<{ pension_number: string; my_number_hash: string; my_number_cipher: string; kana_key: string; sex: string }>('SELECT * FROM persons WHERE person_id = $1', [personId]);
    expect(person?.pension_number).toMatch(/^[1-9]\d{3}\d{6}$/);
    expect(person?.my_number_hash).toBe(f.myNumbers[0]?.hash);
    expect(person?.my_number_cipher).toBe(f.myNumbers[0]?.cipher);
    expect(person?.sex).toBe('1');
    const enrolments = await q('SELECT scheme, category, office_code, insured_number, acquired_on, lost_on FROM enrolments WHERE person_id = $1', [personId]);
    expect(enrolments).toEqual([{ scheme: 'kosei', category: 2, office_code: OFFICE_CODE, insured_number: '101', acquired_on: '2026-04-01', lost_on: null }]);
    const standards = await q('SELECT effective_from, kind, grade, standard, kenpo_grade, kenpo_standard, monthly_pay FROM standard_remunerations WHERE person_id = $1', [personId]);
    // 300,000 is the lower bound of 厚年 grade 19 (300,000) and 健保 grade 22 (300,000).
    expect(standards).toEqual([{ effective_from: '2026-04-01', kind: 'acquisition', grade: 19, standard: 300_000, kenpo_grade: 22, kenpo_standard: 300_000, monthly_pay: 300_000 }]);

    const events = (await h.output('records.person')).filter((e) => (e.data.filing as { filingId?: string } | undefined)?.filingId === f.filingId || e.data.filingId === f.filingId);
    expect(events.map((e) => e.type).sort()).toEqual(['record.enrolment-changed', 'record.filing-applied', 'record.remuneration-decided']);
    const applied = events.find((e) => e.type === 'record.filing-applied');
    expect(applied?.subject).toBe(OFFICE_CODE);
    expect(applied?.data).toMatchObject({ outcome: 'applied', identity: 'created', personId });
    expect(JSON.stringify(events)).not.toContain(person?.pension_number);
    const notices = (await h.output('channel.notice-request')).filter((e) => (e.data.relatedFiling as { filingId: string }).filingId === f.filingId);
    expect(notices.map((n) => n.data.recipient)).toEqual(expect.arrayContaining([{ kind: 'employer', officeCode: OFFICE_CODE }, { kind: 'person', personId }]));
    expect(notices).toHaveLength(2);
    for (const n of notices) {
      expect(n.data.noticeType).toBe('qualification-acquisition-decision');
      expect(n.data.noticeId).toBe(noticeIdOf(n.data.dedupeKey as string));
      expect(n.data.data).toMatchObject({ standard: 300_000, grade: 19, acquiredOn: '2026-04-01' });
    }
  });

  test('the same person hired by a second employer is matched by マイナンバー (二以上事業所勤務), not re-created', async () => {
    const mn = protectMyNumber('/myNumber', '234567890123');
    const first = accepted({ body: shutoku({ nameKana: 'ｽｽﾞｷ ﾊﾅｺ', birthDate: '1985-02-03', kind: '2', acquisitionDate: '2026-01-01', pay: 250_000 }), myNumbers: [mn] });
    const second = accepted({ body: shutoku({ nameKana: 'ｽｽﾞｷ ﾊﾅｺ', birthDate: '1985-02-03', kind: '2', acquisitionDate: '2026-03-01', pay: 100_000, office: OTHER_OFFICE }), officeCode: OTHER_OFFICE_CODE, myNumbers: [mn] });
    await h.apply(first);
    await h.apply(second);
    const a = await outcomeOf(h.ctx.db.pool, first.filingId);
    const b = await outcomeOf(h.ctx.db.pool, second.filingId);
    expect(b).toMatchObject({ outcome: 'applied', identity: 'matched', person_id: a?.person_id });
    expect(await q('SELECT office_code FROM enrolments WHERE person_id = $1 ORDER BY acquired_on', [a?.person_id])).toEqual([{ office_code: OFFICE_CODE }, { office_code: OTHER_OFFICE_CODE }]);
  });

  test('already insured at the office on the acquisition date: rejected, nothing written', async () => {
    const mn = protectMyNumber('/myNumber', '345678901234');
    const first = accepted({ body: shutoku({ nameKana: 'ｻﾄｳ ｼﾞﾛｳ', birthDate: '1970-10-10', acquisitionDate: '2025-04-01', pay: 410_000 }), myNumbers: [mn] });
    const again = accepted({ body: shutoku({ nameKana: 'ｻﾄｳ ｼﾞﾛｳ', birthDate: '1970-10-10', acquisitionDate: '2026-04-01', pay: 500_000 }), myNumbers: [mn] });
    await h.apply(first, again);
    expect(await outcomeOf(h.ctx.db.pool, again.filingId)).toMatchObject({ outcome: 'rejected', reason_code: 'ALREADY_ENROLLED' });
    const personId = (await outcomeOf(h.ctx.db.pool, first.filingId))?.person_id;
    expect(await q('SELECT count(*)::int AS n FROM enrolments WHERE person_id = $1', [personId])).toEqual([{ n: 1 }]);
    expect(await q('SELECT count(*)::int AS n FROM standard_remunerations WHERE person_id = $1', [personId])).toEqual([{ n: 1 }]);
  });

  test('an acquisition before every grade table (2010) is rejected with the rule, not dead-lettered', async () => {
    const f = accepted({ body: shutoku({ nameKana: 'ﾌﾙｲ ｷﾛｸ', birthDate: '1960-01-01', acquisitionDate: '2010-04-01', pay: 200_000 }) });
    await h.apply(f);
    expect(await outcomeOf(h.ctx.db.pool, f.filingId)).toMatchObject({ outcome: 'rejected', reason_code: 'RULE_NOT_APPLICABLE', person_id: null });
    expect(await q(`SELECT count(*)::int AS n FROM persons WHERE kana_key = 'フルイキロク'`)).toEqual([{ n: 0 }]);
  });
});

describe('資格喪失届 (2201700)', () => {
  const person = { nameKana: 'ﾀｶﾊｼ ｲﾁﾛｳ', birthDate: '1980-08-08', pensionNumber: '1234567890' };
  test('closes the enrolment on 退職日 + 1 with the cause; loss before acquisition and a second loss are rejected', async () => {
    const hire = accepted({ body: shutoku({ ...person, acquisitionDate: '2026-04-01', pay: 200_000 }) });
    const early = accepted({ body: soshitsu({ ...person, lossDate: '2026-04-01' }) });
    const loss = accepted({ body: soshitsu({ ...person, retiredOn: '2026-06-30' }) });
    const twice = accepted({ body: soshitsu({ ...person, lossDate: '2026-08-01' }) });
    await h.apply(hire, early, loss, twice);
    const personId = (await outcomeOf(h.ctx.db.pool, hire.filingId))?.person_id;
    expect((await q<{ pension_number: string }>('SELECT pension_number FROM persons WHERE person_id = $1', [personId]))[0]?.pension_number).toBe('1234567890');
    expect(await outcomeOf(h.ctx.db.pool, early.filingId)).toMatchObject({ outcome: 'rejected', reason_code: 'LOSS_BEFORE_ACQUISITION' });
    expect(await outcomeOf(h.ctx.db.pool, loss.filingId)).toMatchObject({ outcome: 'applied', identity: 'matched', person_id: personId });
    expect(await outcomeOf(h.ctx.db.pool, twice.filingId)).toMatchObject({ outcome: 'rejected', reason_code: 'ALREADY_LOST' });
    expect(await q('SELECT acquired_on, lost_on, loss_cause FROM enrolments WHERE person_id = $1', [personId])).toEqual([{ acquired_on: '2026-04-01', lost_on: '2026-07-01', loss_cause: '4' }]);
    const notices = (await h.output('channel.notice-request')).filter((e) => (e.data.relatedFiling as { filingId: string }).filingId === loss.filingId);
    expect(notices.map((n) => n.data.noticeType)).toEqual(['qualification-loss-confirmation', 'qualification-loss-confirmation']);
    expect(notices.map((n) => (n.data.recipient as { kind: string }).kind).sort()).toEqual(['employer', 'person']);
  });

  test('a loss for someone never enrolled at this office is rejected', async () => {
    const f = accepted({ body: soshitsu({ nameKana: 'ﾀﾞﾚ ﾓｲﾅｲ', birthDate: '1999-09-09', lossDate: '2026-05-01' }) });
    await h.apply(f);
    expect(await outcomeOf(h.ctx.db.pool, f.filingId)).toMatchObject({ outcome: 'rejected', reason_code: 'PERSON_UNKNOWN' });
  });
});

describe('算定基礎届 (2225700)', () => {
  test('decides the grade from September on the months with ≥ 17 base days; notice to both', async () => {
    const p = { nameKana: 'ｲﾄｳ ｻﾁｺ', birthDate: '1975-03-03', insuredNumber: '55' };
    const hire = accepted({ body: shutoku({ ...p, kind: '2', acquisitionDate: '2024-04-01', pay: 280_000 }) });
    // April 16 days (not counted): (320,000 + 330,000) / 2 = 325,000 → 厚年 grade 20 (320,000: 310,000–330,000).
    const s = accepted({ body: santei({ ...p, year: 2026, months: [{ days: 16, pay: 200_000 }, { days: 31, pay: 320_000 }, { days: 30, pay: 330_000 }] }) });
    await h.apply(hire, s);
    const o = await outcomeOf(h.ctx.db.pool, s.filingId);
    expect(o).toMatchObject({ outcome: 'applied', identity: 'matched' });
    expect(await q('SELECT effective_from, kind, grade, standard, monthly_pay FROM standard_remunerations WHERE person_id = $1 ORDER BY effective_from', [o?.person_id])).toEqual([
      { effective_from: '2024-04-01', kind: 'acquisition', grade: 18, standard: 280_000, monthly_pay: 280_000 },
      { effective_from: '2026-09-01', kind: 'teiji', grade: 20, standard: 320_000, monthly_pay: 325_000 },
    ]);
    const decided = (await h.output('records.person')).find((e) => e.type === 'record.remuneration-decided' && (e.data.filing as { filingId: string }).filingId === s.filingId);
    expect(decided?.data).toMatchObject({ kind: 'teiji', effectiveFrom: '2026-09-01', grade: 20, standard: 320_000 });
    const notices = (await h.output('channel.notice-request')).filter((e) => (e.data.relatedFiling as { filingId: string }).filingId === s.filingId);
    expect(notices).toHaveLength(2);
    expect(notices[0]?.data.noticeType).toBe('standard-remuneration-decision');
  });

  test('not insured on 1 July → rejected; joined on or after 1 June → not subject; no month counted → previous standard kept; a second 算定 → rejected', async () => {
    const gone = { nameKana: 'ｺﾊﾞﾔｼ ｹﾝ', birthDate: '1991-01-01' };
    const late = { nameKana: 'ﾜﾀﾅﾍﾞ ｼﾞｭﾝ', birthDate: '1992-02-02' };
    const sick = { nameKana: 'ﾅｶﾑﾗ ﾐｷ', birthDate: '1993-03-03' };
    const months = [{ days: 20, pay: 300_000 }, { days: 20, pay: 300_000 }, { days: 20, pay: 300_000 }] as [{ days: number; pay: number }, { days: number; pay: number }, { days: number; pay: number }];
    const filings = [
      accepted({ body: shutoku({ ...gone, acquisitionDate: '2025-04-01', pay: 200_000 }) }),
      accepted({ body: soshitsu({ ...gone, lossDate: '2026-06-15' }) }),
      accepted({ body: santei({ ...gone, year: 2026, months }) }),
      accepted({ body: shutoku({ ...late, acquisitionDate: '2026-06-01', pay: 200_000 }) }),
      accepted({ body: santei({ ...late, year: 2026, months }) }),
      accepted({ body: shutoku({ ...sick, kind: '2', acquisitionDate: '2025-04-01', pay: 240_000 }) }),
      accepted({ body: santei({ ...sick, year: 2026, months: [{ days: 3, pay: 20_000 }, { days: 0, pay: 0 }, { days: 5, pay: 40_000 }] }) }),
      accepted({ body: santei({ ...sick, year: 2026, months }) }),
    ];
    await h.apply(...filings);
    const out = await Promise.all(filings.map((f) => outcomeOf(h.ctx.db.pool, f.filingId)));
    expect(out.map((o) => [o?.outcome, o?.reason_code])).toEqual([
      ['applied', null], ['applied', null], ['rejected', 'NOT_INSURED_ON_JULY_1'],
      ['applied', null], ['applied', null],
      ['applied', null], ['applied', null], ['rejected', 'ALREADY_DECIDED'],
    ]);
    expect(out[4]?.result.decisions.map((d) => d.code)).toEqual(['JOINED_ON_OR_AFTER_JUNE_1']);
    expect(out[6]?.result.decisions.map((d) => d.code)).toEqual(['STANDARD_KEPT']);
    expect(await q('SELECT effective_from, kind, standard FROM standard_remunerations WHERE person_id = $1 ORDER BY effective_from', [out[6]?.person_id])).toEqual([
      { effective_from: '2025-04-01', kind: 'acquisition', standard: 240_000 },
      { effective_from: '2026-09-01', kind: 'kept', standard: 240_000 },
    ]);
    expect(await q('SELECT count(*)::int AS n FROM standard_remunerations WHERE person_id = $1', [out[4]?.person_id])).toEqual([{ n: 1 }]);
  });
});

describe('月額変更届 (2221700)', () => {
  const p = { nameKana: 'ｶﾄｳ ﾏｺﾄ', birthDate: '1988-12-12' };
  test('decides from the 4th month, or rejects with the rule that failed', async () => {
    const hire = accepted({ body: shutoku({ ...p, acquisitionDate: '2025-10-01', pay: 300_000 }) });
    // Raise from January: (400,000 × 3) / 3 = 400,000 → 410,000 (grade 24), +5 grades from 300,000 (19) → from April.
    const raise = accepted({ body: geppen({ ...p, revisionMonth: '2026-04', kind: '1', months: [{ days: 31, pay: 400_000 }, { days: 28, pay: 400_000 }, { days: 31, pay: 400_000 }] }) });
    // A cut that moves one grade only (410,000 → 380,000 = grade 23): LESS_THAN_TWO_GRADES.
    const small = accepted({ body: geppen({ ...p, revisionMonth: '2026-08', kind: '2', months: [{ days: 30, pay: 380_000 }, { days: 31, pay: 380_000 }, { days: 30, pay: 380_000 }] }) });
    // Short months: INSUFFICIENT_BASE_DAYS.
    const short = accepted({ body: geppen({ ...p, revisionMonth: '2026-09', kind: '2', months: [{ days: 10, pay: 200_000 }, { days: 31, pay: 200_000 }, { days: 31, pay: 200_000 }] }) });
    const nobody = accepted({ body: geppen({ nameKana: 'ﾐｼﾗﾇ ﾋﾄ', birthDate: '1970-01-01', revisionMonth: '2026-04', kind: '1', months: [{ days: 31, pay: 400_000 }, { days: 28, pay: 400_000 }, { days: 31, pay: 400_000 }] }) });
    await h.apply(hire, raise, small, short, nobody);
    const o = await outcomeOf(h.ctx.db.pool, raise.filingId);
    expect(o).toMatchObject({ outcome: 'applied', identity: 'matched' });
    expect(await outcomeOf(h.ctx.db.pool, small.filingId)).toMatchObject({ outcome: 'rejected', reason_code: 'LESS_THAN_TWO_GRADES' });
    expect(await outcomeOf(h.ctx.db.pool, short.filingId)).toMatchObject({ outcome: 'rejected', reason_code: 'INSUFFICIENT_BASE_DAYS' });
    expect(await outcomeOf(h.ctx.db.pool, nobody.filingId)).toMatchObject({ outcome: 'rejected', reason_code: 'PERSON_UNKNOWN' });
    expect(await q('SELECT effective_from, kind, grade, standard FROM standard_remunerations WHERE person_id = $1 ORDER BY effective_from', [o?.person_id])).toEqual([
      { effective_from: '2025-10-01', kind: 'acquisition', grade: 19, standard: 300_000 },
      { effective_from: '2026-04-01', kind: 'zuiji', grade: 24, standard: 410_000 },
    ]);
    const notices = (await h.output('channel.notice-request')).filter((e) => (e.data.relatedFiling as { filingId: string }).filingId === raise.filingId);
    expect(notices.map((n) => n.data.noticeType)).toEqual(['standard-remuneration-revision', 'standard-remuneration-revision']);
  });

  test('a 随時改定 from July–September replaces the 定時決定 already decided', async () => {
    const r = { nameKana: 'ﾖｼﾀﾞ ｱｷﾗ', birthDate: '1979-07-07' };
    const hire = accepted({ body: shutoku({ ...r, acquisitionDate: '2024-04-01', pay: 300_000 }) });
    const s = accepted({ body: santei({ ...r, year: 2026, months: [{ days: 30, pay: 300_000 }, { days: 31, pay: 300_000 }, { days: 30, pay: 300_000 }] }) });
    const g = accepted({ body: geppen({ ...r, revisionMonth: '2026-08', kind: '1', months: [{ days: 30, pay: 500_000 }, { days: 31, pay: 500_000 }, { days: 30, pay: 500_000 }] }) });
    await h.apply(hire, s, g);
    const o = await outcomeOf(h.ctx.db.pool, g.filingId);
    expect(o?.result.decisions.map((d) => d.code)).toEqual(['STANDARD_REVISED', 'TEIJI_SUPERSEDED']);
    expect(await q('SELECT effective_from, kind, standard FROM standard_remunerations WHERE person_id = $1 ORDER BY effective_from', [o?.person_id])).toEqual([
      { effective_from: '2024-04-01', kind: 'acquisition', standard: 300_000 },
      { effective_from: '2026-08-01', kind: 'zuiji', standard: 500_000 },
    ]);
  });
});

describe('賞与支払届 (2265700)', () => {
  test('標準賞与額: 1,000円未満切捨て, 厚年 1,500,000 a month with same-month bonuses summed; bonus in the month of loss rejected', async () => {
    const p = { nameKana: 'ﾏﾂﾓﾄ ﾕｳｷ', birthDate: '1970-04-04' };
    const hire = accepted({ body: shutoku({ ...p, acquisitionDate: '2020-04-01', pay: 600_000 }) });
    const b1 = accepted({ body: shoyo({ ...p, paidOn: '2026-06-10', amount: 1_000_500 }) });
    const b2 = accepted({ body: shoyo({ ...p, paidOn: '2026-06-25', amount: 800_000 }) });
    const dup = accepted({ body: shoyo({ ...p, paidOn: '2026-06-25', amount: 800_000 }) });
    const loss = accepted({ body: soshitsu({ ...p, lossDate: '2026-12-20' }) });
    const late = accepted({ body: shoyo({ ...p, paidOn: '2026-12-10', amount: 300_000 }) });
    await h.apply(hire, b1, b2, dup, loss, late);
    const o = await outcomeOf(h.ctx.db.pool, b2.filingId);
    expect(o?.result.decisions.map((d) => d.code)).toEqual(['STANDARD_BONUS_DECIDED', 'KOSEI_BONUS_CAPPED']);
    expect(await q('SELECT month, amount, kosei, kosei_capped, kenpo, kenpo_capped FROM standard_bonuses WHERE person_id = $1', [o?.person_id])).toEqual([
      { month: '2026-06', amount: 1_800_500, kosei: 1_500_000, kosei_capped: true, kenpo: 1_800_000, kenpo_capped: false },
    ]);
    expect(await outcomeOf(h.ctx.db.pool, dup.filingId)).toMatchObject({ outcome: 'rejected', reason_code: 'ALREADY_RECORDED' });
    expect(await outcomeOf(h.ctx.db.pool, late.filingId)).toMatchObject({ outcome: 'rejected', reason_code: 'LOST_IN_MONTH_OF_PAYMENT' });
    const recorded = (await h.output('records.person')).filter((e) => e.type === 'record.bonus-recorded' && e.data.personId === o?.person_id);
    expect(recorded.map((e) => e.data.kosei)).toEqual([1_000_000, 1_500_000]);
  });
});

describe('identity matching', () => {
  test('kana spelling variants match; a one-letter typo with the same birth date is held as a possible duplicate; different マイナンバー are different people', async () => {
    const base = accepted({ body: shutoku({ nameKana: 'ｷｮｳｺﾞｸ ｼｮｳﾀ', birthDate: '1995-05-05', acquisitionDate: '2026-04-01', pay: 220_000 }), myNumbers: [protectMyNumber('/myNumber', '456789012345')] });
    await h.apply(base);
    const personId = (await outcomeOf(h.ctx.db.pool, base.filingId))?.person_id;
    // Small kana written large (ｷﾖｳ…ｼﾖｳﾀ) is the same key: the 算定 finds the person.
    const variant = accepted({ body: santei({ nameKana: 'ｷﾖｳｺﾞｸ ｼﾖｳﾀ', birthDate: '1995-05-05', year: 2026, months: [{ days: 30, pay: 220_000 }, { days: 31, pay: 220_000 }, { days: 30, pay: 220_000 }] }) });
    // A typo (ｼｮｳｺﾞｸ) and no identifiers: held, not created, not merged.
    const typo = accepted({ body: shutoku({ nameKana: 'ｼｮｳｺﾞｸ ｼｮｳﾀ', birthDate: '1995-05-05', acquisitionDate: '2026-05-01', pay: 220_000, office: OTHER_OFFICE }), officeCode: OTHER_OFFICE_CODE });
    // Same name and birth date but another マイナンバー: another person.
    const namesake = accepted({ body: shutoku({ nameKana: 'ｷｮｳｺﾞｸ ｼｮｳﾀ', birthDate: '1995-05-05', acquisitionDate: '2026-05-01', pay: 220_000, office: OTHER_OFFICE }), officeCode: OTHER_OFFICE_CODE, myNumbers: [protectMyNumber('/myNumber', '567890123456')] });
    // Same name and birth date, no identifiers: the rule matches by kana key + birth date + sex.
    const same = accepted({ body: shoyo({ nameKana: 'ｷｮｳｺﾞｸ ｼｮｳﾀ', birthDate: '1995-05-05', paidOn: '2026-06-30', amount: 100_000 }) });
    await h.apply(variant, typo);
    await h.apply(namesake, same);
    expect(await outcomeOf(h.ctx.db.pool, variant.filingId)).toMatchObject({ outcome: 'applied', identity: 'matched', person_id: personId });
    const held = await outcomeOf(h.ctx.db.pool, typo.filingId);
    expect(held).toMatchObject({ outcome: 'held', identity: 'possible-duplicate', reason_code: 'POSSIBLE_DUPLICATE', person_id: null });
    expect(await q('SELECT candidates, status FROM held_filings WHERE filing_id = $1', [typo.filingId])).toEqual([{ candidates: [personId], status: 'open' }]);
    const other = await outcomeOf(h.ctx.db.pool, namesake.filingId);
    expect(other).toMatchObject({ outcome: 'applied', identity: 'created' });
    expect(other?.person_id).not.toBe(personId);
    // Two people now share name and birth date: a filing without identifiers at the first office picks the one enrolled there.
    expect(await outcomeOf(h.ctx.db.pool, same.filingId)).toMatchObject({ outcome: 'applied', person_id: personId });
  });

  test('a 基礎年金番号 that belongs to someone with another birth date is an identity conflict: held', async () => {
    const a = accepted({ body: shutoku({ nameKana: 'ｱｵｷ ﾊﾙ', birthDate: '1966-06-06', pensionNumber: '9876543210', acquisitionDate: '2026-04-01', pay: 200_000 }) });
    const b = accepted({ body: shutoku({ nameKana: 'ｱｵｷ ﾅﾂ', birthDate: '1967-07-07', pensionNumber: '9876543210', acquisitionDate: '2026-04-01', pay: 200_000, office: OTHER_OFFICE }), officeCode: OTHER_OFFICE_CODE });
    await h.apply(a);
    await h.apply(b);
    expect(await outcomeOf(h.ctx.db.pool, b.filingId)).toMatchObject({ outcome: 'held', reason_code: 'IDENTITY_CONFLICT' });
    expect(await q(`SELECT count(*)::int AS n FROM persons WHERE pension_number = '9876543210'`)).toEqual([{ n: 1 }]);
  });
});

describe('withdrawals and redelivery', () => {
  test('withdrawing an applied filing is refused; a rejected one is marked withdrawn', async () => {
    const ok = accepted({ body: shutoku({ nameKana: 'ﾄﾘｻｹﾞ ﾃｽﾄ', birthDate: '1990-01-01', acquisitionDate: '2026-04-01', pay: 200_000 }) });
    const bad = accepted({ body: soshitsu({ nameKana: 'ﾄﾘｻｹﾞ ﾅｲ', birthDate: '1990-01-02', lossDate: '2026-04-01' }) });
    await h.apply(ok, bad);
    await h.publish([withdrawnEnvelope(ok), withdrawnEnvelope(bad)]);
    await waitFor(async () => (await outcomeOf(h.ctx.db.pool, bad.filingId))?.outcome === 'withdrawn', { what: 'withdrawn' });
    const refused = await waitFor(async () => (await h.output('records.person')).filter((e) => e.type === 'record.withdrawal-refused' && e.data.filingId === ok.filingId).length > 0 ? (await h.output('records.person')).filter((e) => e.type === 'record.withdrawal-refused' && e.data.filingId === ok.filingId) : undefined, { what: 'refusal' });
    expect(refused).toHaveLength(1);
    expect(refused[0]?.data.reason).toMatchObject({ code: 'ALREADY_APPLIED' });
    expect((await outcomeOf(h.ctx.db.pool, ok.filingId))?.outcome).toBe('applied');
  });

  test('the same filing published again under a new event id is applied once and reported again', async () => {
    const f = accepted({ body: shutoku({ nameKana: 'ﾆｼﾞｭｳ ﾃｲｼｭﾂ', birthDate: '1991-11-11', acquisitionDate: '2026-04-01', pay: 200_000 }) });
    await h.apply(f);
    await h.publish([acceptedEnvelope(f)]);
    await waitFor(async () => (await h.output('records.person')).filter((e) => e.type === 'record.filing-applied' && e.data.filingId === f.filingId).length === 2, { what: 'second report' });
    const personId = (await outcomeOf(h.ctx.db.pool, f.filingId))?.person_id;
    expect(await q('SELECT count(*)::int AS n FROM enrolments WHERE person_id = $1', [personId])).toEqual([{ n: 1 }]);
    const reports = (await h.output('records.person')).filter((e) => e.type === 'record.filing-applied' && e.data.filingId === f.filingId);
    expect(reports[0]?.data).toEqual(reports[1]?.data);
    const notices = (await h.output('channel.notice-request')).filter((e) => (e.data.relatedFiling as { filingId: string }).filingId === f.filingId);
    expect(notices).toHaveLength(2);
  });
});

describe('staff duplicate review', () => {
  test('held possible duplicates are listed with masked candidates; staff decide same person or a different one; the new outcome is reported', async () => {
    const base = accepted({ body: shutoku({ nameKana: 'ﾁｮｳﾌｸ ﾃｽﾄ', birthDate: '1977-07-17', acquisitionDate: '2026-04-01', pay: 200_000 }) });
    await h.apply(base);
    const basePerson = (await outcomeOf(h.ctx.db.pool, base.filingId))?.person_id as string;
    const twin = accepted({ body: shutoku({ nameKana: 'ﾁｮｳﾌｸ ﾃｽﾀ', birthDate: '1977-07-17', acquisitionDate: '2026-05-01', pay: 200_000, office: OTHER_OFFICE }), officeCode: OTHER_OFFICE_CODE });
    const same = accepted({ body: shutoku({ nameKana: 'ﾁｮｳﾌｸ ﾃｽｺ', birthDate: '1977-07-17', acquisitionDate: '2026-05-01', pay: 250_000, office: OTHER_OFFICE }), officeCode: OTHER_OFFICE_CODE });
    await h.apply(twin, same);
    expect(await outcomeOf(h.ctx.db.pool, twin.filingId)).toMatchObject({ outcome: 'held' });
    const staff = await h.ctx.auth.headers({ sub: 'staff-7', roles: ['staff'] });
    const list = await h.app.inject({ method: 'GET', url: '/v1/staff/duplicate-reviews', headers: staff });
    expect(list.statusCode).toBe(200);
    const review = list.json().reviews.find((r: { filingId: string }) => r.filingId === twin.filingId);
    expect(review).toMatchObject({ reason: 'POSSIBLE_DUPLICATE', filed: { nameKana: 'ﾁｮｳﾌｸ ﾃｽﾀ' }, candidates: [{ personId: basePerson, pensionNumber: expect.stringMatching(/^\*{6}\d{4}$/) }] });
    expect((await q<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE person_id = $1 AND action = 'duplicate-review.list'`, [basePerson]))[0]?.n).toBeGreaterThan(0);

    const apart = await h.app.inject({ method: 'POST', url: `/v1/staff/duplicate-reviews/${twin.filingId}`, headers: staff, payload: { decision: 'different-person' } });
    expect(apart.statusCode).toBe(200);
    expect(apart.json()).toMatchObject({ outcome: 'applied', identity: 'created' });
    expect(apart.json().personId).not.toBe(basePerson);
    const merged = await h.app.inject({ method: 'POST', url: `/v1/staff/duplicate-reviews/${same.filingId}`, headers: staff, payload: { decision: 'same-person', personId: basePerson } });
    expect(merged.json()).toMatchObject({ outcome: 'applied', identity: 'matched', personId: basePerson });
    expect(await q('SELECT office_code FROM enrolments WHERE person_id = $1 ORDER BY acquired_on', [basePerson])).toEqual([{ office_code: OFFICE_CODE }, { office_code: OTHER_OFFICE_CODE }]);
    expect((await h.app.inject({ method: 'POST', url: `/v1/staff/duplicate-reviews/${twin.filingId}`, headers: staff, payload: { decision: 'different-person' } })).statusCode).toBe(409);
    expect((await h.app.inject({ method: 'POST', url: `/v1/staff/duplicate-reviews/${base.filingId}`, headers: staff, payload: { decision: 'different-person' } })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: '/v1/staff/duplicate-reviews', headers: await h.ctx.auth.headers({ sub: 'e', roles: ['employer'], employers: [OFFICE_CODE] }) })).statusCode).toBe(403);
    const reports = await waitFor(async () => {
      const r = (await h.output('records.person')).filter((e) => e.type === 'record.filing-applied' && e.data.filingId === twin.filingId);
      return r.length === 2 ? r : undefined;
    }, { what: 'second report' });
    expect(reports.map((r) => r.data.outcome)).toEqual(['held', 'applied']);
  });
});
