/**
 * kill -9 during a 100k-row vendor file: the real server process (src/server.ts) is SIGKILLed while
 * the batch worker is mid-file, then restarted. The batch resumes from its checkpoint and ends with
 * every row exactly once — 100,000 filings, one per line, accepted + rejected = processed = total —
 * and exactly one event (one envelope id) per row in Kafka, duplicates from the relay's re-publish
 * allowed, gaps not; and every row in exactly one `filings.status-changed` webhook delivery (they
 * are written in the slice transactions; the delivery worker is off, so they stay in the table).
 */
import { join } from 'node:path';
import { generateShfd0006Stream } from '@nenkin/rules/shfd0006';
import { createTopics, readTopic, uniquePrefix, waitFor } from '@nenkin/testing/events';
import { randomBytes } from 'node:crypto';
import { createPool, type Pool } from '@nenkin/platform/db';
import { prepareTemplate } from '@nenkin/testing/databases';
import { adminDatabaseUrl, withAdmin, withDatabase } from '@nenkin/testing/postgres';
import { createTestAuth } from '@nenkin/testing/tokens';
import { freePort, startChild, type ChildHandle } from '@nenkin/testing/processes';
import { serviceEnv } from '@nenkin/testing/service';
import { HEADER, OFFICE, santeiBody } from './helpers';

const ROWS = 100_000;
const BAD_EVERY = 7;

/**
 * Its own database, cloned from the migrated template like createTestDatabase's, but not named `t_…`:
 * this test runs for minutes, and every jest run's global setup drops all `t_…` databases as stale
 * (including those of a run still going in parallel).
 */
