/**
 * Per-row webhooks of vendor files, against real Postgres: each committed slice writes, in its own
 * transaction, one `filings.status-changed` delivery per subscription listing that slice's rows
 * (accepted / rejected, error codes only). A slice whose transaction fails after writing its
 * deliveries (a crash) leaves none; a worker stopped mid-file and a resumed one add the rest — in the
 * end every row is in exactly one delivery per subscription.
 */
import { createPiiProtector } from '@nenkin/platform/crypto';
import type { Queryable } from '@nenkin/platform/db';
import { generateShfd0006 } from '@nenkin/rules/shfd0006';
import { webhookHooks } from '../src/app';
import { batchRepository } from '../src/batches/batch-repository';
import { batchService, type RowsDecided } from '../src/batches/batch-service';
import { delegationRepository } from '../src/delegations/delegation-repository';
import { filingRepository } from '../src/filings/filing-repository';
import { createAccess } from '../src/shared/access';
import { webhookRepository } from '../src/webhooks/webhook-repository';
import { webhookService, type RowStatus } from '../src/webhooks/webhook-service';
import { createContext, HEADER, OFFICE, santeiBody, type Claims } from './helpers';

const ROWS = 2_600; // three slices of BATCH_ROWS_PER_TX (1,000): 1,000 + 1,000 + 600
const BAD_EVERY = 7;

let t: Awaited<ReturnType<typeof createContext>>;
beforeAll(async () => {
  // This file drives the batch worker by hand; deliveries stay in the table.
  t = await createContext({ BATCH_WORKER_ENABLED: 'false', WEBHOOK_WORKER_ENABLED: 'false' });
});
afterAll(async () => {
  await t.close();
});

const EMPLOYER: Claims = { sub: 'emp-rows', roles: ['employer'], employers: [OFFICE] };

/** A batch service wired like the app's, with `onRowsDecided` wrapped by the test. */
const service = (wrap: (inner: (tx: Queryable, s: RowsDecided) => Promise<void>) => (tx: Queryable, s: RowsDecided) => Promise<void>) => {
  const { config, db, clock, logger, bus } = t.ctx.deps;
  const pii = createPiiProtector({ encryptionKey: config.PII_ENCRYPTION_KEY, hashKey: config.PII_HASH_KEY });
  const access = createAccess(delegationRepository());
  const webhooks = webhookService({ db, clock, pii, access, repo: webhookRepository(), logger, allowPrivateNetworks: true });
  const hooks = webhookHooks(webhooks);
  return batchService({
    db,
    bus,
    clock,
    logger,
    pii,
    access,
    filings: filingRepository(),
    repo: batchRepository(),
    limits: { maxBytes: config.BATCH_MAX_BYTES, maxRows: config.BATCH_MAX_ROWS },
    onBatchDone: hooks.onBatchDone,
    onRowsDecided: wrap(hooks.onRowsDecided),
  });
};

type Delivery = { webhook_id: string; event_type: string; payload: { batchId: string; arrivalNumber: string; rows: RowStatus[] } };

