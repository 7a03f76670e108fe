/**
 * The HTTP app factory through app.inject (no port): strict bodies, problem+json for every
 * failure, default-deny auth, object checks, limits, health / metrics / OpenAPI (Test 7).
 */
import { Writable } from 'node:stream';
import { SignJWT, importPKCS8 } from 'jose';
import { Type } from '@sinclair/typebox';
import { Roles, type Role } from '@nenkin/contracts/auth';
import { PROBLEM_CONTENT_TYPE } from '@nenkin/contracts/problem';
import { createHttpApp, optionalPrincipal, type HttpApp, type HttpAppOptions } from '../src/http';
import {
  assertEmployer,
  createVerifier,
  generateDevKeyPair,
  issueDevToken,
  requireRoles,
  type DevKeyPair,
} from '../src/auth';
import { createLogger } from '../src/logger';
import { createMetrics } from '../src/metrics';

const ISSUER = 'test-issuer';
const AUDIENCE = 'test-api';
const BODY_LIMIT = 2048;
const SECRET_MESSAGE = 'password=hunter2 at db.internal:5432';

type Captured = { lines: Record<string, unknown>[] };

const captureStream = (into: Captured) =>
  new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') into.lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });

const ThingBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 20 }),
    count: Type.Integer({ minimum: 0 }),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { maxItems: 3 })),
    kind: Type.Optional(Type.Union([Type.Literal('a'), Type.Literal('b')])),
  },
  { additionalProperties: false },
);

let keys: DevKeyPair;
let otherKeys: DevKeyPair;

beforeAll(async () => {
  keys = await generateDevKeyPair();
  otherKeys = await generateDevKeyPair();
});

const token = (
  claims: { sub?: string; roles?: Role[]; employers?: string[]; person?: string },
  opts: { ttlSec?: number; audience?: string; issuer?: string; pair?: DevKeyPair } = {},
) =>
  issueDevToken({
    privateKeyPem: (opts.pair ?? keys).privateKeyPem,
    sub: claims.sub ?? 'caller-1',
    roles: claims.roles ?? [Roles.EMPLOYER],
    employers: claims.employers,
    person: claims.person,
    issuer: opts.issuer ?? ISSUER,
    audience: opts.audience ?? AUDIENCE,
    ttlSec: opts.ttlSec,
  });

const bearer = async (...args: Parameters<typeof token>) => ({
  authorization: `Bearer ${await token(...args)}`,
});

type Fixture = { app: HttpApp; logs: Captured; handled: { count: number } };

