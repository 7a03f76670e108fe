/**
 * SQL of the retention pruner. Each statement deletes at most `limit` rows, oldest first, and skips
 * rows another transaction holds (FOR UPDATE SKIP LOCKED): a key being re-claimed or a delivery being
 * sent is never waited on nor deleted under its owner.
 */
import type { Queryable } from '@nenkin/platform/db';

export const retentionRepository = () => ({
  /**
   * Deletes Idempotency-Keys created before `before`. Only `done` keys: a key in flight is either
   * uncommitted (invisible here) or, if ever committed in flight, left alone.
   */
  pruneIdempotencyKeys: async (q: Queryable, before: Date, limit: number): Promise<number> => {
    const { rowCount } = await q.query(
      `DELETE FROM idempotency_keys
        WHERE (principal_sub, idem_key) IN (
          SELECT principal_sub, idem_key FROM idempotency_keys
           WHERE state = 'done' AND created_at < $1
           ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [before, limit],
    );
    return rowCount ?? 0;
  },
  /** Deletes delivered or failed webhook deliveries created before `before` (pending ones stay). */
  pruneWebhookDeliveries: async (q: Queryable, before: Date, limit: number): Promise<number> => {
    const { rowCount } = await q.query(
      `DELETE FROM webhook_deliveries
        WHERE delivery_id IN (
          SELECT delivery_id FROM webhook_deliveries
           WHERE state IN ('delivered', 'failed') AND created_at < $1
           ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [before, limit],
    );
    return rowCount ?? 0;
  },
});
export type RetentionRepository = ReturnType<typeof retentionRepository>;
