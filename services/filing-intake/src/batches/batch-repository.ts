/** SQL of vendor-file batches and their stored upload. Every method takes a Queryable. */
import type { FieldError } from '@nenkin/contracts/problem';
import type { Queryable } from '@nenkin/platform/db';

export type BatchRow = {
  batch_id: string;
  arrival_number: string;
  office_code: string | null;
  submitted_by_sub: string;
  submitted_by_role: string;
  encoding: string | null;
  status: 'receiving' | 'processing' | 'completed' | 'failed';
  byte_size: number;
  total: number;
  processed: number;
  accepted: number;
  rejected: number;
  checkpoint_line: number;
  file_errors: FieldError[] | null;
  correlation_id: string;
  received_at: Date;
  received_on: string;
  completed_at: Date | null;
};

export const batchRepository = () => ({
  insert: async (
    q: Queryable,
    b: { batchId: string; arrivalNumber: string; officeCode: string; sub: string; role: string; encoding: string; correlationId: string; at: Date; on: string },
  ): Promise<void> => {
    await q.query(
      `INSERT INTO batches (batch_id, arrival_number, office_code, submitted_by_sub, submitted_by_role, encoding, status, correlation_id, received_at, received_on)
       VALUES ($1, $2, $3, $4, $5, $6, 'receiving', $7, $8, $9)`,
      [b.batchId, b.arrivalNumber, b.officeCode, b.sub, b.role, b.encoding, b.correlationId, b.at, b.on],
    );
  },
  addChunk: async (q: Queryable, batchId: string, seq: number, data: Buffer): Promise<void> => {
    await q.query('INSERT INTO batch_chunks (batch_id, seq, data) VALUES ($1, $2, $3)', [batchId, seq, data]);
  },
  chunk: async (q: Queryable, batchId: string, seq: number): Promise<Buffer | undefined> => {
    const { rows } = await q.query<{ data: Buffer }>('SELECT data FROM batch_chunks WHERE batch_id = $1 AND seq = $2', [batchId, seq]);
    return rows[0]?.data;
  },
  markReceived: async (q: Queryable, batchId: string, bytes: number, total: number): Promise<void> => {
    await q.query(`UPDATE batches SET status = 'processing', byte_size = $2, total = $3 WHERE batch_id = $1 AND status = 'receiving'`, [batchId, bytes, total]);
  },
  remove: async (q: Queryable, batchId: string): Promise<void> => {
    await q.query('DELETE FROM batches WHERE batch_id = $1', [batchId]);
  },
  /** Uploads whose process died before the 202 (the client never got a batch id): their bytes go. */
  removeStaleUploads: async (q: Queryable, before: Date): Promise<number> => {
    const { rowCount } = await q.query(`DELETE FROM batches WHERE status = 'receiving' AND received_at < $1`, [before]);
    return rowCount ?? 0;
  },
  get: async (q: Queryable, batchId: string): Promise<BatchRow | undefined> => {
    const { rows } = await q.query<BatchRow>('SELECT * FROM batches WHERE batch_id = $1', [batchId]);
    return rows[0];
  },
  openBatches: async (q: Queryable): Promise<string[]> => {
    const { rows } = await q.query<{ batch_id: string }>(`SELECT batch_id FROM batches WHERE status = 'processing' ORDER BY received_at`);
    return rows.map((r) => r.batch_id);
  },
  /** Advances the checkpoint only from where this worker read it (exactly-once guard). */
  advance: async (q: Queryable, batchId: string, fromLine: number, toLine: number, accepted: number, rejected: number): Promise<boolean> => {
    const { rowCount } = await q.query(
      `UPDATE batches SET checkpoint_line = $3, processed = processed + $4 + $5, accepted = accepted + $4, rejected = rejected + $5
        WHERE batch_id = $1 AND checkpoint_line = $2 AND status = 'processing'`,
      [batchId, fromLine, toLine, accepted, rejected],
    );
    return (rowCount ?? 0) > 0;
  },
  finish: async (q: Queryable, batchId: string, status: 'completed' | 'failed', at: Date, fileErrors?: readonly FieldError[]): Promise<BatchRow | undefined> => {
    const { rows } = await q.query<BatchRow>(
      `UPDATE batches SET status = $2, completed_at = $3, file_errors = $4, total = CASE WHEN $2 = 'completed' THEN processed ELSE total END
        WHERE batch_id = $1 AND status = 'processing' RETURNING *`,
      [batchId, status, at, fileErrors === undefined ? null : JSON.stringify(fileErrors)],
    );
    await q.query('DELETE FROM batch_chunks WHERE batch_id = $1', [batchId]);
    return rows[0];
  },
  errorsPage: async (q: Queryable, batchId: string, afterLine: number, limit: number) => {
    const { rows } = await q.query<{ batch_line: number; arrival_number: string; errors: FieldError[] }>(
      `SELECT batch_line, arrival_number, errors FROM filings
        WHERE batch_id = $1 AND batch_line > $2 AND errors IS NOT NULL
        ORDER BY batch_line LIMIT $3`,
      [batchId, afterLine, limit],
    );
    return rows;
  },
  resultsPage: async (q: Queryable, batchId: string, afterLine: number, limit: number) => {
    const { rows } = await q.query<{
      batch_line: number;
      filing_id: string;
      arrival_number: string;
      form_code: string;
      status: string;
      identity: string | null;
      record_person_id: string | null;
      error_count: number;
    }>(
      `SELECT batch_line, filing_id, arrival_number, form_code, status, identity, record_person_id,
              COALESCE(jsonb_array_length(errors), 0) AS error_count
         FROM filings WHERE batch_id = $1 AND batch_line > $2 ORDER BY batch_line LIMIT $3`,
      [batchId, afterLine, limit],
    );
    return rows;
  },
});
export type BatchRepository = ReturnType<typeof batchRepository>;
