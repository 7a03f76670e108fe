/**
 * PostgreSQL for the platform: the admin connection (from DATABASE_ADMIN_URL / DATABASE_URL / PG*
 * when given, otherwise the local server), and one database + one role per service.
 */
import pg from 'pg';

const LOCAL_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export const adminDatabaseUrl = (env: NodeJS.ProcessEnv = process.env): string => {
  if (env.DATABASE_ADMIN_URL) return env.DATABASE_ADMIN_URL;
  if (env.DATABASE_URL) return env.DATABASE_URL;
  if (env.PGHOST || env.PGUSER || env.PGPORT) {
    const url = new URL('postgres://localhost');
    url.hostname = env.PGHOST ?? '127.0.0.1';
    url.port = env.PGPORT ?? '5432';
    url.username = env.PGUSER ?? 'postgres';
    if (env.PGPASSWORD) url.password = env.PGPASSWORD;
    url.pathname = `/${env.PGDATABASE ?? 'postgres'}`;
    return url.toString();
  }
  return LOCAL_ADMIN_URL;
};

/** `filing-intake` → `nenkin_filing_intake` (database and role name). */
export const serviceDbName = (service: string): string => `nenkin_${service.replace(/-/g, '_')}`;

export const withDatabase = (url: string, database: string): string => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/** The service's own connection: its role, its database. Local roles use their name as password. */
export const serviceDatabaseUrl = (adminUrl: string, service: string): string => {
  const name = serviceDbName(service);
  const u = new URL(withDatabase(adminUrl, name));
  u.username = name;
  u.password = name;
  return u.toString();
};

const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier ${name}`);
  return `"${name}"`;
};

export const withAdmin = async <T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

export const waitForPostgres = async (adminUrl: string, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await withAdmin(adminUrl, (c) => c.query('SELECT 1'));
      return;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`PostgreSQL did not answer at ${new URL(adminUrl).host}: ${String(last)}`);
};

/** Creates the service's role and database when missing (idempotent). */
export const ensureServiceDatabase = async (adminUrl: string, service: string): Promise<string> => {
  const name = serviceDbName(service);
  await withAdmin(adminUrl, async (c) => {
    const role = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
    if (role.rowCount === 0) await c.query(`CREATE ROLE ${ident(name)} LOGIN PASSWORD '${name}'`);
    const db = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (db.rowCount === 0) await c.query(`CREATE DATABASE ${ident(name)} OWNER ${ident(name)} ENCODING 'UTF8'`);
  });
  return serviceDatabaseUrl(adminUrl, service);
};
