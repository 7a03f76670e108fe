/**
 * SQL of the filing applier. Every function takes the open transaction (`Queryable`), so the
 * effects of one Kafka batch and its inbox rows commit together.
 */
import type { Queryable } from '@nenkin/platform/db';

export type PersonRow = {
  person_id: string;
  pension_number: string;
  my_number_hash: string | null;
  name_kana: string;
  name_kanji: string | null;
  kana_key: string;
  birth_date: string;
  sex: string | null;
};

export type EnrolmentRow = {
  enrolment_id: string;
  person_id: string;
  scheme: 'kosei' | 'kokumin';
  category: number;
  office_code: string | null;
  insured_number: string | null;
  acquired_on: string;
  lost_on: string | null;
  loss_cause: string | null;
};

export type StandardRow = {
  enrolment_id: string;
  effective_from: string;
  kind: 'acquisition' | 'teiji' | 'kept' | 'zuiji';
  grade: number;
  standard: number;
  kenpo_grade: number | null;
  kenpo_standard: number | null;
  monthly_pay: number | null;
  filing_id: string;
};

export type BonusPaymentRow = { filing_id: string; enrolment_id: string; paid_on: string; cash: number; in_kind: number };

export type DependantRow = {
  dependant_id: string;
  insured_person_id: string;
  person_id: string | null;
  relationship: string;
  name_kana: string | null;
  kana_key: string | null;
  name_kanji: string | null;
  sex: string | null;
  my_number_hash: string | null;
  birth_date: string;
  from_date: string | null;
  to_date: string | null;
  enrolment_id: string | null;
};

export type ExemptionRow = {
  application_id: string;
  person_id: string;
  kind: string;
  period_from: string;
  period_to: string;
  status: 'pending' | 'approved' | 'rejected';
};

export type ElectionRow = { filing_id: string; person_id: string; kind: 'fuka' | 'koza'; action: 'apply' | 'withdraw'; from_month: string; arrival_number: string };

const DEPENDANT_COLUMNS =
  'dependant_id, insured_person_id, person_id, relationship, name_kana, kana_key, name_kanji, sex, my_number_hash, birth_date, from_date, to_date, enrolment_id';

const PERSON_COLUMNS = 'person_id, pension_number, my_number_hash, name_kana, name_kanji, kana_key, birth_date, sex';
const ENROLMENT_COLUMNS = 'enrolment_id, person_id, scheme, category, office_code, insured_number, acquired_on, lost_on, loss_cause';

