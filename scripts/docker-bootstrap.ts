/**
 * docker compose only: creates the topics and one database + role per service (as `npm start` does
 * natively), and local-only secrets in the shared /keys volume (dev token key pair, PII keys).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { ensureDevKeyPair } from '@nenkin/platform/auth';
import { bringUpInfra } from '@nenkin/testing/infra';

const main = async () => {
  await bringUpInfra({ logLevel: 'warn' });
  await ensureDevKeyPair('/keys');
  if (!existsSync('/keys/secrets.env')) {
    writeFileSync(
      '/keys/secrets.env',
      `PII_ENCRYPTION_KEY=${randomBytes(32).toString('base64')}\nPII_HASH_KEY=${randomBytes(32).toString('base64')}\n`,
      { mode: 0o600 },
    );
  }
  console.log('bootstrap done');
};

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
