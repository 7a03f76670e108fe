/**
 * channel-routing: Which channel each notice goes through, push-type notices, appointments, the contact timeline, channel KPIs.
 * buildApp wires the platform (auth, errors, health, metrics, OpenAPI, the bus) to this service's
 * routes and consumers; everything it needs comes in through `deps`.
 */
import { createServiceApp, type ServiceDeps } from '@nenkin/platform/service';
import type { Config } from './config';

export const SERVICE_NAME = 'channel-routing';

export const buildApp = async (deps: ServiceDeps<Config>) => {
  const app = await createServiceApp(SERVICE_NAME, deps);
  return app;
};
