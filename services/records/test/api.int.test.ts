/**
 * The record API over a record built from real filings: what each route returns, the CP932 CSV, the
 * audit rows every read of personal data leaves (and the person's access log), and the authorization
 * matrix — role by route, and object checks (person X never sees Y, employer A never sees B).
 */
import { decode } from 'iconv-lite';
import type { Role } from '@nenkin/contracts/auth';
import { startRecords, type RecordsHarness } from './helpers/context';
import { accepted, kokunenShutoku, menjo, OFFICE_CODE, OTHER_OFFICE, OTHER_OFFICE_CODE, outcomeOf, personFiling, santei, shoyo, shutoku, soshitsu } from './helpers/filings';

let h: RecordsHarness;
let alice: string;
let bob: string;

beforeAll(async () => {
  h = await startRecords('2026-10-15T03:00:00Z');
  const a = { nameKana: 'ｱﾘｽ ﾀﾅｶ', nameKanji: '田中　有栖', birthDate: '1990-04-02', insuredNumber: '7' };
  const hire = accepted({ body: shutoku({ ...a, kind: '2', acquisitionDate: '2026-04-01', pay: 300_000 }) });
  const b = { nameKana: 'ﾎﾞﾌﾞ ｽｽﾞｷ', birthDate: '1980-01-15', insuredNumber: '8' };
  const hireB = accepted({ body: shutoku({ ...b, acquisitionDate: '2025-10-01', pay: 200_000, office: OTHER_OFFICE }), officeCode: OTHER_OFFICE_CODE });
  const c = { nameKana: 'ﾀｲｼｮｸ ｼｬ', birthDate: '1970-01-01', insuredNumber: '9' };
  await h.apply(
    hire,
    hireB,
    accepted({ body: santei({ ...a, year: 2026, months: [{ days: 30, pay: 360_000 }, { days: 31, pay: 360_000 }, { days: 30, pay: 360_000 }] }) }),
    accepted({ body: shoyo({ ...a, paidOn: '2026-07-10', amount: 500_000 }) }),
    accepted({ body: shutoku({ ...c, acquisitionDate: '2026-04-01', pay: 250_000 }) }),
    accepted({ body: soshitsu({ ...c, retiredOn: '2026-08-31' }) }),
  );
  // a 第1号 person with a pending 免除 application (the staff exemption routes list it)
  const k = { nameKana: 'ｹｲｺ ｺｸﾐﾝ', birthDate: '1994-04-04', pensionNumber: '6660000001' };
  await h.apply(personFiling({ personId: 'p_keiko', body: kokunenShutoku({ ...k, acquisitionDate: '2026-04-01' }) }));
  await h.apply(personFiling({ personId: 'p_keiko', body: menjo({ ...k, from: '2026-07', to: '2027-06' }) }));
  alice = (await outcomeOf(h.ctx.db.pool, hire.filingId))?.person_id as string;
  bob = (await outcomeOf(h.ctx.db.pool, hireB.filingId))?.person_id as string;
});
afterAll(async () => {
  await h.close();
});

type Claims = { sub: string; roles: Role[]; employers?: string[]; person?: string };
const get = async (url: string, claims?: Claims) =>
  h.app.inject({ method: 'GET', url, headers: claims ? await h.ctx.auth.headers(claims) : {} });
const audits = async (personId: string) =>
  (await h.ctx.db.pool.query<{ actor_sub: string; action: string; purpose: string; actor_employer: string | null }>('SELECT actor_sub, action, purpose, actor_employer FROM audit_log WHERE person_id = $1 ORDER BY audit_id', [personId])).rows;

