/**
 * 被扶養者（異動）届 and 国民年金 applications with real Kafka + Postgres: 第3号 periods opened and closed
 * for the spouse (created or matched; a near miss held and decided by staff), other dependants,
 * 第1号 periods and 種別変更, exemption applications pending until the staff decision API approves or
 * rejects them (event, notice, audit, 409/404), 付加保険料 / 口座振替, every rejection with nothing
 * written, the same filing twice applied once, and the record view with approved exemptions.
 */
import { noticeIdOf } from '@nenkin/contracts/notices';
import type { FilingAcceptedData } from '@nenkin/contracts/intake';
import { waitFor } from '@nenkin/testing/events';
import { startRecords, type RecordsHarness } from './helpers/context';
import {
  accepted, acceptedEnvelope, fuka, gakusei, hifuyosha, koza, kokunenShutoku, menjo, OFFICE_CODE, OTHER_OFFICE, OTHER_OFFICE_CODE, outcomeOf, personFiling,
  protectMyNumber, shutoku,
} from './helpers/filings';

let h: RecordsHarness;
beforeAll(async () => {
  h = await startRecords('2026-10-15T03:00:00Z');
});
afterAll(async () => {
  await h.close();
});

const q = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => h.ctx.db.pool.query<T>(sql, params).then((r) => r.rows);
const outcome = (f: FilingAcceptedData) => outcomeOf(h.ctx.db.pool, f.filingId);
const forFiling = (f: FilingAcceptedData) => (e: { data: Record<string, unknown> }) =>
  (e.data.filing as { filingId?: string } | undefined)?.filingId === f.filingId || (e.data.relatedFiling as { filingId?: string } | undefined)?.filingId === f.filingId;
const rowCounts = async () =>
  (await q<{ d: number; e: number; p: number; x: number; k: number }>(
    `SELECT (SELECT count(*)::int FROM dependants) AS d, (SELECT count(*)::int FROM enrolments) AS e, (SELECT count(*)::int FROM persons) AS p,
            (SELECT count(*)::int FROM exemption_applications) AS x, (SELECT count(*)::int FROM kokumin_elections) AS k`,
  ))[0];

