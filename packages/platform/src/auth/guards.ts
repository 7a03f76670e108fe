/**
 * Authorisation helpers (ARCHITECTURE §4): role checks per route, object checks per id.
 *
 * Route level: `preHandler: requireRoles(Roles.EMPLOYER, Roles.SHAROUSHI)` → 403 ROLE_FORBIDDEN.
 * Object level, in the handler or service, on every id taken from the request:
 *   assertEmployer(request.principal, officeCode)  → 403 EMPLOYER_FORBIDDEN
 *   assertPerson(request.principal, personId)      → 403 PERSON_FORBIDDEN
 * Employer A never sees employer B; person X never sees person Y. Ids are compared as given —
 * callers pass canonical forms (normalised 事業所整理記号, opaque person ids).
 */
import type { FastifyRequest } from 'fastify';
import { Roles, type Principal, type Role } from '@nenkin/contracts/auth';
import { ErrorCodes, forbidden } from '../errors';
import '../http/augment';

/** Roles that act for the agency itself and may see every employer. */
const AGENCY_ROLES: readonly Role[] = [Roles.STAFF, Roles.OPS];

export const hasAnyRole = (principal: Principal, roles: readonly Role[]): boolean =>
  roles.some((r) => principal.roles.includes(r));

/**
 * preHandler: the caller must hold at least one of `roles`. Requires an authenticated route
 * (reading `request.principal` on an anonymous public request is itself a 401).
 */
export const requireRoles = (...roles: Role[]) => {
  if (roles.length === 0) throw new Error('requireRoles: name at least one role');
  return async (request: FastifyRequest): Promise<void> => {
    if (!hasAnyRole(request.principal, roles)) {
      throw forbidden(
        ErrorCodes.ROLE_FORBIDDEN,
        `This operation requires one of the roles: ${roles.join(', ')}`,
      );
    }
  };
};

/** Staff and ops act for every employer; everyone else only for the offices in their token. */
export const canActForEmployer = (principal: Principal, officeCode: string): boolean =>
  hasAnyRole(principal, AGENCY_ROLES) || principal.employers.includes(officeCode);

export const assertEmployer = (principal: Principal, officeCode: string): void => {
  if (!canActForEmployer(principal, officeCode)) {
    throw forbidden(ErrorCodes.EMPLOYER_FORBIDDEN, 'The caller may not act for this employer');
  }
};

/** Staff see every person; an individual (role `person`) only their own record. */
export const canActForPerson = (principal: Principal, personId: string): boolean =>
  principal.roles.includes(Roles.STAFF) ||
  (principal.roles.includes(Roles.PERSON) && principal.person !== undefined && principal.person === personId);

export const assertPerson = (principal: Principal, personId: string): void => {
  if (!canActForPerson(principal, personId)) {
    throw forbidden(ErrorCodes.PERSON_FORBIDDEN, 'The caller may not access this person');
  }
};
