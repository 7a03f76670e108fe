/**
 * Replay determinism: intake.filing replayed from offset 0 leaves the record byte-identical —
 * (1) into a fresh consumer group over the same database (the inbox skips everything; nothing is
 * written or emitted), and (2) into a fresh database (every id, 基礎年金番号 and decision is derived
 * from the filings, so the ordered dump of every table is the same), requesting no notice that the
 * first run did not (the same dedupe keys, the same notice ids).
 */
import { createBus, type Bus } from '@nenkin/platform/bus';
import { systemClock } from '@nenkin/platform/clock';
import { createMetrics, type Metrics } from '@nenkin/platform/metrics';
import { createTestDatabase } from '@nenkin/testing/databases';
import { brokers, readTopic, testLogger, waitFor } from '@nenkin/testing/events';
import { filingConsumer } from '../src/consumers/filing-consumer';
import { startRecords, type RecordsHarness } from './helpers/context';
import {
  accepted, acceptedEnvelope, countOutcomes, dumpRecord, fuka, geppen, hifuyosha, koza, kokunenShutoku, menjo, personFiling, protectMyNumber, santei, shoyo, shutoku,
  soshitsu, withdrawnEnvelope, type Envelope,
} from './helpers/filings';

const OFFICES = [
  { office: { prefecture: '21', district: '01', symbol: 'ｹｲﾄ' }, code: '21-01-ｹｲﾄ' },
  { office: { prefecture: '41', district: '02', symbol: 'ABC' }, code: '41-02-ABC' },
  { office: { prefecture: '51', district: '03', symbol: 'Z9' }, code: '51-03-Z9' },
];
const KANA = ['ｱｲｳ', 'ｶｷｸ', 'ｻｼｽ', 'ﾀﾁﾂ', 'ﾅﾆﾇ', 'ﾊﾋﾌ', 'ﾏﾐﾑ', 'ﾔﾕﾖ', 'ﾗﾘﾙ', 'ﾜｦﾝ'];
const months = (pay: number) => [{ days: 30, pay }, { days: 31, pay }, { days: 30, pay }] as [{ days: number; pay: number }, { days: number; pay: number }, { days: number; pay: number }];

/**
 * Every form, rejections, a possible duplicate, a withdrawal; each person's filings at one office;
 * 被扶養者 (spouses created as 第3号, children, a 非該当) and 国民年金 applications on person keys.
 */
const scenario = (): { envelopes: Envelope[]; filings: number } => {
  const envelopes: Envelope[] = [];
  let filings = 0;
  const add = (e: Envelope) => {
    envelopes.push(e);
    if (e.type === 'filing.accepted') filings++;
  };
  for (let i = 0; i < 30; i++) {
    const { office, code } = OFFICES[i % OFFICES.length] as (typeof OFFICES)[number];
    const p = { nameKana: `${KANA[i % 10]} ${KANA[(i * 7) % 10]}ﾀ${i}`.replace(/\d+/g, (d) => 'ﾞ'.repeat(0) + 'ｺ'.repeat(Number(d) % 3 + 1)), birthDate: `19${60 + i}-0${(i % 9) + 1}-1${i % 10}`, insuredNumber: String(100 + i) };
    const hire = accepted({ body: shutoku({ ...p, office, kind: i % 2 === 0 ? '1' : '2', acquisitionDate: '2025-04-01', pay: 180_000 + i * 10_000 }), officeCode: code, ...(i % 3 === 0 ? { myNumbers: [protectMyNumber('/myNumber', `1000000000${String(i).padStart(2, '0')}`)] } : {}) });
    add(acceptedEnvelope(hire));
    add(acceptedEnvelope(accepted({ body: santei({ ...p, office, year: 2026, months: months(200_000 + i * 15_000) }), officeCode: code })));
    if (i % 4 === 0) add(acceptedEnvelope(accepted({ body: geppen({ ...p, office, revisionMonth: '2026-10', kind: '1', months: months(700_000) }), officeCode: code })));
    if (i % 5 === 0) add(acceptedEnvelope(accepted({ body: shoyo({ ...p, office, paidOn: '2026-07-10', amount: 900_000 + i * 1000 }), officeCode: code })));
    if (i % 6 === 0) add(acceptedEnvelope(accepted({ body: soshitsu({ ...p, office, retiredOn: '2026-10-31' }), officeCode: code })));
    if (i % 7 === 0) add(acceptedEnvelope(accepted({ body: soshitsu({ ...p, office, lossDate: '2024-01-01' }), officeCode: code }))); // rejected
    if (i % 8 === 0) {
      const wd = accepted({ body: shoyo({ ...p, office, paidOn: i % 16 === 0 ? '2024-08-10' : '2026-08-10', amount: 100_000 }), officeCode: code }); // 0, 16: rejected then withdrawn; 8, 24: applied, withdrawal refused
      add(acceptedEnvelope(wd));
      add(withdrawnEnvelope(wd));
    }
    if (i % 5 === 1) {
      const spouse = { nameKana: `ﾂﾏ ${KANA[i % 10]}`, birthDate: `19${70 + i}-0${(i % 9) + 1}-2${i % 10}` };
      add(acceptedEnvelope(accepted({ body: hifuyosha({ insured: { ...p, sex: i % 2 === 0 ? '1' : '2' }, office, changeType: '1', spouse: { ...spouse, relationship: i % 2 === 0 ? '2' : '1', becameOn: '2025-06-01' }, others: [{ nameKana: `ｺﾄﾞﾓ ${KANA[i % 10]}`, birthDate: '2020-02-02', becameOn: '2025-06-01' }] }), officeCode: code })));
      if (i % 10 === 1) add(acceptedEnvelope(accepted({ body: hifuyosha({ insured: p, office, changeType: '2', spouse: { ...spouse, ceasedOn: '2026-06-01', ceasedReason: '3' } }), officeCode: code })));
      add(acceptedEnvelope(accepted({ body: hifuyosha({ insured: p, office, changeType: '2', spouse: { ...spouse, ceasedOn: '2025-01-01' } }), officeCode: code }))); // rejected
    }
    if (i === 9) {
      // a typo of person 9's name, same birth date, same office: held as a possible duplicate
      add(acceptedEnvelope(accepted({ body: shutoku({ ...p, nameKana: `${p.nameKana}ｲ`, office, acquisitionDate: '2026-05-01', pay: 200_000 }), officeCode: code })));
    }
  }
  for (let j = 0; j < 4; j++) {
    const a = { nameKana: `ｺｸﾐﾝ ${KANA[j]}`, birthDate: `198${j}-11-2${j}`, pensionNumber: `7770${j}00001` };
    const personId = `p_replay_${j}`;
    add(acceptedEnvelope(personFiling({ personId, body: kokunenShutoku({ ...a, acquisitionDate: '2025-04-01', additionalPremium: j === 0 }) })));
    add(acceptedEnvelope(personFiling({ personId, body: menjo({ ...a, from: '2025-07', to: '2026-06', kind: j % 2 === 0 ? 'full' : 'half' }) })));
    add(acceptedEnvelope(personFiling({ personId, body: menjo({ ...a, from: '2026-01', to: '2026-03' }) }))); // rejected: overlaps
    add(acceptedEnvelope(personFiling({ personId, body: koza({ ...a, action: 'apply', fromMonth: '2025-05' }) })));
    if (j === 1) add(acceptedEnvelope(personFiling({ personId, body: fuka({ ...a, action: 'apply', fromMonth: '2025-05' }) })));
  }
  return { envelopes, filings };
};

