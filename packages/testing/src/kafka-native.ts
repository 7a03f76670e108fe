/**
 * Runs a single-node Apache Kafka 3.9 broker in KRaft combined mode from its Maven Central jars, so
 * that the platform and its tests use a real broker without Docker. Idempotent: a running broker is
 * reused; storage is formatted once; readiness is a real admin call, not a port probe.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

export const KAFKA_VERSION = '3.9.1';
/** The native broker's port (NENKIN_KAFKA_PORT, default 19092); its controller listens one above. */
const PORT = Number(process.env.NENKIN_KAFKA_PORT ?? 19092);
export const NATIVE_BROKER = `127.0.0.1:${PORT}`;
const CONTROLLER = `127.0.0.1:${PORT + 1}`;
const READY_TIMEOUT_MS = 90_000;
const HEAP = '-Xmx768m';

export type NativeKafkaPaths = { root: string; dataDir: string; libsDir: string };

export const nativeKafkaPaths = (root: string): NativeKafkaPaths => ({
  root,
  dataDir: join(root, '.data', 'kafka'),
  libsDir: join(root, 'infra', 'kafka', 'target', 'libs'),
});

const log = (msg: string): void => {
  process.stderr.write(`[infra] ${msg}\n`);
};

/** Fetches the broker jars from Maven Central once (Maven's cache makes later runs instant). */
export const ensureKafkaJars = (paths: NativeKafkaPaths): void => {
  const jar = join(paths.libsDir, `kafka_2.13-${KAFKA_VERSION}.jar`);
  if (existsSync(jar)) return;
  log(`fetching Apache Kafka ${KAFKA_VERSION} from Maven Central (first run only)…`);
  const res = spawnSync('mvn', ['-q', '-B', '-f', join(paths.root, 'infra', 'kafka', 'pom.xml'), 'dependency:copy-dependencies'], {
    stdio: 'inherit',
  });
  if (res.status !== 0 || !existsSync(jar)) {
    throw new Error(`could not fetch Kafka jars with Maven (exit ${res.status}); is Java 17 + Maven installed?`);
  }
};

const serverProperties = (dataDir: string): string =>
  [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${CONTROLLER}`,
    `listeners=PLAINTEXT://${NATIVE_BROKER},CONTROLLER://${CONTROLLER}`,
    `advertised.listeners=PLAINTEXT://${NATIVE_BROKER}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${join(dataDir, 'data')}`,
    'auto.create.topics.enable=false',
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=12',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'group.min.session.timeout.ms=3000',
    'log.retention.hours=24',
    'log.segment.bytes=104857600',
    '',
  ].join('\n');

const classpath = (paths: NativeKafkaPaths): string =>
  readdirSync(paths.libsDir)
    .filter((f) => f.endsWith('.jar'))
    .map((f) => join(paths.libsDir, f))
    .join(':');

const javaArgs = (paths: NativeKafkaPaths): string[] => [
  HEAP,
  '-XX:+UseG1GC',
  '-Djava.awt.headless=true',
  `-Dkafka.logs.dir=${join(paths.dataDir, 'logs')}`,
  `-Dlog4j.configuration=file:${join(paths.root, 'infra', 'kafka', 'log4j.properties')}`,
  '-cp',
  classpath(paths),
];

