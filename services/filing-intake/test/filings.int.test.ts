/**
 * POST /v1/filings and reading filings, against real Postgres and Kafka: 到達番号, every error at
 * once, マイナンバー never in plaintext, events through the outbox with the filing, Idempotency-Key
 * (replay, different body, concurrent race → one filing), X-Trial, channels, listing, 取下げ, 補正.
 */
import { createDecipheriv } from 'node:crypto';
import { readTopic, waitFor } from '@nenkin/testing/events';
import { createContext, fukaData, MY_NUMBER, OFFICE, OTHER_OFFICE, shutokuWithMyNumber, validSantei, type Claims } from './helpers';

let t: Awaited<ReturnType<typeof createContext>>;
beforeAll(async () => {
  t = await createContext();
});
afterAll(async () => {
  await t.close();
});

const EMPLOYER: Claims = { sub: 'emp-1', roles: ['employer'], employers: [OFFICE] };
let keySeq = 0;
const post = async (claims: Claims, payload: unknown, extra: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/filings',
    headers: { ...(await t.ctx.auth.headers(claims)), 'idempotency-key': `k-${Date.now()}-${keySeq++}`, ...extra },
    payload: payload as Record<string, unknown>,
  });
const get = async (claims: Claims, url: string) => t.app.inject({ method: 'GET', url, headers: await t.ctx.auth.headers(claims) });
const count = async (sql: string, params: unknown[] = []) => Number((await t.ctx.db.pool.query<{ n: string }>(sql, params)).rows[0]?.n);

test('an accepted filing: 201, 18-digit 到達番号, status and timeline; the event carries no plaintext マイナンバー', async () => {
  const res = await post(EMPLOYER, { formCode: '2200700', officeCode: OFFICE, data: shutokuWithMyNumber() });
  expect(res.statusCode).toBe(201);
  const body = res.json<{ arrivalNumber: string; filingId: string; status: string; channel: string }>();
  expect(body.arrivalNumber).toMatch(/^20250710\d{10}$/);
  expect(body).toMatchObject({ status: 'accepted', channel: 'egov-api' });

  const view = await get(EMPLOYER, `/v1/filings/${body.arrivalNumber}`);
  expect(view.statusCode).toBe(200);
  expect(view.json()).toMatchObject({ status: 'accepted', officeCode: OFFICE, timeline: [{ status: 'received' }, { status: 'accepted' }] });
  expect(view.body).not.toContain(MY_NUMBER);

  const stored = await t.ctx.db.pool.query<{ body: unknown; my_numbers: { path: string; hash: string; cipher: string }[] }>('SELECT body, my_numbers FROM filings WHERE filing_id = $1', [body.filingId]);
  expect(JSON.stringify(stored.rows[0]?.body)).not.toContain(MY_NUMBER);
  expect(stored.rows[0]?.my_numbers).toEqual([{ path: '/myNumber', hash: expect.stringMatching(/^[0-9a-f]{64}$/), cipher: expect.stringMatching(/^v1\./) }]);

  const events = await waitFor(async () => {
    const all = await readTopic(`${t.ctx.topicPrefix}intake.filing`);
    const mine = all.filter((m) => m.value.includes(body.filingId));
    return mine.length > 0 ? mine : undefined;
  });
  expect(events).toHaveLength(1);
  const ev = events[0];
  expect(ev?.key).toBe(OFFICE);
  expect(ev?.value).not.toContain(MY_NUMBER);
  const env = JSON.parse(ev?.value ?? '{}') as { type: string; data: { myNumbers: { path: string; cipher: string }[]; channel: string; body: Record<string, unknown> } };
  expect(env.type).toBe('filing.accepted');
  expect(env.data.channel).toBe('egov-api');
  expect(env.data.body.myNumber).toBeUndefined();
  // The ciphertext decrypts with the service's key to the number (AES-256-GCM, v1.iv.tag.ct).
  const [, iv, tag, ct] = (env.data.myNumbers[0]?.cipher ?? '').split('.');
  const d = createDecipheriv('aes-256-gcm', t.ctx.deps.config.PII_ENCRYPTION_KEY, Buffer.from(iv ?? '', 'base64url'));
  d.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
  expect(Buffer.concat([d.update(Buffer.from(ct ?? '', 'base64url')), d.final()]).toString()).toBe(MY_NUMBER);
});