export const filingRepository = {
  async personByMyNumberHash(q: Queryable, hash: string): Promise<PersonRow | undefined> {
    const r = await q.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM persons WHERE my_number_hash = $1 AND status = 'active'`, [hash]);
    return r.rows[0];
  },
  async personByPensionNumber(q: Queryable, pn: string): Promise<PersonRow | undefined> {
    const r = await q.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM persons WHERE pension_number = $1 AND status = 'active'`, [pn]);
    return r.rows[0];
  },
  async personById(q: Queryable, id: string): Promise<PersonRow | undefined> {
    const r = await q.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM persons WHERE person_id = $1`, [id]);
    return r.rows[0];
  },
  async personsByKanaBirth(q: Queryable, kanaKey: string, birth: string): Promise<PersonRow[]> {
    const r = await q.query<PersonRow>(
      `SELECT ${PERSON_COLUMNS} FROM persons WHERE kana_key = $1 AND birth_date = $2 AND status = 'active' ORDER BY person_id`,
      [kanaKey, birth],
    );
    return r.rows;
  },
  async personsByBirth(q: Queryable, birth: string): Promise<PersonRow[]> {
    const r = await q.query<PersonRow>(
      `SELECT ${PERSON_COLUMNS} FROM persons WHERE birth_date = $1 AND status = 'active' ORDER BY person_id`,
      [birth],
    );
    return r.rows;
  },
  async pensionNumberTaken(q: Queryable, pn: string): Promise<boolean> {
    const r = await q.query('SELECT 1 FROM persons WHERE pension_number = $1', [pn]);
    return (r.rowCount ?? 0) > 0;
  },
  async insertPerson(
    q: Queryable,
    p: PersonRow & { my_number_cipher: string | null; created_by_filing: string; created_on: string },
  ): Promise<void> {
    await q.query(
      `INSERT INTO persons (person_id, pension_number, my_number_hash, my_number_cipher, name_kana, name_kanji, kana_key,
                            birth_date, sex, created_by_filing, created_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [p.person_id, p.pension_number, p.my_number_hash, p.my_number_cipher, p.name_kana, p.name_kanji, p.kana_key, p.birth_date, p.sex, p.created_by_filing, p.created_on],
    );
  },
  /** Fills identifiers and attributes the record lacked (never overwrites what it has). */
  async completePerson(
    q: Queryable,
    personId: string,
    f: { myNumberHash?: string; myNumberCipher?: string; nameKanji?: string; sex?: string },
  ): Promise<void> {
    await q.query(
      `UPDATE persons SET my_number_hash = COALESCE(my_number_hash, $2),
                          my_number_cipher = CASE WHEN my_number_hash IS NULL THEN $3 ELSE my_number_cipher END,
                          name_kanji = COALESCE(name_kanji, $4),
                          sex = COALESCE(sex, $5)
        WHERE person_id = $1`,
      [personId, f.myNumberHash ?? null, f.myNumberCipher ?? null, f.nameKanji ?? null, f.sex ?? null],
    );
  },
  async upsertEmployer(q: Queryable, officeCode: string, officeNumber: string | null, filingId: string, on: string): Promise<void> {
    await q.query(
      `INSERT INTO employers (office_code, office_number, first_filing, first_seen_on) VALUES ($1, $2, $3, $4)
       ON CONFLICT (office_code) DO UPDATE SET office_number = COALESCE(employers.office_number, EXCLUDED.office_number)`,
      [officeCode, officeNumber, filingId, on],
    );
  },
  async enrolmentsOfPerson(q: Queryable, personId: string): Promise<EnrolmentRow[]> {
    const r = await q.query<EnrolmentRow>(
      `SELECT ${ENROLMENT_COLUMNS} FROM enrolments WHERE person_id = $1 ORDER BY acquired_on, enrolment_id`,
      [personId],
    );
    return r.rows;
  },
  async personIdsEnrolledAt(q: Queryable, officeCode: string, personIds: readonly string[]): Promise<Set<string>> {
    const r = await q.query<{ person_id: string }>(
      'SELECT DISTINCT person_id FROM enrolments WHERE office_code = $1 AND person_id = ANY($2::text[])',
      [officeCode, personIds],
    );
    return new Set(r.rows.map((x) => x.person_id));
  },
  async openEnrolmentByInsuredNumber(q: Queryable, officeCode: string, insuredNumber: string): Promise<EnrolmentRow | undefined> {
    const r = await q.query<EnrolmentRow>(
      `SELECT ${ENROLMENT_COLUMNS} FROM enrolments WHERE office_code = $1 AND insured_number = $2 AND lost_on IS NULL
        ORDER BY acquired_on DESC LIMIT 1`,
      [officeCode, insuredNumber],
    );
    return r.rows[0];
  },
  async insertEnrolment(q: Queryable, e: EnrolmentRow & { acquired_filing: string }): Promise<void> {
    await q.query(
      `INSERT INTO enrolments (enrolment_id, person_id, scheme, category, office_code, insured_number, acquired_on, acquired_filing)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [e.enrolment_id, e.person_id, e.scheme, e.category, e.office_code, e.insured_number, e.acquired_on, e.acquired_filing],
    );
  },
  async closeEnrolment(q: Queryable, enrolmentId: string, lostOn: string, cause: string, filingId: string): Promise<void> {
    await q.query('UPDATE enrolments SET lost_on = $2, loss_cause = $3, lost_filing = $4 WHERE enrolment_id = $1', [
      enrolmentId,
      lostOn,
      cause,
      filingId,
    ]);
  },
  async standardsOf(q: Queryable, enrolmentId: string): Promise<StandardRow[]> {
    const r = await q.query<StandardRow>(
      `SELECT enrolment_id, effective_from, kind, grade, standard, kenpo_grade, kenpo_standard, monthly_pay, filing_id
         FROM standard_remunerations WHERE enrolment_id = $1 ORDER BY effective_from`,
      [enrolmentId],
    );
    return r.rows;
  },
  async deleteStandard(q: Queryable, enrolmentId: string, effectiveFrom: string): Promise<void> {
    await q.query('DELETE FROM standard_remunerations WHERE enrolment_id = $1 AND effective_from = $2', [enrolmentId, effectiveFrom]);
  },
  async insertStandard(q: Queryable, personId: string, s: StandardRow): Promise<void> {
    await q.query(
      `INSERT INTO standard_remunerations (enrolment_id, effective_from, person_id, kind, grade, standard, kenpo_grade,
                                           kenpo_standard, monthly_pay, filing_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [s.enrolment_id, s.effective_from, personId, s.kind, s.grade, s.standard, s.kenpo_grade, s.kenpo_standard, s.monthly_pay, s.filing_id],
    );
  },
  async bonusPaymentsBetween(q: Queryable, enrolmentId: string, from: string, to: string): Promise<BonusPaymentRow[]> {
    const r = await q.query<BonusPaymentRow>(
      `SELECT filing_id, enrolment_id, paid_on, cash, in_kind FROM bonus_payments
        WHERE enrolment_id = $1 AND paid_on BETWEEN $2 AND $3 ORDER BY paid_on`,
      [enrolmentId, from, to],
    );
    return r.rows;
  },
  async deleteBonusPayment(q: Queryable, enrolmentId: string, paidOn: string): Promise<void> {
    await q.query('DELETE FROM bonus_payments WHERE enrolment_id = $1 AND paid_on = $2', [enrolmentId, paidOn]);
  },
  async insertBonusPayment(q: Queryable, personId: string, b: BonusPaymentRow): Promise<void> {
    await q.query(
      'INSERT INTO bonus_payments (filing_id, enrolment_id, person_id, paid_on, cash, in_kind) VALUES ($1, $2, $3, $4, $5, $6)',
      [b.filing_id, b.enrolment_id, personId, b.paid_on, b.cash, b.in_kind],
    );
  },
  async upsertStandardBonus(
    q: Queryable,
    s: { enrolmentId: string; month: string; personId: string; amount: number; kosei: number; koseiCapped: boolean; kenpo: number; kenpoCapped: boolean; kenpoCumulative: number },
  ): Promise<void> {
    await q.query(
      `INSERT INTO standard_bonuses (enrolment_id, month, person_id, amount, kosei, kosei_capped, kenpo, kenpo_capped, kenpo_cumulative)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (enrolment_id, month) DO UPDATE SET amount = EXCLUDED.amount, kosei = EXCLUDED.kosei,
         kosei_capped = EXCLUDED.kosei_capped, kenpo = EXCLUDED.kenpo, kenpo_capped = EXCLUDED.kenpo_capped,
         kenpo_cumulative = EXCLUDED.kenpo_cumulative`,
      [s.enrolmentId, s.month, s.personId, s.amount, s.kosei, s.koseiCapped, s.kenpo, s.kenpoCapped, s.kenpoCumulative],
    );
  },
  async dependantsOf(q: Queryable, insuredPersonId: string): Promise<DependantRow[]> {
    const r = await q.query<DependantRow>(
      `SELECT ${DEPENDANT_COLUMNS} FROM dependants WHERE insured_person_id = $1 ORDER BY from_date, dependant_id`,
      [insuredPersonId],
    );
    return r.rows;
  },
  async insertDependant(
    q: Queryable,
    d: DependantRow & { my_number_cipher: string | null; filing_id: string },
  ): Promise<void> {
    await q.query(
      `INSERT INTO dependants (dependant_id, insured_person_id, person_id, relationship, name_kana, kana_key, name_kanji, sex,
                               my_number_hash, my_number_cipher, birth_date, from_date, to_date, enrolment_id, filing_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [d.dependant_id, d.insured_person_id, d.person_id, d.relationship, d.name_kana, d.kana_key, d.name_kanji, d.sex, d.my_number_hash, d.my_number_cipher, d.birth_date, d.from_date, d.to_date, d.enrolment_id, d.filing_id],
    );
  },
  async ceaseDependant(q: Queryable, dependantId: string, toDate: string, reason: string | null, filingId: string): Promise<void> {
    await q.query('UPDATE dependants SET to_date = $2, ceased_reason = $3, ceased_filing = $4 WHERE dependant_id = $1', [dependantId, toDate, reason, filingId]);
  },
  /** 変更: the filed attributes replace the recorded ones (absent ones are kept). */
  async changeDependant(
    q: Queryable,
    dependantId: string,
    f: { nameKana?: string; kanaKey?: string; nameKanji?: string; relationship?: string },
    filingId: string,
  ): Promise<void> {
    await q.query(
      `UPDATE dependants SET name_kana = COALESCE($2, name_kana), kana_key = COALESCE($3, kana_key), name_kanji = COALESCE($4, name_kanji),
                             relationship = COALESCE($5, relationship), changed_filing = $6
        WHERE dependant_id = $1`,
      [dependantId, f.nameKana ?? null, f.kanaKey ?? null, f.nameKanji ?? null, f.relationship ?? null, filingId],
    );
  },
  async exemptionsOf(q: Queryable, personId: string): Promise<ExemptionRow[]> {
    const r = await q.query<ExemptionRow>(
      'SELECT application_id, person_id, kind, period_from, period_to, status FROM exemption_applications WHERE person_id = $1 ORDER BY period_from, application_id',
      [personId],
    );
    return r.rows;
  },
  async insertExemption(
    q: Queryable,
    x: { applicationId: string; personId: string; kind: string; periodFrom: string; periodTo: string; reason: string | null; filedOn: string; filingId: string },
  ): Promise<void> {
    await q.query(
      `INSERT INTO exemption_applications (application_id, person_id, kind, period_from, period_to, status, reason, filed_on, filing_id)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8)`,
      [x.applicationId, x.personId, x.kind, x.periodFrom, x.periodTo, x.reason, x.filedOn, x.filingId],
    );
  },
  async electionsOf(q: Queryable, personId: string, kind: 'fuka' | 'koza'): Promise<ElectionRow[]> {
    const r = await q.query<ElectionRow>(
      `SELECT filing_id, person_id, kind, action, from_month, arrival_number FROM kokumin_elections
        WHERE person_id = $1 AND kind = $2 ORDER BY from_month, arrival_number`,
      [personId, kind],
    );
    return r.rows;
  },
  async insertElection(
    q: Queryable,
    e: ElectionRow & { debit_cycle: string | null; account: unknown },
  ): Promise<void> {
    await q.query(
      `INSERT INTO kokumin_elections (filing_id, person_id, kind, action, from_month, debit_cycle, account, arrival_number)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [e.filing_id, e.person_id, e.kind, e.action, e.from_month, e.debit_cycle, e.account === null ? null : JSON.stringify(e.account), e.arrival_number],
    );
  },
  async outcomeOf(q: Queryable, filingId: string): Promise<{ outcome: string; result: unknown; subject: string } | undefined> {
    const r = await q.query<{ outcome: string; result: unknown; subject: string }>(
      'SELECT outcome, result, subject FROM filing_outcomes WHERE filing_id = $1',
      [filingId],
    );
    return r.rows[0];
  },
  async insertOutcome(
    q: Queryable,
    o: { filingId: string; arrivalNumber: string; formCode: string; subject: string; outcome: string; identity?: string; personId?: string; reasonCode?: string; result: unknown; receivedOn: string },
  ): Promise<void> {
    await q.query(
      `INSERT INTO filing_outcomes (filing_id, arrival_number, form_code, subject, outcome, identity, person_id, reason_code, result, received_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [o.filingId, o.arrivalNumber, o.formCode, o.subject, o.outcome, o.identity ?? null, o.personId ?? null, o.reasonCode ?? null, JSON.stringify(o.result), o.receivedOn],
    );
  },
  async markWithdrawn(q: Queryable, filingId: string): Promise<void> {
    await q.query(`UPDATE filing_outcomes SET outcome = 'withdrawn' WHERE filing_id = $1`, [filingId]);
    await q.query(`UPDATE held_filings SET status = 'withdrawn' WHERE filing_id = $1 AND status = 'open'`, [filingId]);
  },
  async insertHeld(q: Queryable, h: { filingId: string; reasonCode: string; candidates: readonly string[]; heldAt?: string; eventData: unknown }): Promise<void> {
    await q.query('INSERT INTO held_filings (filing_id, reason_code, candidates, held_at, event_data) VALUES ($1, $2, $3, $4, $5)', [
      h.filingId,
      h.reasonCode,
      h.candidates,
      h.heldAt ?? null,
      JSON.stringify(h.eventData),
    ]);
  },
  /** Serialises identity creation per stripe across concurrent transactions (sorted: no deadlock). */
  async lockStripes(q: Queryable, namespace: number, stripes: readonly number[]): Promise<void> {
    if (stripes.length === 0) return;
    await q.query('SELECT pg_advisory_xact_lock($1, s) FROM unnest($2::int[]) AS s ORDER BY s', [namespace, [...stripes].sort((a, b) => a - b)]);
  },
};

export type FilingRepository = typeof filingRepository;