/** True when a broker answers a real admin call at `brokers`. */
export const kafkaAnswers = async (brokers: string[], timeoutMs = 3_000): Promise<boolean> => {
  const kafka = new Kafka({
    clientId: 'nenkin-infra-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
};

const pidFile = (paths: NativeKafkaPaths): string => join(paths.dataDir, 'kafka.pid');

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const waitUntilAnswers = async (pid: number | undefined, paths: NativeKafkaPaths): Promise<void> => {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (pid !== undefined && !alive(pid)) {
      throw new Error(`Kafka exited during start; see ${join(paths.dataDir, 'logs', 'server.log')}`);
    }
    if (await kafkaAnswers([NATIVE_BROKER])) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Kafka did not answer within ${READY_TIMEOUT_MS} ms`);
};

const runningPid = (paths: NativeKafkaPaths): number | undefined => {
  if (!existsSync(pidFile(paths))) return undefined;
  const pid = Number(readFileSync(pidFile(paths), 'utf8'));
  return Number.isInteger(pid) && alive(pid) ? pid : undefined;
};

/**
 * Starts the native broker if none answers; returns true when this call started it. Concurrent
 * callers (parallel test runs) never start a second JVM on the same data: one holds the start lock,
 * the others wait for its broker to answer.
 */
export const startNativeKafka = async (root: string): Promise<boolean> => {
  const paths = nativeKafkaPaths(root);
  if (await kafkaAnswers([NATIVE_BROKER])) return false;
  mkdirSync(join(paths.dataDir, 'logs'), { recursive: true });
  const lock = join(paths.dataDir, 'start.lock');
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch {
    const owner = Number(readFileSync(lock, 'utf8'));
    if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
      await waitUntilAnswers(undefined, paths); // another run is starting it
      return false;
    }
    rmSync(lock, { force: true }); // left by a killed run
    return startNativeKafka(root);
  }
  writeFileSync(fd, String(process.pid));
  closeSync(fd);
  try {
    const already = runningPid(paths);
    if (already !== undefined) {
      await waitUntilAnswers(already, paths); // a broker of ours is still starting up
      return false;
    }
    ensureKafkaJars(paths);
    const props = join(paths.dataDir, 'server.properties');
    writeFileSync(props, serverProperties(paths.dataDir));
    if (!existsSync(join(paths.dataDir, 'data', 'meta.properties'))) {
      const clusterId = randomBytes(16).toString('base64url');
      const res = spawnSync('java', [...javaArgs(paths), 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props], {
        encoding: 'utf8',
      });
      if (res.status !== 0) throw new Error(`kafka storage format failed: ${res.stderr || res.stdout}`);
    }
    const out = openSync(join(paths.dataDir, 'logs', 'stdout.log'), 'a');
    const child = spawn('java', [...javaArgs(paths), 'kafka.Kafka', props], {
      detached: true,
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    if (child.pid === undefined) throw new Error('could not start the Kafka JVM');
    writeFileSync(pidFile(paths), String(child.pid));
    child.unref();
    log(`starting Kafka ${KAFKA_VERSION} (KRaft, pid ${child.pid}) on ${NATIVE_BROKER}…`);
    await waitUntilAnswers(child.pid, paths);
    log('Kafka is ready');
    return true;
  } finally {
    rmSync(lock, { force: true });
  }
};

const leasesDir = (paths: NativeKafkaPaths): string => join(paths.dataDir, 'leases');

/** Marks this process as using the native broker (a test run, `npm start`). */
export const acquireKafkaLease = (root: string): void => {
  const dir = leasesDir(nativeKafkaPaths(root));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, String(process.pid)), '');
};

/** Drops this process's lease; returns how many live users remain (dead ones are cleared). */
export const releaseKafkaLease = (root: string): number => {
  const dir = leasesDir(nativeKafkaPaths(root));
  rmSync(join(dir, String(process.pid)), { force: true });
  if (!existsSync(dir)) return 0;
  let live = 0;
  for (const name of readdirSync(dir)) {
    if (alive(Number(name))) live++;
    else rmSync(join(dir, name), { force: true });
  }
  return live;
};

/** Stops the native broker started by this project (no-op when none runs). */
export const stopNativeKafka = async (root: string): Promise<void> => {
  const paths = nativeKafkaPaths(root);
  if (!existsSync(pidFile(paths))) return;
  const pid = Number(readFileSync(pidFile(paths), 'utf8'));
  if (!Number.isInteger(pid) || !alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  log('Kafka stopped');
};
