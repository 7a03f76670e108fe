/**
 * records: The pension record: persons, employers, enrolment, 標準報酬 decisions, estimates, unclaimed-record search.
 * buildApp wires the platform (auth, errors, health, metrics, OpenAPI, the bus) to this service's
 * routes and consumers; everything it needs comes in through `deps`.
 */
import { createServiceApp, type ServiceDeps } from '@nenkin/platform/service';
import type { Config } from './config';

export const SERVICE_NAME = 'records';

export const buildApp = async (deps: ServiceDeps<Config>) => {
  const app = await createServiceApp(SERVICE_NAME, deps);
  return app;
};
