/**
 * records: the pension record — persons, employers, enrolment, 標準報酬 decisions, bonuses, the record
 * view and its audit trail. buildApp wires the platform (auth, errors, health, metrics, OpenAPI, the
 * bus) to this service's routes and consumers; everything it needs comes in through `deps`.
 */
import { createServiceApp, type ServiceDeps } from '@nenkin/platform/service';
import type { Config } from './config';
import { filingConsumer } from './consumers/filing-consumer';
import { exemptionService } from './exemptions/exemption-service';
import { reviewService } from './filings/review-service';
import { recordService } from './records/record-service';
import { employerRoutes } from './routes/employers';
import { recordRoutes, unclaimedRoutes } from './routes/records';
import { unclaimedService } from './records/unclaimed-service';
import { staffRoutes } from './routes/staff';
import { exemptionRoutes } from './routes/staff/exemptions';

export const SERVICE_NAME = 'records';

export const buildApp = async (deps: ServiceDeps<Config>) => {
  const app = await createServiceApp(SERVICE_NAME, deps);
  const records = recordService({ db: deps.db, clock: deps.clock });
  recordRoutes(app, records, deps.clock);
  employerRoutes(app, records);
  unclaimedRoutes(app, unclaimedService({ db: deps.db, clock: deps.clock }));
  staffRoutes(app, reviewService({ db: deps.db, clock: deps.clock, outbox: deps.bus.outbox }));
  exemptionRoutes(app, exemptionService({ db: deps.db, clock: deps.clock, outbox: deps.bus.outbox }));
  deps.bus.consume(filingConsumer({ outbox: deps.bus.outbox, namePrefix: deps.config.KAFKA_TOPIC_PREFIX }));
  return app;
};
