/**
 * Test fixtures for filing-intake: valid form bodies (dated for TODAY), a SHFD0006 header, a test
 * context with PII keys and a clock that starts on TODAY and runs in real time, and small HTTP helpers.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '@nenkin/platform/clock';
import type { Role } from '@nenkin/contracts/auth';
import type { Shfd0006Header, SanteiBody, ShikakuShutokuBody, KokunenFukaBody } from '@nenkin/contracts/forms';
import { myNumberCheckDigit } from '@nenkin/rules/identifiers';
import { createBus } from '@nenkin/platform/bus';
import { brokers } from '@nenkin/testing/events';
import { createServiceTestContext } from '@nenkin/testing/service';
import { buildApp } from '../src/app';
import { Config } from '../src/config';

export const TODAY = '2025-07-10';
export const OFFICE = '21-01-ｹｲﾄ';
export const OTHER_OFFICE = '21-02-ｱｲｳ';
export const OFFICE_PARTS = { prefecture: '21', district: '01', symbol: 'ｹｲﾄ' } as const;
export const myNumberFrom = (first11: string): string => `${first11}${myNumberCheckDigit(first11)}`;
export const MY_NUMBER = myNumberFrom('12345678901');

/** Starts at TODAY 12:00 JST and advances with the wall clock (retries and leases need time to pass). */
export const runningClock = (): Clock => {
  const base = Date.parse(`${TODAY}T03:00:00Z`);
  const start = Date.now();
  return { now: () => new Date(base + (Date.now() - start)) };
};

export const PII_ENV = () => ({
  PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  PII_HASH_KEY: randomBytes(32).toString('base64'),
});

/**
 * Tests and local receivers listen on loopback, so webhooks may use private networks here
 * (WEBHOOK_ALLOW_PRIVATE_NETWORKS); a test of the production rule passes 'false'.
 */
export const TEST_ENV = { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } as const;

export const createContext = async (env: Record<string, string> = {}, clock: Clock = runningClock()) => {
  const ctx = await createServiceTestContext({ service: 'filing-intake', configSchema: Config, env: { ...PII_ENV(), ...TEST_ENV, ...env }, clock });
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

export const validSantei = (insuredNumber = '123', avg = 310_333): Omit<SanteiBody, 'formCode'> => ({
  office: { ...OFFICE_PARTS },
  insuredNumber,
  nameKana: 'ﾆﾎﾝ ﾀﾛｳ',
  nameKanji: '日本　太郎',
  birthDate: '1980-04-01',
  applicableMonth: '2025-09',
  previousStandardHealth: 300_000,
  previousStandardPension: 300_000,
  previousRevisionMonth: '2024-09',
  months: [
    { days: 31, cash: 300_000, inKind: 0, total: 300_000 },
    { days: 30, cash: 310_000, inKind: 0, total: 310_000 },
    { days: 31, cash: 320_000, inKind: 1_000, total: 321_000 },
  ],
  totalSum: 931_000,
  average: avg,
});
export const santeiBody = (insuredNumber = '123'): SanteiBody => ({ formCode: '2225700', ...validSantei(insuredNumber) });

export const shutokuWithMyNumber = (): Omit<ShikakuShutokuBody, 'formCode'> => ({
  office: { ...OFFICE_PARTS },
  officeNumber: '123',
  insuredNumber: '126',
  nameKana: 'ｽｽﾞｷ ｲﾁﾛｳ',
  nameKanji: '鈴木　一郎',
  birthDate: '1990-05-05',
  kind: '1',
  acquisitionKind: '1',
  myNumber: MY_NUMBER,
  acquisitionDate: '2025-07-01',
  hasDependants: false,
  remuneration: { cash: 250_000, inKind: 0, total: 250_000 },
});

export const fukaData = (): Omit<KokunenFukaBody, 'formCode'> => ({
  applicant: { pensionNumber: '1234567890', nameKana: 'ｺｸﾐﾝ ﾈﾝｷﾝ', nameKanji: '国民　年金', birthDate: '1990-01-01', postalCode: '100-0001', address: '東京都千代田区千代田１－１' },
  action: 'apply',
  fromMonth: '2025-07',
});

export const HEADER: Shfd0006Header = {
  management: { kind: 'employer', office: { ...OFFICE_PARTS }, mediaSerial: 1, createdOn: '2025-07-01' },
  establishment: {
    office: { ...OFFICE_PARTS },
    officeNumber: '123',
    postalCode: '100-8916',
    address: '東京都千代田区霞が関１－２－２',
    name: '健保サービス株式会社',
    ownerName: '健保　良一',
    phone: '03-1234-5678',
  },
};

export type Claims = { sub: string; roles: Role[]; employers?: string[]; person?: string };
