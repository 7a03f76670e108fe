/**
 * Every service under services/ boots the same way: in-process through buildApp (readiness checks
 * the real database and broker, OpenAPI is served, default deny holds), and as a real process through
 * server.ts (listens, answers over HTTP, shuts down cleanly on SIGTERM, refuses bad config by name).
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { serviceNames, repoRoot } from '@nenkin/testing/infra';
import { createTopics, uniquePrefix } from '@nenkin/testing/events';
import { createServiceTestContext, serviceEnv } from '@nenkin/testing/service';
import { createTestDatabase } from '@nenkin/testing/databases';
import { createTestAuth } from '@nenkin/testing/tokens';
import { freePort, startChild } from '@nenkin/testing/processes';
import { fork } from 'node:child_process';

const services = serviceNames();

type AppModule = { buildApp: (deps: unknown) => Promise<import('@nenkin/platform/http').HttpApp> };
type ConfigModule = { Config: import('@sinclair/typebox').TObject };

test('the five services are there', () => {
  expect(services).toEqual(['channel-routing', 'filing-intake', 'notice-delivery', 'payments', 'records']);
});

describe.each(services)('%s', (service) => {
  test('buildApp: ready against real Postgres and Kafka; OpenAPI served; routes deny without a token', async () => {
    const { buildApp } = (await import(`@nenkin/${service}/app`)) as AppModule;
    const { Config } = (await import(`@nenkin/${service}/config`)) as ConfigModule;
    const ctx = await createServiceTestContext({ service, configSchema: Config });
    const app = await buildApp(ctx.deps);
    app.get('/v1/probe', async () => ({ ok: true }));
    try {
      await app.ready();
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      const openapi = await app.inject({ method: 'GET', url: '/openapi.json' });
      expect(openapi.statusCode).toBe(200);
      expect(openapi.json()).toMatchObject({ openapi: expect.stringMatching(/^3\./) });
      const anonymous = await app.inject({ method: 'GET', url: '/v1/probe' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
      const withToken = await app.inject({
        method: 'GET',
        url: '/v1/probe',
        headers: await ctx.auth.headers({ sub: 'staff-1', roles: ['staff'] }),
      });
      expect(withToken.statusCode).toBe(200);
    } finally {
      await app.close();
      await ctx.close();
    }
  });

  test('server.ts: listens, answers over HTTP, exits 0 on SIGTERM', async () => {
    const db = await createTestDatabase({ service });
    const auth = await createTestAuth();
    const port = await freePort();
    const topicPrefix = uniquePrefix();
    await createTopics(topicPrefix);
    const child = await startChild(join(repoRoot(), 'services', service, 'src', 'server.ts'), {
      ...serviceEnv({ databaseUrl: db.url, topicPrefix, auth }),
      PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    try {
      const live = await fetch(`http://127.0.0.1:${port}/health/live`);
      expect(live.status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await child.kill('SIGTERM')).toBe(0);
    } finally {
      await child.kill('SIGKILL');
      await db.drop();
    }
  });
});

test('a service refuses to boot with bad config, naming every variable', async () => {
  const file = join(repoRoot(), 'services', 'records', 'src', 'server.ts');
  const child = fork(file, [], {
    env: { PATH: process.env.PATH ?? '', PORT: 'eighty', KAFKA_BROKERS: 'nowhere' },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  expect(code).toBe(78);
  for (const name of ['PORT', 'DATABASE_URL', 'KAFKA_BROKERS', 'JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_PUBLIC_KEY|JWT_JWKS_URL']) {
    expect(err).toContain(name);
  }
  expect(readFileSync(join(repoRoot(), 'package.json'), 'utf8')).toContain('"workspaces"');
});
