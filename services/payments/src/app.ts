/**
 * payments: Employer premium invoices, 国民年金 dues and online payments, reconciliation.
 * buildApp wires the platform (auth, errors, health, metrics, OpenAPI, the bus) to this service's
 * routes and consumers; everything it needs comes in through `deps`.
 */
import { createServiceApp, type ServiceDeps } from '@nenkin/platform/service';
import type { Config } from './config';

export const SERVICE_NAME = 'payments';

export const buildApp = async (deps: ServiceDeps<Config>) => {
  const app = await createServiceApp(SERVICE_NAME, deps);
  return app;
};
