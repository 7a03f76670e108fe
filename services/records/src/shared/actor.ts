/** Who acts in a request, as the services audit it and put it on events: taken from the token. */
import type { Principal } from '@nenkin/contracts/auth';

export type Actor = { sub: string; roles: readonly string[]; person?: string; requestId: string; correlationId: string };

export const actorOf = (r: { principal: Principal; id: string; correlationId: string }): Actor => ({
  sub: r.principal.sub,
  roles: r.principal.roles,
  ...(r.principal.person === undefined ? {} : { person: r.principal.person }),
  requestId: r.id,
  correlationId: r.correlationId,
});
