/**
 * Delegations: an employer grants a 社労士 or a vendor the right to file for it (and to see those
 * filings). Only the employer itself (or staff) grants and revokes; the delegate sees its grants.
 */
import { randomUUID } from 'node:crypto';
import { Roles, type Principal } from '@nenkin/contracts/auth';
import type { Clock } from '@nenkin/platform/clock';
import type { Pool } from '@nenkin/platform/db';
import { conflict, forbidden, notFound, validationFailed } from '@nenkin/platform/errors';
import { parseOfficeCodeString } from '@nenkin/rules/identifiers';
import type { DelegationRepository, DelegationRow } from './delegation-repository';

const has = (p: Principal, r: string) => (p.roles as readonly string[]).includes(r);

/** Grants are made by the office itself (role employer with the office in its token) or staff. */
const canGrant = (p: Principal, officeCode: string): boolean => has(p, Roles.STAFF) || (has(p, Roles.EMPLOYER) && p.employers.includes(officeCode));

const view = (d: DelegationRow) => ({
  delegationId: d.delegation_id,
  officeCode: d.office_code,
  delegateSub: d.delegate_sub,
  delegateRole: d.delegate_role,
  grantedBy: d.granted_by,
  grantedAt: d.granted_at.toISOString(),
});

export const delegationService = (deps: { db: Pool; clock: Clock; repo: DelegationRepository }) => {
  const { db, clock, repo } = deps;

  const grant = async (p: Principal, input: { officeCode: string; delegateSub: string; delegateRole: 'sharoushi' | 'vendor' }) => {
    const parsed = parseOfficeCodeString(input.officeCode, { path: '/officeCode' });
    if (!parsed.ok) throw validationFailed([...parsed.errors]);
    const officeCode = parsed.value.key;
    if (!canGrant(p, officeCode)) throw forbidden('EMPLOYER_FORBIDDEN', 'Only the employer itself may grant a delegation');
    const row = await repo.insert(db, { delegationId: randomUUID(), officeCode, delegateSub: input.delegateSub, delegateRole: input.delegateRole, grantedBy: p.sub, at: clock.now() });
    if (row === undefined) throw conflict('DELEGATION_EXISTS', 'This delegate already holds an active grant for this employer');
    return view(row);
  };

  const list = async (p: Principal) => {
    if (has(p, Roles.STAFF)) return { items: (await repo.list(db, {})).map(view) };
    const asEmployer = has(p, Roles.EMPLOYER) ? await repo.list(db, { officeCodes: p.employers }) : [];
    const asDelegate = has(p, Roles.SHAROUSHI) || has(p, Roles.VENDOR) ? await repo.list(db, { delegateSub: p.sub }) : [];
    const seen = new Set<string>();
    return { items: [...asEmployer, ...asDelegate].filter((d) => !seen.has(d.delegation_id) && seen.add(d.delegation_id)).map(view) };
  };

  const revoke = async (p: Principal, id: string): Promise<void> => {
    const d = await repo.get(db, id);
    if (d === undefined || d.revoked_at !== null || !canGrant(p, d.office_code)) throw notFound('DELEGATION_NOT_FOUND', 'No such delegation');
    await repo.revoke(db, id, clock.now());
  };

  return { grant, list, revoke };
};
export type DelegationService = ReturnType<typeof delegationService>;