const crashDatabase = async (): Promise<{ url: string; pool: Pool; drop: () => Promise<void> }> => {
  const admin = adminDatabaseUrl();
  const template = await prepareTemplate('filing-intake', join(__dirname, '..', 'migrations'), admin);
  const name = `fi_crash_${randomBytes(5).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await withAdmin(admin, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
      break;
    } catch (err) {
      // 55006: the template is briefly in use by a concurrent clone (as createTestDatabase retries).
      if ((err as { code?: string }).code !== '55006' || attempt > 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = withDatabase(admin, name);
  const pool = createPool(url, { max: 4 });
  return {
    url,
    pool,
    drop: async () => {
      await pool.end();
      await withAdmin(admin, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
};

let db: Awaited<ReturnType<typeof crashDatabase>>;
let child: ChildHandle | undefined;
afterAll(async () => {
  await child?.kill('SIGKILL');
  await db?.drop();
});

test('SIGKILL mid-batch, restart: exact counts and exactly one event per row', async () => {
  db = await crashDatabase();
  const auth = await createTestAuth();
  const prefix = uniquePrefix();
  await createTopics(prefix);
  const port = await freePort();
  const env = {
    ...serviceEnv({ databaseUrl: db.url, topicPrefix: prefix, auth }),
    PORT: String(port),
    LOG_LEVEL: 'warn',
    WEBHOOK_WORKER_ENABLED: 'false',
  };
  const server = join(__dirname, '..', 'src', 'server.ts');
  child = await startChild(server, env);

  const rows = (function* () {
    for (let i = 0; i < ROWS; i++) {
      const b = santeiBody(String((i % 999_999) + 1));
      if ((i + 1) % BAD_EVERY === 0) b.totalSum = 1;
      yield b;
    }
  })();
  const parts: Buffer[] = [];
  for await (const chunk of generateShfd0006Stream(HEADER, rows)) parts.push(Buffer.from(chunk));
  const fileBytes = Buffer.concat(parts);
  const token = await auth.token({ sub: 'emp-1', roles: ['employer'], employers: [OFFICE] });
  // A public address literal: accepted under the production address rule without DNS.
  const hook = await fetch(`http://127.0.0.1:${port}/v1/webhooks`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://93.184.215.14/hook', officeCode: OFFICE }) });
  expect(hook.status).toBe(201);
  const res = await fetch(`http://127.0.0.1:${port}/v1/filing-batches`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: fileBytes });
  expect(res.status).toBe(202);
  const { batchId } = (await res.json()) as { batchId: string };

  // Kill it once the worker is well into the file (and before it finishes).
  const progress = async () => (await db.pool.query<{ processed: number; status: string }>('SELECT processed, status FROM batches WHERE batch_id = $1', [batchId])).rows[0];
  await waitFor(async () => ((await progress())?.processed ?? 0) >= 15_000, { intervalMs: 20, what: 'rows processed' });
  await child.kill('SIGKILL');
  const atKill = await progress();
  expect(atKill?.status).toBe('processing');
  expect(atKill?.processed).toBeLessThan(ROWS);

  child = await startChild(server, env);
  await waitFor(async () => (await progress())?.status === 'completed', { timeoutMs: 600_000, intervalMs: 500, what: 'batch completed' });

  const b = (await db.pool.query<{ total: number; processed: number; accepted: number; rejected: number }>('SELECT total, processed, accepted, rejected FROM batches WHERE batch_id = $1', [batchId])).rows[0];
  const rejected = Math.floor(ROWS / BAD_EVERY);
  expect(b).toEqual({ total: ROWS, processed: ROWS, accepted: ROWS - rejected, rejected });
  const f = (await db.pool.query<{ n: number; lines: number; acc: number; rej: number; minl: number; maxl: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT batch_line)::int AS lines, count(*) FILTER (WHERE status = 'accepted')::int AS acc,
            count(*) FILTER (WHERE status = 'rejected')::int AS rej, min(batch_line) AS minl, max(batch_line) AS maxl
       FROM filings WHERE batch_id = $1`,
    [batchId],
  )).rows[0];
  expect(f).toEqual({ n: ROWS, lines: ROWS, acc: ROWS - rejected, rej: rejected, minl: 6, maxl: ROWS + 5 });
  const pushed = (await db.pool.query<{ n: number; lines: number; once: boolean; rej: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT line)::int AS lines, bool_and(c = 1) AS once, sum(c) FILTER (WHERE status = 'rejected')::int AS rej
       FROM (SELECT (r->>'line')::int AS line, r->>'status' AS status, count(*) AS c
               FROM webhook_deliveries d, jsonb_array_elements(d.payload->'rows') AS r
              WHERE d.event_type = 'filings.status-changed' AND d.payload->>'batchId' = $1
              GROUP BY 1, 2) x`,
    [batchId],
  )).rows[0];
  expect(pushed).toEqual({ n: ROWS, lines: ROWS, once: true, rej: rejected });

  // Every row has exactly one event (one envelope id per line), counting what the relay already
  // published to Kafka (re-published duplicates share their id) and what is still in the outbox.
  // (The outbox is not waited on to drain: see docs/filing-intake.md "Known platform issues" — the
  // relay sends up to 2,000 events of one key as one record batch, over the broker's 1 MiB limit.)
  await child.kill('SIGKILL');
  child = undefined;
  const messages = await readTopic(`${prefix}intake.filing`);
  const pendingRows = (await db.pool.query<{ envelope: string }>(`SELECT envelope::text AS envelope FROM outbox WHERE topic = $1`, [`${prefix}intake.filing`])).rows;
  const idsPerLine = new Map<number, Set<string>>();
  for (const value of [...messages.map((m) => m.value), ...pendingRows.map((r) => r.envelope)]) {
    const e = JSON.parse(value) as { id: string; data: { batch?: { batchId: string; line: number } } };
    if (e.data.batch?.batchId !== batchId) continue;
    const set = idsPerLine.get(e.data.batch.line) ?? new Set<string>();
    set.add(e.id);
    idsPerLine.set(e.data.batch.line, set);
  }
  expect(idsPerLine.size).toBe(ROWS);
  const doubled = [...idsPerLine.entries()].filter(([, ids]) => ids.size !== 1);
  expect(doubled).toEqual([]);
}, 900_000);
