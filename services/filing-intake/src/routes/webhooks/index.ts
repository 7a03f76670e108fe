/** Webhook subscription routes and the delivery log. */
import { Type } from '@sinclair/typebox';
import { Roles } from '@nenkin/contracts/auth';
import { Uuid } from '@nenkin/contracts/primitives';
import { requireRoles } from '@nenkin/platform/auth';
import type { HttpApp } from '@nenkin/platform/http';
import type { WebhookService } from '../../webhooks/webhook-service';

const CreateBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 500 }),
    /** Subscribe to every filing of this employer; omitted: the filings the caller submitted. */
    officeCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ webhookId: Uuid }, { additionalProperties: false });
const SUBSCRIBERS = [Roles.EMPLOYER, Roles.SHAROUSHI, Roles.VENDOR, Roles.INTEGRATION, Roles.STAFF] as const;

export const webhookRoutes = (app: HttpApp, service: WebhookService): void => {
  app.post('/v1/webhooks', { schema: { body: CreateBody, tags: ['webhooks'] }, preHandler: requireRoles(...SUBSCRIBERS) }, async (request, reply) =>
    reply.status(201).send(await service.create(request.principal, request.body)),
  );
  app.get('/v1/webhooks', { schema: { tags: ['webhooks'] }, preHandler: requireRoles(...SUBSCRIBERS) }, async (request) => service.list(request.principal));
  app.delete('/v1/webhooks/:webhookId', { schema: { params: IdParams, tags: ['webhooks'] }, preHandler: requireRoles(...SUBSCRIBERS) }, async (request, reply) => {
    await service.remove(request.principal, request.params.webhookId);
    return reply.status(204).send();
  });
  app.get('/v1/webhooks/:webhookId/deliveries', { schema: { params: IdParams, tags: ['webhooks'] }, preHandler: requireRoles(...SUBSCRIBERS) }, async (request) =>
    service.deliveries(request.principal, request.params.webhookId),
  );
};
