/** SQL of the record view, the insured list and the audit log. Every method takes a `Queryable`. */
import type { Queryable } from '@nenkin/platform/db';

export type PersonView = {
  person_id: string;
  pension_number: string;
  name_kana: string;
  name_kanji: string | null;
  birth_date: string;
  sex: string | null;
  status: string;
  merged_into: string | null;
};
export type EnrolmentView = {
  enrolment_id: string;
  scheme: 'kosei' | 'kokumin';
  category: number;
  office_code: string | null;
  insured_number: string | null;
  acquired_on: string;
  lost_on: string | null;
  loss_cause: string | null;
};
export type StandardView = {
  enrolment_id: string;
  effective_from: string;
  kind: string;
  grade: number;
  standard: number;
  kenpo_grade: number | null;
  kenpo_standard: number | null;
};
export type BonusView = { enrolment_id: string; month: string; amount: number; kosei: number; kenpo: number };
export type ExemptionView = { application_id: string; kind: string; period_from: string; period_to: string; status: string };
export type InsuredRow = {
  person_id: string;
  insured_number: string | null;
  name_kana: string;
  name_kanji: string | null;
  birth_date: string;
  sex: string | null;
  pension_number: string;
  acquired_on: string;
  grade: number | null;
  standard: number | null;
  kenpo_grade: number | null;
  kenpo_standard: number | null;
  effective_from: string | null;
};
export type AuditEntry = {
  actorSub: string;
  actorRoles: readonly string[];
  actorEmployer?: string;
  personId: string;
  action: string;
  purpose: string;
  requestId?: string;
};

export type RecordRows = {
  person: PersonView;
  enrolments: EnrolmentView[];
  standards: StandardView[];
  bonuses: BonusView[];
  exemptions: ExemptionView[];
};

