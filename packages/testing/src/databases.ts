/**
 * A clean database per test file, cloned from a migrated template (CREATE DATABASE … TEMPLATE is a
 * file copy: milliseconds, however many migrations). Templates are rebuilt only when the migration
 * files change (their hash is kept as the template's comment); parallel workers serialise template
 * builds with an advisory lock.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createPool, migrate, PLATFORM_MIGRATIONS_DIR, type Pool } from '@nenkin/platform/db';
import { adminDatabaseUrl, withAdmin, withDatabase } from './postgres';

const TEMPLATE_LOCK = 918_273_645;

const sqlFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.sql'))
        .sort()
        .map((f) => join(dir, f))
    : [];

const migrationsHash = (dir?: string): string => {
  const h = createHash('sha256');
  for (const f of [...sqlFiles(PLATFORM_MIGRATIONS_DIR), ...(dir ? sqlFiles(dir) : [])]) {
    h.update(f.slice(f.lastIndexOf('/')));
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 32);
};

/** One template per set of migrations: checkouts with different migrations never share one. */
const templateName = (key: string, hash: string): string => `nenkin_tpl_${key.replace(/[^a-z0-9]/g, '_')}_${hash.slice(0, 12)}`;

/** Builds (or reuses) the migrated template for `key`; returns its name. */
export const prepareTemplate = async (key: string, migrationsDir?: string, adminUrl = adminDatabaseUrl()): Promise<string> => {
  const hash = migrationsHash(migrationsDir);
  const name = templateName(key, hash);
  await withAdmin(adminUrl, async (c) => {
    await c.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      // The comment marks a template whose migrations completed (a crash mid-build leaves none).
      const { rows } = await c.query<{ comment: string | null }>(
        `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
        [name],
      );
      if (rows[0]?.comment === hash) return;
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${name}"`);
      await migrate({ databaseUrl: withDatabase(adminUrl, name), dir: migrationsDir });
      await c.query(`COMMENT ON DATABASE "${name}" IS '${hash}'`);
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return name;
};

export type TestDatabase = { name: string; url: string; pool: Pool; drop: () => Promise<void> };

/**
 * A fresh database for one test file. `service` names a folder under services/ whose migrations
 * apply after the platform's; omit it for the platform tables alone.
 */
export const createTestDatabase = async (opts: { service?: string; root?: string } = {}): Promise<TestDatabase> => {
  const adminUrl = adminDatabaseUrl();
  const root = opts.root ?? join(__dirname, '..', '..', '..');
  const dir = opts.service ? join(root, 'services', opts.service, 'migrations') : undefined;
  const template = await prepareTemplate(opts.service ?? 'platform', dir, adminUrl);
  // The creation time (base 36 seconds) is in the name, so stale ones can be told from live ones.
  const name = `t_${(opts.service ?? 'platform').replace(/-/g, '_')}_${Math.floor(Date.now() / 1000).toString(36)}_${randomBytes(4).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
      break;
    } catch (err) {
      // 55006: the template is briefly in use by a concurrent clone; try again.
      if ((err as { code?: string }).code !== '55006' || attempt > 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = withDatabase(adminUrl, name);
  const pool = createPool(url, { max: 10 });
  return {
    name,
    url,
    pool,
    drop: async () => {
      await pool.end();
      await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
};

/** Test databases older than this were left behind by killed runs (no test file runs this long). */
const STALE_AFTER_SEC = 3 * 3600;
const TEST_DB_NAME = /^t_[a-z_]+_([0-9a-z]{6})_[0-9a-f]{8}$/;

/** Drops test databases left behind by killed runs; those of runs still going are left alone. */
export const dropStaleTestDatabases = async (adminUrl = adminDatabaseUrl()): Promise<number> =>
  withAdmin(adminUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 't\\_%'`);
    const now = Math.floor(Date.now() / 1000);
    // Only names this harness makes (`t_<key>_<base-36 seconds>_<8 hex>`): never anyone else's `t_…`.
    const stale = rows
      .map((r) => r.datname)
      .filter((name) => {
        const m = TEST_DB_NAME.exec(name);
        return m?.[1] !== undefined && now - parseInt(m[1], 36) > STALE_AFTER_SEC;
      });
    for (const name of stale) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    return stale.length;
  });