test('an invalid filing: 422 with every error at once, a 到達番号, stored as rejected with a filing.rejected event', async () => {
  const data = { ...validSantei(), insuredNumber: '0000000', birthDate: '1980-02-30', totalSum: 1 };
  const res = await post(EMPLOYER, { formCode: '2225700', officeCode: OFFICE, data });
  expect(res.statusCode).toBe(422);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  const p = res.json<{ code: string; arrivalNumber: string; filingId: string; errors: { path: string; code: string }[] }>();
  expect(p.code).toBe('FILING_REJECTED');
  expect(p.arrivalNumber).toMatch(/^\d{18}$/);
  const paths = p.errors.map((e) => e.path);
  expect(paths).toEqual(expect.arrayContaining(['/data/insuredNumber', '/data/birthDate']));
  expect(p.errors.length).toBeGreaterThanOrEqual(2);
  expect(await count(`SELECT count(*) AS n FROM filings WHERE filing_id = $1 AND status = 'rejected'`, [p.filingId])).toBe(1);
  await waitFor(async () => (await readTopic(`${t.ctx.topicPrefix}intake.filing`)).some((m) => m.value.includes(p.filingId) && m.value.includes('"filing.rejected"')));
});

test('malformed requests are 400 and file nothing; a form of the wrong family is 422', async () => {
  const before = await count('SELECT count(*) AS n FROM filings');
  expect((await post(EMPLOYER, { formCode: '2225700', data: validSantei() })).statusCode).toBe(400); // no subject
  expect((await post(EMPLOYER, { formCode: '2225700', officeCode: 'nonsense', data: validSantei() })).statusCode).toBe(400);
  expect((await post(EMPLOYER, { formCode: '2225700', officeCode: OFFICE, data: validSantei(), extra: 1 })).statusCode).toBe(400);
  expect((await post(EMPLOYER, { formCode: '2225700', officeCode: OFFICE, data: 'x' })).statusCode).toBe(400);
  const noKey = await t.app.inject({ method: 'POST', url: '/v1/filings', headers: await t.ctx.auth.headers(EMPLOYER), payload: { formCode: '2225700', officeCode: OFFICE, data: validSantei() } });
  expect(noKey.statusCode).toBe(400);
  expect(noKey.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('headers:/idempotency-key');
  expect((await post({ sub: 'p1', roles: ['person'], person: 'P1' }, { formCode: 'KOKUNEN_FUKA', officeCode: OFFICE, data: fukaData() })).statusCode).toBe(422);
  expect(await count('SELECT count(*) AS n FROM filings')).toBe(before);
});

test('Idempotency-Key: a replay returns the original answer; the same key with another body is 422', async () => {
  const headers = { ...(await t.ctx.auth.headers(EMPLOYER)), 'idempotency-key': 'replay-1' };
  const payload = { formCode: '2225700', officeCode: OFFICE, data: validSantei('201') };
  const a = await t.app.inject({ method: 'POST', url: '/v1/filings', headers, payload });
  const b = await t.app.inject({ method: 'POST', url: '/v1/filings', headers, payload });
  expect(a.statusCode).toBe(201);
  expect(b.statusCode).toBe(201);
  expect(b.json()).toEqual(a.json());
  expect(b.headers['idempotent-replayed']).toBe('true');
  const c = await t.app.inject({ method: 'POST', url: '/v1/filings', headers, payload: { ...payload, data: validSantei('202') } });
  expect(c.statusCode).toBe(422);
  expect(c.json<{ code: string }>().code).toBe('IDEMPOTENCY_KEY_REUSED');
  // A rejected filing replays as the same 422 with the same 到達番号.
  const bad = { formCode: '2225700', officeCode: OFFICE, data: { ...validSantei(), totalSum: 1 } };
  const h2 = { ...headers, 'idempotency-key': 'replay-2' };
  const r1 = await t.app.inject({ method: 'POST', url: '/v1/filings', headers: h2, payload: bad });
  const r2 = await t.app.inject({ method: 'POST', url: '/v1/filings', headers: h2, payload: bad });
  expect(r1.statusCode).toBe(422);
  expect(r2.statusCode).toBe(422);
  expect(r2.json<{ arrivalNumber: string }>().arrivalNumber).toBe(r1.json<{ arrivalNumber: string }>().arrivalNumber);
  // Keys are per caller: another caller's same key is a different request.
  const other = await t.app.inject({ method: 'POST', url: '/v1/filings', headers: { ...(await t.ctx.auth.headers({ ...EMPLOYER, sub: 'emp-2' })), 'idempotency-key': 'replay-1' }, payload });
  expect(other.statusCode).toBe(201);
  expect(other.json<{ arrivalNumber: string }>().arrivalNumber).not.toBe(a.json<{ arrivalNumber: string }>().arrivalNumber);
});

test('Idempotency-Key race: identical requests at once give one filing; the others replay it or get 409 in flight', async () => {
  const headers = { ...(await t.ctx.auth.headers(EMPLOYER)), 'idempotency-key': 'race-1' };
  const payload = { formCode: '2225700', officeCode: OFFICE, data: validSantei('301') };
  const results = await Promise.all(Array.from({ length: 8 }, () => t.app.inject({ method: 'POST', url: '/v1/filings', headers, payload })));
  const statuses = results.map((r) => r.statusCode);
  expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
  const created = results.filter((r) => r.statusCode === 201).map((r) => r.json<{ arrivalNumber: string }>().arrivalNumber);
  expect(created.length).toBeGreaterThanOrEqual(1);
  expect(new Set(created).size).toBe(1);
  for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json<{ code: string }>().code).toBe('IDEMPOTENCY_REQUEST_IN_FLIGHT');
  expect(await count(`SELECT count(*) AS n FROM filings WHERE body->>'insuredNumber' = '301'`)).toBe(1);
  expect(await count(`SELECT count(*) AS n FROM outbox WHERE envelope->'data'->'body'->>'insuredNumber' = '301'`)).toBeLessThanOrEqual(1);
  // Afterwards a retry replays the one filing.
  const later = await t.app.inject({ method: 'POST', url: '/v1/filings', headers, payload });
  expect(later.statusCode).toBe(201);
  expect(later.json<{ arrivalNumber: string }>().arrivalNumber).toBe(created[0]);
});