describe('被扶養者（異動）届 (2202700)', () => {
  const insured = { nameKana: 'ﾌﾖｳ ｲﾁﾛｳ', birthDate: '1980-03-03', insuredNumber: '501' };
  const spouse = { nameKana: 'ﾌﾖｳ ﾊﾅｺ', nameKanji: '扶養　花子', birthDate: '1985-05-05' };

  test('該当 creates the spouse and opens a 第3号 period, records the child; events and notices; once only; 非該当 closes it', async () => {
    const hire = accepted({ body: shutoku({ ...insured, acquisitionDate: '2026-04-01', pay: 300_000 }) });
    const add = accepted({
      body: hifuyosha({ insured, changeType: '1', spouse: { ...spouse, becameOn: '2026-05-01' }, others: [{ nameKana: 'ﾌﾖｳ ｼﾞﾛｳ', birthDate: '2015-02-02', becameOn: '2026-05-01' }] }),
      myNumbers: [protectMyNumber('/spouse/myNumber', '234567890123')],
    });
    await h.apply(hire, add);
    const insuredId = (await outcome(hire))?.person_id;
    const o = await outcome(add);
    expect(o).toMatchObject({ outcome: 'applied', identity: 'matched', person_id: insuredId });
    expect(o?.result.decisions.map((d) => d.code)).toEqual(['SPOUSE_CREATED', 'CATEGORY_3_OPENED', 'DEPENDANT_ADDED']);
    const deps = await q<{ relationship: string; person_id: string | null; enrolment_id: string | null; from_date: string; to_date: string | null }>(
      'SELECT relationship, person_id, enrolment_id, from_date, to_date FROM dependants WHERE insured_person_id = $1 ORDER BY relationship', [insuredId],
    );
    expect(deps.map((d) => [d.relationship, d.person_id === null, d.from_date, d.to_date])).toEqual([['01', true, '2026-05-01', null], ['S2', false, '2026-05-01', null]]);
    const spouseId = deps[1]?.person_id as string;
    const [person] = await q('SELECT name_kana, name_kanji, sex, my_number_hash, birth_date FROM persons WHERE person_id = $1', [spouseId]);
    expect(person).toEqual({ name_kana: 'ﾌﾖｳ ﾊﾅｺ', name_kanji: '扶養　花子', sex: '2', my_number_hash: add.myNumbers[0]?.hash, birth_date: '1985-05-05' });
    const enrolmentId = deps[1]?.enrolment_id as string;
    expect(await q('SELECT scheme, category, office_code, acquired_on, lost_on FROM enrolments WHERE person_id = $1', [spouseId])).toEqual([
      { scheme: 'kokumin', category: 3, office_code: null, acquired_on: '2026-05-01', lost_on: null },
    ]);
    const events = (await h.output('records.person')).filter(forFiling(add));
    expect(events.map((e) => [e.type, e.subject, e.data.category, e.data.change])).toEqual([['record.enrolment-changed', spouseId, 3, 'acquired']]);
    // employer and person notices are keyed apart (two partitions): compare in a fixed order
    const byRecipient = (a: { data: Record<string, unknown> }, b: { data: Record<string, unknown> }) => JSON.stringify(a.data.recipient).localeCompare(JSON.stringify(b.data.recipient));
    const notices = (await h.output('channel.notice-request')).filter(forFiling(add)).sort(byRecipient);
    expect(notices.map((n) => [n.data.noticeType, n.data.recipient, n.data.noticeId])).toEqual([
      ['category3-acquisition', { kind: 'employer', officeCode: OFFICE_CODE }, noticeIdOf(`category3:${enrolmentId}:acquired:employer`)],
      ['category3-acquisition', { kind: 'person', personId: spouseId }, noticeIdOf(`category3:${enrolmentId}:acquired:person`)],
    ]);
    expect(JSON.stringify(notices)).not.toContain('234567890123');

    // the same filing again under a new event id: reported again, applied once
    await h.publish([acceptedEnvelope(add)]);
    await waitFor(async () => (await h.output('records.person')).filter((e) => e.type === 'record.filing-applied' && e.data.filingId === add.filingId).length === 2, { what: 'second report' });
    expect(await q('SELECT count(*)::int AS n FROM dependants WHERE insured_person_id = $1', [insuredId])).toEqual([{ n: 2 }]);
    expect(await q('SELECT count(*)::int AS n FROM enrolments WHERE person_id = $1', [spouseId])).toEqual([{ n: 1 }]);

    const cease = accepted({ body: hifuyosha({ insured, changeType: '2', spouse: { ...spouse, ceasedOn: '2026-09-01', ceasedReason: '3' } }) });
    const ceaseChild = accepted({ body: hifuyosha({ insured, changeType: '2', others: [{ nameKana: 'ﾌﾖｳ ｼﾞﾛｳ', birthDate: '2015-02-02', ceasedOn: '2026-10-01' }] }) });
    await h.apply(cease, ceaseChild);
    expect((await outcome(cease))?.result.decisions.map((d) => d.code)).toEqual(['DEPENDANT_CEASED', 'CATEGORY_3_CLOSED']);
    expect(await outcome(ceaseChild)).toMatchObject({ outcome: 'applied' });
    expect(await q('SELECT lost_on, loss_cause FROM enrolments WHERE enrolment_id = $1', [enrolmentId])).toEqual([{ lost_on: '2026-09-01', loss_cause: '3' }]);
    expect(await q('SELECT relationship, to_date FROM dependants WHERE insured_person_id = $1 ORDER BY relationship', [insuredId])).toEqual([
      { relationship: '01', to_date: '2026-10-01' },
      { relationship: 'S2', to_date: '2026-09-01' },
    ]);
    const lossNotices = (await h.output('channel.notice-request')).filter(forFiling(cease)).sort(byRecipient);
    expect(lossNotices.map((n) => [n.data.noticeType, n.data.noticeId])).toEqual([
      ['category3-loss', noticeIdOf(`category3:${enrolmentId}:lost:employer`)],
      ['category3-loss', noticeIdOf(`category3:${enrolmentId}:lost:person`)],
    ]);
  });

  test('rejections name the rule and write nothing', async () => {
    const b = { nameKana: 'ﾘｼﾞｪｸﾄ ﾀﾛｳ', birthDate: '1975-01-01', insuredNumber: '601' };
    const wife = { nameKana: 'ﾘｼﾞｪｸﾄ ﾖｳｺ', birthDate: '1978-08-08', pensionNumber: '4440000001' };
    const c = { nameKana: 'ﾍﾞﾂ ｼｬｲﾝ', birthDate: '1970-02-02', insuredNumber: '9' };
    const worker = { nameKana: 'ﾘｼﾞｪｸﾄ ｹﾝ', birthDate: '1982-02-02', pensionNumber: '4440000002' };
    const setup = [
      accepted({ body: shutoku({ ...b, acquisitionDate: '2026-04-01', pay: 300_000 }) }),
      accepted({ body: shutoku({ ...c, acquisitionDate: '2026-04-01', pay: 300_000, office: OTHER_OFFICE }), officeCode: OTHER_OFFICE_CODE }),
      accepted({ body: shutoku({ ...worker, acquisitionDate: '2026-04-01', pay: 300_000, office: OTHER_OFFICE }), officeCode: OTHER_OFFICE_CODE }),
      accepted({ body: hifuyosha({ insured: b, changeType: '1', spouse: { ...wife, becameOn: '2026-05-01' } }) }),
    ];
    await h.apply(...setup);
    expect(await outcome(setup[3] as FilingAcceptedData)).toMatchObject({ outcome: 'applied' });
    const before = await rowCounts();
    const cases: [string, FilingAcceptedData][] = [
      ['NOT_INSURED', accepted({ body: hifuyosha({ insured: { ...b, insuredNumber: '602' }, changeType: '1', others: [{ nameKana: 'ﾘｼﾞｪｸﾄ ｺ', birthDate: '2020-01-01', becameOn: '2026-03-01' }] }) })],
      ['PERSON_UNKNOWN', accepted({ body: hifuyosha({ insured: { nameKana: 'ﾀﾞﾚ ﾓｲﾅｲ', birthDate: '1960-01-01' }, changeType: '1', spouse: { ...wife, becameOn: '2026-05-01' } }) })],
      ['ALREADY_DEPENDANT', accepted({ body: hifuyosha({ insured: b, changeType: '1', spouse: { ...wife, becameOn: '2026-06-01' } }) })],
      // another insured person at another office names the same spouse (by 基礎年金番号): she is 第3号 already
      ['ALREADY_CATEGORY_3', accepted({ body: hifuyosha({ insured: c, changeType: '1', spouse: { ...wife, becameOn: '2026-06-01', relationship: '2' }, office: OTHER_OFFICE }), officeCode: OTHER_OFFICE_CODE })],
      ['SPOUSE_INSURED_IN_KOSEI', accepted({ body: hifuyosha({ insured: c, changeType: '1', spouse: { ...worker, becameOn: '2026-06-01', relationship: '1' }, office: OTHER_OFFICE }), officeCode: OTHER_OFFICE_CODE })],
      ['NOT_DEPENDANT', accepted({ body: hifuyosha({ insured: c, changeType: '2', spouse: { ...wife, ceasedOn: '2026-09-01' }, office: OTHER_OFFICE }), officeCode: OTHER_OFFICE_CODE })],
      ['CEASED_BEFORE_START', accepted({ body: hifuyosha({ insured: b, changeType: '2', spouse: { ...wife, ceasedOn: '2026-05-01' } }) })],
      ['DATE_MISSING', accepted({ body: hifuyosha({ insured: c, changeType: '1', spouse: { nameKana: 'ﾍﾞﾂ ﾂﾏ', birthDate: '1972-02-02' }, office: OTHER_OFFICE }), officeCode: OTHER_OFFICE_CODE })],
      // the child is fine but the spouse entry fails: the whole row is rejected, the child not recorded
      ['ALREADY_DEPENDANT', accepted({ body: hifuyosha({ insured: b, changeType: '1', spouse: { ...wife, becameOn: '2026-07-01' }, others: [{ nameKana: 'ﾘｼﾞｪｸﾄ ｺ', birthDate: '2020-01-01', becameOn: '2026-07-01' }] }) })],
    ];
    await h.apply(...cases.map(([, f]) => f));
    for (const [code, f] of cases) expect([code, await outcome(f)]).toEqual([code, expect.objectContaining({ outcome: 'rejected', reason_code: code })]);
    expect(await rowCounts()).toEqual(before);
  });

  test('a spouse one letter off an existing person is held; staff decide a different person and the 第3号 period opens', async () => {
    const d = { nameKana: 'ﾎﾘｭｳ ｻﾌﾞﾛｳ', birthDate: '1979-09-09', insuredNumber: '701' };
    const existing = accepted({ body: shutoku({ nameKana: 'ﾎﾘｭｳ ﾐｽｺ', birthDate: '1990-10-10', kind: '2', acquisitionDate: '2020-04-01', pay: 200_000, office: OTHER_OFFICE }), officeCode: OTHER_OFFICE_CODE });
    const hire = accepted({ body: shutoku({ ...d, acquisitionDate: '2026-04-01', pay: 300_000 }) });
    const add = accepted({ body: hifuyosha({ insured: d, changeType: '1', spouse: { nameKana: 'ﾎﾘｭｳ ﾐｽｶ', birthDate: '1990-10-10', becameOn: '2026-06-01' } }) });
    await h.apply(existing); // another office, another partition: applied first
    await h.apply(hire, add);
    const candidate = (await outcome(existing))?.person_id;
    expect(await outcome(add)).toMatchObject({ outcome: 'held', reason_code: 'POSSIBLE_DUPLICATE' });
    expect(await q('SELECT candidates FROM held_filings WHERE filing_id = $1', [add.filingId])).toEqual([{ candidates: [candidate] }]);
    expect(await q('SELECT count(*)::int AS n FROM dependants WHERE filing_id = $1', [add.filingId])).toEqual([{ n: 0 }]);
    const staff = await h.ctx.auth.headers({ sub: 'staff-3', roles: ['staff'] });
    const reviews = (await h.app.inject({ method: 'GET', url: '/v1/staff/duplicate-reviews', headers: staff })).json().reviews;
    expect(reviews.find((r: { filingId: string }) => r.filingId === add.filingId)).toMatchObject({ formCode: '2202700', filed: { nameKana: 'ﾎﾘｭｳ ﾐｽｶ', birthDate: '1990-10-10' }, candidates: [{ personId: candidate }] });
    const res = await h.app.inject({ method: 'POST', url: `/v1/staff/duplicate-reviews/${add.filingId}`, headers: staff, payload: { decision: 'different-person' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'applied', personId: (await outcome(hire))?.person_id });
    const [row] = await q<{ person_id: string }>('SELECT person_id FROM dependants WHERE filing_id = $1', [add.filingId]);
    expect(row?.person_id).not.toBe(candidate);
    expect(await q('SELECT category, acquired_on FROM enrolments WHERE person_id = $1', [row?.person_id])).toEqual([{ category: 3, acquired_on: '2026-06-01' }]);
  });

  test('a decision that leaves the insured undecided rejects the filing (IDENTITY_STILL_UNDECIDED) rather than leaving it held behind a closed review', async () => {
    const twin = { nameKana: 'ﾌﾀｺﾞ ﾀﾛｳ', birthDate: '1982-02-02' };
    const staff = await h.ctx.auth.headers({ sub: 'staff-4', roles: ['staff'] });
    const first = accepted({ body: shutoku({ ...twin, insuredNumber: '801', pensionNumber: '5550000801', acquisitionDate: '2026-04-01', pay: 300_000 }) });
    const second = accepted({ body: shutoku({ ...twin, insuredNumber: '802', pensionNumber: '5550000802', acquisitionDate: '2026-04-01', pay: 300_000 }) });
    await h.apply(first);
    await h.apply(second); // another 基礎年金番号: another person
    expect((await outcome(second))?.person_id).not.toBe((await outcome(first))?.person_id);
    // two insured persons with the same name and birth date at the office: the insured of a form
    // naming neither 被保険者整理番号 nor 基礎年金番号 is held
    const add = accepted({ body: hifuyosha({ insured: twin, changeType: '1', spouse: { nameKana: 'ﾌﾀｺﾞ ﾊﾅｺ', birthDate: '1984-04-04', becameOn: '2026-06-01' } }) });
    await h.apply(add);
    expect(await outcome(add)).toMatchObject({ outcome: 'held' });
    // the review shows the person in question — the insured, not the spouse the form also names
    const listed = (await h.app.inject({ method: 'GET', url: '/v1/staff/duplicate-reviews', headers: staff })).json().reviews;
    expect(listed.find((r: { filingId: string }) => r.filingId === add.filingId)).toMatchObject({ filed: { nameKana: twin.nameKana, birthDate: twin.birthDate } });
    const before = await rowCounts();
    const res = await h.app.inject({ method: 'POST', url: `/v1/staff/duplicate-reviews/${add.filingId}`, headers: staff, payload: { decision: 'different-person' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'rejected', reason: { code: 'IDENTITY_STILL_UNDECIDED' } });
    expect(await outcome(add)).toMatchObject({ outcome: 'rejected', reason_code: 'IDENTITY_STILL_UNDECIDED' });
    expect(await rowCounts()).toEqual(before);
    const reviews = (await h.app.inject({ method: 'GET', url: '/v1/staff/duplicate-reviews', headers: staff })).json().reviews;
    expect(reviews.find((r: { filingId: string }) => r.filingId === add.filingId)).toBeUndefined();
  });
});

describe('国民年金 applications', () => {
  const portal = 'p_portal_0001';
  const taro = { nameKana: 'ｺｸﾐﾝ ﾀﾛｳ', nameKanji: '国民　太郎', birthDate: '1995-06-06', pensionNumber: '5550000001' };
  const applyAs = (personId: string, body: FilingAcceptedData['body']) => personFiling({ personId, body });

  test('第1号資格取得 creates the person under the portal id with a category-1 period and 付加保険料; rejections; once only', async () => {
    const f = applyAs(portal, kokunenShutoku({ ...taro, acquisitionDate: '2026-04-01', additionalPremium: true }));
    await h.apply(f);
    expect(await outcome(f)).toMatchObject({ outcome: 'applied', identity: 'created', person_id: portal });
    expect((await outcome(f))?.result.decisions.map((d) => d.code)).toEqual(['PERSON_CREATED', 'CATEGORY_1_OPENED', 'FUKA_APPLIED']);
    expect(await q('SELECT pension_number FROM persons WHERE person_id = $1', [portal])).toEqual([{ pension_number: '5550000001' }]);
    expect(await q('SELECT scheme, category, acquired_on, lost_on FROM enrolments WHERE person_id = $1', [portal])).toEqual([{ scheme: 'kokumin', category: 1, acquired_on: '2026-04-01', lost_on: null }]);
    expect(await q('SELECT kind, action, from_month FROM kokumin_elections WHERE person_id = $1', [portal])).toEqual([{ kind: 'fuka', action: 'apply', from_month: '2026-04' }]);
    const notices = (await h.output('channel.notice-request')).filter(forFiling(f));
    expect(notices.map((n) => [n.data.noticeType, n.data.recipient])).toEqual([['category1-acquisition', { kind: 'person', personId: portal }]]);
    const applied = (await h.output('records.person')).find((e) => e.type === 'record.filing-applied' && e.data.filingId === f.filingId);
    expect(applied?.subject).toBe(`person:${portal}`);

    await h.publish([acceptedEnvelope(f)]);
    await waitFor(async () => (await h.output('records.person')).filter((e) => e.type === 'record.filing-applied' && e.data.filingId === f.filingId).length === 2, { what: 'second report' });
    expect(await q('SELECT count(*)::int AS n FROM enrolments WHERE person_id = $1', [portal])).toEqual([{ n: 1 }]);

    const employee = { nameKana: 'ｶｲｼｬ ｲﾝ', birthDate: '1990-01-01', pensionNumber: '5550000002' };
    const hire = accepted({ body: shutoku({ ...employee, acquisitionDate: '2026-04-01', pay: 250_000 }) });
    await h.apply(hire);
    const [{ person_id: employeeId } = { person_id: '' }] = await q<{ person_id: string }>('SELECT person_id FROM persons WHERE pension_number = $1', ['5550000002']);
    const before = await rowCounts();
    const rejected: [string, FilingAcceptedData][] = [
      ['ALREADY_CATEGORY_1', applyAs(portal, kokunenShutoku({ ...taro, acquisitionDate: '2026-06-01' }))],
      ['INSURED_IN_KOSEI', applyAs(employeeId, kokunenShutoku({ ...employee, acquisitionDate: '2026-06-01' }))],
      ['OUTSIDE_AGE_20_60', applyAs('p_young', kokunenShutoku({ nameKana: 'ﾜｶｲ ﾋﾄ', birthDate: '2008-01-01', pensionNumber: '5550000003', acquisitionDate: '2026-04-01' }))],
      // no 基礎年金番号 and no マイナンバー: not enough to create a person
      ['PERSON_UNKNOWN', applyAs('p_anon', kokunenShutoku({ nameKana: 'ﾅﾅｼ ﾉ', birthDate: '1990-01-01', acquisitionDate: '2026-04-01' }))],
      ['PERSON_UNKNOWN', applyAs('p_nobody', menjo({ nameKana: 'ﾀﾞﾚ ﾓｲﾅｲ', birthDate: '1990-01-01', pensionNumber: '5559999999', from: '2026-07', to: '2027-06' }))],
    ];
    await h.apply(...rejected.map(([, x]) => x));
    for (const [code, x] of rejected) expect([code, await outcome(x)]).toEqual([code, expect.objectContaining({ outcome: 'rejected', reason_code: code })]);
    expect(await rowCounts()).toEqual(before);
    // the portal id disagreeing with the filed 基礎年金番号 is a conflict: held, not applied
    const clash = applyAs(portal, menjo({ ...taro, pensionNumber: '5550000002', from: '2026-07', to: '2027-06' }));
    await h.apply(clash);
    expect(await outcome(clash)).toMatchObject({ outcome: 'held', reason_code: 'IDENTITY_CONFLICT' });
    // an account the record does not know, filing with someone else's identifiers: held, that
    // person's record untouched
    const stranger = applyAs('p_stranger', kokunenShutoku({ ...employee, acquisitionDate: '2026-06-01' }));
    await h.apply(stranger);
    expect(await outcome(stranger)).toMatchObject({ outcome: 'held', reason_code: 'IDENTITY_CONFLICT' });
    expect(await q('SELECT candidates FROM held_filings WHERE filing_id = $1', [stranger.filingId])).toEqual([{ candidates: [employeeId] }]);
    expect(await rowCounts()).toEqual(before);
  });

  test('第1号資格取得 of a 第3号 spouse changes the category; the employer\'s later 非該当 ends the dependant row only', async () => {
    const ins = { nameKana: 'ｼｭﾍﾞﾂ ﾀﾛｳ', birthDate: '1970-07-07', insuredNumber: '801' };
    const wife = { nameKana: 'ｼｭﾍﾞﾂ ﾊﾅｺ', birthDate: '1972-07-07', pensionNumber: '5550000010' };
    const hire = accepted({ body: shutoku({ ...ins, acquisitionDate: '2026-04-01', pay: 300_000 }) });
    const add = accepted({ body: hifuyosha({ insured: ins, changeType: '1', spouse: { ...wife, becameOn: '2026-04-01' } }) });
    await h.apply(hire, add);
    expect(await outcome(add)).toMatchObject({ outcome: 'applied' });
    const [{ person_id: wifeId } = { person_id: '' }] = await q<{ person_id: string }>('SELECT person_id FROM persons WHERE pension_number = $1', ['5550000010']);
    const change = applyAs(wifeId, kokunenShutoku({ ...wife, nameKanji: '種別　花子', acquisitionDate: '2026-08-01', reason: 'other' }));
    await h.apply(change);
    expect((await outcome(change))?.result.decisions.map((d) => d.code)).toEqual(['CATEGORY_1_OPENED', 'CATEGORY_3_CLOSED']);
    expect(await q('SELECT category, acquired_on, lost_on, loss_cause FROM enrolments WHERE person_id = $1 ORDER BY acquired_on', [wifeId])).toEqual([
      { category: 3, acquired_on: '2026-04-01', lost_on: '2026-08-01', loss_cause: 'to-cat1' },
      { category: 1, acquired_on: '2026-08-01', lost_on: null, loss_cause: null },
    ]);
    const cease = accepted({ body: hifuyosha({ insured: ins, changeType: '2', spouse: { ...wife, ceasedOn: '2026-08-01', ceasedReason: '3' } }) });
    await h.apply(cease);
    expect((await outcome(cease))?.result.decisions.map((d) => d.code)).toEqual(['DEPENDANT_CEASED']);
    expect((await h.output('channel.notice-request')).filter(forFiling(cease))).toEqual([]);
  });

  test('a 資格取得 of a 第1号 person changes the category to 第2号: the category-1 period ends on the 取得日', async () => {
    const k = { nameKana: 'ｼｭｳｼｮｸ ｼﾛｳ', birthDate: '1998-08-08', pensionNumber: '5550000040' };
    const open = applyAs('p_portal_job', kokunenShutoku({ ...k, acquisitionDate: '2026-04-01' }));
    await h.apply(open);
    const hire = accepted({ body: shutoku({ ...k, acquisitionDate: '2026-09-01', pay: 220_000 }) });
    await h.apply(hire);
    expect((await outcome(hire))?.result.decisions.map((d) => d.code)).toEqual(['ENROLMENT_OPENED', 'STANDARD_DECIDED', 'CATEGORY_1_CLOSED']);
    expect(await q('SELECT scheme, category, acquired_on, lost_on, loss_cause FROM enrolments WHERE person_id = $1 ORDER BY acquired_on', ['p_portal_job'])).toEqual([
      { scheme: 'kokumin', category: 1, acquired_on: '2026-04-01', lost_on: '2026-09-01', loss_cause: 'to-cat2' },
      { scheme: 'kosei', category: 2, acquired_on: '2026-09-01', lost_on: null, loss_cause: null },
    ]);
    const changed = (await h.output('records.person')).filter((e) => e.type === 'record.enrolment-changed' && forFiling(hire)(e));
    expect(changed.map((e) => [e.data.scheme, e.data.change])).toEqual([['kokumin', 'lost'], ['kosei', 'acquired']]);
    // a 第1号 period starting on the very 取得日 cannot be closed on it: the 資格取得 is rejected for staff
    const k2 = { nameKana: 'ｵﾅｼﾞﾋ ｺﾞﾛｳ', birthDate: '1997-07-07', pensionNumber: '5550000041' };
    await h.apply(applyAs('p_portal_sameday', kokunenShutoku({ ...k2, acquisitionDate: '2026-05-01' })));
    const sameDay = accepted({ body: shutoku({ ...k2, acquisitionDate: '2026-05-01', pay: 220_000 }) });
    await h.apply(sameDay);
    expect(await outcome(sameDay)).toMatchObject({ outcome: 'rejected', reason_code: 'CATEGORY_1_FROM_SAME_DATE' });
  });

  test('免除・学生納付特例 pending until staff decide; the decision API; the record view and estimate count approved months only', async () => {
    const x = { nameKana: 'ﾒﾝｼﾞｮ ｼﾞﾛｳ', nameKanji: '免除　次郎', birthDate: '1996-01-10', pensionNumber: '5550000020' };
    const me = 'p_portal_menjo';
    const open = applyAs(me, kokunenShutoku({ ...x, acquisitionDate: '2026-04-01' }));
    const full = applyAs(me, menjo({ ...x, from: '2026-07', to: '2027-06', kind: 'full' }));
    const overlapping = applyAs(me, gakusei({ ...x, from: '2026-04', to: '2027-03' }));
    const spans = applyAs(me, menjo({ ...x, from: '2026-05', to: '2026-08', kind: 'half' }));
    const young = applyAs(me, menjo({ ...x, from: '2015-07', to: '2016-06' }));
    const student = applyAs(me, gakusei({ ...x, from: '2026-04', to: '2026-06' }));
    await h.apply(open, full, overlapping, spans, young, student);
    expect((await outcome(full))?.result.decisions.map((d) => d.code)).toEqual(['EXEMPTION_PENDING']);
    expect(await outcome(overlapping)).toMatchObject({ outcome: 'rejected', reason_code: 'ALREADY_APPLIED' });
    expect(await outcome(spans)).toMatchObject({ outcome: 'rejected', reason_code: 'PERIOD_SPANS_YEARS' });
    expect(await outcome(young)).toMatchObject({ outcome: 'rejected', reason_code: 'OUTSIDE_AGE_20_60' });
    expect(await outcome(student)).toMatchObject({ outcome: 'applied' });
    // an employee's months are 第2号: no exemption
    const emp = { nameKana: 'ｺｳﾈﾝ ｶﾆｭｳ', birthDate: '1991-01-01', pensionNumber: '5550000021' };
    await h.apply(accepted({ body: shutoku({ ...emp, acquisitionDate: '2026-04-01', pay: 250_000 }) }));
    const [{ person_id: empId } = { person_id: '' }] = await q<{ person_id: string }>('SELECT person_id FROM persons WHERE pension_number = $1', ['5550000021']);
    const kosei = applyAs(empId, menjo({ ...emp, from: '2026-07', to: '2027-06' }));
    await h.apply(kosei);
    expect(await outcome(kosei)).toMatchObject({ outcome: 'rejected', reason_code: 'NOT_CATEGORY_1' });

    const person = { sub: 'jiro', roles: ['person' as const], person: me };
    const pending = (await h.app.inject({ method: 'GET', url: '/v1/me/record', headers: await h.ctx.auth.headers(person) })).json();
    expect(pending.exemptions.map((e: { status: string }) => e.status)).toEqual(['pending', 'pending']);
    expect(pending.months.filter((m: { premium: string }) => m.premium === 'exempt')).toEqual([]);
    expect(pending.eligibility.months).toBe(0);

    const staff = await h.ctx.auth.headers({ sub: 'staff-9', roles: ['staff'] });
    const list = await h.app.inject({ method: 'GET', url: '/v1/staff/exemption-applications', headers: staff });
    expect(list.statusCode).toBe(200);
    const mine = list.json().applications.filter((a: { personId: string }) => a.personId === me);
    expect(mine.map((a: { kind: string; periodFrom: string; status: string }) => [a.kind, a.periodFrom, a.status])).toEqual([['full', '2026-07', 'pending'], ['student', '2026-04', 'pending']]);
    expect(mine[0].person).toEqual({ nameKana: 'ﾒﾝｼﾞｮ ｼﾞﾛｳ', birthDate: '1996-01-10', pensionNumber: '******0020' });
    expect(await q(`SELECT count(*)::int AS n FROM audit_log WHERE person_id = $1 AND action = 'exemption-review.list' AND actor_sub = 'staff-9'`, [me])).toEqual([{ n: 1 }]);

    const [fullId, studentId] = [mine[0].applicationId as string, mine[1].applicationId as string];
    const approve = await h.app.inject({ method: 'POST', url: `/v1/staff/exemption-applications/${fullId}/decision`, headers: staff, payload: { decision: 'approved' } });
    expect(approve.statusCode).toBe(200);
    expect(approve.json()).toMatchObject({ applicationId: fullId, status: 'approved', decidedBy: 'staff-9', decidedAt: '2026-10-15T03:00:00.000Z' });
    const reject = await h.app.inject({ method: 'POST', url: `/v1/staff/exemption-applications/${studentId}/decision`, headers: staff, payload: { decision: 'rejected', reason: '在学の確認ができません' } });
    expect(reject.json()).toMatchObject({ status: 'rejected', decisionReason: '在学の確認ができません' });
    const again = await h.app.inject({ method: 'POST', url: `/v1/staff/exemption-applications/${fullId}/decision`, headers: staff, payload: { decision: 'rejected' } });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().code).toBe('APPLICATION_DECIDED');
    const unknown = await h.app.inject({ method: 'POST', url: '/v1/staff/exemption-applications/a_nothing/decision', headers: staff, payload: { decision: 'approved' } });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'APPLICATION_NOT_FOUND']);
    expect(await q('SELECT status, decided_by, decision_reason FROM exemption_applications WHERE person_id = $1 ORDER BY period_from', [me])).toEqual([
      { status: 'rejected', decided_by: 'staff-9', decision_reason: '在学の確認ができません' },
      { status: 'approved', decided_by: 'staff-9', decision_reason: null },
    ]);
    expect(await q(`SELECT count(*)::int AS n FROM audit_log WHERE person_id = $1 AND action = 'exemption.decide'`, [me])).toEqual([{ n: 2 }]);
    const decided = (await h.output('records.person')).filter((e) => e.type === 'record.exemption-decided' && e.data.personId === me);
    expect(decided.map((e) => [e.data.applicationId, e.data.decision, e.subject])).toEqual([[fullId, 'approved', me], [studentId, 'rejected', me]]);
    const notices = (await h.output('channel.notice-request')).filter((n) => (n.data.recipient as { personId?: string }).personId === me && String(n.data.noticeType).startsWith('exemption'));
    expect(notices.map((n) => [n.data.noticeType, n.data.noticeId])).toEqual([
      ['exemption-approval', noticeIdOf(`exemption:${fullId}:decision:person`)],
      ['exemption-rejection', noticeIdOf(`exemption:${studentId}:decision:person`)],
    ]);
    expect((await h.app.inject({ method: 'GET', url: '/v1/staff/exemption-applications?status=approved', headers: staff })).json().applications.map((a: { applicationId: string }) => a.applicationId)).toContain(fullId);

    // the record: 2026-04 … 2026-10 are 第1号; July–October approved 全額免除, April–June (学生 rejected) unrecorded
    const record = (await h.app.inject({ method: 'GET', url: '/v1/me/record', headers: await h.ctx.auth.headers(person) })).json();
    expect(record.months.map((m: { month: string; category: number; premium: string; exemption?: string }) => [m.month, m.category, m.premium, m.exemption ?? null])).toEqual([
      ['2026-04', 1, 'unrecorded', null], ['2026-05', 1, 'unrecorded', null], ['2026-06', 1, 'unrecorded', null],
      ['2026-07', 1, 'exempt', 'full'], ['2026-08', 1, 'exempt', 'full'], ['2026-09', 1, 'exempt', 'full'], ['2026-10', 1, 'exempt', 'full'],
    ]);
    expect(record.eligibility.months).toBe(4);
    const estimate = (await h.app.inject({ method: 'GET', url: '/v1/me/estimate', headers: await h.ctx.auth.headers(person) })).json();
    expect(estimate.inputs).toMatchObject({ paidMonths: 0, exemptMonths: { fromApril2009: { full: 4 } } });
    expect(estimate.basic).toMatchObject({ creditedMonths: 2, qualifyingMonths: 4, eligible: false });
  });

  test('付加保険料 and 口座振替: 申出, 変更, 辞退, and their rejections', async () => {
    const y = { nameKana: 'ﾌｶ ｻﾌﾞﾛｳ', birthDate: '1993-03-03', pensionNumber: '5550000030' };
    const me = 'p_portal_fuka';
    await h.apply(applyAs(me, kokunenShutoku({ ...y, acquisitionDate: '2026-04-01' })));
    const steps: [string, FilingAcceptedData][] = [
      ['NOT_CATEGORY_1', applyAs(me, fuka({ ...y, action: 'apply', fromMonth: '2026-03' }))],
      ['FUKA_APPLIED', applyAs(me, fuka({ ...y, action: 'apply', fromMonth: '2026-05' }))],
      ['ALREADY_ELECTED', applyAs(me, fuka({ ...y, action: 'apply', fromMonth: '2026-06' }))],
      ['BEFORE_ELECTION', applyAs(me, fuka({ ...y, action: 'withdraw', fromMonth: '2026-04' }))],
      ['FUKA_WITHDRAWN', applyAs(me, fuka({ ...y, action: 'withdraw', fromMonth: '2026-09' }))],
      // a 申出 starting before the latest 辞退 would never be in force
      ['BEFORE_LATEST_ELECTION', applyAs(me, fuka({ ...y, action: 'apply', fromMonth: '2026-08' }))],
      ['NOT_ELECTED', applyAs(me, fuka({ ...y, action: 'withdraw', fromMonth: '2026-10' }))],
      ['ACCOUNT_MISSING', applyAs(me, koza({ ...y, action: 'apply', fromMonth: '2026-05', withAccount: false }))],
      ['KOZA_APPLIED', applyAs(me, koza({ ...y, action: 'apply', fromMonth: '2026-05' }))],
      ['KOZA_CHANGED', applyAs(me, koza({ ...y, action: 'apply', fromMonth: '2026-07' }))],
      ['KOZA_WITHDRAWN', applyAs(me, koza({ ...y, action: 'cancel', fromMonth: '2026-10' }))],
      ['NOT_ELECTED', applyAs(me, koza({ ...y, action: 'cancel', fromMonth: '2026-11' }))],
      ['EXEMPTION_PENDING', applyAs(me, menjo({ ...y, from: '2026-10', to: '2027-06' }))],
      ['EXEMPT_MONTH', applyAs(me, fuka({ ...y, action: 'apply', fromMonth: '2026-10' }))],
    ];
    await h.apply(...steps.map(([, f]) => f));
    for (const [code, f] of steps) {
      const o = await outcome(f);
      expect([code, o?.outcome === 'applied' ? o.result.decisions[0]?.code : o?.reason_code]).toEqual([code, code]);
    }
    expect(await q('SELECT kind, action, from_month, debit_cycle, account IS NOT NULL AS has_account FROM kokumin_elections WHERE person_id = $1 ORDER BY kind, from_month', [me])).toEqual([
      { kind: 'fuka', action: 'apply', from_month: '2026-05', debit_cycle: null, has_account: false },
      { kind: 'fuka', action: 'withdraw', from_month: '2026-09', debit_cycle: null, has_account: false },
      { kind: 'koza', action: 'apply', from_month: '2026-05', debit_cycle: 'monthly', has_account: true },
      { kind: 'koza', action: 'apply', from_month: '2026-07', debit_cycle: 'monthly', has_account: true },
      { kind: 'koza', action: 'withdraw', from_month: '2026-10', debit_cycle: null, has_account: false },
    ]);
  });
});
