/**
 * The loop back from the other services, and the push to subscribers: record.filing-applied,
 * record.withdrawal-refused and notice.delivered (published by a second bus, as records and
 * notice-delivery would) move a filing's status and attach its 公文書; every status change is
 * delivered to a real local HTTP receiver, HMAC-signed with a timestamp, retried with the same
 * delivery id after a failure, and logged.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { NoticeEvents } from '@nenkin/contracts/notices';
import { RecordEvents } from '@nenkin/contracts/records';
import { createBus, type EventDefinition } from '@nenkin/platform/bus';
import { systemClock } from '@nenkin/platform/clock';
import { withTransaction } from '@nenkin/platform/db';
import { brokers, testLogger, waitFor } from '@nenkin/testing/events';
import { createContext, OFFICE, validSantei, type Claims } from './helpers';

type Hit = { headers: IncomingMessage['headers']; body: string; status: number };
let t: Awaited<ReturnType<typeof createContext>>;
let server: Server;
let url = '';
const hits: Hit[] = [];
const failedOnce = new Set<string>();

beforeAll(async () => {
  t = await createContext();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const id = String(req.headers['x-nenkin-delivery']);
      // Every delivery fails once (HTTP 500), then succeeds: retries must carry the same id.
      const status = failedOnce.has(id) ? 200 : 500;
      failedOnce.add(id);
      hits.push({ headers: req.headers, body, status });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/hook`;
});
afterAll(async () => {
  await t.close();
  await new Promise((r) => server.close(r));
});

const EMPLOYER: Claims = { sub: 'emp-1', roles: ['employer'], employers: [OFFICE] };
const auth = async () => t.ctx.auth.headers(EMPLOYER);

const publish = async <D extends EventDefinition>(def: D, data: Parameters<ReturnType<typeof createBus>['outbox']['emit']>[2]['data'], service: string) => {
  const bus = createBus({ service, brokers: brokers(), pool: t.ctx.db.pool, logger: testLogger(), clock: systemClock, topicPrefix: t.ctx.topicPrefix });
  await bus.start();
  try {
    await withTransaction(t.ctx.db.pool, (tx) => bus.outbox.emit(tx, def, { subject: OFFICE, correlationId: 'test', data: data as never }));
    await waitFor(async () => Number((await t.ctx.db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM outbox WHERE envelope->>'source' = $1`, [service])).rows[0]?.n) === 0);
  } finally {
    await bus.stop();
  }
};

test('status moves received → accepted → applied → completed; the notice is attached; each change is pushed, signed, retried', async () => {
  const hook = await t.app.inject({ method: 'POST', url: '/v1/webhooks', headers: await auth(), payload: { url, officeCode: OFFICE } });
  expect(hook.statusCode).toBe(201);
  const { webhookId, secret } = hook.json<{ webhookId: string; secret: string }>();
  expect(secret.length).toBeGreaterThan(20);
  expect((await t.app.inject({ method: 'GET', url: '/v1/webhooks', headers: await auth() })).body).not.toContain(secret);

  const filed = (await t.app.inject({ method: 'POST', url: '/v1/filings', headers: { ...(await auth()), 'idempotency-key': 'w-1' }, payload: { formCode: '2225700', officeCode: OFFICE, data: validSantei('11') } })).json<{ filingId: string; arrivalNumber: string }>();

  await publish(RecordEvents.FILING_APPLIED, { filingId: filed.filingId, arrivalNumber: filed.arrivalNumber, outcome: 'applied', identity: 'matched', personId: 'PER1', decisions: [{ code: 'STANDARD_REMUNERATION', message: { ja: '標準報酬月額 320,000円（2025年9月から）', en: 'Standard monthly remuneration 320,000 from 2025-09' } }] }, 'records');
  await waitFor(async () => (await t.app.inject({ method: 'GET', url: `/v1/filings/${filed.arrivalNumber}`, headers: await auth() })).json<{ status: string }>().status === 'applied');

  const noticeId = '0190a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b';
  await publish(NoticeEvents.DELIVERED, { noticeId, noticeType: 'standard-remuneration-decision', recipient: { kind: 'employer', officeCode: OFFICE }, relatedFiling: { filingId: filed.filingId, arrivalNumber: filed.arrivalNumber }, channel: 'egov-mailbox', documentUrl: 'https://docs.example.jp/n/1', availableUntil: '2025-10-10' }, 'notice-delivery');
  const view = await waitFor(async () => {
    const v = (await t.app.inject({ method: 'GET', url: `/v1/filings/${filed.arrivalNumber}`, headers: await auth() })).json<{ status: string; timeline: { status: string }[]; notices: { noticeId: string }[]; decisions: unknown[]; identity: string }>();
    return v.status === 'completed' ? v : undefined;
  });
  expect(view.timeline.map((e) => e.status)).toEqual(['received', 'accepted', 'applied', 'completed']);
  expect(view.notices).toEqual([expect.objectContaining({ noticeId, documentUrl: 'https://docs.example.jp/n/1' })]);
  expect(view.decisions).toHaveLength(1);
  expect(view.identity).toBe('matched');

  // Three status changes pushed (accepted, applied, completed), each after one failed attempt.
  const delivered = await waitFor(() => {
    const ok = hits.filter((h) => h.status === 200);
    return ok.length >= 3 ? ok : undefined;
  }, { timeoutMs: 30_000 });
  const statuses = delivered.map((h) => (JSON.parse(h.body) as { data: { status: string } }).data.status);
  expect(statuses.sort()).toEqual(['accepted', 'applied', 'completed']);
  for (const h of delivered) {
    const sig = String(h.headers['x-nenkin-signature']);
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig);
    expect(m).not.toBeNull();
    const expected = createHmac('sha256', secret).update(`${m?.[1]}.${h.body}`).digest('hex');
    expect(m?.[2]).toBe(expected);
    const id = String(h.headers['x-nenkin-delivery']);
    expect(hits.filter((x) => x.headers['x-nenkin-delivery'] === id).map((x) => x.status)).toEqual([500, 200]);
    expect((JSON.parse(h.body) as { deliveryId: string }).deliveryId).toBe(id);
  }
  const log = (await t.app.inject({ method: 'GET', url: `/v1/webhooks/${webhookId}/deliveries`, headers: await auth() })).json<{ items: { state: string; attempts: number; lastStatus: number }[] }>();
  expect(log.items.filter((d) => d.state === 'delivered')).toHaveLength(3);
  expect(log.items.every((d) => d.attempts === 2 && d.lastStatus === 200)).toBe(true);
  // A forged signature would not match: the HMAC covers the timestamp.
  const one = delivered[0] as Hit;
  const m = /^t=(\d+),v1=/.exec(String(one.headers['x-nenkin-signature']));
  expect(createHmac('sha256', secret).update(`${Number(m?.[1]) + 1}.${one.body}`).digest('hex')).not.toBe(String(one.headers['x-nenkin-signature']).split('v1=')[1]);
});

test('a withdrawal records refuses puts the filing back to applied', async () => {
  const filed = (await t.app.inject({ method: 'POST', url: '/v1/filings', headers: { ...(await auth()), 'idempotency-key': 'w-2' }, payload: { formCode: '2225700', officeCode: OFFICE, data: validSantei('12') } })).json<{ filingId: string; arrivalNumber: string }>();
  expect((await t.app.inject({ method: 'POST', url: `/v1/filings/${filed.arrivalNumber}/withdraw`, headers: await auth(), payload: {} })).statusCode).toBe(200);
  await publish(RecordEvents.WITHDRAWAL_REFUSED, { filingId: filed.filingId, arrivalNumber: filed.arrivalNumber, reason: { code: 'ALREADY_APPLIED', message: { ja: '適用済みのため取り下げできません', en: 'already applied' } } }, 'records');
  const v = await waitFor(async () => {
    const x = (await t.app.inject({ method: 'GET', url: `/v1/filings/${filed.arrivalNumber}`, headers: await auth() })).json<{ status: string; timeline: { status: string }[] }>();
    return x.status === 'applied' ? x : undefined;
  });
  expect(v.timeline.map((e) => e.status)).toEqual(['received', 'accepted', 'withdrawn', 'applied']);
});