test('Idempotency-Key in flight: 409 while another transaction holds the key; once that one rolls back (a crash), the retry files', async () => {
  const holder = await t.ctx.db.pool.connect();
  try {
    await holder.query('BEGIN');
    await holder.query(`INSERT INTO idempotency_keys (principal_sub, idem_key, request_hash, state, created_at) VALUES ($1, 'held-1', 'x', 'in-flight', now())`, [EMPLOYER.sub]);
    const headers = { ...(await t.ctx.auth.headers(EMPLOYER)), 'idempotency-key': 'held-1' };
    const payload = { formCode: '2225700', officeCode: OFFICE, data: validSantei('310') };
    const busy = await t.app.inject({ method: 'POST', url: '/v1/filings', headers, payload });
    expect(busy.statusCode).toBe(409);
    expect(busy.json<{ code: string }>().code).toBe('IDEMPOTENCY_REQUEST_IN_FLIGHT');
    await holder.query('ROLLBACK');
    const retry = await t.app.inject({ method: 'POST', url: '/v1/filings', headers, payload });
    expect(retry.statusCode).toBe(201);
    expect(await count(`SELECT count(*) AS n FROM filings WHERE body->>'insuredNumber' = '310'`)).toBe(1);
  } finally {
    holder.release();
  }
});

