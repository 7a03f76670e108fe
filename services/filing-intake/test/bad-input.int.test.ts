/**
 * The bad-input corpus (tests/fixtures/bad-input, see its make.ts and manifest.json) through the real
 * upload route: every case is a precise 4xx for the file or a per-row error on the named line — never
 * a 5xx, never a lost or doubled row. Plus what is generated here: 50 MB of garbage, and malformed
 * JSON requests.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'iconv-lite';
import { waitFor } from '@nenkin/testing/events';
import { createContext, OFFICE, type Claims } from './helpers';

type Case = { file: string; why: string; query?: string; contentType?: string; status: number; code?: string; rowErrors?: { line: number; code: string }[]; accepted?: number };
const DIR = join(__dirname, '..', '..', '..', 'tests', 'fixtures', 'bad-input');
const cases = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as Case[];
const EMPLOYER: Claims = { sub: 'emp-1', roles: ['employer'], employers: [OFFICE] };

let t: Awaited<ReturnType<typeof createContext>>;
beforeAll(async () => {
  t = await createContext();
});
afterAll(async () => {
  await t.close();
});

const upload = async (body: Buffer, contentType = 'text/csv', query = '') =>
  t.app.inject({ method: 'POST', url: `/v1/filing-batches${query}`, headers: { ...(await t.ctx.auth.headers(EMPLOYER)), 'content-type': contentType }, payload: body });

test('the corpus is there', () => {
  expect(cases.length).toBeGreaterThanOrEqual(15);
});

test.each(cases.map((c) => [c.file, c] as const))('%s', async (_name, c) => {
  const res = await upload(readFileSync(join(DIR, c.file)), c.contentType, c.query);
  expect(res.statusCode).toBe(c.status);
  if (c.status !== 202) {
    const p = res.json<{ code: string; errors?: { code: string; message: { ja: string; en: string } }[] }>();
    expect(p.code).toBe(c.code);
    if (p.code === 'FILE_REJECTED') expect(p.errors?.[0]?.message.ja.length).toBeGreaterThan(0);
    return;
  }
  const { batchId, total } = res.json<{ batchId: string; total: number }>();
  const progress = await waitFor(async () => {
    const p = (await t.app.inject({ method: 'GET', url: `/v1/filing-batches/${batchId}`, headers: await t.ctx.auth.headers(EMPLOYER) })).json<{ status: string; total: number; processed: number; accepted: number; rejected: number }>();
    return p.status === 'completed' ? p : undefined;
  });
  expect(progress.processed).toBe(total);
  expect(progress.accepted + progress.rejected).toBe(progress.total);
  expect(progress.accepted).toBe(c.accepted);
  const errs = (await t.app.inject({ method: 'GET', url: `/v1/filing-batches/${batchId}/errors`, headers: await t.ctx.auth.headers(EMPLOYER) })).json<{ items: { line: number; column?: number; code: string }[] }>();
  for (const want of c.rowErrors ?? []) {
    const at = errs.items.filter((e) => e.line === want.line);
    expect(at.length).toBeGreaterThan(0);
    if (want.code !== '*') expect(at.map((e) => e.code)).toContain(want.code);
  }
  expect(new Set(errs.items.map((e) => e.line)).size).toBe(progress.rejected);
  // The CP932 report never carries a formula a spreadsheet would run.
  const csv = decode((await t.app.inject({ method: 'GET', url: `/v1/filing-batches/${batchId}/errors?format=csv`, headers: await t.ctx.auth.headers(EMPLOYER) })).rawPayload, 'cp932');
  for (const line of csv.split('\r\n').slice(1).filter(Boolean)) {
    for (const cell of line.slice(1, -1).split('","')) expect(cell).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
  }
});

test('50 MB of garbage: a precise 422 at once (413 when over the size limit), nothing stored', async () => {
  const garbage = randomBytes(50 * 1024 * 1024);
  const res = await upload(garbage, 'application/octet-stream');
  expect(res.statusCode).toBe(422);
  expect(res.json<{ code: string }>().code).toBe('FILE_REJECTED');
  const small = await createContext({ BATCH_MAX_BYTES: String(10 * 1024 * 1024) });
  try {
    const big = await small.app.inject({ method: 'POST', url: '/v1/filing-batches', headers: { ...(await small.ctx.auth.headers(EMPLOYER)), 'content-type': 'text/csv' }, payload: garbage });
    expect(big.statusCode).toBe(413);
    expect(big.json<{ code: string }>().code).toBe('FILE_TOO_LARGE');
  } finally {
    await small.close();
  }
  expect((await t.ctx.db.pool.query('SELECT count(*)::int AS n FROM batch_chunks')).rows[0]).toEqual({ n: 0 });
});

test('malformed JSON requests are 4xx, never 5xx', async () => {
  const h = { ...(await t.ctx.auth.headers(EMPLOYER)), 'idempotency-key': 'j-1' };
  const send = (payload: string, contentType = 'application/json') => t.app.inject({ method: 'POST', url: '/v1/filings', headers: { ...h, 'content-type': contentType }, payload });
  expect((await send('{"formCode":')).statusCode).toBe(400);
  expect((await send('{"formCode":"2225700","officeCode":"21-01-ｹｲﾄ","data":{"__proto__":{"x":1}}}')).statusCode).toBe(400);
  expect((await send('')).statusCode).toBe(400);
  expect((await send('x'.repeat(2 * 1024 * 1024))).statusCode).toBe(413);
  expect((await send('formCode=1', 'application/x-www-form-urlencoded')).statusCode).toBe(415);
  expect((await send(JSON.stringify({ formCode: '2225700', officeCode: OFFICE, data: { months: 'x'.repeat(100) } }))).statusCode).toBe(422);
  expect((await send(JSON.stringify({ formCode: 'x'.repeat(33), officeCode: OFFICE, data: {} }))).statusCode).toBe(400);
  const deep = JSON.stringify({ formCode: '2225700', officeCode: OFFICE, data: { a: JSON.parse('['.repeat(500) + ']'.repeat(500)) as unknown } });
  expect((await send(deep)).statusCode).toBeLessThan(500);
  expect((await t.app.inject({ method: 'GET', url: '/v1/filings/123', headers: h })).statusCode).toBe(400);
  expect((await t.app.inject({ method: 'GET', url: '/v1/filing-batches/not-a-uuid', headers: h })).statusCode).toBe(400);
});
