/**
 * `npm run bench:intake-api [-- --duration 10 --connections 20 --relay true|false] [--cpu-prof DIR] [--service FILE]`
 * (`--service`: another checkout's server.ts, to compare two versions in one session)
 * Requests per second and p99 latency of `POST /v1/filings` (a valid 算定基礎届: auth, schema,
 * validateFiling, 到達番号, idempotency key, filing + outbox event in one transaction) under
 * autocannon, beside a bare fastify endpoint doing a single INSERT of the same JSON, in the same run
 * on the same database server. Both servers run as their own processes. Timings are printed, never
 * asserted.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { createPool } from '@nenkin/platform/db';
import { prepareTemplate } from '@nenkin/testing/databases';
import { createTopics, deleteTopics, uniquePrefix } from '@nenkin/testing/events';
import { bringDownInfra, bringUpInfra, repoRoot } from '@nenkin/testing/infra';
import { withAdmin, withDatabase } from '@nenkin/testing/postgres';
import { freePort, startChild } from '@nenkin/testing/processes';
import { serviceEnv } from '@nenkin/testing/service';
import { createTestAuth } from '@nenkin/testing/tokens';

const OFFICE = '21-01-ｹｲﾄ';
const data = {
  office: { prefecture: '21', district: '01', symbol: 'ｹｲﾄ' }, insuredNumber: '123', nameKana: 'ﾆﾎﾝ ﾀﾛｳ', nameKanji: '日本　太郎', birthDate: '1980-04-01',
  applicableMonth: '2025-09', previousStandardHealth: 300_000, previousStandardPension: 300_000, previousRevisionMonth: '2024-09',
  months: [{ days: 31, cash: 300_000, inKind: 0, total: 300_000 }, { days: 30, cash: 310_000, inKind: 0, total: 310_000 }, { days: 31, cash: 320_000, inKind: 1_000, total: 321_000 }],
  totalSum: 931_000, average: 310_333,
};
const BODY = JSON.stringify({ formCode: '2225700', officeCode: OFFICE, data });
const log = (s: string) => process.stdout.write(`${s}\n`);
/** CPU seconds (user + system) a process has used so far (Linux /proc; clock ticks of 1/100 s). */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/** The baseline: fastify, JSON body, one INSERT. Runs as a child process of the bench. */
const bareServer = async () => {
  const pool = createPool(process.env.DATABASE_URL ?? '', { max: 10 });
  await pool.query('CREATE TABLE IF NOT EXISTS bare_filings (id uuid PRIMARY KEY, body jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now())');
  const app = Fastify({ logger: false });
  app.post('/v1/filings', async (request, reply) => {
    const id = randomUUID();
    await pool.query('INSERT INTO bare_filings (id, body) VALUES ($1, $2)', [id, JSON.stringify(request.body)]);
    return reply.status(201).send({ id });
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.send?.({ ready: true });
};

const main = async () => {
  const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '20' }, relay: { type: 'string', default: 'true' }, 'cpu-prof': { type: 'string' }, service: { type: 'string' } } });
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const infra = await bringUpInfra();
  const admin = infra.adminUrl;
  const template = await prepareTemplate('filing-intake', join(repoRoot(), 'services', 'filing-intake', 'migrations'), admin);
  const dbName = `fi_bench_api_${randomBytes(4).toString('hex')}`;
  await withAdmin(admin, (c) => c.query(`CREATE DATABASE "${dbName}" TEMPLATE "${template}"`));
  const url = withDatabase(admin, dbName);
  const prefix = uniquePrefix();
  await createTopics(prefix);
  const auth = await createTestAuth();
  const token = await auth.token({ sub: 'bench', roles: ['employer'], employers: [OFFICE], ttlSec: 3600 });
  const [pService, pBare] = [await freePort(), await freePort()];
  const service = await startChild(values.service ?? join(repoRoot(), 'services', 'filing-intake', 'src', 'server.ts'), {
    ...serviceEnv({ databaseUrl: url, topicPrefix: prefix, auth, brokers: infra.brokers }),
    PORT: String(pService), LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '100000000', RELAY_ENABLED: values.relay === 'false' ? 'false' : 'true',
    // --cpu-prof DIR: a V8 CPU profile of the service (scripts/bench/cpu-profile.mjs), written at the end.
    ...(values['cpu-prof'] === undefined ? {} : { NODE_OPTIONS: `--import ${join(repoRoot(), 'scripts', 'bench', 'cpu-profile.mjs')}`, CPU_PROF_DIR: values['cpu-prof'] }),
  });
  const bare = await startChild(__filename, { BENCH_ROLE: 'bare', PORT: String(pBare), DATABASE_URL: url });
  const run = (port: number, withKey: boolean) =>
    autocannon({
      url: `http://127.0.0.1:${port}/v1/filings`,
      method: 'POST',
      connections,
      duration,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: BODY,
      requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, ...(withKey ? { 'idempotency-key': randomUUID() } : {}) } }) }],
    });
  try {
    await run(pBare, false); // warm-up both
    await run(pService, true);
    const cb0 = cpuSeconds(bare.pid);
    const b = await run(pBare, false);
    const cb = cpuSeconds(bare.pid) - cb0;
    const cs0 = cpuSeconds(service.pid);
    const s = await run(pService, true);
    const cs = cpuSeconds(service.pid) - cs0;
    const line = (name: string, r: autocannon.Result) =>
      `${name.padEnd(26)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   2xx ${r['2xx']}   non-2xx ${r.non2xx}   errors ${r.errors}`;
    log(`autocannon: ${connections} connections, ${duration} s each; outbox relay ${values.relay === 'false' ? 'off' : 'on'} in the service`);
    log(line('bare fastify + INSERT', b));
    log(line('POST /v1/filings', s));
    log(`ratio (filings / bare): ${(s.requests.average / b.requests.average).toFixed(2)}× (target ≥ 0.6× at p99 ≤ 50 ms)`);
    // Server CPU per answered request: steadier than req/s on a shared machine.
    log(`server CPU per request: bare ${((cb * 1000) / Math.max(1, b.requests.total)).toFixed(3)} ms, service ${((cs * 1000) / Math.max(1, s.requests.total)).toFixed(3)} ms`);
    const pool = createPool(url, { max: 1 });
    const n = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM filings')).rows[0]?.n;
    await pool.end();
    log(`filings stored: ${n} (every 201 is one filing and one event in the outbox)`);
  } finally {
    if (values['cpu-prof'] !== undefined) {
      const written = once(service.child, 'message');
      service.child.kill('SIGUSR2');
      await Promise.race([written, new Promise((r) => setTimeout(r, 10_000))]);
    }
    await service.kill('SIGKILL');
    await bare.kill('SIGKILL');
    await withAdmin(admin, (c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
    await deleteTopics(prefix); // a run's topics must not pile up on the broker
    await bringDownInfra(infra);
  }
};

void (process.env.BENCH_ROLE === 'bare' ? bareServer() : main()).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
