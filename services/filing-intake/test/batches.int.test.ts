/**
 * POST /v1/filing-batches and its reports, against real Postgres and Kafka: CP932 raw body and UTF-8
 * multipart, 202 with batch id and 到達番号 at once, every row exactly once (accepted or rejected)
 * with one event each, counts that add up, per-row errors as JSON and as CP932 CSV (injection-safe),
 * per-row results with the identity records reports, size / row limits (413), delegation (403).
 */
import { decode } from 'iconv-lite';
import { generateShfd0006 } from '@nenkin/rules/shfd0006';
import { RecordEvents } from '@nenkin/contracts/records';
import { createBus } from '@nenkin/platform/bus';
import { systemClock } from '@nenkin/platform/clock';
import { brokers, readTopic, testLogger, waitFor } from '@nenkin/testing/events';
import { createContext, HEADER, OFFICE, santeiBody, type Claims } from './helpers';

let t: Awaited<ReturnType<typeof createContext>>;
beforeAll(async () => {
  t = await createContext({ BATCH_MAX_ROWS: '50', BATCH_MAX_BYTES: String(200 * 1024) });
});
afterAll(async () => {
  await t.close();
});

const VENDOR: Claims = { sub: 'vendor-1', roles: ['vendor'] };
const EMPLOYER: Claims = { sub: 'emp-1', roles: ['employer'], employers: [OFFICE] };

type Progress = { status: string; total: number; processed: number; accepted: number; rejected: number };
const upload = async (claims: Claims, body: Buffer, contentType = 'text/csv', url = '/v1/filing-batches') =>
  t.app.inject({ method: 'POST', url, headers: { ...(await t.ctx.auth.headers(claims)), 'content-type': contentType }, payload: body });
const get = async (claims: Claims, url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { ...(await t.ctx.auth.headers(claims)), ...headers } });
const done = async (claims: Claims, batchId: string): Promise<Progress> =>
  waitFor(async () => {
    const p = (await get(claims, `/v1/filing-batches/${batchId}`)).json<Progress>();
    return p.status === 'completed' ? p : undefined;
  });

/** A file of `n` 算定基礎届 rows where every `badEvery`-th row breaks a rule (総計 ≠ Σ合計). */
const file = (n: number, badEvery = 0, nameOf?: (i: number) => string) =>
  generateShfd0006(
    HEADER,
    Array.from({ length: n }, (_, i) => {
      const b = santeiBody(String(i + 1));
      if (badEvery > 0 && (i + 1) % badEvery === 0) b.totalSum = 1;
      if (nameOf) b.nameKanji = nameOf(i);
      return b;
    }),
  );