test('X-Trial: true validates and answers without filing anything', async () => {
  const before = await count('SELECT count(*) AS n FROM filings');
  const ok = await t.app.inject({ method: 'POST', url: '/v1/filings', headers: { ...(await t.ctx.auth.headers(EMPLOYER)), 'x-trial': 'true' }, payload: { formCode: '2225700', officeCode: OFFICE, data: validSantei() } });
  expect(ok.statusCode).toBe(200);
  expect(ok.json()).toEqual({ trial: true, status: 'accepted' });
  const bad = await t.app.inject({ method: 'POST', url: '/v1/filings', headers: { ...(await t.ctx.auth.headers(EMPLOYER)), 'x-trial': 'true' }, payload: { formCode: '2225700', officeCode: OFFICE, data: { ...validSantei(), totalSum: 1 } } });
  expect(bad.json<{ status: string; errors: unknown[] }>()).toMatchObject({ trial: true, status: 'rejected' });
  expect(bad.json<{ errors: unknown[] }>().errors.length).toBeGreaterThan(0);
  expect(await count('SELECT count(*) AS n FROM filings')).toBe(before);
});

test('the channel is recorded: staff → counter, person → mynaportal, integration names it, others may not', async () => {
  const staff = await post({ sub: 'staff-1', roles: ['staff'] }, { formCode: '2225700', officeCode: OFFICE, data: validSantei('401') });
  expect(staff.json<{ channel: string }>().channel).toBe('counter');
  const person = await post({ sub: 'p-1', roles: ['person'], person: 'P1' }, { formCode: 'KOKUNEN_FUKA', personId: 'P1', data: fukaData() });
  expect(person.statusCode).toBe(201);
  expect(person.json<{ channel: string }>().channel).toBe('mynaportal');
  const integ = await post({ sub: 'mynaportal-gw', roles: ['integration'] }, { formCode: 'KOKUNEN_FUKA', personId: 'P2', channel: 'mynaportal', data: fukaData() });
  expect(integ.json<{ channel: string }>().channel).toBe('mynaportal');
  expect((await post(EMPLOYER, { formCode: '2225700', officeCode: OFFICE, channel: 'counter', data: validSantei('402') })).statusCode).toBe(403);
  const rows = await t.ctx.db.pool.query<{ channel: string; subject: string }>(`SELECT channel, COALESCE(office_code, person_id) AS subject FROM filings WHERE submitted_by_sub IN ('staff-1', 'p-1', 'mynaportal-gw') ORDER BY arrival_number`);
  expect(rows.rows).toEqual([
    { channel: 'counter', subject: OFFICE },
    { channel: 'mynaportal', subject: 'P1' },
    { channel: 'mynaportal', subject: 'P2' },
  ]);
});

test('到達番号 are unique and sort in arrival order; the listing pages by them and filters', async () => {
  const numbers: string[] = [];
  for (let i = 0; i < 5; i++) numbers.push((await post(EMPLOYER, { formCode: '2225700', officeCode: OFFICE, data: validSantei(String(500 + i)) })).json<{ arrivalNumber: string }>().arrivalNumber);
  expect([...numbers].sort()).toEqual(numbers);
  expect(new Set(numbers).size).toBe(5);
  const seen: string[] = [];
  let after: string | undefined;
  for (;;) {
    const res = await get(EMPLOYER, `/v1/filings?employer=${encodeURIComponent(OFFICE)}&status=accepted&limit=2${after ? `&after=${after}` : ''}`);
    expect(res.statusCode).toBe(200);
    const page = res.json<{ items: { arrivalNumber: string; officeCode: string; status: string }[]; next?: string }>();
    for (const f of page.items) {
      expect(f.officeCode).toBe(OFFICE);
      expect(f.status).toBe('accepted');
      seen.push(f.arrivalNumber);
    }
    if (page.next === undefined) break;
    after = page.next;
  }
  expect(seen).toEqual(expect.arrayContaining(numbers));
  expect([...seen].sort()).toEqual(seen);
  const none = await get(EMPLOYER, `/v1/filings?from=2030-01-01`);
  expect(none.json<{ items: unknown[] }>().items).toHaveLength(0);
  expect((await get(EMPLOYER, `/v1/filings?employer=${encodeURIComponent(OTHER_OFFICE)}`)).statusCode).toBe(403);
  expect((await get(EMPLOYER, `/v1/filings?status=bogus`)).statusCode).toBe(400);
});

