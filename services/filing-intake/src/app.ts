/**
 * filing-intake: Filings from employers, 社労士, payroll vendors and e-Gov / マイナポータル integrations: single filings, SHFD0006 files, 到達番号, status, webhooks.
 * buildApp wires the platform (auth, errors, health, metrics, OpenAPI, the bus) to this service's
 * routes and consumers; everything it needs comes in through `deps`.
 */
import { createServiceApp, type ServiceDeps } from '@nenkin/platform/service';
import type { Config } from './config';

export const SERVICE_NAME = 'filing-intake';

export const buildApp = async (deps: ServiceDeps<Config>) => {
  const app = await createServiceApp(SERVICE_NAME, deps);
  return app;
};
