/**
 * `npm run bench:records [-- --filings 1000000 --seconds 10] [--reads-only]`
 * (1) 算定基礎届 applied per second by the records consumer from a pre-filled intake.filing topic
 *     (identity match, 定時決定, record writes, outcome + domain event + 2 notice requests per filing),
 *     beside a raw bulk insert of the same decisions (computed in memory, COPY-free unnest INSERTs)
 *     into an identical database, in the same run; prints both and the ratio.
 * (2) GET /v1/persons/{id}/record req/s and p99 (autocannon) beside a bare fastify endpoint returning
 *     the same JSON; prints both, the ratio and the CPU per request (this process, Postgres).
 *     `--reads-only` skips (1).
 * Timings are printed, never asserted.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import fastify from 'fastify';
import { uuidv7 } from 'uuidv7';
import { EventHeaders } from '@nenkin/contracts/envelope';
import { createBus } from '@nenkin/platform/bus';
import { systemClock } from '@nenkin/platform/clock';
import type { Pool } from '@nenkin/platform/db';
import { createTestDatabase } from '@nenkin/testing/databases';
import { brokers, createTopics, deleteTopics, testKafka, testLogger, uniquePrefix } from '@nenkin/testing/events';
import { bringDownInfra, bringUpInfra } from '@nenkin/testing/infra';
import { cpuSecondsOf } from '@nenkin/testing/processes';
import { createServiceTestContext } from '@nenkin/testing/service';
import { teijiKettei } from '@nenkin/rules/decisions';
import { kanaNameKey } from '@nenkin/rules/kana';
import { buildApp } from '@nenkin/records/app';
import { Config } from '@nenkin/records/config';
import { filingConsumer } from '@nenkin/records/consumers/filing-consumer';

const { values } = parseArgs({
  options: { filings: { type: 'string', default: '1000000' }, seconds: { type: 'string', default: '10' }, 'reads-only': { type: 'boolean', default: false } },
});
const N = Number(values.filings);
const SECONDS = Number(values.seconds);
const CHUNK = 10_000;
const KANA = 'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜ';
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

const personOf = (n: number) => {
  let name = '';
  for (let k = n + 44 * 44; k > 0; k = Math.floor(k / KANA.length)) name += KANA[k % KANA.length];
  const district = String(10 + (n % 60)).padStart(2, '0');
  return {
    id: `p_bench${n}`,
    enrolmentId: `e_bench${n}`,
    nameKana: `ﾍﾞﾝﾁ ${name}`,
    birthDate: `${1950 + (Math.floor(n / 336) % 50)}-${String(1 + (Math.floor(n / 28) % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`,
    office: { prefecture: '21', district, symbol: 'ﾍﾞﾝﾁ' },
    officeCode: `21-${district}-ﾍﾞﾝﾁ`,
    pay: 200_000 + (n % 40) * 10_000,
  };
};

/** N persons insured since 2024-04-01 with their acquisition standard, written in bulk. */
const prefill = async (pool: Pool): Promise<void> => {
  await pool.query(
    `INSERT INTO employers (office_code, office_number, first_filing, first_seen_on)
     SELECT '21-' || lpad((10 + g)::text, 2, '0') || '-ﾍﾞﾝﾁ', '1', gen_random_uuid(), '2024-04-01' FROM generate_series(0, 59) g`,
  );
  for (let i = 0; i < N; i += CHUNK) {
    const ps = Array.from({ length: Math.min(CHUNK, N - i) }, (_, j) => personOf(i + j));
    await pool.query(
      `INSERT INTO persons (person_id, pension_number, name_kana, kana_key, birth_date, created_by_filing, created_on)
       SELECT id, lpad((1000000000 + n)::text, 10, '0'), kana, key, birth::date, gen_random_uuid(), '2024-04-01'
         FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[]) AS t(id, n, kana, key, birth)`,
      [ps.map((p) => p.id), ps.map((_, j) => i + j), ps.map((p) => p.nameKana), ps.map((p) => kanaNameKey(p.nameKana)), ps.map((p) => p.birthDate)],
    );
    await pool.query(
      `INSERT INTO enrolments (enrolment_id, person_id, scheme, category, office_code, acquired_on, acquired_filing)
       SELECT e, p, 'kosei', 2, o, '2024-04-01', gen_random_uuid() FROM unnest($1::text[], $2::text[], $3::text[]) AS t(e, p, o)`,
      [ps.map((p) => p.enrolmentId), ps.map((p) => p.id), ps.map((p) => p.officeCode)],
    );
    await pool.query(
      `INSERT INTO standard_remunerations (enrolment_id, effective_from, person_id, kind, grade, standard, filing_id)
       SELECT e, '2024-04-01', p, 'acquisition', 19, 300000, gen_random_uuid() FROM unnest($1::text[], $2::text[]) AS t(e, p)`,
      [ps.map((p) => p.enrolmentId), ps.map((p) => p.id)],
    );
  }
  await pool.query('ANALYZE');
};

