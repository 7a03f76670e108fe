/**
 * jest global setup for the `int` tier: infrastructure up once per run; workers inherit
 * KAFKA_BROKERS and DATABASE_ADMIN_URL. What this run started is stopped by the global teardown.
 */
import { dropStaleTestDatabases } from './databases';
import { bringUpInfra, type Infra } from './infra';

declare global {
  var __nenkinInfra: Infra | undefined;
}

export default async function globalSetup(): Promise<void> {
  const infra = await bringUpInfra();
  process.env.KAFKA_BROKERS = infra.brokers.join(',');
  process.env.DATABASE_ADMIN_URL = infra.adminUrl;
  await dropStaleTestDatabases(infra.adminUrl);
  globalThis.__nenkinInfra = infra;
}
