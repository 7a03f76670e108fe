/**
 * The operational endpoints every service serves, all public (no token) and never rate-limited:
 *   GET /health/live   200 while the process serves requests (never shed under pressure)
 *   GET /health/ready  runs the named readiness checks (DB, Kafka …) in parallel, each bounded by
 *                      a timeout; 503 problem+json NOT_READY naming the failing ones
 *   GET /metrics       prom-client text format (never shed under pressure)
 *   GET /openapi.json  the OpenAPI document generated from the route schemas
 * Failure reasons go to the log only; the readiness body names checks, not errors.
 */
import { Type } from '@sinclair/typebox';
import { ErrorCodes, serviceUnavailable } from '../errors';
import type { Metrics } from '../metrics';
import { OPENAPI_JSON_PATH } from '../definitions';
import type { HttpApp } from './types';

export type ReadinessCheck = () => Promise<void>;

type CheckResult = { name: string; ok: boolean; error?: unknown };

const runCheck = async (name: string, check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`readiness check timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return { name, ok: true };
  } catch (error) {
    return { name, ok: false, error };
  } finally {
    clearTimeout(timer);
  }
};

/** Runs every check; resolves with the per-check outcome (never rejects). */
export const runReadiness = async (checks: Readonly<Record<string, ReadinessCheck>>, timeoutMs: number) =>
  Promise.all(Object.entries(checks).map(([name, check]) => runCheck(name, check, timeoutMs)));

/** Lets a request through @fastify/under-pressure (liveness and metrics must answer under load). */
const notShed = () => undefined;

const OPS = { public: true, rateLimit: false } as const;
const CheckStates = Type.Record(Type.String(), Type.Union([Type.Literal('ok'), Type.Literal('failed')]));

export const registerOpsRoutes = (
  app: HttpApp,
  deps: {
    metrics: Metrics;
    readiness: Readonly<Record<string, ReadinessCheck>>;
    timeoutMs: number;
  },
) => {
  app.get(
    '/health/live',
    {
      config: { ...OPS, pressureHandler: notShed },
      logLevel: 'warn',
      schema: {
        tags: ['ops'],
        summary: 'Liveness: the process serves requests',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      config: OPS,
      logLevel: 'warn',
      schema: {
        tags: ['ops'],
        summary: 'Readiness: dependencies (database, Kafka) answer',
        response: { 200: Type.Object({ status: Type.Literal('ok'), checks: CheckStates }) },
      },
    },
    async (request) => {
      const results = await runReadiness(deps.readiness, deps.timeoutMs);
      const checks: Record<string, 'ok' | 'failed'> = {};
      for (const r of results) checks[r.name] = r.ok ? 'ok' : 'failed';
      const failing = results.filter((r) => !r.ok);
      if (failing.length > 0) {
        for (const f of failing) request.log.warn({ check: f.name, err: f.error }, 'readiness check failed');
        throw serviceUnavailable(
          ErrorCodes.NOT_READY,
          `Not ready: ${failing.map((f) => f.name).join(', ')}`,
          undefined,
          {
            checks,
          },
        );
      }
      return { status: 'ok' as const, checks };
    },
  );

  app.get(
    '/metrics',
    { config: { ...OPS, pressureHandler: notShed }, logLevel: 'warn', schema: { hide: true } },
    async (_request, reply) => {
      reply.header('content-type', deps.metrics.registry.contentType);
      return deps.metrics.registry.metrics();
    },
  );

  app.get(OPENAPI_JSON_PATH, { config: OPS, logLevel: 'warn', schema: { hide: true } }, async () =>
    app.swagger(),
  );
};
