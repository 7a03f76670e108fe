/**
 * `npm run infra:up` / `npm run infra:down`: the local infrastructure on its own (Kafka, Postgres
 * databases and roles, topics) — what `npm start` and `npm test` bring up themselves.
 */
import { bringUpInfra, stopNativeKafka, repoRoot } from '@nenkin/testing/infra';

const main = async () => {
  const cmd = process.argv[2];
  if (cmd === 'up') {
    const infra = await bringUpInfra({ logLevel: 'warn' });
    console.log(`kafka:    ${infra.brokers.join(',')}`);
    console.log(`postgres: ${new URL(infra.adminUrl).host}`);
  } else if (cmd === 'down') {
    await stopNativeKafka(repoRoot());
  } else {
    console.error('usage: tsx scripts/infra.ts up|down');
    process.exit(2);
  }
};

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