test('GET /v1/me/record: enrolment, 標準報酬 month by month, bonuses, eligibility months; audited', async () => {
  const res = await get('/v1/me/record', { sub: 'alice', roles: ['person'], person: alice });
  expect(res.statusCode).toBe(200);
  const body = res.json();
  expect(body).toMatchObject({ personId: alice, name: { kana: 'ｱﾘｽ ﾀﾅｶ', kanji: '田中　有栖' }, birthDate: '1990-04-02', sex: '2' });
  expect(body.enrolments).toEqual([expect.objectContaining({ scheme: 'kosei', officeCode: OFFICE_CODE, acquiredOn: '2026-04-01' })]);
  // April–August on the acquisition standard, September–October on the 定時決定 (360,000 → 360,000 grade 22).
  expect(body.months.map((m: { month: string; standard: number }) => [m.month, m.standard])).toEqual([
    ['2026-04', 300_000], ['2026-05', 300_000], ['2026-06', 300_000], ['2026-07', 300_000], ['2026-08', 300_000], ['2026-09', 360_000], ['2026-10', 360_000],
  ]);
  expect(body.bonuses).toEqual([{ month: '2026-07', officeCode: OFFICE_CODE, amount: 500_000, kosei: 500_000, kenpo: 500_000 }]);
  expect(body.eligibility).toEqual({ months: 7, asOf: '2026-10-15' });
  expect(await audits(alice)).toEqual([{ actor_sub: 'alice', action: 'record.read', purpose: 'self-service', actor_employer: null }]);
});

test('GET /v1/employers/{officeCode}/insured: today\'s insured with grades (JSON and CP932 CSV); each listed person audited', async () => {
  const employer = { sub: 'keito-hr', roles: ['employer'] as Role[], employers: [OFFICE_CODE] };
  const res = await get(`/v1/employers/${encodeURIComponent(OFFICE_CODE)}/insured`, employer);
  expect(res.statusCode).toBe(200);
  // The retired person (lost 2026-09-01) is not listed.
  expect(res.json().insured).toEqual([expect.objectContaining({ personId: alice, insuredNumber: '7', grade: 22, standard: 360_000, since: '2026-09-01' })]);
  const csv = await get(`/v1/employers/${encodeURIComponent(OFFICE_CODE)}/insured?format=csv`, employer);
  expect(csv.statusCode).toBe(200);
  expect(csv.headers['content-type']).toContain('Shift_JIS');
  const text = decode(csv.rawPayload, 'cp932');
  expect(text).toMatch(/^7,ｱﾘｽ ﾀﾅｶ,田中\u3000有栖,7020402,2,9080401,0360,0360,\d{10}\r\n$/);
  expect((await audits(alice)).filter((a) => a.action === 'employer.insured-list')).toEqual([
    { actor_sub: 'keito-hr', action: 'employer.insured-list', purpose: 'employer-insured-list', actor_employer: OFFICE_CODE },
    { actor_sub: 'keito-hr', action: 'employer.insured-list', purpose: 'employer-insured-list', actor_employer: OFFICE_CODE },
  ]);
});

test('GET /v1/me/access-log shows who read the record and why', async () => {
  await get(`/v1/persons/${alice}/record`, { sub: 'staff-42', roles: ['staff'] });
  const res = await get('/v1/me/access-log', { sub: 'alice', roles: ['person'], person: alice });
  expect(res.statusCode).toBe(200);
  const kinds = res.json().entries.map((e: { actor: { kind: string }; purpose: string }) => `${e.actor.kind}:${e.purpose}`);
  expect(kinds).toEqual(expect.arrayContaining(['staff:staff-inquiry', 'employer:employer-insured-list', 'self:self-service']));
  // Bob's log knows nothing of Alice's readers.
  const bobs = await get('/v1/me/access-log', { sub: 'bob', roles: ['person'], person: bob });
  expect(bobs.json().entries).toEqual([]);
});

