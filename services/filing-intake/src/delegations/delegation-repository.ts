/** SQL of delegations (an employer's grant to a 社労士 or a vendor). Every method takes a Queryable. */
import type { Queryable } from '@nenkin/platform/db';

export type DelegationRow = {
  delegation_id: string;
  office_code: string;
  delegate_sub: string;
  delegate_role: string;
  granted_by: string;
  granted_at: Date;
  revoked_at: Date | null;
};

export const delegationRepository = () => ({
  isGranted: async (q: Queryable, officeCode: string, delegateSub: string): Promise<boolean> => {
    const { rowCount } = await q.query(
      'SELECT 1 FROM delegations WHERE office_code = $1 AND delegate_sub = $2 AND revoked_at IS NULL',
      [officeCode, delegateSub],
    );
    return (rowCount ?? 0) > 0;
  },
  grantedOffices: async (q: Queryable, delegateSub: string): Promise<string[]> => {
    const { rows } = await q.query<{ office_code: string }>(
      'SELECT office_code FROM delegations WHERE delegate_sub = $1 AND revoked_at IS NULL',
      [delegateSub],
    );
    return rows.map((r) => r.office_code);
  },
  insert: async (
    q: Queryable,
    d: { delegationId: string; officeCode: string; delegateSub: string; delegateRole: string; grantedBy: string; at: Date },
  ): Promise<DelegationRow | undefined> => {
    const { rows } = await q.query<DelegationRow>(
      `INSERT INTO delegations (delegation_id, office_code, delegate_sub, delegate_role, granted_by, granted_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (office_code, delegate_sub) WHERE revoked_at IS NULL DO NOTHING
       RETURNING *`,
      [d.delegationId, d.officeCode, d.delegateSub, d.delegateRole, d.grantedBy, d.at],
    );
    return rows[0];
  },
  findActive: async (q: Queryable, officeCode: string, delegateSub: string): Promise<DelegationRow | undefined> => {
    const { rows } = await q.query<DelegationRow>(
      'SELECT * FROM delegations WHERE office_code = $1 AND delegate_sub = $2 AND revoked_at IS NULL',
      [officeCode, delegateSub],
    );
    return rows[0];
  },
  get: async (q: Queryable, id: string): Promise<DelegationRow | undefined> => {
    const { rows } = await q.query<DelegationRow>('SELECT * FROM delegations WHERE delegation_id = $1', [id]);
    return rows[0];
  },
  list: async (q: Queryable, by: { officeCodes?: readonly string[]; delegateSub?: string }): Promise<DelegationRow[]> => {
    const { rows } = await q.query<DelegationRow>(
      `SELECT * FROM delegations
        WHERE revoked_at IS NULL
          AND ($1::text[] IS NULL OR office_code = ANY($1))
          AND ($2::text IS NULL OR delegate_sub = $2)
        ORDER BY granted_at, delegation_id`,
      [by.officeCodes ?? null, by.delegateSub ?? null],
    );
    return rows;
  },
  revoke: async (q: Queryable, id: string, at: Date): Promise<void> => {
    await q.query('UPDATE delegations SET revoked_at = $2 WHERE delegation_id = $1 AND revoked_at IS NULL', [id, at]);
  },
});
export type DelegationRepository = ReturnType<typeof delegationRepository>;
