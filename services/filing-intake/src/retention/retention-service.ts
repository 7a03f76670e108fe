/**
 * Retention: Idempotency-Keys expire after IDEMPOTENCY_KEY_TTL_HOURS (the claim already treats an
 * expired key as absent; this pruner only reclaims the space), and delivered / failed webhook
 * deliveries leave the log after WEBHOOK_DELIVERY_RETENTION_DAYS. A background worker (started and
 * stopped with the app) deletes in statements of at most `batchRows` rows, each its own short
 * transaction, until nothing expired is left, then sleeps PRUNE_INTERVAL_MS.
 */
import type { Clock } from '@nenkin/platform/clock';
import type { Pool } from '@nenkin/platform/db';
import type { Logger } from '@nenkin/platform/logger';
import { startLoop, type Loop } from '@nenkin/platform/loop';
import { PRUNE_BATCH_ROWS, PRUNE_INTERVAL_MS } from '../definitions';
import type { RetentionRepository } from './retention-repository';

export type RetentionServiceDeps = {
  db: Pool;
  clock: Clock;
  logger: Logger;
  repo: RetentionRepository;
  keyTtlMs: number;
  deliveryRetentionMs: number;
  /** Rows per DELETE statement (default PRUNE_BATCH_ROWS). */
  batchRows?: number;
  intervalMs?: number;
};

export type PruneResult = { keys: number; deliveries: number; statements: number };

export const retentionService = (deps: RetentionServiceDeps) => {
  const { db, clock, repo } = deps;
  const batchRows = deps.batchRows ?? PRUNE_BATCH_ROWS;
  const log = deps.logger.child({ component: 'retention' });

  /** Deletes batch after batch until a statement finds fewer than `batchRows` (or `stopped`). */
  const drain = async (prune: (limit: number) => Promise<number>, stopped: () => boolean, r: { statements: number }): Promise<number> => {
    let total = 0;
    for (;;) {
      const n = await prune(batchRows);
      r.statements++;
      total += n;
      if (n < batchRows || stopped()) return total;
    }
  };

  /** One pruning round; the cutoffs are fixed at its start. */
  const pruneOnce = async (stopped: () => boolean = () => false): Promise<PruneResult> => {
    const now = clock.now().getTime();
    const keysBefore = new Date(now - deps.keyTtlMs);
    const deliveriesBefore = new Date(now - deps.deliveryRetentionMs);
    const r = { statements: 0 };
    const keys = await drain((limit) => repo.pruneIdempotencyKeys(db, keysBefore, limit), stopped, r);
    const deliveries = stopped() ? 0 : await drain((limit) => repo.pruneWebhookDeliveries(db, deliveriesBefore, limit), stopped, r);
    if (keys + deliveries > 0) log.info({ keys, deliveries }, 'expired rows pruned');
    return { keys, deliveries, statements: r.statements };
  };

  const startWorker = (): Loop =>
    startLoop({
      name: 'retention',
      intervalMs: deps.intervalMs ?? PRUNE_INTERVAL_MS,
      logger: log,
      round: async (stopped) => {
        await pruneOnce(stopped);
      },
    });

  return { pruneOnce, startWorker };
};
export type RetentionService = ReturnType<typeof retentionService>;