test('取下げ until applied, and 補正 replaces the original by reference', async () => {
  const first = (await post(EMPLOYER, { formCode: '2225700', officeCode: OFFICE, data: validSantei('601') })).json<{ arrivalNumber: string; filingId: string }>();
  const w = await t.app.inject({ method: 'POST', url: `/v1/filings/${first.arrivalNumber}/withdraw`, headers: await t.ctx.auth.headers(EMPLOYER), payload: { reason: '誤提出' } });
  expect(w.statusCode).toBe(200);
  expect(w.json<{ status: string }>().status).toBe('withdrawn');
  await waitFor(async () => (await readTopic(`${t.ctx.topicPrefix}intake.filing`)).some((m) => m.value.includes('"filing.withdrawn"') && m.value.includes(first.filingId)));
  // Applied filings cannot be withdrawn.
  const second = (await post(EMPLOYER, { formCode: '2225700', officeCode: OFFICE, data: validSantei('602') })).json<{ arrivalNumber: string; filingId: string }>();
  await t.ctx.db.pool.query(`UPDATE filings SET status = 'applied' WHERE filing_id = $1`, [second.filingId]);
  const refused = await t.app.inject({ method: 'POST', url: `/v1/filings/${second.arrivalNumber}/withdraw`, headers: await t.ctx.auth.headers(EMPLOYER), payload: {} });
  expect(refused.statusCode).toBe(409);

  const third = (await post(EMPLOYER, { formCode: '2225700', officeCode: OFFICE, data: validSantei('603') })).json<{ arrivalNumber: string; filingId: string }>();
  const amend = await t.app.inject({
    method: 'POST',
    url: `/v1/filings/${third.arrivalNumber}/amend`,
    headers: { ...(await t.ctx.auth.headers(EMPLOYER)), 'idempotency-key': 'amend-1' },
    payload: { formCode: '2225700', officeCode: OFFICE, data: validSantei('603', 310_333) },
  });
  expect(amend.statusCode).toBe(201);
  const corrected = amend.json<{ arrivalNumber: string; amends: string }>();
  expect(corrected.amends).toBe(third.arrivalNumber);
  const original = (await get(EMPLOYER, `/v1/filings/${third.arrivalNumber}`)).json<{ status: string; amendedBy: string }>();
  expect(original.status).toBe('amended');
  const again = await t.app.inject({
    method: 'POST',
    url: `/v1/filings/${third.arrivalNumber}/amend`,
    headers: { ...(await t.ctx.auth.headers(EMPLOYER)), 'idempotency-key': 'amend-2' },
    payload: { formCode: '2225700', officeCode: OFFICE, data: validSantei('603') },
  });
  expect(again.statusCode).toBe(409);
  const events = await waitFor(async () => {
    const all = await readTopic(`${t.ctx.topicPrefix}intake.filing`);
    const amended = all.find((m) => m.value.includes('"filing.amended"') && m.value.includes(third.filingId));
    const accepted = all.find((m) => m.value.includes('"filing.accepted"') && m.value.includes(`"amends"`) && m.value.includes(third.filingId));
    return amended && accepted ? { amended, accepted } : undefined;
  });
  expect(events.accepted.value).toContain(corrected.arrivalNumber);
});
