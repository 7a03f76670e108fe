/**
 * Database access for a service's own Postgres database: a pool, a transaction helper, and migrations
 * (node-pg-migrate over plain SQL files). The platform's own tables (outbox, inbox) are migrated
 * first, with their own migrations table, so a service's history never interleaves with the kit's.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import type { Logger } from '../logger';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that can run a query: the pool, or a transaction's client. Repositories take this. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;
/** A client inside an open transaction (BEGIN issued by withTransaction). */
export type Tx = pg.PoolClient;

// Dates are business dates: return DATE columns as 'YYYY-MM-DD' strings, never shifted by a time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// bigint counters fit in a JS number for everything this platform counts.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export const PLATFORM_MIGRATIONS_DIR = join(__dirname, '..', '..', 'migrations');

export type PoolOptions = { max?: number; applicationName?: string; statementTimeoutMs?: number };

export const createPool = (databaseUrl: string, opts: PoolOptions = {}): Pool => {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: opts.max ?? 10,
    application_name: opts.applicationName,
    statement_timeout: opts.statementTimeoutMs,
    connectionTimeoutMillis: 5_000,
    // Detect a silently dead peer (network partition) instead of waiting on it forever.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // An idle client losing its connection (server restart) must not crash the process; the next
  // checkout gets a fresh connection.
  pool.on('error', () => undefined);
  return pool;
};

/** Runs `fn` in one transaction: COMMIT on success, ROLLBACK on any error (which is rethrown). */
export const withTransaction = async <T>(pool: Pool, fn: (tx: Tx) => Promise<T>): Promise<T> => {
  const client = await pool.connect();
  let broken = false;
  // A checked-out client has no pool error listener; a dropped connection surfaces as the failed
  // query below, and this listener keeps it from also being an unhandled 'error' event.
  const onError = () => {
    broken = true;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true; // the connection itself failed; do not return it to the pool
    }
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
};

export type MigrateOptions = {
  databaseUrl: string;
  /** The service's own migrations folder; omitted for the platform tables alone. */
  dir?: string;
  logger?: Pick<Logger, 'info'>;
};

/** Applies the platform migrations, then the service's. Fails loudly (throws) on any error. */
export const migrate = async ({ databaseUrl, dir, logger }: MigrateOptions): Promise<void> => {
  const log = (msg: string): void => logger?.info({ migration: msg }, 'migration');
  const runs: { dir: string; table: string }[] = [{ dir: PLATFORM_MIGRATIONS_DIR, table: 'pgmigrations_platform' }];
  // A service without tables of its own yet has no migrations folder.
  if (dir && existsSync(dir)) runs.push({ dir, table: 'pgmigrations' });
  for (const run of runs) {
    await runner({
      databaseUrl,
      dir: run.dir,
      migrationsTable: run.table,
      direction: 'up',
      count: Infinity,
      checkOrder: true,
      singleTransaction: true,
      log,
      verbose: false,
    });
  }
};
