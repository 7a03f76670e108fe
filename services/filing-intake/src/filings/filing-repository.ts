/** SQL of filings, their notices and the arrival-number sequence. Every method takes a Queryable. */
import type { FieldError } from '@nenkin/contracts/problem';
import type { ProtectedMyNumber } from '@nenkin/contracts/intake';
import type { Queryable } from '@nenkin/platform/db';

export type TimelineEntry = { status: string; at: string; detail?: Record<string, unknown> };

export type FilingRow = {
  filing_id: string;
  arrival_number: string;
  form_code: string;
  channel: string;
  office_code: string | null;
  person_id: string | null;
  submitted_by_sub: string;
  submitted_by_role: string;
  batch_id: string | null;
  batch_line: number | null;
  status: string;
  body: unknown;
  my_numbers: ProtectedMyNumber[] | null;
  errors: FieldError[] | null;
  amends_filing_id: string | null;
  amended_by: string | null;
  identity: string | null;
  record_person_id: string | null;
  decisions: unknown[] | null;
  reason: unknown;
  timeline: TimelineEntry[];
  correlation_id: string;
  received_at: Date;
  received_on: string;
  updated_at: Date;
};

export type NewFiling = {
  filingId: string;
  arrivalNumber: string;
  formCode: string;
  channel: string;
  officeCode?: string;
  personId?: string;
  submittedBySub: string;
  submittedByRole: string;
  batchId?: string;
  batchLine?: number;
  status: string;
  body?: unknown;
  myNumbers?: ProtectedMyNumber[];
  errors?: readonly FieldError[];
  amendsFilingId?: string;
  timeline: TimelineEntry[];
  correlationId: string;
  receivedAt: Date;
  receivedOn: string;
};

export type NoticeRow = {
  notice_id: string;
  notice_type: string;
  channel: string;
  document_url: string | null;
  available_until: string | null;
  delivered_at: Date;
};

export type ListFilter = {
  scope: { all: true } | { all: false; offices: readonly string[]; person?: string; submitter: string };
  employer?: string;
  status?: string;
  from?: string;
  to?: string;
  after?: string;
  limit: number;
};

const COLUMNS = `filing_id, arrival_number, form_code, channel, office_code, person_id, submitted_by_sub,
  submitted_by_role, batch_id, batch_line, status, body, my_numbers, errors, amends_filing_id, timeline,
  correlation_id, received_at, received_on, updated_at`;

const toRecord = (f: NewFiling) => ({
  filing_id: f.filingId,
  arrival_number: f.arrivalNumber,
  form_code: f.formCode,
  channel: f.channel,
  office_code: f.officeCode ?? null,
  person_id: f.personId ?? null,
  submitted_by_sub: f.submittedBySub,
  submitted_by_role: f.submittedByRole,
  batch_id: f.batchId ?? null,
  batch_line: f.batchLine ?? null,
  status: f.status,
  body: f.body ?? null,
  my_numbers: f.myNumbers ?? null,
  errors: f.errors ?? null,
  amends_filing_id: f.amendsFilingId ?? null,
  timeline: f.timeline,
  correlation_id: f.correlationId,
  received_at: f.receivedAt.toISOString(),
  received_on: f.receivedOn,
  updated_at: f.receivedAt.toISOString(),
});

const insertDocument = (filings: readonly NewFiling[]): string => JSON.stringify(filings.map(toRecord));

const insertJson = async (q: Queryable, document: string): Promise<void> => {
  if (document === '[]') return;
  await q.query(
    `INSERT INTO filings (${COLUMNS})
     SELECT ${COLUMNS} FROM json_populate_recordset(NULL::filings, $1::json)`,
    [document],
  );
};

/** COLUMNS of a single-row insert whose 到達番号 comes from `k.n` and the rest from record `r`. */
const CLAIMED_COLUMNS = COLUMNS.split(',')
  .map((c) => c.trim())
  .map((c) => (c === 'arrival_number' ? 'k.n' : `r.${c}`))
  .join(', ');

/** `expiredBefore`: a stored key created before this instant has expired and is claimed afresh. */
export type KeyClaim = { sub: string; key: string; hash: string; at: Date; expiredBefore: Date; lockTimeoutMs: number; statusCode: number; response: Record<string, unknown> };

