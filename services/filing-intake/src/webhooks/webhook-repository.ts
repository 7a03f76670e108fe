/** SQL of webhook subscriptions and their deliveries. Every method takes a Queryable. */
import type { Queryable } from '@nenkin/platform/db';

export type WebhookRow = { webhook_id: string; owner_sub: string; office_code: string | null; url: string; secret: string; created_at: Date };
export type DeliveryRow = {
  delivery_id: string;
  webhook_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  state: string;
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
};

export const webhookRepository = () => ({
  insert: async (q: Queryable, w: { webhookId: string; ownerSub: string; officeCode?: string; url: string; secret: string; at: Date }): Promise<void> => {
    await q.query(
      'INSERT INTO webhooks (webhook_id, owner_sub, office_code, url, secret, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [w.webhookId, w.ownerSub, w.officeCode ?? null, w.url, w.secret, w.at],
    );
  },
  listByOwner: async (q: Queryable, ownerSub: string): Promise<WebhookRow[]> => {
    const { rows } = await q.query<WebhookRow>('SELECT * FROM webhooks WHERE owner_sub = $1 AND deleted_at IS NULL ORDER BY created_at, webhook_id', [ownerSub]);
    return rows;
  },
  get: async (q: Queryable, id: string): Promise<WebhookRow | undefined> => {
    const { rows } = await q.query<WebhookRow>('SELECT * FROM webhooks WHERE webhook_id = $1 AND deleted_at IS NULL', [id]);
    return rows[0];
  },
  delete: async (q: Queryable, id: string, at: Date): Promise<void> => {
    await q.query('UPDATE webhooks SET deleted_at = $2 WHERE webhook_id = $1', [id, at]);
  },
  /** One delivery per matching subscription: the office's, or the submitter's own (no office). */
  enqueue: async (q: Queryable, e: { officeCode: string | null; submitter: string; eventType: string; payload: Record<string, unknown>; at: Date }): Promise<number> => {
    const { rowCount } = await q.query(
      `INSERT INTO webhook_deliveries (delivery_id, webhook_id, event_type, payload, state, next_attempt_at, created_at)
       SELECT gen_random_uuid(), webhook_id, $3, $4::jsonb, 'pending', $5, $5
         FROM webhooks
        WHERE deleted_at IS NULL
          AND ((office_code IS NOT NULL AND office_code = $1) OR (office_code IS NULL AND owner_sub = $2))`,
      [e.officeCode, e.submitter, e.eventType, JSON.stringify(e.payload), e.at],
    );
    return rowCount ?? 0;
  },
  /** Like `enqueue` for several payloads at once (one statement): one delivery per payload and subscription. */
  enqueueEach: async (q: Queryable, e: { officeCode: string | null; submitter: string; eventType: string; payloadsJson: string; at: Date }): Promise<number> => {
    const { rowCount } = await q.query(
      `INSERT INTO webhook_deliveries (delivery_id, webhook_id, event_type, payload, state, next_attempt_at, created_at)
       SELECT gen_random_uuid(), w.webhook_id, $3, p.payload, 'pending', $5, $5
         FROM webhooks w, jsonb_array_elements($4::jsonb) WITH ORDINALITY AS p (payload, n)
        WHERE w.deleted_at IS NULL
          AND ((w.office_code IS NOT NULL AND w.office_code = $1) OR (w.office_code IS NULL AND w.owner_sub = $2))
        ORDER BY p.n, w.webhook_id`,
      [e.officeCode, e.submitter, e.eventType, e.payloadsJson, e.at],
    );
    return rowCount ?? 0;
  },
  /** Whether any live subscription would receive a change of this office's / submitter's filings. */
  hasSubscribers: async (q: Queryable, officeCode: string | null, submitter: string): Promise<boolean> => {
    const { rows } = await q.query<{ any: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM webhooks
                       WHERE deleted_at IS NULL
                         AND ((office_code IS NOT NULL AND office_code = $1) OR (office_code IS NULL AND owner_sub = $2))) AS any`,
      [officeCode, submitter],
    );
    return rows[0]?.any === true;
  },
  /** Leases due deliveries (pushes next_attempt_at past the lease) so parallel workers never double-send at once. */
  leaseDue: async (q: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<(DeliveryRow & { url: string; secret: string })[]> => {
    const { rows } = await q.query<DeliveryRow & { url: string; secret: string }>(
      `WITH due AS (
         SELECT d.delivery_id FROM webhook_deliveries d
          WHERE d.state = 'pending' AND d.next_attempt_at <= $1
          ORDER BY d.next_attempt_at
          LIMIT $3 FOR UPDATE SKIP LOCKED)
       UPDATE webhook_deliveries d SET next_attempt_at = $2
         FROM due, webhooks w
        WHERE d.delivery_id = due.delivery_id AND w.webhook_id = d.webhook_id
       RETURNING d.*, w.url, w.secret`,
      [now, leaseUntil, limit],
    );
    return rows;
  },
  recordAttempt: async (
    q: Queryable,
    id: string,
    r: { state: 'pending' | 'delivered' | 'failed'; status?: number; error?: string; nextAt: Date; at: Date },
  ): Promise<void> => {
    await q.query(
      `UPDATE webhook_deliveries
          SET attempts = attempts + 1, state = $2, last_status = $3, last_error = $4, next_attempt_at = $5,
              delivered_at = CASE WHEN $2 = 'delivered' THEN $6 ELSE delivered_at END
        WHERE delivery_id = $1`,
      [id, r.state, r.status ?? null, r.error ?? null, r.nextAt, r.at],
    );
  },
  deliveries: async (q: Queryable, webhookId: string, limit: number): Promise<DeliveryRow[]> => {
    const { rows } = await q.query<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, delivery_id LIMIT $2', [webhookId, limit]);
    return rows;
  },
});
export type WebhookRepository = ReturnType<typeof webhookRepository>;
