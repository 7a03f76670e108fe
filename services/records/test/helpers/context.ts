/** A records app over its own database and topics, with a publisher onto its intake.filing topic. */
import { fixedClock } from '@nenkin/platform/clock';
import { readTopic, waitFor } from '@nenkin/testing/events';
import { createServiceTestContext, type ServiceTestContext } from '@nenkin/testing/service';
import type { HttpApp } from '@nenkin/platform/http';
import { buildApp } from '../../src/app';
import { Config } from '../../src/config';
import { acceptedEnvelope, intakePublisher, PII_ENV, type Envelope } from './filings';
import type { FilingAcceptedData } from '@nenkin/contracts/intake';

export type RecordsHarness = {
  ctx: ServiceTestContext<Config>;
  app: HttpApp;
  publish: (envelopes: readonly Envelope[]) => Promise<void>;
  /** Publishes the filings and waits until each has an outcome. */
  apply: (...filings: FilingAcceptedData[]) => Promise<void>;
  /** Every event records published so far on records.person / channel.notice-request (after a flush). */
  output: (logical: 'records.person' | 'channel.notice-request') => Promise<{ type: string; subject: string; data: Record<string, unknown> }[]>;
  close: () => Promise<void>;
};

export const startRecords = async (now = '2026-07-10T03:00:00Z'): Promise<RecordsHarness> => {
  const ctx = await createServiceTestContext({ service: 'records', configSchema: Config, env: PII_ENV, clock: fixedClock(now) });
  const app = await buildApp(ctx.deps);
  await app.ready();
  const publisher = await intakePublisher(ctx.topicPrefix);
  const outcomeCount = async (ids: readonly string[]) =>
    (await ctx.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM filing_outcomes WHERE filing_id = ANY($1::uuid[])', [ids])).rows[0]?.n ?? 0;
  return {
    ctx,
    app,
    publish: (e) => publisher.publish(e),
    apply: async (...filings) => {
      await publisher.publish(filings.map(acceptedEnvelope));
      const ids = filings.map((f) => f.filingId);
      await waitFor(async () => (await outcomeCount(ids)) === ids.length, { what: `${ids.length} outcomes` });
    },
    output: async (logical) => {
      await ctx.deps.bus.flush();
      return (await readTopic(`${ctx.topicPrefix}${logical}`)).map((m) => JSON.parse(m.value) as { type: string; subject: string; data: Record<string, unknown> });
    },
    close: async () => {
      await publisher.close();
      await app.close();
      await ctx.close();
    },
  };
};
