/**
 * filing-intake: Filings from employers, 社労士, payroll vendors and e-Gov / マイナポータル integrations: single filings, SHFD0006 files, 到達番号, status, webhooks.
 * buildApp wires the platform (auth, errors, health, metrics, OpenAPI, the bus) to this service's
 * routes, consumers and its three background workers (vendor-file rows, webhook deliveries, the
 * retention pruner), which start and stop with the app.
 */
import { createPiiProtector } from '@nenkin/platform/crypto';
import type { Queryable } from '@nenkin/platform/db';
import { createServiceApp, type ServiceDeps } from '@nenkin/platform/service';
import { batchRepository } from './batches/batch-repository';
import { batchService, type BatchDone, type RowsDecided } from './batches/batch-service';
import type { Config } from './config';
import { registerOutcomeConsumers } from './consumers/outcome-consumers';
import { delegationRepository } from './delegations/delegation-repository';
import { delegationService } from './delegations/delegation-service';
import { filingRepository } from './filings/filing-repository';
import { filingService, type StatusListener } from './filings/filing-service';
import { idempotencyRepository } from './filings/idempotency-repository';
import { retentionRepository } from './retention/retention-repository';
import { retentionService } from './retention/retention-service';
import { batchRoutes } from './routes/batches';
import { delegationRoutes } from './routes/delegations';
import { filingRoutes } from './routes/filings';
import { webhookRoutes } from './routes/webhooks';
import { createAccess } from './shared/access';
import { webhookRepository } from './webhooks/webhook-repository';
import { rowStatus, webhookService, WebhookEventTypes, type WebhookService } from './webhooks/webhook-service';

export const SERVICE_NAME = 'filing-intake';

const HOUR_MS = 60 * 60 * 1000;

/**
 * The hooks that turn status changes into webhook deliveries, in the transaction of the change:
 * one filing (`filing.status-changed`), the rows of a vendor-file slice (`filings.status-changed`),
 * a finished file (`batch.completed`).
 */
export const webhookHooks = (webhooks: WebhookService) => {
  const onStatus: StatusListener = (tx, c) =>
    webhooks.enqueue(tx, {
      officeCode: c.filing.office_code,
      submitter: c.filing.submitted_by_sub,
      eventType: WebhookEventTypes.FILING_STATUS_CHANGED,
      payload: {
        filingId: c.filing.filing_id,
        arrivalNumber: c.filing.arrival_number,
        formCode: c.filing.form_code,
        ...(c.filing.office_code === null ? {} : { officeCode: c.filing.office_code }),
        ...(c.filing.batch_id === null ? {} : { batchId: c.filing.batch_id }),
        status: c.status,
        at: c.at.toISOString(),
        ...(c.detail === undefined ? {} : { detail: c.detail }),
      },
      at: c.at,
    });
  const onRowsDecided = async (tx: Queryable, s: RowsDecided): Promise<void> => {
    await webhooks.enqueueRows(tx, {
      officeCode: s.officeCode,
      submitter: s.submittedBy,
      batchId: s.batchId,
      arrivalNumber: s.arrivalNumber,
      rows: () =>
        s.rows.map((f) =>
          rowStatus({ line: f.batchLine ?? 0, filingId: f.filingId, arrivalNumber: f.arrivalNumber, formCode: f.formCode, status: f.status === 'accepted' ? 'accepted' : 'rejected', ...(f.errors === undefined ? {} : { errors: f.errors }) }),
        ),
      at: s.at,
    });
  };
  const onBatchDone = (tx: Queryable, b: BatchDone) =>
    webhooks.enqueue(tx, {
      officeCode: b.officeCode ?? null,
      submitter: b.submittedBy,
      eventType: WebhookEventTypes.BATCH_COMPLETED,
      payload: { batchId: b.batchId, arrivalNumber: b.arrivalNumber, status: b.status, total: b.total, accepted: b.accepted, rejected: b.rejected },
      at: b.at,
    });
  return { onStatus, onRowsDecided, onBatchDone };
};

export const buildApp = async (deps: ServiceDeps<Config>) => {
  const app = await createServiceApp(SERVICE_NAME, deps);
  const pii = createPiiProtector({ encryptionKey: deps.config.PII_ENCRYPTION_KEY, hashKey: deps.config.PII_HASH_KEY });
  const delegations = delegationRepository();
  const access = createAccess(delegations);
  const filings = filingRepository();
  const webhooks = webhookService({
    db: deps.db,
    clock: deps.clock,
    pii,
    access,
    repo: webhookRepository(),
    logger: deps.logger,
    allowPrivateNetworks: deps.config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
  });
  const { onStatus, onRowsDecided, onBatchDone } = webhookHooks(webhooks);
  const keyTtlMs = deps.config.IDEMPOTENCY_KEY_TTL_HOURS * HOUR_MS;
  const filingSvc = filingService({ db: deps.db, bus: deps.bus, clock: deps.clock, pii, access, filings, keys: idempotencyRepository(), keyTtlMs, onStatus });
  const batches = batchService({
    db: deps.db,
    bus: deps.bus,
    clock: deps.clock,
    logger: deps.logger,
    pii,
    access,
    filings,
    repo: batchRepository(),
    limits: { maxBytes: deps.config.BATCH_MAX_BYTES, maxRows: deps.config.BATCH_MAX_ROWS },
    onBatchDone,
    onRowsDecided,
  });
  const retention = retentionService({
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    repo: retentionRepository(),
    keyTtlMs,
    deliveryRetentionMs: deps.config.WEBHOOK_DELIVERY_RETENTION_DAYS * 24 * HOUR_MS,
  });

  filingRoutes(app, filingSvc);
  batchRoutes(app, batches, deps.config.BATCH_MAX_BYTES);
  delegationRoutes(app, delegationService({ db: deps.db, clock: deps.clock, repo: delegations }));
  webhookRoutes(app, webhooks);
  registerOutcomeConsumers(deps.bus, { filings, onStatus, clock: deps.clock });

  const workers: { stop: () => Promise<void> }[] = [];
  app.addHook('onReady', async () => {
    if (deps.config.BATCH_WORKER_ENABLED) workers.push(batches.startWorker());
    if (deps.config.WEBHOOK_WORKER_ENABLED) workers.push(webhooks.startWorker());
    if (deps.config.PRUNE_WORKER_ENABLED) workers.push(retention.startWorker());
  });
  app.addHook('onClose', async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    webhooks.close();
  });
  return app;
};