test('each row is pushed once per subscription, in slice deliveries, across a failed slice, a stop and a resume', async () => {
  const headers = await t.ctx.auth.headers(EMPLOYER);
  const byOffice = (await t.app.inject({ method: 'POST', url: '/v1/webhooks', headers, payload: { url: 'http://127.0.0.1:9/office', officeCode: OFFICE } })).json<{ webhookId: string }>();
  const own = (await t.app.inject({ method: 'POST', url: '/v1/webhooks', headers, payload: { url: 'http://127.0.0.1:9/own' } })).json<{ webhookId: string }>();
  expect(byOffice.webhookId).toBeDefined();
  expect(own.webhookId).toBeDefined();

  const file = generateShfd0006(
    HEADER,
    Array.from({ length: ROWS }, (_, i) => {
      const b = santeiBody(String(i + 1));
      if ((i + 1) % BAD_EVERY === 0) b.totalSum = 1;
      return b;
    }),
  );
  const up = await t.app.inject({ method: 'POST', url: '/v1/filing-batches', headers: { ...headers, 'content-type': 'text/csv' }, payload: file });
  expect(up.statusCode).toBe(202);
  const batch = up.json<{ batchId: string; arrivalNumber: string }>();
  const deliveries = async () =>
    (await t.ctx.db.pool.query<Delivery>(`SELECT webhook_id, event_type, payload FROM webhook_deliveries WHERE event_type = 'filings.status-changed' ORDER BY created_at, delivery_id`)).rows;

  // 1. The second slice fails after its deliveries were written (as a crash would): they roll back with it.
  let calls = 0;
  const crashing = service((inner) => async (tx, s) => {
    await inner(tx, s);
    if (++calls === 2) throw new Error('simulated crash inside the slice transaction');
  });
  await expect(crashing.processBatch(batch.batchId, () => false)).rejects.toThrow('simulated crash');
  const afterCrash = await deliveries();
  expect(afterCrash).toHaveLength(2); // slice 1, once per subscription
  expect(afterCrash.flatMap((d) => d.payload.rows.map((r) => r.line)).sort((a, b) => a - b)).toEqual([...Array.from({ length: 1000 }, (_, i) => i + 6), ...Array.from({ length: 1000 }, (_, i) => i + 6)].sort((a, b) => a - b));

  // 2. A worker stopped mid-file (the half-read slice is dropped), then one that finishes.
  let seen = 0;
  await service((inner) => inner).processBatch(batch.batchId, () => ++seen > 2_500); // counts every item read, the 1,000 skipped ones too
  const progress = (await t.ctx.db.pool.query<{ status: string; processed: number }>('SELECT status, processed FROM batches WHERE batch_id = $1', [batch.batchId])).rows[0];
  expect(progress).toMatchObject({ status: 'processing', processed: 2000 });
  await service((inner) => inner).processBatch(batch.batchId, () => false);

  // 3. Every row exactly once per subscription, matching its filing.
  const filings = (await t.ctx.db.pool.query<{ batch_line: number; filing_id: string; arrival_number: string; status: string; errors: { code: string }[] | null }>(
    'SELECT batch_line, filing_id, arrival_number, status, errors FROM filings WHERE batch_id = $1 ORDER BY batch_line',
    [batch.batchId],
  )).rows;
  expect(filings).toHaveLength(ROWS);
  const all = await deliveries();
  expect(all).toHaveLength(3 * 2); // one per slice and subscription
  for (const hook of [byOffice.webhookId, own.webhookId]) {
    const mine = all.filter((d) => d.webhook_id === hook);
    for (const d of mine) expect(d.payload).toMatchObject({ batchId: batch.batchId, arrivalNumber: batch.arrivalNumber });
    const rows = mine.flatMap((d) => d.payload.rows);
    expect(rows.map((r) => r.line)).toEqual(filings.map((f) => f.batch_line));
    rows.forEach((r, i) => {
      const f = filings[i];
      expect(r).toMatchObject({ line: f?.batch_line, filingId: f?.filing_id, arrivalNumber: f?.arrival_number, formCode: '2225700', status: f?.status });
      if (f?.status === 'rejected') expect(r.errors?.map((e) => e.code)).toEqual(f.errors?.map((e) => e.code));
      else expect(r.errors).toBeUndefined();
    });
    expect(rows.filter((r) => r.status === 'rejected')).toHaveLength(Math.floor(ROWS / BAD_EVERY));
  }
  // Codes and paths only: no names, no messages.
  const text = JSON.stringify(all.map((d) => d.payload));
  expect(text).not.toContain('ﾆﾎﾝ');
  expect(text).not.toContain('日本');
  expect(text).not.toContain('message');
  // The file's end is still one batch.completed per subscription.
  expect(Number((await t.ctx.db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_deliveries WHERE event_type = 'batch.completed' AND payload->>'batchId' = $1`, [batch.batchId])).rows[0]?.n)).toBe(2);
});