export const filingRepository = () => ({
  /**
   * A new filing under an Idempotency-Key in ONE statement (one round trip): bounds the wait for a
   * concurrent holder of the key (lock_timeout, set before the insert can wait: the insert's row is
   * computed from it), claims the key, draws the 到達番号, inserts the filing and stores the answer
   * (with `arrivalNumber` added). The key row is written `done` at once — no one else can see it
   * before this transaction commits, and then it is complete. An expired key (done, created before
   * `expiredBefore`, not yet pruned) is overwritten: the request is a new one. Returns the 到達番号,
   * or undefined when a live key exists (nothing was written; a 到達番号 may have been drawn and
   * skipped).
   */
  fileUnderKey: async (q: Queryable, k: KeyClaim, f: NewFiling): Promise<string | undefined> => {
    const { rows } = await q.query<{ n: string }>({
      name: 'filing-intake.file-under-key', // prepared once per connection: not planned per filing
      text: `WITH cfg AS (SELECT set_config('lock_timeout', $1, true) AS c),
       a AS (SELECT to_char($2::date, 'YYYYMMDD') || lpad(nextval('arrival_seq')::text, 10, '0') AS n FROM cfg WHERE c IS NOT NULL),
       k AS (
         INSERT INTO idempotency_keys AS old (principal_sub, idem_key, request_hash, state, status_code, response, created_at)
         SELECT $3, $4, $5, 'done', $6, $7::jsonb || jsonb_build_object('arrivalNumber', a.n), $8 FROM a
         ON CONFLICT (principal_sub, idem_key) DO UPDATE
           SET request_hash = EXCLUDED.request_hash, state = EXCLUDED.state, status_code = EXCLUDED.status_code,
               response = EXCLUDED.response, created_at = EXCLUDED.created_at
           WHERE old.state = 'done' AND old.created_at < $10
         RETURNING response->>'arrivalNumber' AS n),
       f AS (
         INSERT INTO filings (${COLUMNS})
         SELECT ${CLAIMED_COLUMNS} FROM k, json_populate_record(NULL::filings, $9::json) AS r
         RETURNING 1)
       SELECT n FROM k`,
      values: [`${k.lockTimeoutMs}ms`, f.receivedOn, k.sub, k.key, k.hash, k.statusCode, JSON.stringify(k.response), k.at, JSON.stringify(toRecord(f)), k.expiredBefore],
    });
    return rows[0]?.n;
  },

  /** 到達番号: the receipt date (JST) and the next value of the global sequence, 18 digits. */
  nextArrivalNumbers: async (q: Queryable, receivedOn: string, n: number): Promise<string[]> => {
    const { rows } = await q.query<{ a: string }>(
      `SELECT to_char($1::date, 'YYYYMMDD') || lpad(nextval('arrival_seq')::text, 10, '0') AS a
         FROM generate_series(1, $2)`,
      [receivedOn, n],
    );
    return rows.map((r) => r.a);
  },

  /** Inserts filings in one statement (one JSON document: cheap for thousands of rows). */
  insertMany: async (q: Queryable, filings: readonly NewFiling[]): Promise<void> => {
    if (filings.length === 0) return;
    await insertJson(q, insertDocument(filings));
  },
  /** The document insertJson takes (built apart so a caller can build it outside its transaction). */
  insertDocument,
  insertJson,

  byArrivalNumber: async (q: Queryable, arrivalNumber: string, forUpdate = false): Promise<FilingRow | undefined> => {
    const { rows } = await q.query<FilingRow>(
      `SELECT * FROM filings WHERE arrival_number = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [arrivalNumber],
    );
    return rows[0];
  },

  byId: async (q: Queryable, filingId: string, forUpdate = false): Promise<FilingRow | undefined> => {
    const { rows } = await q.query<FilingRow>(`SELECT * FROM filings WHERE filing_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [
      filingId,
    ]);
    return rows[0];
  },

  /** Keyset page in 到達番号 order. */
  list: async (q: Queryable, f: ListFilter): Promise<FilingRow[]> => {
    const scope = f.scope.all
      ? { all: true, offices: null, person: null, submitter: null }
      : { all: false, offices: f.scope.offices, person: f.scope.person ?? null, submitter: f.scope.submitter };
    const { rows } = await q.query<FilingRow>(
      `SELECT * FROM filings
        WHERE ($1::boolean OR office_code = ANY($2::text[]) OR person_id = $3 OR submitted_by_sub = $4)
          AND ($5::text IS NULL OR office_code = $5)
          AND ($6::text IS NULL OR status = $6)
          AND ($7::date IS NULL OR received_on >= $7)
          AND ($8::date IS NULL OR received_on <= $8)
          AND ($9::text IS NULL OR arrival_number > $9)
        ORDER BY arrival_number
        LIMIT $10`,
      [scope.all, scope.offices, scope.person, scope.submitter, f.employer ?? null, f.status ?? null, f.from ?? null, f.to ?? null, f.after ?? null, f.limit],
    );
    return rows;
  },

  /** Moves a filing to `status` and appends to its timeline. */
  setStatus: async (
    q: Queryable,
    filingId: string,
    status: string,
    entry: TimelineEntry,
    extra: { identity?: string; recordPersonId?: string; decisions?: unknown[]; reason?: unknown; amendedBy?: string } = {},
  ): Promise<void> => {
    await q.query(
      `UPDATE filings
          SET status = $2,
              timeline = timeline || jsonb_build_array($3::jsonb),
              identity = COALESCE($4, identity),
              record_person_id = COALESCE($5, record_person_id),
              decisions = COALESCE($6::jsonb, decisions),
              reason = COALESCE($7::jsonb, reason),
              amended_by = COALESCE($8::uuid, amended_by),
              updated_at = $9
        WHERE filing_id = $1`,
      [
        filingId,
        status,
        JSON.stringify(entry),
        extra.identity ?? null,
        extra.recordPersonId ?? null,
        extra.decisions === undefined ? null : JSON.stringify(extra.decisions),
        extra.reason === undefined ? null : JSON.stringify(extra.reason),
        extra.amendedBy ?? null,
        entry.at,
      ],
    );
  },

  addNotice: async (
    q: Queryable,
    filingId: string,
    n: { noticeId: string; noticeType: string; channel: string; documentUrl?: string; availableUntil?: string; at: Date },
  ): Promise<boolean> => {
    const { rowCount } = await q.query(
      `INSERT INTO filing_notices (filing_id, notice_id, notice_type, channel, document_url, available_until, delivered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [filingId, n.noticeId, n.noticeType, n.channel, n.documentUrl ?? null, n.availableUntil ?? null, n.at],
    );
    return (rowCount ?? 0) > 0;
  },

  notices: async (q: Queryable, filingId: string): Promise<NoticeRow[]> => {
    const { rows } = await q.query<NoticeRow>(
      'SELECT notice_id, notice_type, channel, document_url, available_until, delivered_at FROM filing_notices WHERE filing_id = $1 ORDER BY delivered_at, notice_id',
      [filingId],
    );
    return rows;
  },
});
export type FilingRepository = ReturnType<typeof filingRepository>;