const consumed = async (metrics: Metrics, outcome: string) =>
  (await metrics.eventsConsumed.get()).values.filter((v) => v.labels.outcome === outcome).reduce((a, v) => a + v.value, 0);

let h: RecordsHarness;
beforeAll(async () => {
  h = await startRecords();
});
afterAll(async () => {
  await h.close();
});

test('replaying intake.filing from offset 0 leaves the record byte-identical, with the same notice ids', async () => {
  const { envelopes, filings } = scenario();
  await h.publish(envelopes);
  await waitFor(async () => (await countOutcomes(h.ctx.db.pool)) === filings, { what: `${filings} outcomes` });
  await waitFor(async () => (await h.ctx.db.pool.query(`SELECT 1 FROM filing_outcomes WHERE outcome = 'withdrawn'`)).rowCount === 2, { what: 'withdrawals' });
  const original = await dumpRecord(h.ctx.db.pool);
  expect(original).toContain('## persons (40)'); // 30 insured, 6 spouses, 4 国年; the possible duplicate created no one
  expect(original).toContain('## dependants (12)');
  expect(original).toContain('## exemption_applications (4)');
  expect(original).toContain('## kokumin_elections (6)');
  expect(original).toMatch(/## held_filings \(1\)/);
  const firstNotices = new Set((await h.output('channel.notice-request')).map((n) => n.data.noticeId as string));
  expect(firstNotices.size).toBeGreaterThan(60);

  const logger = testLogger('replay');
  const runReplay = async (pool: typeof h.ctx.db.pool, groupId: string, relay: boolean): Promise<{ bus: Bus; metrics: Metrics }> => {
    const metrics = createMetrics('records-replay');
    const bus = createBus({ service: 'records', brokers: brokers(), pool, logger, metrics, clock: systemClock, topicPrefix: h.ctx.topicPrefix, relay, groupIdFor: () => groupId });
    bus.consume(filingConsumer({ outbox: bus.outbox, namePrefix: h.ctx.topicPrefix }));
    await bus.start();
    return { bus, metrics };
  };

  // (1) a fresh consumer group over the same database: every event is a duplicate, nothing changes.
  const same = await runReplay(h.ctx.db.pool, `${h.ctx.topicPrefix}replay-same`, false);
  try {
    await waitFor(async () => (await consumed(same.metrics, 'duplicate')) === envelopes.length, { what: 'all skipped' });
    expect(await consumed(same.metrics, 'applied')).toBe(0);
    expect(await dumpRecord(h.ctx.db.pool)).toBe(original);
    expect((await h.ctx.db.pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0]).toEqual({ n: 0 });
  } finally {
    await same.bus.stop();
  }

  // (2) a fresh database and group: the record is rebuilt byte for byte.
  const fresh = await createTestDatabase({ service: 'records' });
  const rebuilt = await runReplay(fresh.pool, `${h.ctx.topicPrefix}replay-fresh`, true);
  try {
    await waitFor(async () => (await countOutcomes(fresh.pool)) === filings, { what: 'replayed outcomes' });
    await waitFor(async () => (await fresh.pool.query(`SELECT 1 FROM filing_outcomes WHERE outcome = 'withdrawn'`)).rowCount === 2, { what: 'replayed withdrawals' });
    const replayed = await dumpRecord(fresh.pool);
    expect(replayed).toBe(original);
    await rebuilt.bus.flush();
    const all = (await readTopic(`${h.ctx.topicPrefix}channel.notice-request`)).map((m) => (JSON.parse(m.value) as { data: { noticeId: string } }).data.noticeId);
    expect(all.length).toBe(firstNotices.size * 2); // requested again by the replay …
    expect(new Set(all)).toEqual(firstNotices); // … under the very same notice ids: never a second notice
  } finally {
    await rebuilt.bus.stop();
    await fresh.drop();
  }
});
