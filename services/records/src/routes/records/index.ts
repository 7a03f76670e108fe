/**
 * The record view: `GET /v1/me/record` (a person; identity from the token), `GET /v1/persons/{personId}/record`
 * (staff), `GET /v1/me/access-log`. personId is opaque: no 基礎年金番号 or マイナンバー in any URL.
 */
import { Type } from '@sinclair/typebox';
import { Roles } from '@nenkin/contracts/auth';
import { OpaqueId } from '@nenkin/contracts/primitives';
import { assertPerson, requireRoles } from '@nenkin/platform/auth';
import { forbidden } from '@nenkin/platform/errors';
import type { HttpApp } from '@nenkin/platform/http';
import { AuditPurposes, UNCLAIMED_SEARCH_PER_MINUTE } from '../../definitions';
import type { UnclaimedService } from '../../records/unclaimed-service';
import { todayInJapan, type Clock } from '@nenkin/platform/clock';
import { estimateFromRecord } from '../../records/estimate-service';
import type { RecordService } from '../../records/record-service';
import { actorOf, type Actor } from '../../shared/actor';

const EstimateQuery = Type.Object(
  {
    claimAge: Type.Optional(Type.String({ pattern: '^(6\\d|7[0-5])$' })),
    futurePay: Type.Optional(Type.String({ pattern: '^\\d{1,8}$' })),
  },
  { additionalProperties: false },
);

export const recordRoutes = (app: HttpApp, service: RecordService, clock: Clock): void => {
  const estimateOf = async (personId: string, actor: Actor, purpose: string, q: { claimAge?: string; futurePay?: string }) => {
    const record = await service.getRecord(personId, actor, purpose);
    return estimateFromRecord(record, { today: todayInJapan(clock), claimAge: Number(q.claimAge ?? '65'), ...(q.futurePay === undefined ? {} : { futurePay: Number(q.futurePay) }) });
  };

  app.get(
    '/v1/me/estimate',
    { preHandler: requireRoles(Roles.PERSON), schema: { tags: ['record'], summary: '年金見込額 (claim age 60–75)', querystring: EstimateQuery } },
    async (request) => {
      const personId = request.principal.person;
      if (personId === undefined) throw forbidden('PERSON_FORBIDDEN', 'The token names no person');
      return estimateOf(personId, actorOf(request), AuditPurposes.SELF, request.query);
    },
  );

  app.get(
    '/v1/persons/:personId/estimate',
    { preHandler: requireRoles(Roles.STAFF), schema: { tags: ['record'], summary: '年金見込額 (staff)', params: Type.Object({ personId: OpaqueId }), querystring: EstimateQuery } },
    async (request) => {
      assertPerson(request.principal, request.params.personId);
      return estimateOf(request.params.personId, actorOf(request), AuditPurposes.STAFF, request.query);
    },
  );

  app.get(
    '/v1/me/record',
    { preHandler: requireRoles(Roles.PERSON), schema: { tags: ['record'], summary: 'My pension record' } },
    async (request) => {
      const personId = request.principal.person;
      if (personId === undefined) throw forbidden('PERSON_FORBIDDEN', 'The token names no person');
      return service.getRecord(personId, actorOf(request), AuditPurposes.SELF);
    },
  );

  app.get(
    '/v1/persons/:personId/record',
    {
      preHandler: requireRoles(Roles.STAFF),
      schema: { tags: ['record'], summary: "A person's pension record (staff)", params: Type.Object({ personId: OpaqueId }) },
    },
    async (request) => {
      assertPerson(request.principal, request.params.personId);
      return service.getRecord(request.params.personId, actorOf(request), AuditPurposes.STAFF);
    },
  );

  app.get(
    '/v1/me/access-log',
    { preHandler: requireRoles(Roles.PERSON), schema: { tags: ['record'], summary: 'Who read my record, when and why' } },
    async (request) => {
      const personId = request.principal.person;
      if (personId === undefined) throw forbidden('PERSON_FORBIDDEN', 'The token names no person');
      return { entries: await service.accessLog(personId) };
    },
  );
};

export const unclaimedRoutes = (app: HttpApp, service: UnclaimedService): void => {
  app.post(
    '/v1/unclaimed-records/search',
    {
      preHandler: requireRoles(Roles.PERSON, Roles.STAFF),
      config: { rateLimit: { max: UNCLAIMED_SEARCH_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        tags: ['record'],
        summary: '持ち主不明記録検索: ranked, masked candidates',
        body: Type.Object(
          {
            nameKana: Type.String({ minLength: 1, maxLength: 50 }),
            birthDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
            sex: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('2')])),
            formerEmployerName: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => ({
      candidates: await service.search(request.body, actorOf(request)),
    }),
  );
};
