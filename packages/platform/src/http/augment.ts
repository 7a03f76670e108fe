/**
 * What the platform adds to fastify's types: `request.principal` / `request.correlationId`, and the
 * route config flags it reads (`public`, and under-pressure's per-route `pressureHandler`).
 */
import type { FastifyReply } from 'fastify';
import type { Principal } from '@nenkin/contracts/auth';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller. Reading it on a request without a valid token throws 401 TOKEN_MISSING. */
    readonly principal: Principal;
    /** The id of the whole flow (x-correlation-id, else the request id); put it on every event. */
    correlationId: string;
  }
  interface FastifyContextConfig {
    /** Route needs no token (default: every route requires one). A token, if sent, is still verified. */
    public?: boolean;
    /** @fastify/under-pressure per-route override; return nothing to let the request through. */
    pressureHandler?: (
      request: FastifyRequest,
      reply: FastifyReply,
      type: string,
      value: number | undefined,
    ) => void;
  }
}

export {};