test('GET /v1/me/estimate: 基礎 + 報酬比例 with the inputs and formula; claim ages 60–75; futurePay continues the enrolment', async () => {
  const alicesToken = { sub: 'alice', roles: ['person'] as Role[], person: alice };
  const now = await get('/v1/me/estimate', alicesToken);
  expect(now.statusCode).toBe(200);
  // 7 months on record (2026-04…10): 300,000 × 5 + 360,000 × 2 + bonus 500,000 → 平均標準報酬額 388,571; < 120 months: not eligible.
  expect(now.json()).toMatchObject({ inputs: { paidMonths: 7, koseiMonthsFrom2003: 7, averageStandardFrom2003: 388_571 }, basic: { eligible: false }, annual: 0 });
  const at = async (age: number) => (await get(`/v1/me/estimate?claimAge=${age}&futurePay=360000`, alicesToken)).json();
  const [a60, a65, a70] = [await at(60), await at(65), await at(70)];
  // born 1990-04-02: 60 in 2050-04; future months 2026-11 … 2050-03 = 281
  expect(a65.inputs).toMatchObject({ futureMonths: 281, paidMonths: 288, koseiMonthsFrom2003: 288 });
  expect(a65.basic.eligible).toBe(true);
  expect(a60.adjustment.factor).toBe(0.76);
  expect(a70.adjustment.factor).toBe(1.42);
  expect(a60.annual).toBeLessThan(a65.annual);
  expect(a65.annual).toBeLessThan(a70.annual);
  expect(a65.formula).toHaveLength(4);
  expect((await get('/v1/me/estimate?claimAge=59', alicesToken)).statusCode).toBe(400);
  expect((await get(`/v1/persons/${alice}/estimate?claimAge=75`, { sub: 's', roles: ['staff'] })).json().adjustment.factor).toBe(1.84);
  expect((await get(`/v1/persons/${alice}/estimate`, alicesToken)).statusCode).toBe(403);
});

test('POST /v1/unclaimed-records/search: kana variants and typos on the same birth date, ranked and masked, audited, rate limited', async () => {
  // Two unlinked records (no マイナンバー) born 1955-05-05: ﾕｳｷ ｻﾄｳ and ﾕｳｷ ｻﾄｵ (a typo), and one born another day.
  await h.apply(
    accepted({ body: shutoku({ nameKana: 'ｻﾄｳ ﾕｳｷ', birthDate: '1955-05-05', pensionNumber: '1111222222', acquisitionDate: '2020-04-01', pay: 200_000, kind: '1' }) }),
    accepted({ body: shutoku({ nameKana: 'ｻﾄｵ ﾕｳｷ', birthDate: '1955-05-05', pensionNumber: '1111333333', acquisitionDate: '2021-04-01', pay: 200_000, kind: '1', office: OTHER_OFFICE }), officeCode: OTHER_OFFICE_CODE }),
    accepted({ body: shutoku({ nameKana: 'ｻﾄｳ ﾕｳｷ', birthDate: '1955-05-06', pensionNumber: '1111444444', acquisitionDate: '2020-04-01', pay: 200_000, kind: '1', insuredNumber: '99' }) }),
  );
  const searcher = { sub: 'searcher', roles: ['person'] as Role[], person: 'p_searcher' };
  const search = async (body: Record<string, unknown>, claims: Claims = searcher) =>
    h.app.inject({ method: 'POST', url: '/v1/unclaimed-records/search', headers: await h.ctx.auth.headers(claims), payload: body });
  // 全角 and a long-vowel spelling (ユーキ) of the same name.
  const res = await search({ nameKana: 'さとう　ゆーき', birthDate: '1955-05-05', sex: '1' });
  expect(res.statusCode).toBe(200);
  const candidates = res.json().candidates;
  // the long vowel spelled ー matches ユウキ under the looser comparison (90) + same sex (10); the other birth date never
  expect(candidates).toEqual([{ score: 100, nameKana: 'ｻ＊＊ ﾕ＊＊', pensionNumber: '******2222', firstEnrolledYear: '2020', firstEmployerPrefecture: '21' }]);
  // exact key 100 + sex 10; one letter off (ｻﾄｵ) 70 + 10
  const typo = (await search({ nameKana: 'ｻﾄｳ ﾕｳｷ', birthDate: '1955-05-05', sex: '1' })).json().candidates;
  expect(typo.map((c: { score: number; pensionNumber: string }) => [c.score, c.pensionNumber])).toEqual([[110, '******2222'], [80, '******3333']]);
  expect(JSON.stringify(typo)).not.toMatch(/p_[0-9a-f]{24}/);
  expect((await h.ctx.db.pool.query(`SELECT 1 FROM audit_log WHERE action = 'unclaimed-record.search' AND actor_sub = 'searcher'`)).rowCount).toBe(3);
  expect((await search({ nameKana: 'ｻﾄｳ ﾕｳｷ', birthDate: '1955-05-05' }, { sub: 'e', roles: ['employer'], employers: [OFFICE_CODE] })).statusCode).toBe(403);
  const limited = { sub: 'hammer', roles: ['person'] as Role[], person: 'p_hammer' };
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) statuses.push((await search({ nameKana: 'ｱ ｲ', birthDate: '2000-01-01' }, limited)).statusCode);
  expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
  expect(statuses[10]).toBe(429);
});

