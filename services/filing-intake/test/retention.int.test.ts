/**
 * Retention, against real Postgres: an Idempotency-Key expires after IDEMPOTENCY_KEY_TTL_HOURS (the
 * same key then files anew — also before the pruner ran), and the pruner deletes expired keys and old
 * finished webhook deliveries in bounded statements, never keys in flight nor pending deliveries.
 * The clock is the test's: it jumps forward past the TTL.
 */
import type { Clock } from '@nenkin/platform/clock';
import { retentionRepository } from '../src/retention/retention-repository';
import { retentionService } from '../src/retention/retention-service';
import { createContext, OFFICE, runningClock, validSantei, type Claims } from './helpers';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const shift = { ms: 0 };
const base = runningClock();
const clock: Clock = { now: () => new Date(base.now().getTime() + shift.ms) };

let t: Awaited<ReturnType<typeof createContext>>;
beforeAll(async () => {
  // The app's own pruner is off: this file runs it by hand.
  t = await createContext({ IDEMPOTENCY_KEY_TTL_HOURS: '1', WEBHOOK_DELIVERY_RETENTION_DAYS: '30', PRUNE_WORKER_ENABLED: 'false' }, clock);
});
afterAll(async () => {
  await t.close();
});

const EMPLOYER: Claims = { sub: 'emp-ttl', roles: ['employer'], employers: [OFFICE] };
const post = async (url: string, key: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url, headers: { ...(await t.ctx.auth.headers(EMPLOYER)), 'idempotency-key': key }, payload: payload as Record<string, unknown> });
const pruner = (batchRows: number) =>
  retentionService({ db: t.ctx.db.pool, clock, logger: t.ctx.deps.logger, repo: retentionRepository(), keyTtlMs: HOUR, deliveryRetentionMs: 30 * DAY, batchRows });
const count = async (sql: string, params: unknown[] = []) => Number((await t.ctx.db.pool.query<{ n: string }>(sql, params)).rows[0]?.n);

test('after the TTL the same key is a new request (a new 到達番号), replayed again from then on', async () => {
  const payload = { formCode: '2225700', officeCode: OFFICE, data: validSantei('501') };
  const first = await post('/v1/filings', 'ttl-1', payload);
  expect(first.statusCode).toBe(201);
  const a = first.json<{ arrivalNumber: string }>().arrivalNumber;
  const replay = await post('/v1/filings', 'ttl-1', payload);
  expect(replay.headers['idempotent-replayed']).toBe('true');
  expect(replay.json<{ arrivalNumber: string }>().arrivalNumber).toBe(a);

  shift.ms += HOUR + 60_000; // past the TTL; the pruner has not run: the expired row is still there
  expect(await count(`SELECT count(*) AS n FROM idempotency_keys WHERE principal_sub = $1 AND idem_key = 'ttl-1'`, [EMPLOYER.sub])).toBe(1);
  const again = await post('/v1/filings', 'ttl-1', payload);
  expect(again.statusCode).toBe(201);
  expect(again.headers['idempotent-replayed']).toBeUndefined();
  const b = again.json<{ arrivalNumber: string }>().arrivalNumber;
  expect(b).not.toBe(a);
  expect(await count(`SELECT count(*) AS n FROM filings WHERE body->>'insuredNumber' = '501'`)).toBe(2);
  // The renewed key is live: a replay answers B, another body is refused.
  const replayB = await post('/v1/filings', 'ttl-1', payload);
  expect(replayB.json<{ arrivalNumber: string }>().arrivalNumber).toBe(b);
  expect(replayB.headers['idempotent-replayed']).toBe('true');
  expect((await post('/v1/filings', 'ttl-1', { ...payload, data: validSantei('502') })).statusCode).toBe(422);
  // Expired again, another body is simply a new request.
  shift.ms += HOUR + 60_000;
  const other = await post('/v1/filings', 'ttl-1', { ...payload, data: validSantei('502') });
  expect(other.statusCode).toBe(201);
  expect(other.json<{ arrivalNumber: string }>().arrivalNumber).not.toBe(b);
});

