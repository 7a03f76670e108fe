/**
 * What every service's `server.ts` calls, and what every `app.ts` builds on, so the five services have
 * one shape. `runService` is the only place that reads the environment, builds the logger, opens the
 * pool, migrates, listens and shuts down (close-with-grace: stop consuming, finish in-flight work,
 * flush the relay, close the pool). `createServiceApp` is the HTTP app wired to the service's
 * dependencies: readiness checks on the database and the broker, and the bus started and stopped in
 * fastify's `onReady` / `onClose` hooks.
 */
import closeWithGrace from 'close-with-grace';
import { Type, type StaticDecode, type TObject } from '@sinclair/typebox';
import { createVerifier, verifierOptionsFromConfig, type Verifier } from './auth';
import { createBus, type Bus } from './bus';
import { systemClock, type Clock } from './clock';
import { AuthConfig, ConfigError, DatabaseConfig, HttpConfig, KafkaConfig, loadConfig } from './config';
import { createPool, migrate, type Pool } from './db';
import { createHttpApp, type HttpApp } from './http';
import { createLogger, type Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';

const SHUTDOWN_GRACE_MS = 15_000;

/** Variables every service reads; a service composes its own on top (`Type.Composite`). */
export const ServiceConfig = Type.Composite([
  HttpConfig,
  DatabaseConfig,
  KafkaConfig,
  AuthConfig,
  Type.Object({
    /** Prefix for physical topic names (shared clusters, isolated environments). */
    KAFKA_TOPIC_PREFIX: Type.Optional(Type.String({ pattern: '^[a-zA-Z0-9._-]*$', maxLength: 100 })),
    /** Apply pending migrations at boot (one instance wins the migration lock; others wait). */
    MIGRATE_ON_BOOT: Type.Boolean({ default: true }),
    /** Run the outbox relay in this instance (one is active per database anyway; standbys wait). */
    RELAY_ENABLED: Type.Boolean({ default: true }),
  }),
]);
export type ServiceConfig = StaticDecode<typeof ServiceConfig>;
type BaseConfig = Pick<
  ServiceConfig,
  'BODY_LIMIT_BYTES' | 'RATE_LIMIT_MAX' | 'TRUST_PROXY' | 'LOAD_SHED_EVENT_LOOP_UTILIZATION' | 'LOAD_SHED_EVENT_LOOP_DELAY_MS'
>;

/** Everything a service's buildApp receives: infrastructure passed in, never imported. */
export type ServiceDeps<C> = {
  config: C;
  db: Pool;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  verifier: Verifier;
};

/** The service's HTTP app with the platform's plugins, its readiness checks and the bus lifecycle. */
export const createServiceApp = async <C extends BaseConfig>(
  name: string,
  deps: ServiceDeps<C>,
  opts: { version?: string } = {},
): Promise<HttpApp> => {
  const app = await createHttpApp({
    name,
    version: opts.version,
    logger: deps.logger,
    metrics: deps.metrics,
    auth: deps.verifier,
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    rateLimitMax: deps.config.RATE_LIMIT_MAX,
    trustProxy: deps.config.TRUST_PROXY,
    underPressure: {
      maxEventLoopUtilization: deps.config.LOAD_SHED_EVENT_LOOP_UTILIZATION,
      maxEventLoopDelay: deps.config.LOAD_SHED_EVENT_LOOP_DELAY_MS,
    },
    readiness: {
      database: async () => void (await deps.db.query('SELECT 1')),
      kafka: () => deps.bus.ping(),
    },
  });
  app.addHook('onReady', async () => deps.bus.start());
  app.addHook('onClose', async () => deps.bus.stop());
  return app;
};

export type ServiceDefinition<S extends TObject> = {
  name: string;
  configSchema: S;
  /** The service's own migrations folder. */
  migrationsDir: string;
  buildApp: (deps: ServiceDeps<StaticDecode<S>>) => Promise<HttpApp>;
};

/** Boots a service process; exits non-zero with a named reason when config or infrastructure is wrong. */
export const runService = async <S extends TObject>(def: ServiceDefinition<S>): Promise<void> => {
  let config: StaticDecode<S> & ServiceConfig;
  try {
    config = loadConfig(def.configSchema) as StaticDecode<S> & ServiceConfig;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${def.name}: ${err.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  const logger = createLogger({ name: def.name, level: config.LOG_LEVEL });
  const metrics = createMetrics(def.name);
  const db = createPool(config.DATABASE_URL, { max: config.DB_POOL_MAX, applicationName: def.name });
  if (config.MIGRATE_ON_BOOT) await migrate({ databaseUrl: config.DATABASE_URL, dir: def.migrationsDir, logger });

  const bus = createBus({
    service: def.name,
    brokers: config.KAFKA_BROKERS,
    pool: db,
    logger,
    metrics,
    clock: systemClock,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    relay: config.RELAY_ENABLED,
    clientId: config.KAFKA_CLIENT_ID,
    onFatal: (err) => {
      logger.fatal({ err }, 'consumer failed for good; shutting down');
      process.kill(process.pid, 'SIGTERM');
    },
  });
  const verifier = createVerifier(verifierOptionsFromConfig(config));
  const app = await def.buildApp({ config, db, bus, clock: systemClock, logger, metrics, verifier });

  closeWithGrace({ delay: SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error');
    else logger.info({ signal }, 'shutting down');
    await app.close();
    await db.end();
  });

  const address = await app.listen({ host: config.HOST, port: config.PORT });
  logger.info({ address }, 'listening');
  process.send?.({ ready: true, service: def.name, address });
};
