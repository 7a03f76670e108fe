/** Staff: 国民年金 免除・納付猶予・学生納付特例 applications and their decisions (see exemptions/exemption-service). */
import { Type } from '@sinclair/typebox';
import { Roles } from '@nenkin/contracts/auth';
import { OpaqueId } from '@nenkin/contracts/primitives';
import { requireRoles } from '@nenkin/platform/auth';
import type { HttpApp } from '@nenkin/platform/http';
import type { ExemptionService } from '../../exemptions/exemption-service';
import { actorOf } from '../../shared/actor';

const Status = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]);
const Decision = Type.Object(
  {
    decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
  },
  { additionalProperties: false },
);

export const exemptionRoutes = (app: HttpApp, exemptions: ExemptionService): void => {
  app.get(
    '/v1/staff/exemption-applications',
    {
      preHandler: requireRoles(Roles.STAFF),
      schema: {
        tags: ['staff'],
        summary: '国民年金 免除・納付猶予・学生納付特例 applications by status (default pending)',
        querystring: Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false }),
      },
    },
    async (request) => ({ applications: await exemptions.list(request.query.status ?? 'pending', actorOf(request)) }),
  );
  app.post(
    '/v1/staff/exemption-applications/:applicationId/decision',
    {
      preHandler: requireRoles(Roles.STAFF),
      schema: { tags: ['staff'], summary: 'Approve or reject a pending application (final)', params: Type.Object({ applicationId: OpaqueId }), body: Decision },
    },
    async (request) => exemptions.decide(request.params.applicationId, request.body, actorOf(request)),
  );
};