test('補正 keys expire the same way (the general claim path)', async () => {
  const filed = (await post('/v1/filings', 'ttl-orig', { formCode: '2225700', officeCode: OFFICE, data: validSantei('511') })).json<{ arrivalNumber: string }>();
  const amend = { formCode: '2225700', officeCode: OFFICE, data: validSantei('511') };
  const first = await post(`/v1/filings/${filed.arrivalNumber}/amend`, 'ttl-amend', amend);
  expect(first.statusCode).toBeLessThan(300);
  const replay = await post(`/v1/filings/${filed.arrivalNumber}/amend`, 'ttl-amend', amend);
  expect(replay.headers['idempotent-replayed']).toBe('true');
  expect(replay.json()).toEqual(first.json());
  shift.ms += HOUR + 60_000;
  // No longer a replay: the request runs again, and the original is already amended.
  const after = await post(`/v1/filings/${filed.arrivalNumber}/amend`, 'ttl-amend', amend);
  expect(after.headers['idempotent-replayed']).toBeUndefined();
  expect(after.statusCode).toBe(409);
  expect(after.json<{ code: string }>().code).toBe('AMENDMENT_NOT_ALLOWED');
});

test('the pruner deletes expired keys in bounded statements and keeps live and in-flight keys', async () => {
  const sub = 'prune-keys';
  const now = clock.now();
  const old = new Date(now.getTime() - 2 * HOUR);
  const insert = (key: string, state: 'done' | 'in-flight', at: Date, q: { query: (sql: string, p: unknown[]) => Promise<unknown> } = t.ctx.db.pool) =>
    q.query(`INSERT INTO idempotency_keys (principal_sub, idem_key, request_hash, state, status_code, response, created_at) VALUES ($1, $2, 'h', $3, 201, '{}', $4)`, [sub, key, state, at]);
  for (let i = 0; i < 12; i++) await insert(`old-${i}`, 'done', old);
  for (let i = 0; i < 3; i++) await insert(`live-${i}`, 'done', new Date(now.getTime() - 10 * 60_000));
  await insert('stuck', 'in-flight', old);
  // A request in flight: its key row is uncommitted while the pruner runs.
  const holder = await t.ctx.db.pool.connect();
  try {
    await holder.query('BEGIN');
    await insert('running', 'in-flight', old, holder);

    // One statement deletes at most its limit, oldest first.
    expect(await retentionRepository().pruneIdempotencyKeys(t.ctx.db.pool, new Date(now.getTime() - HOUR), 5)).toBe(5);
    expect(await count(`SELECT count(*) AS n FROM idempotency_keys WHERE principal_sub = $1 AND idem_key LIKE 'old-%'`, [sub])).toBe(7);

    const r = await pruner(3).pruneOnce();
    // The earlier tests' expired keys go too; ours: 7 left in statements of ≤ 3.
    expect(r.keys).toBeGreaterThanOrEqual(7);
    expect(r.statements).toBe(Math.floor(r.keys / 3) + 1 + 1); // key statements (the last one short) + one for deliveries
    await holder.query('COMMIT');
  } finally {
    holder.release();
  }
  const left = (await t.ctx.db.pool.query<{ idem_key: string }>('SELECT idem_key FROM idempotency_keys WHERE principal_sub = $1 ORDER BY idem_key', [sub])).rows.map((x) => x.idem_key);
  expect(left).toEqual(['live-0', 'live-1', 'live-2', 'running', 'stuck']);
  // Nothing expired is left; a second round deletes nothing.
  expect((await pruner(3).pruneOnce()).keys).toBe(0);
});

test('the pruner deletes delivered and failed deliveries past the retention, never pending ones', async () => {
  const now = clock.now();
  const hook = '0190a2b4-5c6d-7e8f-9a0b-000000000001';
  await t.ctx.db.pool.query(`INSERT INTO webhooks (webhook_id, owner_sub, url, secret, created_at) VALUES ($1, 'emp-ttl', 'https://hooks.example.jp/x', 's', $2)`, [hook, now]);
  const delivery = (state: string, ageDays: number) =>
    t.ctx.db.pool.query(
      `INSERT INTO webhook_deliveries (delivery_id, webhook_id, event_type, payload, state, next_attempt_at, created_at)
       VALUES (gen_random_uuid(), $1, 'filing.status-changed', '{}', $2, $3, $3) RETURNING delivery_id`,
      [hook, state, new Date(now.getTime() - ageDays * DAY)],
    );
  for (let i = 0; i < 4; i++) await delivery('delivered', 31);
  for (let i = 0; i < 3; i++) await delivery('failed', 40);
  await delivery('pending', 31);
  await delivery('delivered', 29);
  await delivery('failed', 1);
  const r = await pruner(2).pruneOnce();
  expect(r.deliveries).toBe(7);
  expect(r.statements).toBe(1 + 4); // keys: one empty statement; deliveries: 2 + 2 + 2 + 1
  const left = (await t.ctx.db.pool.query<{ state: string }>('SELECT state FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY state', [hook])).rows.map((x) => x.state);
  expect(left).toEqual(['delivered', 'failed', 'pending']);
});