const buildApp = async (overrides: Partial<HttpAppOptions> = {}): Promise<Fixture> => {
  const logs: Captured = { lines: [] };
  const handled = { count: 0 };
  const app = await createHttpApp({
    name: 'test-service',
    version: '1.2.3',
    logger: createLogger({ name: 'test-service', level: 'info', destination: captureStream(logs) }),
    metrics: createMetrics('test-service'),
    auth: createVerifier({ publicKeyPem: keys.publicKeyPem, issuer: ISSUER, audience: AUDIENCE }),
    bodyLimit: BODY_LIMIT,
    rateLimitMax: 1000,
    readiness: { db: async () => undefined, kafka: async () => undefined },
    ...overrides,
  });

  app.post(
    '/things',
    { schema: { body: ThingBody }, preHandler: requireRoles(Roles.EMPLOYER, Roles.STAFF) },
    async (request) => {
      handled.count += 1;
      return {
        received: request.body,
        countType: typeof request.body.count,
        proto: Object.getPrototypeOf(request.body) === Object.prototype,
      };
    },
  );
  app.post(
    '/dated',
    {
      schema: { body: Type.Object({ on: Type.String({ format: 'date' }) }, { additionalProperties: false }) },
    },
    async (request) => request.body,
  );
  app.get(
    '/employers/:officeCode/insured',
    { schema: { params: Type.Object({ officeCode: Type.String({ maxLength: 32 }) }) } },
    async (request) => {
      assertEmployer(request.principal, request.params.officeCode);
      return { officeCode: request.params.officeCode };
    },
  );
  app.get(
    '/items',
    {
      schema: {
        querystring: Type.Object(
          { limit: Type.Integer({ minimum: 1, maximum: 100 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => ({ limit: request.query.limit, limitType: typeof request.query.limit }),
  );
  app.get('/boom', async () => {
    throw new Error(SECRET_MESSAGE);
  });
  app.get('/public/hello', { config: { public: true } }, async (request) => ({
    hello: 'world',
    caller: optionalPrincipal(request)?.sub ?? null,
  }));
  app.get('/public/me', { config: { public: true } }, async (request) => ({ sub: request.principal.sub }));
  app.get('/whoami', async (request) => ({ ...request.principal, correlationId: request.correlationId }));
  await app.ready();
  return { app, logs, handled };
};

const json = (body: string): Record<string, unknown> => JSON.parse(body) as Record<string, unknown>;

type Problem = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: { path: string; code: string; message: { ja: string; en: string } }[];
  checks?: Record<string, string>;
};

/** Asserts the response is problem+json with `status` and `code`, and returns the body. */
const expectProblem = (
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
  code: string,
): Problem => {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type']).split(';')[0]).toBe(PROBLEM_CONTENT_TYPE);
  const body = JSON.parse(res.body) as Problem;
  expect(body).toMatchObject({ status, code });
  expect(body.type).toBe(`urn:nenkin:problem:${code.toLowerCase().replace(/_/g, '-')}`);
  expect(typeof body.title).toBe('string');
  expect(body.instance).toBe(res.headers['x-request-id']);
  return body;
};

describe('createHttpApp', () => {
  let fx: Fixture;
  let employerAuth: { authorization: string };

  beforeAll(async () => {
    fx = await buildApp();
    employerAuth = await bearer({ roles: [Roles.EMPLOYER], employers: ['21-01-ｹｲﾄ'] });
  });
  afterAll(async () => {
    await fx.app.close();
  });

  const postThing = (payload: string, headers: Record<string, string> = {}) =>
    fx.app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json', ...employerAuth, ...headers },
      payload,
    });

  describe('request bodies', () => {
    it('accepts a valid body and keeps its types (baseline for the rejections below)', async () => {
      const res = await postThing(JSON.stringify({ title: 'x', count: 2, tags: ['t'] }));
      expect(res.statusCode).toBe(200);
      expect(json(res.body)).toEqual({
        received: { title: 'x', count: 2, tags: ['t'] },
        countType: 'number',
        proto: true,
      });
    });

    it('rejects an unknown property with 400 and a pointer to it (not stripped)', async () => {
      const before = fx.handled.count;
      const res = await postThing(JSON.stringify({ title: 'x', count: 1, extra: true }));
      const body = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual([
        {
          path: '/extra',
          code: 'additionalProperties',
          message: { ja: '定義されていない項目は指定できません', en: 'Unknown property is not allowed' },
        },
      ]);
      expect(fx.handled.count).toBe(before);
    });

    it('does not coerce: "1" for an integer is 400', async () => {
      const res = await postThing(JSON.stringify({ title: 'x', count: '1' }));
      const body = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual([
        {
          path: '/count',
          code: 'type',
          message: { ja: '整数で指定してください', en: 'Must be of type integer' },
        },
      ]);
    });

    it('does not coerce booleans or nulls into strings either', async () => {
      const res = await postThing(JSON.stringify({ title: true, count: 1 }));
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors?.map((e) => [e.path, e.code])).toEqual([
        ['/title', 'type'],
      ]);
    });

    it('reports every broken rule, not just the first', async () => {
      const res = await postThing(
        JSON.stringify({ count: -1, tags: ['a', 'b', 'c', 'd'], kind: 'z', other: 1 }),
      );
      const body = expectProblem(res, 400, 'VALIDATION_FAILED');
      const got = (body.errors ?? []).map((e) => `${e.path} ${e.code}`).sort();
      expect(got).toEqual([
        '/count minimum',
        '/kind anyOf',
        '/other additionalProperties',
        '/tags maxItems',
        '/title required',
      ]);
      for (const e of body.errors ?? []) {
        expect(e.message.ja.length).toBeGreaterThan(0);
        expect(e.message.en.length).toBeGreaterThan(0);
      }
    });

    it('rejects a body over the limit with 413', async () => {
      const res = await postThing(JSON.stringify({ title: 'x', count: 1, tags: ['y'.repeat(BODY_LIMIT)] }));
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('rejects malformed JSON with 400', async () => {
      const res = await postThing('{"title": "x", "count": 1');
      expectProblem(res, 400, 'MALFORMED_JSON');
    });

    it('rejects __proto__ with 400 even when the rest of the body is valid', async () => {
      const before = fx.handled.count;
      const res = await postThing('{"title":"x","count":1,"__proto__":{"isAdmin":true}}');
      expectProblem(res, 400, 'MALFORMED_JSON');
      expect(fx.handled.count).toBe(before);
    });

    it('rejects constructor.prototype with 400', async () => {
      const res = await postThing('{"title":"x","count":1,"constructor":{"prototype":{"isAdmin":true}}}');
      expectProblem(res, 400, 'MALFORMED_JSON');
    });

    it('rejects an empty JSON body with 400', async () => {
      const res = await postThing('');
      expectProblem(res, 400, 'EMPTY_BODY');
    });

    it('rejects an unsupported content type with 415', async () => {
      const res = await postThing('<thing/>', { 'content-type': 'application/xml' });
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('checks string formats (calendar dates)', async () => {
      const post = (on: string) =>
        fx.app.inject({ method: 'POST', url: '/dated', headers: employerAuth, payload: { on } });
      expect((await post('2024-02-29')).statusCode).toBe(200);
      expect(expectProblem(await post('2023-02-29'), 400, 'VALIDATION_FAILED').errors).toEqual([
        {
          path: '/on',
          code: 'format',
          message: { ja: '日付 (YYYY-MM-DD)の形式で入力してください', en: 'Must be a valid date' },
        },
      ]);
    });

    it('rejects a body that is not an object, pointing at the document root', async () => {
      const res = await postThing('[1,2]');
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors?.[0]).toMatchObject({
        path: '',
        code: 'type',
      });
    });
  });

  describe('query strings and path parameters', () => {
    it('coerces query strings (they are always strings on the wire)', async () => {
      const res = await fx.app.inject({ method: 'GET', url: '/items?limit=20', headers: employerAuth });
      expect(res.statusCode).toBe(200);
      expect(json(res.body)).toEqual({ limit: 20, limitType: 'number' });
    });

    it('names the query part in the path of a query error', async () => {
      const res = await fx.app.inject({ method: 'GET', url: '/items?limit=abc', headers: employerAuth });
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([
        {
          path: 'querystring:/limit',
          code: 'type',
          message: { ja: '整数で指定してください', en: 'Must be of type integer' },
        },
      ]);
    });

    it('rejects unknown query parameters when the schema is closed', async () => {
      const res = await fx.app.inject({
        method: 'GET',
        url: '/items?limit=1&debug=1',
        headers: employerAuth,
      });
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors?.map((e) => e.path)).toEqual([
        'querystring:/debug',
      ]);
    });
  });

  describe('authentication (default deny)', () => {
    it('401 TOKEN_MISSING without a token, with a Bearer challenge, before the body is looked at', async () => {
      const res = await fx.app.inject({
        method: 'POST',
        url: '/things',
        headers: { 'content-type': 'application/json' },
        payload: '{not json',
      });
      expectProblem(res, 401, 'TOKEN_MISSING');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="nenkin"');
    });

    it('401 on a route without any config (authentication is the default)', async () => {
      expectProblem(await fx.app.inject({ method: 'GET', url: '/whoami' }), 401, 'TOKEN_MISSING');
    });

    it('401 TOKEN_EXPIRED for an expired token', async () => {
      const res = await fx.app.inject({
        method: 'GET',
        url: '/whoami',
        headers: await bearer({}, { ttlSec: -120 }),
      });
      expectProblem(res, 401, 'TOKEN_EXPIRED');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="nenkin", error="invalid_token"');
    });

    it('401 TOKEN_INVALID for a token signed by another key', async () => {
      const res = await fx.app.inject({
        method: 'GET',
        url: '/whoami',
        headers: await bearer({}, { pair: otherKeys }),
      });
      expectProblem(res, 401, 'TOKEN_INVALID');
    });

    it('401 TOKEN_INVALID for a token for another audience or issuer', async () => {
      const aud = await fx.app.inject({
        method: 'GET',
        url: '/whoami',
        headers: await bearer({}, { audience: 'other-api' }),
      });
      expectProblem(aud, 401, 'TOKEN_INVALID');
      const iss = await fx.app.inject({
        method: 'GET',
        url: '/whoami',
        headers: await bearer({}, { issuer: 'evil' }),
      });
      expectProblem(iss, 401, 'TOKEN_INVALID');
    });

    it('401 TOKEN_INVALID for a non-Bearer or malformed Authorization header', async () => {
      for (const authorization of [
        'Basic dXNlcjpwYXNz',
        'Bearer not-a-jwt',
        'Bearer a.b.c',
        `Bearer ${'a'.repeat(20000)}.b.c`,
      ]) {
        const res = await fx.app.inject({ method: 'GET', url: '/whoami', headers: { authorization } });
        expectProblem(res, 401, 'TOKEN_INVALID');
      }
    });

    it('401 body says nothing about why beyond the code', async () => {
      const res = await fx.app.inject({
        method: 'GET',
        url: '/whoami',
        headers: await bearer({}, { audience: 'other-api' }),
      });
      expect(res.body).not.toMatch(/aud|audience|claim|signature/i);
    });

    it('a valid token reaches the handler with the principal', async () => {
      const res = await fx.app.inject({
        method: 'GET',
        url: '/whoami',
        headers: await bearer({ sub: 'acme', roles: [Roles.SHAROUSHI, Roles.SHAROUSHI], employers: ['e1'] }),
      });
      expect(res.statusCode).toBe(200);
      expect(json(res.body)).toMatchObject({ sub: 'acme', roles: ['sharoushi'], employers: ['e1'] });
    });

    it('public routes need no token; a sent token is still verified', async () => {
      const anon = await fx.app.inject({ method: 'GET', url: '/public/hello' });
      expect(anon.statusCode).toBe(200);
      expect(json(anon.body)).toEqual({ hello: 'world', caller: null });
      const known = await fx.app.inject({
        method: 'GET',
        url: '/public/hello',
        headers: await bearer({ sub: 'p1' }),
      });
      expect(json(known.body)).toEqual({ hello: 'world', caller: 'p1' });
      const bad = await fx.app.inject({
        method: 'GET',
        url: '/public/hello',
        headers: await bearer({}, { pair: otherKeys }),
      });
      expectProblem(bad, 401, 'TOKEN_INVALID');
    });

    it('reading request.principal on an anonymous public request is a 401, not a crash', async () => {
      expectProblem(await fx.app.inject({ method: 'GET', url: '/public/me' }), 401, 'TOKEN_MISSING');
    });
  });

  describe('authorisation', () => {
    it('403 ROLE_FORBIDDEN for a valid token without the role', async () => {
      const before = fx.handled.count;
      const res = await postThing(
        JSON.stringify({ title: 'x', count: 1 }),
        await bearer({ roles: [Roles.PERSON], person: 'P1' }),
      );
      expectProblem(res, 403, 'ROLE_FORBIDDEN');
      expect(fx.handled.count).toBe(before);
    });

    it("403 EMPLOYER_FORBIDDEN for another employer; 200 for one's own and for staff", async () => {
      const other = await fx.app.inject({
        method: 'GET',
        url: '/employers/99-99-ﾀｼｬ/insured',
        headers: employerAuth,
      });
      expectProblem(other, 403, 'EMPLOYER_FORBIDDEN');
      const own = await fx.app.inject({
        method: 'GET',
        url: `/employers/${encodeURIComponent('21-01-ｹｲﾄ')}/insured`,
        headers: employerAuth,
      });
      expect(own.statusCode).toBe(200);
      expect(json(own.body)).toEqual({ officeCode: '21-01-ｹｲﾄ' });
      const staff = await fx.app.inject({
        method: 'GET',
        url: '/employers/99-99-ﾀｼｬ/insured',
        headers: await bearer({ roles: [Roles.STAFF] }),
      });
      expect(staff.statusCode).toBe(200);
    });
  });

  describe('errors', () => {
    it('a 5xx body leaks no message or stack, and the log has them', async () => {
      const res = await fx.app.inject({ method: 'GET', url: '/boom', headers: employerAuth });
      const body = expectProblem(res, 500, 'INTERNAL_ERROR');
      expect(res.body).not.toContain('hunter2');
      expect(res.body).not.toMatch(/stack|at .*\.ts/i);
      expect(Object.keys(body).sort()).toEqual(['code', 'detail', 'instance', 'status', 'title', 'type']);
      const logged = fx.logs.lines.find(
        (l) => l['msg'] === 'request failed' && l['requestId'] === body.instance,
      );
      expect(JSON.stringify(logged)).toContain('hunter2');
    });

    it('an unknown route is 404 problem+json, with or without a token', async () => {
      expectProblem(await fx.app.inject({ method: 'GET', url: '/nope' }), 404, 'ROUTE_NOT_FOUND');
      expectProblem(
        await fx.app.inject({ method: 'DELETE', url: '/things', headers: employerAuth }),
        404,
        'ROUTE_NOT_FOUND',
      );
    });
  });

  describe('request and correlation ids', () => {
    it('echoes a well-formed x-request-id and uses it as the problem instance', async () => {
      const res = await fx.app.inject({
        method: 'GET',
        url: '/nope',
        headers: { 'x-request-id': 'req-123' },
      });
      expect(res.headers['x-request-id']).toBe('req-123');
      expect(json(res.body)['instance']).toBe('req-123');
    });

    it('replaces a malformed x-request-id with a generated one', async () => {
      const res = await fx.app.inject({
        method: 'GET',
        url: '/nope',
        headers: { 'x-request-id': 'bad id\twith spaces' },
      });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('carries x-correlation-id to the request, the response and the log lines', async () => {
      const res = await fx.app.inject({
        method: 'GET',
        url: '/whoami',
        headers: { ...employerAuth, 'x-correlation-id': 'flow-42', 'x-request-id': 'r-42' },
      });
      expect(res.statusCode).toBe(200);
      expect(json(res.body)['correlationId']).toBe('flow-42');
      expect(res.headers['x-correlation-id']).toBe('flow-42');
      const line = fx.logs.lines.find((l) => l['requestId'] === 'r-42' && l['msg'] === 'request completed');
      expect(line).toMatchObject({ correlationId: 'flow-42', route: '/whoami', status: 200 });
    });

    it('defaults the correlation id to the request id', async () => {
      const res = await fx.app.inject({
        method: 'GET',
        url: '/whoami',
        headers: { ...employerAuth, 'x-request-id': 'r-43' },
      });
      expect(json(res.body)['correlationId']).toBe('r-43');
      expect(res.headers['x-correlation-id']).toBe('r-43');
    });

    it('never logs the Authorization header or the raw URL with its query', async () => {
      await fx.app.inject({
        method: 'GET',
        url: '/items?limit=7',
        headers: { ...employerAuth, 'x-request-id': 'r-44' },
      });
      const text = JSON.stringify(fx.logs.lines.filter((l) => l['requestId'] === 'r-44'));
      expect(text).toContain('/items');
      expect(text).not.toContain(employerAuth.authorization.slice(7, 40));
      expect(text).not.toContain('limit=7');
    });
  });

  describe('operational endpoints', () => {
    it('/health/live is public', async () => {
      const res = await fx.app.inject({ method: 'GET', url: '/health/live' });
      expect(res.statusCode).toBe(200);
      expect(json(res.body)).toEqual({ status: 'ok' });
    });

    it('/health/ready reports each check', async () => {
      const res = await fx.app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(200);
      expect(json(res.body)).toEqual({ status: 'ok', checks: { db: 'ok', kafka: 'ok' } });
    });

    it('/metrics is public prom text with the HTTP histogram per route', async () => {
      await fx.app.inject({ method: 'GET', url: '/whoami', headers: employerAuth });
      const res = await fx.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.body).toMatch(
        /http_request_duration_seconds_count\{[^}]*route="\/whoami"[^}]*status="200"[^}]*\} [1-9]/,
      );
      expect(res.body).toMatch(/http_request_duration_seconds_count\{[^}]*route="not_found"/);
      for (const name of ['outbox_backlog', 'consumer_lag', 'dlq_messages_total'])
        expect(res.body).toContain(name);
    });

    it('/openapi.json is generated from the route schemas, with auth only where required', async () => {
      const res = await fx.app.inject({ method: 'GET', url: '/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = json(res.body) as {
        openapi: string;
        info: { title: string; version: string };
        security: unknown[];
        paths: Record<
          string,
          Record<
            string,
            {
              security?: unknown[];
              requestBody?: { content: Record<string, { schema: { additionalProperties?: boolean } }> };
            }
          >
        >;
      };
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.info).toEqual({ title: 'test-service API', version: '1.2.3' });
      expect(doc.security).toEqual([{ bearerAuth: [] }]);
      expect(
        doc.paths['/things']?.['post']?.requestBody?.content['application/json']?.schema.additionalProperties,
      ).toBe(false);
      expect(doc.paths['/things']?.['post']?.security).toBeUndefined();
      expect(doc.paths['/health/live']?.['get']?.security).toEqual([]);
      expect(doc.paths['/public/hello']?.['get']?.security).toEqual([]);
      expect(doc.paths['/metrics']).toBeUndefined();
    });

    it('/docs serves the UI without a token', async () => {
      const res = await fx.app.inject({ method: 'GET', url: '/docs/' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    });
  });
});

describe('createHttpApp: readiness failures', () => {
  it('503 NOT_READY naming the failing check (error, and timeout)', async () => {
    const { app, logs } = await buildApp({
      readiness: {
        db: async () => undefined,
        kafka: async () => {
          throw new Error('broker kafka-0 refused the connection');
        },
        slow: () => new Promise<void>(() => undefined),
      },
      readinessTimeoutMs: 50,
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/health/ready' });
      const body = expectProblem(res, 503, 'NOT_READY');
      expect(body.detail).toBe('Not ready: kafka, slow');
      expect(body.checks).toEqual({ db: 'ok', kafka: 'failed', slow: 'failed' });
      expect(res.body).not.toContain('refused');
      expect(logs.lines.some((l) => l['check'] === 'kafka' && JSON.stringify(l).includes('refused'))).toBe(
        true,
      );
      // liveness does not depend on the dependencies
      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('createHttpApp: rate limit', () => {
  it('429 RATE_LIMITED with Retry-After once a client exceeds its budget; keyed by token sub', async () => {
    const { app } = await buildApp({ rateLimitMax: 3 });
    try {
      const alice = await bearer({ sub: 'alice' });
      for (let i = 0; i < 3; i += 1) {
        expect((await app.inject({ method: 'GET', url: '/whoami', headers: alice })).statusCode).toBe(200);
      }
      const limited = await app.inject({ method: 'GET', url: '/whoami', headers: alice });
      const body = expectProblem(limited, 429, 'RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(body.detail).toMatch(/retry in \d+ s/);
      // another client from the same IP has its own budget
      const bob = await app.inject({ method: 'GET', url: '/whoami', headers: await bearer({ sub: 'bob' }) });
      expect(bob.statusCode).toBe(200);
      // health endpoints are never rate-limited
      for (let i = 0; i < 5; i += 1)
        expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('anonymous public requests are limited by IP', async () => {
    const { app } = await buildApp({ rateLimitMax: 2 });
    try {
      await app.inject({ method: 'GET', url: '/public/hello' });
      await app.inject({ method: 'GET', url: '/public/hello' });
      expectProblem(await app.inject({ method: 'GET', url: '/public/hello' }), 429, 'RATE_LIMITED');
    } finally {
      await app.close();
    }
  });
});

describe('createHttpApp: load shedding', () => {
  it('503 SERVICE_OVERLOADED with Retry-After under pressure; liveness and metrics still answer', async () => {
    const { app } = await buildApp({
      underPressure: { healthCheck: async () => false, healthCheckInterval: 60_000, retryAfter: 7 },
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/whoami', headers: await bearer({}) });
      expectProblem(res, 503, 'SERVICE_OVERLOADED');
      expect(res.headers['retry-after']).toBe('7');
      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('createHttpApp: token edge cases', () => {
  it('an oversized or malformed Authorization header never reaches the verifier', async () => {
    const seen: string[] = [];
    const verifier = createVerifier({ publicKeyPem: keys.publicKeyPem, issuer: ISSUER, audience: AUDIENCE });
    const { app } = await buildApp({
      auth: async (t) => {
        seen.push(t);
        return verifier(t);
      },
    });
    try {
      for (const authorization of [`Bearer ${'a'.repeat(20_000)}.b.c`, 'Bearer a.b', 'Token a.b.c']) {
        expectProblem(
          await app.inject({ method: 'GET', url: '/whoami', headers: { authorization } }),
          401,
          'TOKEN_INVALID',
        );
      }
      expect(seen).toEqual([]);
      const good = await bearer({});
      expect((await app.inject({ method: 'GET', url: '/whoami', headers: good })).statusCode).toBe(200);
      expect(seen).toEqual([good.authorization.slice('Bearer '.length)]);
    } finally {
      await app.close();
    }
  });

  it('a token without exp is refused', async () => {
    const { app } = await buildApp();
    try {
      const key = await importPKCS8(keys.privateKeyPem, 'ES256');
      const noExp = await new SignJWT({ sub: 'x', roles: ['staff'] })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .sign(key);
      expectProblem(
        await app.inject({ method: 'GET', url: '/whoami', headers: { authorization: `Bearer ${noExp}` } }),
        401,
        'TOKEN_INVALID',
      );
    } finally {
      await app.close();
    }
  });
});
