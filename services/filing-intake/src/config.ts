/**
 * The filing-intake service's environment: the platform's variables (see docs/operations.md), the
 * マイナンバー keys, and the vendor-file limits (docs/filing-intake.md).
 */
import { Type, type StaticDecode } from '@sinclair/typebox';
import { PiiConfig } from '@nenkin/platform/config';
import { ServiceConfig } from '@nenkin/platform/service';
import { DEFAULT_BATCH_MAX_BYTES, DEFAULT_BATCH_MAX_ROWS } from './definitions';

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
  }),
]);
export type Config = StaticDecode<typeof Config>;
