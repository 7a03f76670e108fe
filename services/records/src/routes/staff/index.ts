/** Staff: the duplicate-review queue and its decisions (see filings/review-service). */
import { Type } from '@sinclair/typebox';
import { Roles } from '@nenkin/contracts/auth';
import { OpaqueId, Uuid } from '@nenkin/contracts/primitives';
import { requireRoles } from '@nenkin/platform/auth';
import type { HttpApp } from '@nenkin/platform/http';
import type { ReviewService } from '../../filings/review-service';
import { actorOf } from '../../shared/actor';

const Decision = Type.Union([
  Type.Object({ decision: Type.Literal('same-person'), personId: OpaqueId }, { additionalProperties: false }),
  Type.Object({ decision: Type.Literal('different-person') }, { additionalProperties: false }),
]);

export const staffRoutes = (app: HttpApp, reviews: ReviewService): void => {
  app.get(
    '/v1/staff/duplicate-reviews',
    { preHandler: requireRoles(Roles.STAFF), schema: { tags: ['staff'], summary: 'Filings held as possible duplicates, with candidates' } },
    async (request) => ({ reviews: await reviews.list(actorOf(request)) }),
  );
  app.post(
    '/v1/staff/duplicate-reviews/:filingId',
    {
      preHandler: requireRoles(Roles.STAFF),
      schema: { tags: ['staff'], summary: 'Decide: the same person as a candidate, or a different person', params: Type.Object({ filingId: Uuid }), body: Decision },
    },
    async (request) => reviews.decide(request.params.filingId, request.body, actorOf(request)),
  );
};
