/**
 * The filing-intake service's environment: the platform's variables (see docs/operations.md), the
 * マイナンバー keys, the vendor-file limits, retention and the webhook address policy (docs/filing-intake.md).
 */
import { Type, type StaticDecode } from '@sinclair/typebox';
import { PiiConfig } from '@nenkin/platform/config';
import { ServiceConfig } from '@nenkin/platform/service';
import {
  DEFAULT_BATCH_MAX_BYTES,
  DEFAULT_BATCH_MAX_ROWS,
  DEFAULT_IDEMPOTENCY_KEY_TTL_HOURS,
  DEFAULT_WEBHOOK_DELIVERY_RETENTION_DAYS,
} from './definitions';

export const Config = Type.Composite([
  ServiceConfig,
  PiiConfig,
  Type.Object({
    /** Largest SHFD0006 upload in bytes (413 beyond). */
    BATCH_MAX_BYTES: Type.Integer({ minimum: 1024, maximum: 4 * 1024 * 1024 * 1024, default: DEFAULT_BATCH_MAX_BYTES }),
    /** Most data records in one SHFD0006 upload (413 beyond). */
    BATCH_MAX_ROWS: Type.Integer({ minimum: 1, maximum: 10_000_000, default: DEFAULT_BATCH_MAX_ROWS }),
    /** Run the batch worker (row processing, crash resume) in this instance. */
    BATCH_WORKER_ENABLED: Type.Boolean({ default: true }),
    /** Run the webhook delivery worker in this instance. */
    WEBHOOK_WORKER_ENABLED: Type.Boolean({ default: true }),
    /** Hours an Idempotency-Key is kept; after that the same key is a new request (and the key is pruned). */
    IDEMPOTENCY_KEY_TTL_HOURS: Type.Integer({ minimum: 1, maximum: 24 * 366, default: DEFAULT_IDEMPOTENCY_KEY_TTL_HOURS }),
    /** Days a delivered or failed webhook delivery stays in the delivery log. */
    WEBHOOK_DELIVERY_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 3660, default: DEFAULT_WEBHOOK_DELIVERY_RETENTION_DAYS }),
    /**
     * Allow webhook URLs on private, loopback and other non-public addresses (and http:// to the
     * loopback interface). Local development and tests only: the default refuses them (SSRF).
     */
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: Type.Boolean({ default: false }),
    /** Run the retention pruner (expired Idempotency-Keys, old webhook deliveries) in this instance. */
    PRUNE_WORKER_ENABLED: Type.Boolean({ default: true }),
  }),
]);
export type Config = StaticDecode<typeof Config>;
