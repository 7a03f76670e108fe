/** Routes of single filings: submit, read, list, 取下げ, 補正. Thin: schema → service → reply. */
import { Type } from '@sinclair/typebox';
import { Roles } from '@nenkin/contracts/auth';
import { FilingChannel, FilingStatus } from '@nenkin/contracts/intake';
import { ArrivalNumber, IsoDate, OpaqueId } from '@nenkin/contracts/primitives';
import { requireRoles } from '@nenkin/platform/auth';
import { validationFailed } from '@nenkin/platform/errors';
import type { HttpApp } from '@nenkin/platform/http';
import { DEFAULT_PAGE_SIZE, IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_PATTERN, MAX_PAGE_SIZE, TRIAL_HEADER } from '../../definitions';
import type { FilingService } from '../../filings/filing-service';

export const FilingRequest = Type.Object(
  {
    /** 様式コード (employer forms) or the 国民年金 application code. */
    formCode: Type.String({ minLength: 1, maxLength: 32 }),
    /** 事業所整理記号 of the employer the filing concerns (employer forms). */
    officeCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    /** Opaque id of the person (国民年金 applications). */
    personId: Type.Optional(OpaqueId),
    /** Integrations and staff say which channel the filing came through. */
    channel: Type.Optional(FilingChannel),
    /** The form's items (see @nenkin/contracts/forms); checked by validateFiling. */
    data: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 200 }),
  },
  { additionalProperties: false },
);

const SubmitHeaders = Type.Object({
  [IDEMPOTENCY_HEADER]: Type.Optional(Type.String({ maxLength: 255 })),
  [TRIAL_HEADER]: Type.Optional(Type.String({ maxLength: 10 })),
});

const ArrivalParams = Type.Object({ arrivalNumber: ArrivalNumber }, { additionalProperties: false });

const ListQuery = Type.Object(
  {
    employer: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    status: Type.Optional(FilingStatus),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    after: Type.Optional(ArrivalNumber),
    limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }),
  },
  { additionalProperties: false },
);

const SUBMITTERS = [Roles.EMPLOYER, Roles.SHAROUSHI, Roles.VENDOR, Roles.INTEGRATION, Roles.PERSON, Roles.STAFF] as const;
const READERS = SUBMITTERS;

const isTrial = (v: string | undefined): boolean => v !== undefined && v.toLowerCase() === 'true';

const idempotencyKeyOf = (v: string | undefined, trial: boolean): string | undefined => {
  if (trial) return undefined;
  if (v === undefined || !IDEMPOTENCY_KEY_PATTERN.test(v)) {
    throw validationFailed(
      [{ path: 'headers:/idempotency-key', code: 'IDEMPOTENCY_KEY_REQUIRED', message: { ja: 'Idempotency-Keyヘッダ（1〜255文字の印字可能ASCII）が必要です', en: 'An Idempotency-Key header (1–255 printable ASCII characters) is required' } }],
      'Idempotency-Key is required',
    );
  }
  return v;
};

export const filingRoutes = (app: HttpApp, service: FilingService): void => {
  app.post(
    '/v1/filings',
    { schema: { body: FilingRequest, headers: SubmitHeaders, tags: ['filings'] }, preHandler: requireRoles(...SUBMITTERS) },
    async (request, reply) => {
      const trial = isTrial(request.headers[TRIAL_HEADER]);
      const result = await service.submit(
        { principal: request.principal, input: request.body, idempotencyKey: idempotencyKeyOf(request.headers[IDEMPOTENCY_HEADER], trial), trial, correlationId: request.correlationId },
        'POST /v1/filings',
      );
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      if (result.statusCode >= 400) reply.type('application/problem+json; charset=utf-8');
      return reply.status(result.statusCode).send(result.statusCode >= 400 ? { ...result.body, instance: request.id } : result.body);
    },
  );

  app.get(
    '/v1/filings/:arrivalNumber',
    { schema: { params: ArrivalParams, tags: ['filings'] }, preHandler: requireRoles(...READERS) },
    async (request) => service.get(request.principal, request.params.arrivalNumber),
  );

  app.get(
    '/v1/filings',
    { schema: { querystring: ListQuery, tags: ['filings'] }, preHandler: requireRoles(...READERS) },
    async (request) => service.list(request.principal, request.query),
  );

  app.post(
    '/v1/filings/:arrivalNumber/withdraw',
    {
      schema: { params: ArrivalParams, body: Type.Optional(Type.Object({ reason: Type.Optional(Type.String({ maxLength: 400 })) }, { additionalProperties: false })), tags: ['filings'] },
      preHandler: requireRoles(...SUBMITTERS),
    },
    async (request) => service.withdraw(request.principal, request.params.arrivalNumber, request.body?.reason, request.correlationId),
  );

  app.post(
    '/v1/filings/:arrivalNumber/amend',
    { schema: { params: ArrivalParams, body: FilingRequest, headers: SubmitHeaders, tags: ['filings'] }, preHandler: requireRoles(...SUBMITTERS) },
    async (request, reply) => {
      const result = await service.submit(
        {
          principal: request.principal,
          input: request.body,
          idempotencyKey: idempotencyKeyOf(request.headers[IDEMPOTENCY_HEADER], false),
          trial: false,
          correlationId: request.correlationId,
          amends: request.params.arrivalNumber,
        },
        'POST /v1/filings/amend',
      );
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      if (result.statusCode >= 400) reply.type('application/problem+json; charset=utf-8');
      return reply.status(result.statusCode).send(result.statusCode >= 400 ? { ...result.body, instance: request.id } : result.body);
    },
  );
};
