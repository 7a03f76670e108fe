/** Delegation routes: an employer grants / revokes a 社労士 or vendor; both sides list. */
import { Type } from '@sinclair/typebox';
import { Roles } from '@nenkin/contracts/auth';
import { Uuid } from '@nenkin/contracts/primitives';
import { requireRoles } from '@nenkin/platform/auth';
import type { HttpApp } from '@nenkin/platform/http';
import type { DelegationService } from '../../delegations/delegation-service';

const GrantBody = Type.Object(
  {
    officeCode: Type.String({ minLength: 1, maxLength: 32 }),
    delegateSub: Type.String({ minLength: 1, maxLength: 128 }),
    delegateRole: Type.Union([Type.Literal('sharoushi'), Type.Literal('vendor')]),
  },
  { additionalProperties: false },
);

export const delegationRoutes = (app: HttpApp, service: DelegationService): void => {
  app.post(
    '/v1/delegations',
    { schema: { body: GrantBody, tags: ['delegations'] }, preHandler: requireRoles(Roles.EMPLOYER, Roles.STAFF) },
    async (request, reply) => reply.status(201).send(await service.grant(request.principal, request.body)),
  );
  app.get(
    '/v1/delegations',
    { schema: { tags: ['delegations'] }, preHandler: requireRoles(Roles.EMPLOYER, Roles.SHAROUSHI, Roles.VENDOR, Roles.STAFF) },
    async (request) => service.list(request.principal),
  );
  app.delete(
    '/v1/delegations/:delegationId',
    { schema: { params: Type.Object({ delegationId: Uuid }, { additionalProperties: false }), tags: ['delegations'] }, preHandler: requireRoles(Roles.EMPLOYER, Roles.STAFF) },
    async (request, reply) => {
      await service.revoke(request.principal, request.params.delegationId);
      return reply.status(204).send();
    },
  );
};
