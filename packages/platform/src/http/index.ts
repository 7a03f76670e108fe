/**
 * The HTTP app factory every service starts from. `createHttpApp` returns a fastify instance with
 * the TypeBox type provider and everything ARCHITECTURE §4 and CONVENTIONS ask of an API:
 *
 *  - strict input: bodies validated without type coercion, unknown properties rejected (never
 *    stripped), every error reported; `__proto__` / `constructor.prototype` keys refused; a body
 *    limit (413);
 *  - one error handler: every failure is `application/problem+json` with a stable `code`, field
 *    errors in Japanese and English, and the request id as `instance`; 5xx bodies hide internals;
 *  - default deny: every route needs a valid bearer token unless its config says `public: true`;
 *  - request id (x-request-id) and correlation id (x-correlation-id) on the request, the response
 *    headers and every log line of the request;
 *  - load shedding (503 + Retry-After), rate limits per client (token `sub`, else IP) with 429 +
 *    Retry-After, HTTP latency histogram per route, health / readiness / metrics / OpenAPI.
 *
 * Request lifecycle (onRequest hooks run in this order): ids → under-pressure → auth →
 * (per route) rate limit → body parsing → validation → preHandler (requireRoles) → handler.
 * Unauthenticated requests are refused before their body is read and are not counted by the
 * rate limiter (which keys on the verified `sub`).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import underPressure, { type FastifyUnderPressureOptions } from '@fastify/under-pressure';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Principal } from '@nenkin/contracts/auth';
import type { Verifier } from '../auth/verifier';
import {
  CORRELATION_ID_HEADER,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_RATE_LIMIT_MAX,
  DOCS_PREFIX,
  MAX_BEARER_TOKEN_CHARS,
  RATE_LIMIT_WINDOW_MS,
  READINESS_TIMEOUT_MS,
  REQUEST_ID_HEADER,
  REQUEST_ID_PATTERN,
  UNDER_PRESSURE_MAX_EVENT_LOOP_DELAY_MS,
  UNDER_PRESSURE_MAX_EVENT_LOOP_UTILIZATION,
  UNDER_PRESSURE_RETRY_AFTER_SEC,
} from '../definitions';
import { AppError, ErrorCodes, notFound, tooManyRequests, unauthorized } from '../errors';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { registerOpsRoutes, type ReadinessCheck } from './health';
import { sendProblem, toAppError } from './problem';
import type { HttpApp } from './types';
import { buildValidatorFactory } from './validation';

export type { HttpApp } from './types';
export type { ReadinessCheck } from './health';
export { problemBody, problemType, sendProblem, toAppError } from './problem';
export { BODY_AJV_OPTIONS, PARAMS_AJV_OPTIONS, toFieldErrors } from './validation';

export type HttpAppOptions = {
  /** Service name: OpenAPI title, logs. */
  name: string;
  /** API version for the OpenAPI document. */
  version?: string;
  logger: Logger;
  metrics: Metrics;
  /** Bearer token verifier (`createVerifier` from @nenkin/platform/auth). */
  auth: Verifier;
  /** Largest accepted body in bytes (413 beyond). Routes taking files raise it per route. */
  bodyLimit?: number;
  /** Requests per client per minute, per instance. */
  rateLimitMax?: number;
  /** Named readiness checks run by /health/ready, e.g. { db: () => pool.query('select 1') }. */
  readiness: Readonly<Record<string, ReadinessCheck>>;
  readinessTimeoutMs?: number;
  /** Overrides for @fastify/under-pressure (thresholds, retryAfter, healthCheck …). */
  underPressure?: Partial<FastifyUnderPressureOptions>;
  /** fastify `trustProxy`: set behind a load balancer so `request.ip` is the client's. */
  trustProxy?: boolean | string;
};

const principals = new WeakMap<FastifyRequest, Principal>();

/** The caller if a valid token came with the request; undefined on anonymous public requests. */
export const optionalPrincipal = (request: FastifyRequest): Principal | undefined => principals.get(request);

const wellFormedId = (value: string | string[] | undefined): string | undefined =>
  typeof value === 'string' && REQUEST_ID_PATTERN.test(value) ? value : undefined;

const correlationIdOf = (headers: IncomingHttpHeaders, requestId: string): string =>
  wellFormedId(headers[CORRELATION_ID_HEADER]) ?? requestId;

const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+) *$/i;

/** `Authorization: Bearer <jwt>` → the token; anything else is TOKEN_INVALID before jose sees it. */
const bearerToken = (header: string): string => {
  if (header.length > MAX_BEARER_TOKEN_CHARS) throw unauthorized(ErrorCodes.TOKEN_INVALID);
  const match = BEARER.exec(header);
  if (match?.[1] === undefined) throw unauthorized(ErrorCodes.TOKEN_INVALID);
  return match[1];
};

const causeCode = (error: AppError): string | undefined => {
  const cause: unknown = error.cause;
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string')
    return cause.code;
  return cause instanceof Error ? cause.message : undefined;
};

