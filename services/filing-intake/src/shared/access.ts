/**
 * Who may file for, and read, what (ARCHITECTURE §4; docs/filing-intake.md "Authorization").
 *
 * - staff: everything (the agency's counter files on anyone's behalf).
 * - employer: the offices in its token's `employers` claim.
 * - 社労士 / vendor: an office only while that office's grant to them (POST /v1/delegations) is
 *   active — the token's claim alone is not enough; they always see the filings they submitted.
 * - integration (e-Gov / マイナポータル): files for anyone (it authenticated the user itself) and
 *   reads only what it submitted.
 * - person: its own 国民年金 applications.
 * - ops: no personal data.
 */
import { Roles, type Principal } from '@nenkin/contracts/auth';
import type { Queryable } from '@nenkin/platform/db';
import { ErrorCodes, forbidden } from '@nenkin/platform/errors';
import type { DelegationRepository } from '../delegations/delegation-repository';

const has = (p: Principal, role: string): boolean => (p.roles as readonly string[]).includes(role);

export type Subject = { officeCode?: string; personId?: string };

export const createAccess = (delegations: Pick<DelegationRepository, 'isGranted' | 'grantedOffices'>) => {
  /** May `p` file for (and read everything of) this office? */
  const canActForOffice = async (q: Queryable, p: Principal, officeCode: string): Promise<boolean> => {
    if (has(p, Roles.STAFF)) return true;
    if (has(p, Roles.EMPLOYER) && p.employers.includes(officeCode)) return true;
    if (has(p, Roles.SHAROUSHI) || has(p, Roles.VENDOR)) return delegations.isGranted(q, officeCode, p.sub);
    return false;
  };

  const canActForPerson = (p: Principal, personId: string): boolean =>
    has(p, Roles.STAFF) || (has(p, Roles.PERSON) && p.person === personId);

  /** May `p` submit a filing about `s`? Integrations relay for anyone. */
  const canSubmit = async (q: Queryable, p: Principal, s: Subject): Promise<boolean> => {
    if (has(p, Roles.INTEGRATION)) return true;
    if (s.officeCode !== undefined) return canActForOffice(q, p, s.officeCode);
    if (s.personId !== undefined) return canActForPerson(p, s.personId);
    return false;
  };

  const assertSubmit = async (q: Queryable, p: Principal, s: Subject): Promise<void> => {
    if (!(await canSubmit(q, p, s))) {
      throw s.officeCode !== undefined
        ? forbidden(ErrorCodes.EMPLOYER_FORBIDDEN, 'The caller may not file for this employer (no delegation?)')
        : forbidden(ErrorCodes.PERSON_FORBIDDEN, 'The caller may not file for this person');
    }
  };

  /** May `p` read a filing (or batch) about `s` submitted by `submittedBy`? */
  const canRead = async (q: Queryable, p: Principal, s: Subject, submittedBy: string): Promise<boolean> => {
    if (has(p, Roles.STAFF)) return true;
    if (submittedBy === p.sub && !has(p, Roles.OPS)) return true;
    if (s.officeCode !== undefined && (has(p, Roles.EMPLOYER) || has(p, Roles.SHAROUSHI) || has(p, Roles.VENDOR))) {
      return canActForOffice(q, p, s.officeCode);
    }
    if (s.personId !== undefined) return canActForPerson(p, s.personId);
    return false;
  };

  /**
   * The scope of a listing: every filing (staff), or those of these offices / this person / this
   * submitter.
   */
  const listingScope = async (
    q: Queryable,
    p: Principal,
  ): Promise<{ all: true } | { all: false; offices: string[]; person?: string; submitter: string }> => {
    if (has(p, Roles.STAFF)) return { all: true };
    const offices = new Set<string>();
    if (has(p, Roles.EMPLOYER)) p.employers.forEach((o) => offices.add(o));
    if (has(p, Roles.SHAROUSHI) || has(p, Roles.VENDOR)) (await delegations.grantedOffices(q, p.sub)).forEach((o) => offices.add(o));
    return {
      all: false,
      offices: [...offices],
      ...(has(p, Roles.PERSON) && p.person !== undefined ? { person: p.person } : {}),
      submitter: has(p, Roles.OPS) ? '' : p.sub,
    };
  };

  return { canActForOffice, canActForPerson, canSubmit, assertSubmit, canRead, listingScope };
};
export type Access = ReturnType<typeof createAccess>;
