/**
 * The authorization matrix: every route × every kind of caller, against the real app. Employer A
 * never sees employer B's filings (404, not 403, so ids do not leak); 社労士 and vendors act only with
 * an active delegation; integrations read only what they submitted; ops reads no personal data.
 */
import { generateShfd0006 } from '@nenkin/rules/shfd0006';
import { createContext, HEADER, OFFICE, OTHER_OFFICE, santeiBody, validSantei, type Claims } from './helpers';

let t: Awaited<ReturnType<typeof createContext>>;

const P: Record<string, Claims | undefined> = {
  anonymous: undefined,
  employerA: { sub: 'empA', roles: ['employer'], employers: [OFFICE] },
  employerB: { sub: 'empB', roles: ['employer'], employers: [OTHER_OFFICE] },
  sharoushiGranted: { sub: 'shaG', roles: ['sharoushi'], employers: [OFFICE] },
  sharoushiNoGrant: { sub: 'shaU', roles: ['sharoushi'], employers: [OFFICE] },
  vendorGranted: { sub: 'venG', roles: ['vendor'] },
  vendorNoGrant: { sub: 'venU', roles: ['vendor'], employers: [OFFICE] },
  integration: { sub: 'egov', roles: ['integration'] },
  person: { sub: 'per', roles: ['person'], person: 'P1' },
  staff: { sub: 'staff', roles: ['staff'] },
  ops: { sub: 'ops', roles: ['ops'] },
};
type Who = keyof typeof P;
const WHO = Object.keys(P) as Who[];

let filingAN = '';
let batchId = '';
let seq = 0;

