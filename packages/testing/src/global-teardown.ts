/** jest global teardown: stops only what the global setup started (a broker already running stays). */
import { bringDownInfra } from './infra';

export default async function globalTeardown(): Promise<void> {
  const infra = globalThis.__nenkinInfra;
  if (infra && process.env.NENKIN_KEEP_INFRA !== 'true') await bringDownInfra(infra);
}
