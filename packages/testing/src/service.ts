/**
 * Everything a service's `buildApp` needs, for one test file: its own database cloned from the
 * service's migrated template, its own topics (a unique prefix), a verifier with test tokens, a
 * clock the test controls, and the real bus. `close()` releases all of it.
 */
import { randomBytes } from 'node:crypto';
import type { StaticDecode, TObject } from '@sinclair/typebox';
import { createBus } from '@nenkin/platform/bus';
import { systemClock, type Clock } from '@nenkin/platform/clock';
import { loadConfig } from '@nenkin/platform/config';
import { createMetrics } from '@nenkin/platform/metrics';
import type { ServiceDeps } from '@nenkin/platform/service';
import { createTestDatabase, type TestDatabase } from './databases';
import { brokers, createTopics, deleteTopics, testLogger, uniquePrefix } from './events';
import { createTestAuth, TEST_AUDIENCE, TEST_ISSUER, type TestAuth } from './tokens';

/** Fresh PII keys (services that hold マイナンバー require them; the others ignore them). */
export const testPiiKeys = (): { PII_ENCRYPTION_KEY: string; PII_HASH_KEY: string } => ({
  PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  PII_HASH_KEY: randomBytes(32).toString('base64'),
});

/**
 * The platform variables of a service run against a test database and topics, trusting `auth`'s
 * tokens (with fresh PII keys): what a child process or an in-process config is started with.
 */
export const serviceEnv = (opts: { databaseUrl: string; topicPrefix: string; auth: TestAuth; brokers?: string[] }): Record<string, string> => ({
  ...testPiiKeys(),
  DATABASE_URL: opts.databaseUrl,
  KAFKA_BROKERS: (opts.brokers ?? brokers()).join(','),
  KAFKA_TOPIC_PREFIX: opts.topicPrefix,
  JWT_PUBLIC_KEY: opts.auth.publicKeyPem,
  JWT_ISSUER: TEST_ISSUER,
  JWT_AUDIENCE: TEST_AUDIENCE,
});

export type ServiceTestContext<C> = {
  deps: ServiceDeps<C>;
  db: TestDatabase;
  auth: TestAuth;
  topicPrefix: string;
  close: () => Promise<void>;
};

/**
 * `service` is the folder under services/; `configSchema` its Config; `env` extra variables (the
 * platform ones — database, brokers, auth — are filled in).
 */
export const createServiceTestContext = async <S extends TObject>(opts: {
  service: string;
  configSchema: S;
  env?: Record<string, string>;
  clock?: Clock;
}): Promise<ServiceTestContext<StaticDecode<S>>> => {
  const db = await createTestDatabase({ service: opts.service });
  const auth = await createTestAuth();
  const topicPrefix = uniquePrefix();
  await createTopics(topicPrefix);
  const config = loadConfig(opts.configSchema, {
    ...serviceEnv({ databaseUrl: db.url, topicPrefix, auth }),
    PORT: '3999', // never listened on: tests use app.inject
    LOG_LEVEL: 'silent',
    // Test files share two cores with the broker, Postgres and each other: a busy event loop is
    // normal here, and load shedding (tested on its own in the platform's http tests) would turn it
    // into random 503s.
    LOAD_SHED_EVENT_LOOP_UTILIZATION: '0',
    LOAD_SHED_EVENT_LOOP_DELAY_MS: '0',
    ...opts.env,
  });
  const logger = testLogger(opts.service);
  const metrics = createMetrics(opts.service);
  const clock = opts.clock ?? systemClock;
  const bus = createBus({
    service: opts.service,
    brokers: brokers(),
    pool: db.pool,
    logger,
    metrics,
    clock,
    topicPrefix,
    // Consumer groups of their own: concurrent test files never share (and steal) partitions.
    groupIdFor: (name) => `${topicPrefix}${opts.service}.${name}`,
  });
  return {
    deps: { config, db: db.pool, bus, clock, logger, metrics, verifier: auth.verifier },
    db,
    auth,
    topicPrefix,
    close: async () => {
      await bus.stop();
      await db.drop();
      await deleteTopics(topicPrefix);
    },
  };
};