test('an employer uploads a CP932 file: 202 at once, then every row exactly once with its event, counts adding up', async () => {
  const res = await upload(EMPLOYER, file(30, 4));
  expect(res.statusCode).toBe(202);
  const b = res.json<{ batchId: string; arrivalNumber: string; total: number; encoding: string }>();
  expect(b.arrivalNumber).toMatch(/^\d{18}$/);
  expect(b).toMatchObject({ total: 30, encoding: 'cp932' });
  const p = await done(EMPLOYER, b.batchId);
  expect(p).toMatchObject({ total: 30, processed: 30, accepted: 23, rejected: 7 });

  const rows = await t.ctx.db.pool.query<{ batch_line: number; status: string; channel: string }>('SELECT batch_line, status, channel FROM filings WHERE batch_id = $1 ORDER BY batch_line', [b.batchId]);
  expect(rows.rows.map((r) => r.batch_line)).toEqual(Array.from({ length: 30 }, (_, i) => i + 6));
  expect(new Set(rows.rows.map((r) => r.channel))).toEqual(new Set(['vendor-file']));

  const events = await waitFor(async () => {
    const all = (await readTopic(`${t.ctx.topicPrefix}intake.filing`)).map((m) => JSON.parse(m.value) as { id: string; type: string; data: { batch?: { batchId: string; line: number } } });
    const mine = all.filter((e) => e.data.batch?.batchId === b.batchId);
    return new Set(mine.map((e) => e.id)).size >= 30 ? mine : undefined;
  });
  const perLine = new Map<number, Set<string>>();
  for (const e of events) perLine.set(e.data.batch?.line ?? 0, (perLine.get(e.data.batch?.line ?? 0) ?? new Set()).add(e.id));
  expect(perLine.size).toBe(30);
  expect([...perLine.values()].every((ids) => ids.size === 1)).toBe(true);
  expect(events.filter((e) => e.type === 'filing.rejected').length).toBeGreaterThanOrEqual(7);
  const completed = await waitFor(async () => (await readTopic(`${t.ctx.topicPrefix}intake.batch`)).find((m) => m.value.includes(b.batchId)));
  expect(JSON.parse(completed.value)).toMatchObject({ type: 'batch.completed', data: { total: 30, accepted: 23, rejected: 7 } });

  // Errors as JSON: line, column, code, message.
  const errs = (await get(EMPLOYER, `/v1/filing-batches/${b.batchId}/errors`)).json<{ items: { line: number; column?: number; code: string; message: { ja: string } }[] }>();
  expect(new Set(errs.items.map((e) => e.line))).toEqual(new Set([9, 13, 17, 21, 25, 29, 33]));
  expect(errs.items.every((e) => typeof e.code === 'string' && e.message.ja.length > 0)).toBe(true);
  // …and as CP932 CSV.
  const csv = await get(EMPLOYER, `/v1/filing-batches/${b.batchId}/errors?format=csv`);
  expect(csv.statusCode).toBe(200);
  expect(csv.headers['content-type']).toMatch(/text\/csv; charset=Shift_JIS/);
  const text = decode(csv.rawPayload, 'cp932');
  expect(text.split('\r\n')[0]).toBe('"行","列","コード","項目","メッセージ","message"');
  expect(text.split('\r\n').filter((l) => l.startsWith('"9"')).length).toBeGreaterThan(0);
});

test('CSV injection in names: the error report neutralises formulas', async () => {
  // A name that starts with ＝ (a formula for spreadsheets) and breaks the form's rules.
  const res = await upload(EMPLOYER, file(2, 1, () => '＝ＳＵＭ（Ａ１）　太郎'));
  const b = res.json<{ batchId: string }>();
  await done(EMPLOYER, b.batchId);
  const csv = decode((await get(EMPLOYER, `/v1/filing-batches/${b.batchId}/errors?format=csv&charset=cp932`)).rawPayload, 'cp932');
  for (const line of csv.split('\r\n').slice(1).filter(Boolean)) {
    for (const cell of line.split('","')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@＝＋－＠]/);
  }
});

