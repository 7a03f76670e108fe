/**
 * `npm start`: brings up the infrastructure (Kafka, one Postgres database and role per service,
 * topics), then every service under services/ as its own process (each migrates its database at
 * boot), and prints where each listens. Ctrl-C stops the services gracefully, then the broker if this
 * run started it. Local secrets (dev token keys, PII keys) live in .data/, never in the repository.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_KEYS_DIR, DEV_TOKEN_AUDIENCE, DEV_TOKEN_ISSUER, ensureDevKeyPair } from '@nenkin/platform/auth';
import { bringDownInfra, bringUpInfra, repoRoot, serviceNames } from '@nenkin/testing/infra';
import { serviceDatabaseUrl } from '@nenkin/testing/postgres';

const ROOT = repoRoot();

/** Local PII keys, generated once per checkout (.data/ is git-ignored). */
const localSecrets = (): Record<string, string> => {
  const file = join(ROOT, '.data', 'dev-secrets.json');
  if (!existsSync(file)) {
    mkdirSync(join(ROOT, '.data'), { recursive: true });
    const secrets = {
      PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PII_HASH_KEY: randomBytes(32).toString('base64'),
    };
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
};

const portOf = (service: string): number => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'services', service, 'package.json'), 'utf8')) as { nenkin?: { port?: number } };
  const port = pkg.nenkin?.port;
  if (port === undefined) throw new Error(`services/${service}/package.json has no nenkin.port`);
  return port;
};

const main = async () => {
  console.log('starting infrastructure…');
  const infra = await bringUpInfra({ logLevel: 'warn' });
  await ensureDevKeyPair(join(ROOT, DEV_KEYS_DIR));
  const secrets = localSecrets();
  const children = new Map<string, ChildProcess>();
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping services…');
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await bringDownInfra(infra);
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const lines: string[] = [];
  for (const service of serviceNames(ROOT)) {
    const port = portOf(service);
    const child = fork(join(ROOT, 'services', service, 'src', 'server.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        ...secrets,
        PORT: String(port),
        DATABASE_URL: serviceDatabaseUrl(infra.adminUrl, service),
        KAFKA_BROKERS: infra.brokers.join(','),
        JWT_PUBLIC_KEY: `file:${join(ROOT, DEV_KEYS_DIR, 'public.pem')}`,
        JWT_ISSUER: DEV_TOKEN_ISSUER,
        JWT_AUDIENCE: DEV_TOKEN_AUDIENCE,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      },
    });
    children.set(service, child);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`${service} exited (${code ?? signal}); stopping everything`);
      void stopAll(1);
    });
    const started = await new Promise<boolean>((resolve) => {
      child.once('message', () => resolve(true));
      child.once('exit', () => resolve(false));
    });
    if (!started) return; // its exit handler stops everything else
    lines.push(`  ${service.padEnd(16)} http://127.0.0.1:${port}   (API docs: /docs, health: /health/ready)`);
  }
  console.log(`\nkafka  ${infra.brokers.join(',')}\npostgres  ${new URL(infra.adminUrl).host}\n\nservices:\n${lines.join('\n')}`);
  console.log('\nA token for local calls: npm run token -- --sub me --roles staff\nCtrl-C stops everything.');
};

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
