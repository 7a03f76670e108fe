/**
 * The infrastructure bootstrap shared by `npm start`, `npm test` and the jest global setup:
 * Kafka (KAFKA_BROKERS when given; else Docker via testcontainers + docker-compose.yml when Docker
 * answers; else the native KRaft broker from Maven Central), PostgreSQL (DATABASE_ADMIN_URL /
 * DATABASE_URL / PG* when given, else the local server), one database and role per service, and the
 * declared topics.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { allTopicSpecs } from '@nenkin/contracts/topics';
import { createKafkaClient, ensureTopics } from '@nenkin/platform/bus';
import { createLogger } from '@nenkin/platform/logger';
import { acquireKafkaLease, NATIVE_BROKER, releaseKafkaLease, startNativeKafka, stopNativeKafka } from './kafka-native';
import { adminDatabaseUrl, ensureServiceDatabase, waitForPostgres } from './postgres';

export const repoRoot = (): string => join(__dirname, '..', '..', '..');

/** Folder names under services/ (each one a service with its own database). */
export const serviceNames = (root = repoRoot()): string[] =>
  existsSync(join(root, 'services'))
    ? readdirSync(join(root, 'services'), { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(root, 'services', d.name, 'package.json')))
        .map((d) => d.name)
        .sort()
    : [];

export type Infra = {
  brokers: string[];
  adminUrl: string;
  /** What this call started, so the caller can stop exactly that. */
  started: { nativeKafka: boolean; compose?: { down: () => Promise<void> } };
};

const dockerAnswers = (): boolean => spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 5_000 }).status === 0;

const startWithTestcontainers = async (root: string): Promise<{ down: () => Promise<void> }> => {
  // Loaded only when Docker is there: testcontainers is an optional dependency.
  const { DockerComposeEnvironment, Wait } = await import('testcontainers');
  const env = await new DockerComposeEnvironment(root, 'docker-compose.yml')
    .withWaitStrategy('kafka-1', Wait.forHealthCheck())
    .withWaitStrategy('postgres-1', Wait.forHealthCheck())
    .up(['kafka', 'postgres']);
  return { down: async () => void (await env.down()) };
};

export const bringUpInfra = async (opts: { root?: string; logLevel?: string } = {}): Promise<Infra> => {
  const root = opts.root ?? repoRoot();
  const logger = createLogger({ name: 'infra', level: opts.logLevel ?? 'warn' });
  const started: Infra['started'] = { nativeKafka: false };
  let brokers = process.env.KAFKA_BROKERS?.split(',').map((b) => b.trim()).filter(Boolean) ?? [];
  const externalDb = Boolean(process.env.DATABASE_ADMIN_URL || process.env.DATABASE_URL || process.env.PGHOST);
  if (brokers.length === 0 && !externalDb && process.env.NENKIN_NATIVE_INFRA !== 'true' && dockerAnswers()) {
    started.compose = await startWithTestcontainers(root);
    brokers = [NATIVE_BROKER];
    process.env.DATABASE_ADMIN_URL = 'postgres://postgres:postgres@127.0.0.1:55432/postgres';
  }
  if (brokers.length === 0) {
    started.nativeKafka = await startNativeKafka(root);
    acquireKafkaLease(root);
    brokers = [NATIVE_BROKER];
  }
  const adminUrl = adminDatabaseUrl();
  await waitForPostgres(adminUrl);
  for (const service of serviceNames(root)) await ensureServiceDatabase(adminUrl, service);

  const kafka = createKafkaClient({ brokers, clientId: 'nenkin-infra', logger });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, allTopicSpecs());
  } finally {
    await admin.disconnect();
  }
  return { brokers, adminUrl, started };
};

/**
 * Stops what `bringUpInfra` started — the native broker only when no other run (test run, `npm start`)
 * still holds a lease on it.
 */
export const bringDownInfra = async (infra: Pick<Infra, 'started'>, root = repoRoot()): Promise<void> => {
  const othersUsing = releaseKafkaLease(root);
  if (infra.started.nativeKafka && othersUsing === 0) await stopNativeKafka(root);
  await infra.started.compose?.down();
};

export { stopNativeKafka };