export const recordRepository = {
  /**
   * The whole record and its audit row in one statement (one round trip, one implicit transaction:
   * the audit row exists if and only if the record was read). Undefined when there is no such person.
   */
  async recordWithAudit(q: Queryable, personId: string, at: Date, a: Omit<AuditEntry, 'personId'>): Promise<RecordRows | undefined> {
    // Named: prepared once per connection, so Postgres does not parse and plan this statement on every read.
    const r = await q.query<RecordRows>({
      name: 'records.record-with-audit',
      text: `WITH p AS (SELECT person_id, pension_number, name_kana, name_kanji, birth_date, sex, status, merged_into
                    FROM persons WHERE person_id = $1),
            audited AS (INSERT INTO audit_log (at, actor_sub, actor_roles, actor_employer, person_id, action, purpose, request_id)
                        SELECT $2, $3, $4, $5, person_id, $6, $7, $8 FROM p RETURNING 1)
       SELECT row_to_json(p) AS person,
              (SELECT coalesce(json_agg(e ORDER BY e.acquired_on, e.enrolment_id), '[]') FROM
                 (SELECT enrolment_id, scheme, category, office_code, insured_number, acquired_on, lost_on, loss_cause
                    FROM enrolments WHERE person_id = $1) e) AS enrolments,
              (SELECT coalesce(json_agg(s ORDER BY s.enrolment_id, s.effective_from), '[]') FROM
                 (SELECT enrolment_id, effective_from, kind, grade, standard, kenpo_grade, kenpo_standard
                    FROM standard_remunerations WHERE person_id = $1) s) AS standards,
              (SELECT coalesce(json_agg(b ORDER BY b.month, b.enrolment_id), '[]') FROM
                 (SELECT enrolment_id, month, amount, kosei, kenpo FROM standard_bonuses WHERE person_id = $1) b) AS bonuses,
              (SELECT coalesce(json_agg(x ORDER BY x.period_from), '[]') FROM
                 (SELECT application_id, kind, period_from, period_to, status FROM exemption_applications WHERE person_id = $1) x) AS exemptions,
              (SELECT count(*) FROM audited) AS audited
         FROM p`,
      values: [personId, at, a.actorSub, a.actorRoles, a.actorEmployer ?? null, a.action, a.purpose, a.requestId ?? null],
    });
    return r.rows[0];
  },
  async person(q: Queryable, personId: string): Promise<PersonView | undefined> {
    const r = await q.query<PersonView>(
      'SELECT person_id, pension_number, name_kana, name_kanji, birth_date, sex, status, merged_into FROM persons WHERE person_id = $1',
      [personId],
    );
    return r.rows[0];
  },
  async enrolments(q: Queryable, personId: string): Promise<EnrolmentView[]> {
    const r = await q.query<EnrolmentView>(
      `SELECT enrolment_id, scheme, category, office_code, insured_number, acquired_on, lost_on, loss_cause
         FROM enrolments WHERE person_id = $1 ORDER BY acquired_on, enrolment_id`,
      [personId],
    );
    return r.rows;
  },
  async standards(q: Queryable, personId: string): Promise<StandardView[]> {
    const r = await q.query<StandardView>(
      `SELECT enrolment_id, effective_from, kind, grade, standard, kenpo_grade, kenpo_standard
         FROM standard_remunerations WHERE person_id = $1 ORDER BY enrolment_id, effective_from`,
      [personId],
    );
    return r.rows;
  },
  async bonuses(q: Queryable, personId: string): Promise<BonusView[]> {
    const r = await q.query<BonusView>(
      'SELECT enrolment_id, month, amount, kosei, kenpo FROM standard_bonuses WHERE person_id = $1 ORDER BY month, enrolment_id',
      [personId],
    );
    return r.rows;
  },
  async exemptions(q: Queryable, personId: string): Promise<ExemptionView[]> {
    const r = await q.query<ExemptionView>(
      'SELECT application_id, kind, period_from, period_to, status FROM exemption_applications WHERE person_id = $1 ORDER BY period_from',
      [personId],
    );
    return r.rows;
  },
  /** Persons insured at the office on `on`, with the 標準報酬 in force that day. */
  async insured(q: Queryable, officeCode: string, on: string): Promise<InsuredRow[]> {
    const r = await q.query<InsuredRow>(
      `SELECT p.person_id, e.insured_number, p.name_kana, p.name_kanji, p.birth_date, p.sex, p.pension_number, e.acquired_on,
              s.grade, s.standard, s.kenpo_grade, s.kenpo_standard, s.effective_from
         FROM enrolments e
         JOIN persons p ON p.person_id = e.person_id
         LEFT JOIN LATERAL (
           SELECT grade, standard, kenpo_grade, kenpo_standard, effective_from FROM standard_remunerations sr
            WHERE sr.enrolment_id = e.enrolment_id AND sr.effective_from <= $2
            ORDER BY sr.effective_from DESC LIMIT 1) s ON true
        WHERE e.office_code = $1 AND e.scheme = 'kosei' AND e.acquired_on <= $2 AND (e.lost_on IS NULL OR e.lost_on > $2)
        ORDER BY lpad(coalesce(e.insured_number, ''), 6, '0'), p.person_id`,
      [officeCode, on],
    );
    return r.rows;
  },
  async audit(q: Queryable, at: Date, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await q.query(
      `INSERT INTO audit_log (at, actor_sub, actor_roles, actor_employer, person_id, action, purpose, request_id)
       SELECT $1, e->>'actorSub', ARRAY(SELECT jsonb_array_elements_text(e->'actorRoles')), e->>'actorEmployer',
              e->>'personId', e->>'action', e->>'purpose', e->>'requestId'
         FROM jsonb_array_elements($2::jsonb) AS e`,
      [at, JSON.stringify(entries)],
    );
  },
  async accessLog(
    q: Queryable,
    personId: string,
    limit: number,
  ): Promise<{ at: Date; actor_sub: string; actor_roles: string[]; actor_employer: string | null; action: string; purpose: string }[]> {
    const r = await q.query<{ at: Date; actor_sub: string; actor_roles: string[]; actor_employer: string | null; action: string; purpose: string }>(
      `SELECT at, actor_sub, actor_roles, actor_employer, action, purpose FROM audit_log
        WHERE person_id = $1 ORDER BY at DESC, audit_id DESC LIMIT $2`,
      [personId, limit],
    );
    return r.rows;
  },
};
