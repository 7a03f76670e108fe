/**
 * `npm run bench:intake-file [-- --rows 1000000] [--heap-mb 160] [--kafka-wait 300] [--relay false] [--cpu-prof DIR] [--service FILE]`
 * (`--service`: another checkout's server.ts, to compare two versions in one session)
 * Rows per second for a 算定基礎届 SHFD0006 file through filing-intake — HTTP upload (streamed) →
 * stored → parsed, validated, filed with one event per row in the outbox — and then until the events
 * are in Kafka, beside a raw `COPY` of the same data records into a 53-column table in the same run.
 * The service runs as its own process (services/filing-intake/src/server.ts); its peak RSS (VmHWM) is
 * read from /proc. Prints both rates, the ratio and that peak. Timings are printed, never asserted.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, statSync, unlinkSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { SanteiBody } from '@nenkin/contracts/forms';
import { readFileSync } from 'node:fs';
import { createPool } from '@nenkin/platform/db';
import { generateShfd0006Stream } from '@nenkin/rules/shfd0006';
import { prepareTemplate } from '@nenkin/testing/databases';
import { createTopics, deleteTopics, uniquePrefix } from '@nenkin/testing/events';
import { freePort, startChild } from '@nenkin/testing/processes';
import { serviceEnv } from '@nenkin/testing/service';
import { bringDownInfra, bringUpInfra, repoRoot } from '@nenkin/testing/infra';
import { withAdmin, withDatabase } from '@nenkin/testing/postgres';
import { createTestAuth } from '@nenkin/testing/tokens';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, 'kafka-wait': { type: 'string', default: '300' }, 'heap-mb': { type: 'string' }, relay: { type: 'string', default: 'true' }, 'cpu-prof': { type: 'string' }, service: { type: 'string' } },
});
const ROWS = Number(values.rows);
const KAFKA_WAIT_S = Number(values['kafka-wait']);
const OFFICE = { prefecture: '21', district: '01', symbol: 'ｹｲﾄ' } as const;
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stdout.write(`${s}\n`);

const santei = (i: number): SanteiBody => ({
  formCode: '2225700', office: { ...OFFICE }, insuredNumber: String((i % 999_999) + 1), nameKana: 'ﾆﾎﾝ ﾀﾛｳ', nameKanji: '日本　太郎', birthDate: '1980-04-01',
  applicableMonth: '2025-09', previousStandardHealth: 300_000, previousStandardPension: 300_000, previousRevisionMonth: '2024-09',
  months: [{ days: 31, cash: 300_000, inKind: 0, total: 300_000 }, { days: 30, cash: 310_000, inKind: 0, total: 310_000 }, { days: 31, cash: 320_000, inKind: 1_000, total: 321_000 }],
  totalSum: 931_000, average: 310_333,
});
const HEADER = {
  management: { kind: 'employer' as const, office: { ...OFFICE }, mediaSerial: 1, createdOn: '2025-07-01' },
  establishment: { office: { ...OFFICE }, officeNumber: '123', postalCode: '100-8916', address: '東京都千代田区霞が関１－２－２', name: '健保サービス株式会社', ownerName: '健保　良一', phone: '03-1234-5678' },
};

const main = async () => {
  const infra = await bringUpInfra();
  const admin = infra.adminUrl;
  const template = await prepareTemplate('filing-intake', join(repoRoot(), 'services', 'filing-intake', 'migrations'), admin);
  const dbName = `fi_bench_${randomBytes(4).toString('hex')}`;
  await withAdmin(admin, (c) => c.query(`CREATE DATABASE "${dbName}" TEMPLATE "${template}"`));
  const url = withDatabase(admin, dbName);
  const file = join(tmpdir(), `SHFD0006-${dbName}.CSV`);
  const pool = createPool(url, { max: 10 });
  const prefix = uniquePrefix();
  await createTopics(prefix);
  const auth = await createTestAuth();
  const port = await freePort();
  const service = await startChild(values.service ?? join(repoRoot(), 'services', 'filing-intake', 'src', 'server.ts'), {
    ...serviceEnv({ databaseUrl: url, topicPrefix: prefix, auth, brokers: infra.brokers }),
    PORT: String(port), LOG_LEVEL: 'warn',
    BATCH_MAX_ROWS: String(Math.max(ROWS, 1)),
    RELAY_ENABLED: values.relay === 'false' ? 'false' : 'true',
    // The V8 old-space cap of the service (an ops setting); unset = Node's default.
    ...(values['heap-mb'] === undefined ? {} : { NODE_OPTIONS: `--max-old-space-size=${values['heap-mb']}` }),
    // --cpu-prof DIR: a V8 CPU profile of the service (scripts/bench/cpu-profile.mjs), written at the end.
    ...(values['cpu-prof'] === undefined
      ? {}
      : { NODE_OPTIONS: `${values['heap-mb'] === undefined ? '' : `--max-old-space-size=${values['heap-mb']} `}--import ${join(repoRoot(), 'scripts', 'bench', 'cpu-profile.mjs')}`, CPU_PROF_DIR: values['cpu-prof'] }),
  });
  /** Peak resident set of the service process, MB (Linux /proc VmHWM). */
  const servicePeakMb = (): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${service.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  try {
    log(`generating ${ROWS} rows…`);
    await pipeline(generateShfd0006Stream(HEADER, (function* () { for (let i = 0; i < ROWS; i++) yield santei(i); })()), createWriteStream(file));
    const bytes = statSync(file).size;
    log(`file: ${(bytes / 1e6).toFixed(1)} MB`);

    // Baseline: COPY the same data records (53 text columns) into Postgres.
    const cols = Array.from({ length: 53 }, (_, i) => `c${i + 1} text`).join(', ');
    await pool.query(`CREATE UNLOGGED TABLE IF NOT EXISTS bench_copy (${cols})`);
    await pool.query('CREATE TABLE bench_copy_logged (LIKE bench_copy)');
    const client = await pool.connect();
    let copySeconds = 0;
    try {
      let lineNo = 0;
      let carry = '';
      const onlyData = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          const text = carry + chunk.toString('latin1');
          const lines = text.split('\r\n');
          carry = lines.pop() ?? '';
          const out = lines.filter(() => ++lineNo > 5).map((l) => `${l}\n`).join('');
          cb(null, Buffer.from(out, 'latin1'));
        },
        flush(cb) {
          cb(null, carry && ++lineNo > 5 ? Buffer.from(`${carry}\n`, 'latin1') : undefined);
        },
      });
      const t0 = process.hrtime.bigint();
      await pipeline(createReadStream(file), onlyData, client.query(copyFrom(`COPY bench_copy_logged FROM STDIN WITH (FORMAT csv, ENCODING 'SJIS')`)));
      copySeconds = seconds(t0);
    } finally {
      client.release();
    }
    log(`COPY: ${ROWS} rows in ${copySeconds.toFixed(2)} s = ${(ROWS / copySeconds).toFixed(0)} rows/s`);

    log(`service peak RSS before the upload: ${servicePeakMb().toFixed(0)} MB`);
    /** CPU seconds (user + system) of the service so far (Linux /proc; clock ticks of 1/100 s). */
    const serviceCpu = (): number => {
      const fields = readFileSync(`/proc/${service.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    };
    const cpu0 = serviceCpu();
    const token = await auth.token({ sub: 'bench', roles: ['employer'], employers: ['21-01-ｹｲﾄ'] });
    const t0 = process.hrtime.bigint();
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/filing-batches', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': bytes } });
    const resP = once(req, 'response');
    await pipeline(createReadStream(file), req);
    const [res] = (await resP) as [import('node:http').IncomingMessage];
    let body = '';
    for await (const c of res) body += (c as Buffer).toString();
    const uploadSeconds = seconds(t0);
    if (res.statusCode !== 202) throw new Error(`upload answered ${res.statusCode}: ${body.slice(0, 300)}`);
    const { batchId } = JSON.parse(body) as { batchId: string };
    log(`upload answered 202 after ${uploadSeconds.toFixed(2)} s`);
    let last = -1;
    for (;;) {
      const r = (await pool.query<{ status: string; processed: number }>('SELECT status, processed FROM batches WHERE batch_id = $1', [batchId])).rows[0];
      if (r?.status === 'completed' || r?.status === 'failed') break;
      if (r && r.processed !== last && r.processed % 100_000 < 5_000) log(`  processed ${r.processed}`);
      last = r?.processed ?? last;
      await sleep(200);
    }
    const filedSeconds = seconds(t0);
    const counts = (await pool.query<{ total: number; accepted: number; rejected: number }>('SELECT total, accepted, rejected FROM batches WHERE batch_id = $1', [batchId])).rows[0];
    log(`filed: ${JSON.stringify(counts)} in ${filedSeconds.toFixed(2)} s = ${(ROWS / filedSeconds).toFixed(0)} rows/s (events committed to the outbox)`);
    log(`service CPU: ${(serviceCpu() - cpu0).toFixed(1)} s = ${(((serviceCpu() - cpu0) * 1e6) / ROWS).toFixed(0)} µs per row`);
    const deadline = Date.now() + KAFKA_WAIT_S * 1000;
    let backlog = 0;
    for (;;) {
      backlog = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM outbox')).rows[0]?.n);
      if (backlog === 0 || Date.now() > deadline || values.relay === 'false') break;
      await sleep(500);
    }
    const inKafkaSeconds = seconds(t0);
    if (backlog === 0) {
      log(`in Kafka: all ${ROWS} events after ${inKafkaSeconds.toFixed(2)} s = ${(ROWS / inKafkaSeconds).toFixed(0)} rows/s`);
      log(`ratio (intake end-to-end / COPY time): ${(inKafkaSeconds / copySeconds).toFixed(2)}× (target ≤ 10×)`);
    } else {
      log(
        values.relay === 'false'
          ? `in Kafka: not measured (relay disabled in the service; ${backlog} events in the outbox)`
          : `in Kafka: ${backlog} events still in the outbox after ${KAFKA_WAIT_S} s — the relay is stuck (see docs/filing-intake.md, known platform issues)`,
      );
      log(`ratio (intake to outbox / COPY time): ${(filedSeconds / copySeconds).toFixed(2)}× (target ≤ 10× to Kafka: not measurable)`);
    }
    log(`service peak RSS: ${servicePeakMb().toFixed(0)} MB (target ≤ 250 MB)`);
  } finally {
    if (values['cpu-prof'] !== undefined) {
      const written = once(service.child, 'message');
      service.child.kill('SIGUSR2');
      await Promise.race([written, sleep(10_000)]);
    }
    await service.kill('SIGKILL');
    await pool.end();
    await withAdmin(admin, (c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
    try {
      unlinkSync(file);
    } catch {
      /* already gone */
    }
    await deleteTopics(prefix); // a run's topics must not pile up on the broker
    await bringDownInfra(infra);
  }
};

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