const santeiBody = (p: ReturnType<typeof personOf>) => ({
  formCode: '2225700',
  office: p.office,
  nameKana: p.nameKana,
  birthDate: p.birthDate,
  applicableMonth: '2026-09',
  previousRevisionMonth: '2025-09',
  months: [0, 1, 2].map(() => ({ days: 30, cash: p.pay, inKind: 0, total: p.pay })),
  totalSum: p.pay * 3,
  average: p.pay,
});

const applyThroughConsumer = async (): Promise<number> => {
  const db = await createTestDatabase({ service: 'records' });
  const prefix = uniquePrefix();
  await createTopics(prefix);
  await prefill(db.pool);
  const producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  // 1,000 messages per request: a request's per-partition batch must stay under message.max.bytes.
  for (let i = 0; i < N; i += 1_000) {
    const messages = Array.from({ length: Math.min(1_000, N - i) }, (_, j) => {
      const p = personOf(i + j);
      const envelope = {
        id: uuidv7(),
        type: 'filing.accepted',
        version: 1,
        source: 'filing-intake',
        subject: p.officeCode,
        occurredAt: '2026-07-05T01:00:00.000Z',
        correlationId: 'bench',
        data: {
          filingId: randomUUID(),
          arrivalNumber: String(100_000_000_000_000_000n + BigInt(i + j)),
          formCode: '2225700',
          channel: 'vendor-file',
          officeCode: p.officeCode,
          submittedBy: { sub: 'bench', role: 'employer' },
          body: santeiBody(p),
          myNumbers: [],
          receivedOn: '2026-07-05',
        },
      };
      return { key: p.officeCode, value: JSON.stringify(envelope), headers: { [EventHeaders.TYPE]: 'filing.accepted', [EventHeaders.VERSION]: '1' } };
    });
    await producer.send({ topic: `${prefix}intake.filing`, acks: -1, messages });
  }
  await producer.disconnect();
  const bus = createBus({ service: 'records', brokers: brokers(), pool: db.pool, logger: testLogger('bench'), clock: systemClock, topicPrefix: prefix });
  bus.consume(filingConsumer({ outbox: bus.outbox, namePrefix: prefix }));
  const t0 = process.hrtime.bigint();
  await bus.start();
  for (;;) {
    const n = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM filing_outcomes')).rows[0]?.n ?? 0;
    if (n >= N) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const s = seconds(t0);
  await bus.stop();
  await db.drop();
  await deleteTopics(prefix); // a run's topics must not pile up on the broker
  return N / s;
};

const rawBulkInsert = async (): Promise<number> => {
  const db = await createTestDatabase({ service: 'records' });
  await prefill(db.pool);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i += CHUNK) {
    const ps = Array.from({ length: Math.min(CHUNK, N - i) }, (_, j) => personOf(i + j));
    const decided = ps.map((p) => {
      const r = teijiKettei({ year: 2026, months: (['04', '05', '06'] as const).map((month) => ({ month, baseDays: 30, cash: p.pay, inKind: 0 })) });
      return r.kind === 'decided' ? r : undefined;
    });
    await db.pool.query(
      `INSERT INTO standard_remunerations (enrolment_id, effective_from, person_id, kind, grade, standard, kenpo_grade, kenpo_standard, monthly_pay, filing_id)
       SELECT e, '2026-09-01', p, 'teiji', g, s, kg, ks, m, gen_random_uuid()
         FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[]) AS t(e, p, g, s, kg, ks, m)`,
      [ps.map((p) => p.enrolmentId), ps.map((p) => p.id), decided.map((d) => d?.grade ?? 0), decided.map((d) => d?.standard ?? 0), decided.map((d) => d?.kenpo.grade ?? 0), decided.map((d) => d?.kenpo.standard ?? 0), decided.map((d) => d?.basis ?? 0)],
    );
  }
  const s = seconds(t0);
  await db.drop();
  return N / s;
};

type Cannon = autocannon.Result & { cpuUs: { process: number; postgres: number } };