const req = async (who: Who, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) => {
  const claims = P[who];
  return t.app.inject({
    method,
    url,
    headers: { ...(claims === undefined ? {} : await t.ctx.auth.headers(claims)), ...headers },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
};

const newFiling = async (): Promise<string> => {
  const r = await req('employerA', 'POST', '/v1/filings', { formCode: '2225700', officeCode: OFFICE, data: validSantei(String(100 + seq++)) }, { 'idempotency-key': `setup-${seq}` });
  return r.json<{ arrivalNumber: string }>().arrivalNumber;
};

beforeAll(async () => {
  t = await createContext();
  for (const [sub, role] of [['shaG', 'sharoushi'], ['venG', 'vendor']] as const) {
    const g = await req('employerA', 'POST', '/v1/delegations', { officeCode: OFFICE, delegateSub: sub, delegateRole: role });
    expect(g.statusCode).toBe(201);
  }
  filingAN = await newFiling();
  const up = await t.app.inject({ method: 'POST', url: '/v1/filing-batches', headers: { ...(await t.ctx.auth.headers(P.employerA as Claims)), 'content-type': 'text/csv' }, payload: generateShfd0006(HEADER, [santeiBody('9')]) });
  expect(up.statusCode).toBe(202);
  batchId = up.json<{ batchId: string }>().batchId;
});
afterAll(async () => {
  await t.close();
});

const row = (o: Partial<Record<Who, number>>, fallback: number): Record<Who, number> => Object.fromEntries(WHO.map((w) => [w, o[w] ?? fallback])) as Record<Who, number>;

const READ_OK = row({ anonymous: 401, employerA: 200, sharoushiGranted: 200, vendorGranted: 200, staff: 200, ops: 403 }, 404);

/** Vendor files are employer forms: individuals have no batch routes at all. */
const READ_BATCH = { ...READ_OK, person: 403 };

const matrix: { route: string; expect: Record<Who, number>; call: (who: Who) => Promise<{ statusCode: number }> }[] = [
  {
    route: 'POST /v1/filings (office A)',
    expect: row({ anonymous: 401, employerA: 201, sharoushiGranted: 201, vendorGranted: 201, integration: 201, staff: 201 }, 403),
    call: (w) => req(w, 'POST', '/v1/filings', { formCode: '2225700', officeCode: OFFICE, data: validSantei('77') }, { 'idempotency-key': `m-${w}-${seq++}` }),
  },
  { route: 'GET /v1/filings/{arrivalNumber}', expect: READ_OK, call: (w) => req(w, 'GET', `/v1/filings/${filingAN}`) },
  { route: 'GET /v1/filings', expect: row({ anonymous: 401, ops: 403 }, 200), call: (w) => req(w, 'GET', '/v1/filings') },
  {
    route: 'GET /v1/filings?employer=A',
    expect: row({ anonymous: 401, employerA: 200, sharoushiGranted: 200, vendorGranted: 200, integration: 200, staff: 200 }, 403),
    call: (w) => req(w, 'GET', `/v1/filings?employer=${encodeURIComponent(OFFICE)}`),
  },
  {
    route: 'POST /v1/filings/{arrivalNumber}/withdraw',
    expect: row({ anonymous: 401, employerA: 200, sharoushiGranted: 200, vendorGranted: 200, staff: 200, ops: 403 }, 404),
    call: async (w) => req(w, 'POST', `/v1/filings/${await newFiling()}/withdraw`, {}),
  },
  {
    route: 'POST /v1/filings/{arrivalNumber}/amend',
    expect: row({ anonymous: 401, employerA: 201, sharoushiGranted: 201, vendorGranted: 201, staff: 201, ops: 403, employerB: 403, sharoushiNoGrant: 403, vendorNoGrant: 403, person: 403 }, 404),
    call: async (w) => req(w, 'POST', `/v1/filings/${await newFiling()}/amend`, { formCode: '2225700', officeCode: OFFICE, data: validSantei('78') }, { 'idempotency-key': `a-${w}-${seq++}` }),
  },
  {
    route: 'POST /v1/filing-batches (office A)',
    expect: row({ anonymous: 401, employerA: 202, sharoushiGranted: 202, vendorGranted: 202, staff: 202 }, 403),
    call: async (w) => {
      const claims = P[w];
      return t.app.inject({ method: 'POST', url: '/v1/filing-batches', headers: { ...(claims === undefined ? {} : await t.ctx.auth.headers(claims)), 'content-type': 'text/csv' }, payload: generateShfd0006(HEADER, [santeiBody('8')]) });
    },
  },
  { route: 'GET /v1/filing-batches/{id}', expect: READ_BATCH, call: (w) => req(w, 'GET', `/v1/filing-batches/${batchId}`) },
  { route: 'GET /v1/filing-batches/{id}/errors', expect: READ_BATCH, call: (w) => req(w, 'GET', `/v1/filing-batches/${batchId}/errors`) },
  { route: 'GET /v1/filing-batches/{id}/results', expect: READ_BATCH, call: (w) => req(w, 'GET', `/v1/filing-batches/${batchId}/results`) },
  {
    route: 'POST /v1/delegations (office A)',
    expect: row({ anonymous: 401, employerA: 201, staff: 201 }, 403),
    call: (w) => req(w, 'POST', '/v1/delegations', { officeCode: OFFICE, delegateSub: `d-${w}-${seq++}`, delegateRole: 'sharoushi' }),
  },
  { route: 'GET /v1/delegations', expect: row({ anonymous: 401, employerA: 200, employerB: 200, sharoushiGranted: 200, sharoushiNoGrant: 200, vendorGranted: 200, vendorNoGrant: 200, staff: 200 }, 403), call: (w) => req(w, 'GET', '/v1/delegations') },
  {
    route: 'POST /v1/webhooks (office A)',
    expect: row({ anonymous: 401, employerA: 201, sharoushiGranted: 201, vendorGranted: 201, staff: 201 }, 403),
    call: (w) => req(w, 'POST', '/v1/webhooks', { url: 'https://hooks.example.jp/x', officeCode: OFFICE }),
  },
  { route: 'GET /v1/webhooks', expect: row({ anonymous: 401, person: 403, ops: 403 }, 200), call: (w) => req(w, 'GET', '/v1/webhooks') },
];

describe.each(matrix)('$route', ({ expect: expected, call }) => {
  test.each(WHO)('%s', async (who) => {
    const res = await call(who);
    expect(res.statusCode).toBe(expected[who]);
  });
});

test('listings are scoped: employer B and an ungranted 社労士 see none of A’s filings; the granted one sees them', async () => {
  const items = async (w: Who) => (await req(w, 'GET', '/v1/filings?limit=500')).json<{ items: { officeCode?: string; submittedBy: { sub: string } }[] }>().items;
  expect((await items('employerB')).filter((f) => f.officeCode === OFFICE)).toEqual([]);
  expect((await items('sharoushiNoGrant')).filter((f) => f.officeCode === OFFICE && f.submittedBy.sub !== 'shaU')).toEqual([]);
  expect((await items('sharoushiGranted')).some((f) => f.officeCode === OFFICE && f.submittedBy.sub === 'empA')).toBe(true);
  expect((await items('integration')).every((f) => f.submittedBy.sub === 'egov')).toBe(true);
});

test('another caller’s webhook and delegation cannot be deleted (404)', async () => {
  const hook = (await req('employerA', 'POST', '/v1/webhooks', { url: 'https://hooks.example.jp/y', officeCode: OFFICE })).json<{ webhookId: string }>();
  expect((await req('employerB', 'DELETE', `/v1/webhooks/${hook.webhookId}`)).statusCode).toBe(404);
  expect((await req('employerA', 'DELETE', `/v1/webhooks/${hook.webhookId}`)).statusCode).toBe(204);
  const d = (await req('employerA', 'POST', '/v1/delegations', { officeCode: OFFICE, delegateSub: 'zz', delegateRole: 'vendor' })).json<{ delegationId: string }>();
  expect((await req('employerB', 'DELETE', `/v1/delegations/${d.delegationId}`)).statusCode).toBe(404);
});

test('the OpenAPI document lists every route of the service', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
  const routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).filter((r) => r.includes(' /v1/'));
  expect(routes.sort()).toEqual(
    [
      'POST /v1/filings', 'GET /v1/filings', 'GET /v1/filings/{arrivalNumber}', 'POST /v1/filings/{arrivalNumber}/withdraw', 'POST /v1/filings/{arrivalNumber}/amend',
      'POST /v1/filing-batches', 'GET /v1/filing-batches/{batchId}', 'GET /v1/filing-batches/{batchId}/errors', 'GET /v1/filing-batches/{batchId}/results',
      'POST /v1/delegations', 'GET /v1/delegations', 'DELETE /v1/delegations/{delegationId}',
      'POST /v1/webhooks', 'GET /v1/webhooks', 'DELETE /v1/webhooks/{webhookId}', 'GET /v1/webhooks/{webhookId}/deliveries',
    ].sort(),
  );
});