describe('authorization matrix', () => {
  const officeUrl = (code: string) => `/v1/employers/${encodeURIComponent(code)}/insured`;
  const cases: [string, () => string, Claims | undefined, number, string?][] = [
    ['me/record anonymous', () => '/v1/me/record', undefined, 401],
    ['me/record staff (no person role)', () => '/v1/me/record', { sub: 's', roles: ['staff'] }, 403, 'ROLE_FORBIDDEN'],
    ['me/record employer', () => '/v1/me/record', { sub: 'e', roles: ['employer'], employers: [OFFICE_CODE] }, 403, 'ROLE_FORBIDDEN'],
    ['me/record person without person claim', () => '/v1/me/record', { sub: 'p', roles: ['person'] }, 403, 'PERSON_FORBIDDEN'],
    ['me/record unknown person', () => '/v1/me/record', { sub: 'p', roles: ['person'], person: 'p_nobody' }, 404, 'PERSON_NOT_FOUND'],
    ['persons/{id} staff', () => `/v1/persons/${bob}/record`, { sub: 's', roles: ['staff'] }, 200],
    ['persons/{id} the person itself (staff route)', () => `/v1/persons/${alice}/record`, { sub: 'alice', roles: ['person'], person: alice }, 403, 'ROLE_FORBIDDEN'],
    ['persons/{id} another person', () => `/v1/persons/${bob}/record`, { sub: 'alice', roles: ['person'], person: alice }, 403, 'ROLE_FORBIDDEN'],
    ['persons/{id} ops', () => `/v1/persons/${bob}/record`, { sub: 'o', roles: ['ops'] }, 403, 'ROLE_FORBIDDEN'],
    ['persons/{id} employer of that person', () => `/v1/persons/${bob}/record`, { sub: 'e', roles: ['employer'], employers: [OTHER_OFFICE_CODE] }, 403, 'ROLE_FORBIDDEN'],
    ['persons/{id} a 基礎年金番号-shaped id is just an unknown id', () => '/v1/persons/1234567890/record', { sub: 's', roles: ['staff'] }, 404, 'PERSON_NOT_FOUND'],
    ['insured own office', () => officeUrl(OFFICE_CODE), { sub: 'e', roles: ['employer'], employers: [OFFICE_CODE] }, 200],
    ['insured other office', () => officeUrl(OTHER_OFFICE_CODE), { sub: 'e', roles: ['employer'], employers: [OFFICE_CODE] }, 403, 'EMPLOYER_FORBIDDEN'],
    ['insured 社労士 with delegation', () => officeUrl(OTHER_OFFICE_CODE), { sub: 'sr', roles: ['sharoushi'], employers: [OTHER_OFFICE_CODE] }, 200],
    ['insured 社労士 without delegation', () => officeUrl(OFFICE_CODE), { sub: 'sr', roles: ['sharoushi'], employers: [OTHER_OFFICE_CODE] }, 403, 'EMPLOYER_FORBIDDEN'],
    ['insured staff', () => officeUrl(OFFICE_CODE), { sub: 's', roles: ['staff'] }, 200],
    ['insured ops', () => officeUrl(OFFICE_CODE), { sub: 'o', roles: ['ops'] }, 403, 'ROLE_FORBIDDEN'],
    ['insured person', () => officeUrl(OFFICE_CODE), { sub: 'alice', roles: ['person'], person: alice }, 403, 'ROLE_FORBIDDEN'],
    ['insured vendor', () => officeUrl(OFFICE_CODE), { sub: 'v', roles: ['vendor'], employers: [OFFICE_CODE] }, 403, 'ROLE_FORBIDDEN'],
    ['insured malformed office code', () => '/v1/employers/not-a-code/insured', { sub: 's', roles: ['staff'] }, 400],
    ['access-log staff', () => '/v1/me/access-log', { sub: 's', roles: ['staff'] }, 403, 'ROLE_FORBIDDEN'],
    ['access-log anonymous', () => '/v1/me/access-log', undefined, 401],
    ['exemption-applications staff', () => '/v1/staff/exemption-applications', { sub: 's', roles: ['staff'] }, 200],
    ['exemption-applications anonymous', () => '/v1/staff/exemption-applications', undefined, 401],
    ['exemption-applications person', () => '/v1/staff/exemption-applications', { sub: 'alice', roles: ['person'], person: alice }, 403, 'ROLE_FORBIDDEN'],
    ['exemption-applications employer', () => '/v1/staff/exemption-applications', { sub: 'e', roles: ['employer'], employers: [OFFICE_CODE] }, 403, 'ROLE_FORBIDDEN'],
    ['exemption-applications ops', () => '/v1/staff/exemption-applications', { sub: 'o', roles: ['ops'] }, 403, 'ROLE_FORBIDDEN'],
    ['exemption-applications unknown status', () => '/v1/staff/exemption-applications?status=maybe', { sub: 's', roles: ['staff'] }, 400],
  ];
  test.each(cases.map(([name, url, claims, status, code]) => ({ name, url, claims: claims ?? null, status, code: code ?? null })))('$name → $status', async ({ url, claims, status, code }) => {
    const before = (await h.ctx.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]?.n ?? 0;
    const res = await get(url(), claims ?? undefined);
    expect(res.statusCode).toBe(status);
    if (code !== null) expect(res.json().code).toBe(code);
    const after = (await h.ctx.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]?.n ?? 0;
    // a refused request reads nothing and audits nothing; a successful read audits
    if (status !== 200) expect(after).toBe(before);
    else expect(after).toBeGreaterThan(before);
  });

  // POST /v1/staff/exemption-applications/{id}/decision: only staff decide; refused requests change and audit nothing.
  const decisionCases: [string, Claims | undefined, Record<string, unknown>, number, string?][] = [
    ['decision anonymous', undefined, { decision: 'approved' }, 401],
    ['decision person (even the applicant)', { sub: 'keiko', roles: ['person'], person: 'p_keiko' }, { decision: 'approved' }, 403, 'ROLE_FORBIDDEN'],
    ['decision employer', { sub: 'e', roles: ['employer'], employers: [OFFICE_CODE] }, { decision: 'approved' }, 403, 'ROLE_FORBIDDEN'],
    ['decision 社労士', { sub: 'sr', roles: ['sharoushi'], employers: [OFFICE_CODE] }, { decision: 'approved' }, 403, 'ROLE_FORBIDDEN'],
    ['decision ops', { sub: 'o', roles: ['ops'] }, { decision: 'approved' }, 403, 'ROLE_FORBIDDEN'],
    ['decision staff, unknown decision', { sub: 's', roles: ['staff'] }, { decision: 'maybe' }, 400],
    ['decision staff, reason too long', { sub: 's', roles: ['staff'] }, { decision: 'rejected', reason: 'x'.repeat(401) }, 400],
    ['decision staff, unknown application', { sub: 's', roles: ['staff'] }, { decision: 'approved', id: 'a_nothing' }, 404, 'APPLICATION_NOT_FOUND'],
  ];
  test.each(decisionCases.map(([name, claims, body, status, code]) => ({ name, claims: claims ?? null, body, status, code: code ?? null })))('$name → $status', async ({ claims, body, status, code }) => {
    const [app] = (await h.ctx.db.pool.query<{ application_id: string }>(`SELECT application_id FROM exemption_applications WHERE person_id = 'p_keiko'`)).rows;
    const before = (await h.ctx.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]?.n ?? 0;
    const { id, ...payload } = body as { id?: string };
    const res = await h.app.inject({ method: 'POST', url: `/v1/staff/exemption-applications/${id ?? app?.application_id ?? ''}/decision`, headers: claims ? await h.ctx.auth.headers(claims) : {}, payload });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    if (code !== null) expect(res.json().code).toBe(code);
    expect((await h.ctx.db.pool.query(`SELECT status FROM exemption_applications WHERE person_id = 'p_keiko'`)).rows).toEqual([{ status: 'pending' }]);
    expect((await h.ctx.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]?.n ?? 0).toBe(before);
  });
});