/** autocannon against `url`, with the CPU this process (server + load generator) and Postgres spent per request. */
const cannon = async (url: string, headers: Record<string, string>): Promise<Cannon> => {
  const cpu0 = process.cpuUsage();
  const pg0 = cpuSecondsOf('postgres');
  const res = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon({ url, headers, connections: 20, duration: SECONDS }, (err, r) => (err ? reject(err) : resolve(r))),
  );
  const cpu = process.cpuUsage(cpu0);
  const n = Math.max(1, res.requests.total);
  return { ...res, cpuUs: { process: (cpu.user + cpu.system) / n, postgres: ((cpuSecondsOf('postgres') - pg0) * 1e6) / n } };
};

const readBench = async () => {
  const ctx = await createServiceTestContext({ service: 'records', configSchema: Config, env: { RATE_LIMIT_MAX: '1000000000' } });
  const app = await buildApp(ctx.deps);
  try {
    const p = personOf(0);
    await ctx.db.pool.query(`INSERT INTO employers VALUES ($1, '1', gen_random_uuid(), '2024-04-01')`, [p.officeCode]);
    await ctx.db.pool.query(
      `INSERT INTO persons (person_id, pension_number, name_kana, kana_key, birth_date, created_by_filing, created_on) VALUES ($1, '1000000001', $2, $3, $4, gen_random_uuid(), '2024-04-01')`,
      [p.id, p.nameKana, kanaNameKey(p.nameKana), p.birthDate],
    );
    await ctx.db.pool.query(`INSERT INTO enrolments (enrolment_id, person_id, scheme, category, office_code, acquired_on, acquired_filing) VALUES ($1, $2, 'kosei', 2, $3, '2024-04-01', gen_random_uuid())`, [p.enrolmentId, p.id, p.officeCode]);
    await ctx.db.pool.query(`INSERT INTO standard_remunerations (enrolment_id, effective_from, person_id, kind, grade, standard, filing_id) VALUES ($1, '2024-04-01', $2, 'acquisition', 19, 300000, gen_random_uuid()), ($1, '2025-09-01', $2, 'teiji', 20, 320000, gen_random_uuid())`, [p.enrolmentId, p.id]);
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const headers = await ctx.auth.headers({ sub: 'bench-staff', roles: ['staff'] });
    const url = `${address}/v1/persons/${p.id}/record`;
    const sample = await (await fetch(url, { headers })).json();
    const bare = fastify();
    bare.get('/record', async () => sample);
    const bareAddress = await bare.listen({ port: 0, host: '127.0.0.1' });
    const recordRes = await cannon(url, headers);
    const bareRes = await cannon(`${bareAddress}/record`, {});
    await bare.close();
    return { record: recordRes, bare: bareRes };
  } finally {
    await app.close();
    await ctx.close();
  }
};

const main = async () => {
  const infra = await bringUpInfra();
  process.env.KAFKA_BROKERS = infra.brokers.join(',');
  process.env.DATABASE_ADMIN_URL = infra.adminUrl;
  try {
    console.log(`bench:records — ${N} 算定基礎届 from a pre-filled topic (12 partitions, 60 employers)`);
    if (!values['reads-only']) {
      const raw = await rawBulkInsert();
      console.log(`  raw bulk insert of the same decisions: ${raw.toFixed(0)}/s`);
      const applied = await applyThroughConsumer();
      console.log(`  records consumer (identity, 定時決定, writes, outcome, events, notices): ${applied.toFixed(0)} filings/s`);
      console.log(`  ratio consumer / raw: ${(applied / raw).toFixed(3)}`);
    }
    const reads = await readBench();
    const r = reads.record;
    const b = reads.bare;
    console.log(`GET /v1/persons/{id}/record (audited): ${r.requests.average.toFixed(0)} req/s, p99 ${r.latency.p99} ms, errors ${r.errors + r.non2xx}`);
    console.log(`bare fastify endpoint, same JSON:     ${b.requests.average.toFixed(0)} req/s, p99 ${b.latency.p99} ms`);
    console.log(`  ratio record / bare: ${(r.requests.average / b.requests.average).toFixed(3)} (target ≥ 0.25), p99 ${r.latency.p99} ms (target ≤ 20 ms)`);
    const cpu = (c: Cannon) => `${c.cpuUs.process.toFixed(0)} µs in this process (server + autocannon), ${c.cpuUs.postgres.toFixed(0)} µs in Postgres`;
    console.log(`  CPU per request: record ${cpu(r)}; bare ${cpu(b)}`);
  } finally {
    await bringDownInfra(infra);
  }
};

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