export const createHttpApp = async (opts: HttpAppOptions): Promise<HttpApp> => {
  const log = opts.logger;
  const app: HttpApp = Fastify<
    RawServerDefault,
    RawRequestDefaultExpression,
    RawReplyDefaultExpression,
    FastifyBaseLogger
  >({
    loggerInstance: log,
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT_BYTES,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    trustProxy: opts.trustProxy ?? false,
    genReqId: (req) => wellFormedId(req.headers[REQUEST_ID_HEADER]) ?? randomUUID(),
    // One line per request from our onResponse hook (route pattern, not the raw URL with its query).
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    childLoggerFactory: (logger, bindings, childOpts, rawReq) => {
      const requestId: unknown = bindings['requestId'];
      return logger.child(
        {
          ...bindings,
          correlationId: correlationIdOf(rawReq.headers, typeof requestId === 'string' ? requestId : ''),
        },
        childOpts,
      );
    },
    schemaController: { compilersFactory: { buildValidator: buildValidatorFactory(log) } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('correlationId', '');
  app.decorateRequest('principal', {
    getter(this: FastifyRequest): Principal {
      const principal = principals.get(this);
      if (principal === undefined) throw unauthorized(ErrorCodes.TOKEN_MISSING);
      return principal;
    },
  });

  // Errors first: every context created below (plugins, service routes) inherits these.
  app.setErrorHandler((err, request, reply) => {
    const { error, internal } = toAppError(err);
    if (internal) {
      request.log.error({ err: error.cause ?? err }, 'request failed');
    } else {
      const fields = error.errors?.map((e) => `${e.path} ${e.code}`);
      const level = error.status >= 500 ? 'warn' : 'info';
      request.log[level](
        { status: error.status, code: error.code, reason: causeCode(error), fields },
        'request rejected',
      );
    }
    return sendProblem(reply, request, error);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      request,
      notFound(ErrorCodes.ROUTE_NOT_FOUND, 'No route matches this method and path'),
    ),
  );

  // 1. ids: before anything can fail, so every response carries them.
  app.addHook('onRequest', async (request, reply) => {
    request.correlationId = correlationIdOf(request.headers, request.id);
    reply.header(REQUEST_ID_HEADER, request.id);
    reply.header(CORRELATION_ID_HEADER, request.correlationId);
  });

  // 2. load shedding: cheap, before token verification.
  await app.register(underPressure, {
    maxEventLoopDelay: UNDER_PRESSURE_MAX_EVENT_LOOP_DELAY_MS,
    maxEventLoopUtilization: UNDER_PRESSURE_MAX_EVENT_LOOP_UTILIZATION,
    retryAfter: UNDER_PRESSURE_RETRY_AFTER_SEC,
    ...opts.underPressure,
  });

  // 3. authentication, default deny. A token that is sent is verified even on public routes.
  app.addHook('onRequest', async (request) => {
    if (request.is404) return; // unknown route: 404, whoever asks
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      if (request.routeOptions.config.public === true) return;
      throw unauthorized(ErrorCodes.TOKEN_MISSING);
    }
    principals.set(request, await opts.auth(bearerToken(header)));
  });

  // Latency per route pattern (bounded label set) and one log line per request.
  app.addHook('onResponse', async (request, reply) => {
    const route = request.is404 ? 'not_found' : (request.routeOptions.url ?? 'unknown');
    const status = reply.statusCode;
    opts.metrics.httpDuration.observe(
      { method: request.method, route, status: String(status) },
      reply.elapsedTime / 1000,
    );
    request.log.info(
      { method: request.method, route, status, ms: Math.round(reply.elapsedTime) },
      'request completed',
    );
  });

  // Public routes need no token in the OpenAPI document either.
  app.addHook('onRoute', (route) => {
    if (route.config?.public === true) route.schema = { ...route.schema, security: [] };
  });

  await app.register(swagger, {
    openapi: {
      info: { title: `${opts.name} API`, version: opts.version ?? '0.0.0' },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearerAuth: [] }],
    },
  });
  // The UI's routes (HTML, assets, its own copy of the document) are public.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true };
    });
    await docs.register(swaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: true });
  });

  // 4. rate limit: a route-level onRequest hook, so it runs after authentication.
  await app.register(rateLimit, {
    global: true,
    max: opts.rateLimitMax ?? DEFAULT_RATE_LIMIT_MAX,
    timeWindow: RATE_LIMIT_WINDOW_MS,
    keyGenerator: (request) => {
      const principal = principals.get(request);
      return principal === undefined ? `ip:${request.ip}` : `sub:${principal.sub}`;
    },
    errorResponseBuilder: (_request, context) => tooManyRequests(Math.max(1, Math.ceil(context.ttl / 1000))),
  });

  registerOpsRoutes(app, {
    metrics: opts.metrics,
    readiness: opts.readiness,
    timeoutMs: opts.readinessTimeoutMs ?? READINESS_TIMEOUT_MS,
  });

  return app;
};