test('multipart with a UTF-8 file works the same; results carry the identity records reports', async () => {
  const utf8 = Buffer.from(decode(file(5), 'cp932'), 'utf8');
  const boundary = '----nenkin';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="SHFD0006.CSV"\r\nContent-Type: text/csv\r\n\r\n`),
    utf8,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await upload(EMPLOYER, body, `multipart/form-data; boundary=${boundary}`);
  expect(res.statusCode).toBe(202);
  const b = res.json<{ batchId: string; encoding: string }>();
  expect(b.encoding).toBe('utf8');
  expect(await done(EMPLOYER, b.batchId)).toMatchObject({ total: 5, accepted: 5, rejected: 0 });

  // records reports per row: matched / created / possible duplicate.
  const results = (await get(EMPLOYER, `/v1/filing-batches/${b.batchId}/results`)).json<{ items: { line: number; filingId: string; arrivalNumber: string }[] }>();
  expect(results.items).toHaveLength(5);
  const records = createBus({ service: 'records', brokers: brokers(), pool: t.ctx.db.pool, logger: testLogger(), clock: systemClock, topicPrefix: t.ctx.topicPrefix });
  await records.start();
  try {
    const identities = ['matched', 'created', 'possible-duplicate', 'matched', 'matched'] as const;
    await t.ctx.db.pool.query('BEGIN');
    try {
      for (const [i, r] of results.items.entries()) {
        await records.outbox.emit(t.ctx.db.pool, RecordEvents.FILING_APPLIED, {
          subject: OFFICE,
          correlationId: 'test',
          data: { filingId: r.filingId, arrivalNumber: r.arrivalNumber, batch: { batchId: b.batchId, line: r.line }, outcome: i === 2 ? 'held' : 'applied', identity: identities[i], personId: `PER${i}`, decisions: [] },
        });
      }
      await t.ctx.db.pool.query('COMMIT');
    } catch (e) {
      await t.ctx.db.pool.query('ROLLBACK');
      throw e;
    }
    const after = await waitFor(async () => {
      const r = (await get(EMPLOYER, `/v1/filing-batches/${b.batchId}/results`)).json<{ items: { identity?: string; status: string; personId?: string }[] }>();
      return r.items.every((x) => x.identity !== undefined) ? r : undefined;
    });
    expect(after.items.map((x) => [x.identity, x.status])).toEqual([
      ['matched', 'applied'],
      ['created', 'applied'],
      ['possible-duplicate', 'held'],
      ['matched', 'applied'],
      ['matched', 'applied'],
    ]);
  } finally {
    await records.stop();
  }
});

test('limits: over the size limit or the row limit is a clear 413, and nothing is kept', async () => {
  const rows = await upload(EMPLOYER, file(51));
  expect(rows.statusCode).toBe(413);
  expect(rows.json<{ code: string }>().code).toBe('TOO_MANY_ROWS');
  const big = await upload(EMPLOYER, Buffer.concat([file(40), Buffer.alloc(200 * 1024, 0x41)]));
  expect(big.statusCode).toBe(413);
  expect(big.json<{ code: string }>().code).toBe('FILE_TOO_LARGE');
  const left = await t.ctx.db.pool.query(`SELECT count(*)::int AS n FROM batches WHERE status = 'receiving'`);
  expect(left.rows[0]).toEqual({ n: 0 });
  expect((await t.ctx.db.pool.query('SELECT count(*)::int AS n FROM batch_chunks b JOIN batches USING (batch_id) WHERE status = $1', ['receiving'])).rows[0]).toEqual({ n: 0 });
});

test('a vendor needs the employer’s delegation: 403 without, 202 with; the employer sees the vendor’s batch', async () => {
  const refused = await upload(VENDOR, file(2));
  expect(refused.statusCode).toBe(403);
  const grant = await t.app.inject({ method: 'POST', url: '/v1/delegations', headers: await t.ctx.auth.headers(EMPLOYER), payload: { officeCode: OFFICE, delegateSub: VENDOR.sub, delegateRole: 'vendor' } });
  expect(grant.statusCode).toBe(201);
  const ok = await upload(VENDOR, file(2));
  expect(ok.statusCode).toBe(202);
  const b = ok.json<{ batchId: string }>();
  await done(VENDOR, b.batchId);
  expect((await get(EMPLOYER, `/v1/filing-batches/${b.batchId}`)).statusCode).toBe(200);
  expect((await get({ sub: 'emp-x', roles: ['employer'], employers: ['21-02-ｱｲｳ'] }, `/v1/filing-batches/${b.batchId}`)).statusCode).toBe(404);
  const del = await t.app.inject({ method: 'DELETE', url: `/v1/delegations/${grant.json<{ delegationId: string }>().delegationId}`, headers: await t.ctx.auth.headers(EMPLOYER) });
  expect(del.statusCode).toBe(204);
  expect((await upload(VENDOR, file(2))).statusCode).toBe(403);
});
