/**
 * Test fixtures for filing-intake: valid form bodies (dated for TODAY), a SHFD0006 header, a test
 * context with PII keys and a clock that starts on TODAY and runs in real time, and small HTTP helpers.
 */
import type { Clock } from '@nenkin/platform/clock';
import type { Role } from '@nenkin/contracts/auth';
import type { Shfd0006Header, SanteiBody, ShikakuShutokuBody, KokunenFukaBody } from '@nenkin/contracts/forms';
import { myNumberCheckDigit } from '@nenkin/rules/identifiers';
import { createBus } from '@nenkin/platform/bus';
import { brokers } from '@nenkin/testing/events';
import { FIXTURE_FILE_HEADER, fixtureSantei, fixtureShutoku } from '@nenkin/testing/filings';
import { createServiceTestContext } from '@nenkin/testing/service';
import { buildApp } from '../src/app';
import { Config } from '../src/config';

export const TODAY = '2025-07-10';
export const OFFICE = '21-01-ｹｲﾄ';
export const OTHER_OFFICE = '21-02-ｱｲｳ';
export const myNumberFrom = (first11: string): string => `${first11}${myNumberCheckDigit(first11)}`;
export const MY_NUMBER = myNumberFrom('12345678901');

/** Starts at TODAY 12:00 JST and advances with the wall clock (retries and leases need time to pass). */
export const runningClock = (): Clock => {
  const base = Date.parse(`${TODAY}T03:00:00Z`);
  const start = Date.now();
  return { now: () => new Date(base + (Date.now() - start)) };
};

/**
 * Tests and local receivers listen on loopback, so webhooks may use private networks here
 * (WEBHOOK_ALLOW_PRIVATE_NETWORKS); a test of the production rule passes 'false'.
 */
export const TEST_ENV = { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } as const;

export const createContext = async (env: Record<string, string> = {}, clock: Clock = runningClock()) => {
  const ctx = await createServiceTestContext({ service: 'filing-intake', configSchema: Config, env: { ...TEST_ENV, ...env }, clock });
  // The harness's bus uses the service's real consumer group names (`filing-intake.<consumer>`), which
  // every concurrent test run (and any filing-intake process) shares: a group per test file instead.
  const bus = createBus({
    service: 'filing-intake',
    brokers: brokers(),
    pool: ctx.db.pool,
    logger: ctx.deps.logger,
    metrics: ctx.deps.metrics,
    clock: ctx.deps.clock,
    topicPrefix: ctx.topicPrefix,
    groupIdFor: (name) => `${ctx.topicPrefix}filing-intake.${name}`,
  });
  ctx.deps = { ...ctx.deps, bus };
  const app = await buildApp(ctx.deps);
  await app.ready();
  return {
    ctx,
    app,
    close: async () => {
      await app.close();
      await bus.stop();
      await ctx.close();
    },
  };
};

/** A valid 算定基礎届's form data (the body without `formCode`, as `POST /v1/filings` takes it). */
export const validSantei = (insuredNumber = '123', avg = 310_333): Omit<SanteiBody, 'formCode'> => {
  const { formCode: _formCode, ...data } = fixtureSantei(insuredNumber, avg);
  return data;
};
export const santeiBody = (insuredNumber = '123'): SanteiBody => fixtureSantei(insuredNumber);

export const shutokuWithMyNumber = (): Omit<ShikakuShutokuBody, 'formCode'> => {
  const { formCode: _formCode, ...data } = fixtureShutoku({ myNumber: MY_NUMBER });
  return data;
};

export const fukaData = (): Omit<KokunenFukaBody, 'formCode'> => ({
  applicant: { pensionNumber: '1234567890', nameKana: 'ｺｸﾐﾝ ﾈﾝｷﾝ', nameKanji: '国民　年金', birthDate: '1990-01-01', postalCode: '100-0001', address: '東京都千代田区千代田１－１' },
  action: 'apply',
  fromMonth: '2025-07',
});

export const HEADER: Shfd0006Header = FIXTURE_FILE_HEADER;

export type Claims = { sub: string; roles: Role[]; employers?: string[]; person?: string };
