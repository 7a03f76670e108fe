/**
 * Idempotency keys (per caller). The key is claimed by the first statement of the filing's own
 * transaction, so the key, the filing, its event and the stored answer commit together — or not at
 * all (a crashed request leaves nothing behind). A concurrent request with the same key blocks on the
 * uncommitted key row; the caller bounds that wait with a lock timeout and answers 409 (in flight).
 * Keys live IDEMPOTENCY_KEY_TTL_HOURS: after that the same key is a new request (as Stripe's), and
 * the retention pruner deletes them.
 */
import type { Queryable } from '@nenkin/platform/db';

export type StoredResponse = { statusCode: number; body: Record<string, unknown> };

export type KeyRow = {
  request_hash: string;
  state: 'in-flight' | 'done';
  status_code: number | null;
  response: Record<string, unknown> | null;
};

/** Postgres `lock_not_available`: the lock timeout expired. */
export const LOCK_NOT_AVAILABLE = '55P03';

/** The row of a key another request committed (a new statement sees a row that conflicted). */
const existing = async (tx: Queryable, sub: string, key: string): Promise<KeyRow> => {
  const { rows } = await tx.query<KeyRow>('SELECT request_hash, state, status_code, response FROM idempotency_keys WHERE principal_sub = $1 AND idem_key = $2', [sub, key]);
  return rows[0] as KeyRow;
};

export const idempotencyRepository = () => ({
  /**
   * Inside the transaction: bounds the wait for a concurrent holder of the key, claims the key and,
   * when this request owns it, draws its 到達番号 in the same round trip. A key that expired (done,
   * created before `expiredBefore`) but is not pruned yet is claimed afresh, as if absent. Returns
   * the number, or the row another request committed.
   */
  claim: async (
    tx: Queryable,
    k: { sub: string; key: string; hash: string; at: Date; expiredBefore: Date; receivedOn: string; lockTimeoutMs: number },
  ): Promise<{ arrivalNumber: string } | { existing: KeyRow }> => {
    // One statement: the lock timeout is set by the row the insert takes, so before it can wait.
    const { rows } = await tx.query<{ arrival: string | null }>(
      `WITH cfg AS (SELECT set_config('lock_timeout', $6, true) AS c),
       ins AS (
         INSERT INTO idempotency_keys AS old (principal_sub, idem_key, request_hash, state, created_at)
         SELECT $1, $2, $3, 'in-flight', $4 FROM cfg WHERE c IS NOT NULL
         ON CONFLICT (principal_sub, idem_key) DO UPDATE
           SET request_hash = EXCLUDED.request_hash, state = EXCLUDED.state, status_code = NULL, response = NULL, created_at = EXCLUDED.created_at
           WHERE old.state = 'done' AND old.created_at < $7
         RETURNING 1)
       SELECT CASE WHEN EXISTS (SELECT 1 FROM ins)
                   THEN to_char($5::date, 'YYYYMMDD') || lpad(nextval('arrival_seq')::text, 10, '0') END AS arrival`,
      [k.sub, k.key, k.hash, k.at, k.receivedOn, `${k.lockTimeoutMs}ms`, k.expiredBefore],
    );
    const arrival = rows[0]?.arrival;
    if (arrival !== null && arrival !== undefined) return { arrivalNumber: arrival };
    return { existing: await existing(tx, k.sub, k.key) };
  },
  existing,
  complete: async (q: Queryable, sub: string, key: string, res: StoredResponse): Promise<void> => {
    await q.query(
      `UPDATE idempotency_keys SET state = 'done', status_code = $3, response = $4 WHERE principal_sub = $1 AND idem_key = $2`,
      [sub, key, res.statusCode, JSON.stringify(res.body)],
    );
  },
});
export type IdempotencyRepository = ReturnType<typeof idempotencyRepository>;
