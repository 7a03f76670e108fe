/**
 * Staff decisions on 国民年金 免除・納付猶予 and 学生納付特例 applications. An application is `pending`
 * from its filing until staff approve or reject it; only approved ones count in the record and the
 * estimate. A decision is final (409 on a second one), records who decided and when, and emits
 * `record.exemption-decided` and the 承認／却下通知書 request to the person (noticeId from the dedupe
 * key `exemption:<applicationId>:decision:person`) in the same transaction. The list and the decision
 * are reads of personal data: each writes its audit rows atomically with it.
 */
import { NoticeCommands, noticeIdOf } from '@nenkin/contracts/notices';
import { RecordDomainEvents, RecordNoticeTypes, type ExemptionKind } from '@nenkin/contracts/records';
import type { Outbox } from '@nenkin/platform/bus';
import type { Clock } from '@nenkin/platform/clock';
import { withTransaction, type Pool } from '@nenkin/platform/db';
import { conflict, notFound } from '@nenkin/platform/errors';
import { AuditPurposes, EXEMPTION_LIST_LIMIT } from '../definitions';
import { recordRepository } from '../records/record-repository';
import type { Actor } from '../shared/actor';

export type ExemptionStatus = 'pending' | 'approved' | 'rejected';

type ApplicationRow = {
  application_id: string;
  person_id: string;
  kind: ExemptionKind;
  period_from: string;
  period_to: string;
  status: ExemptionStatus;
  reason: string | null;
  filed_on: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  filing_id: string;
  arrival_number: string;
  name_kana: string;
  birth_date: string;
  pension_number: string;
};

const SELECT = `SELECT x.application_id, x.person_id, x.kind, x.period_from, x.period_to, x.status, x.reason, x.filed_on::text AS filed_on,
                       x.decided_by, x.decided_at, x.decision_reason, x.filing_id, o.arrival_number, p.name_kana, p.birth_date::text AS birth_date, p.pension_number
                  FROM exemption_applications x
                  JOIN persons p USING (person_id)
                  JOIN filing_outcomes o ON o.filing_id = x.filing_id`;

const mask = (pn: string): string => `******${pn.slice(6)}`;

const view = (x: ApplicationRow) => ({
  applicationId: x.application_id,
  personId: x.person_id,
  person: { nameKana: x.name_kana, birthDate: x.birth_date, pensionNumber: mask(x.pension_number) },
  kind: x.kind,
  periodFrom: x.period_from,
  periodTo: x.period_to,
  ...(x.reason === null ? {} : { reason: x.reason }),
  ...(x.filed_on === null ? {} : { filedOn: x.filed_on }),
  arrivalNumber: x.arrival_number,
  status: x.status,
  ...(x.decided_by === null ? {} : { decidedBy: x.decided_by }),
  ...(x.decided_at === null ? {} : { decidedAt: x.decided_at.toISOString() }),
  ...(x.decision_reason === null ? {} : { decisionReason: x.decision_reason }),
});

export const exemptionService = (deps: { db: Pool; clock: Clock; outbox: Outbox }) => ({
  async list(status: ExemptionStatus, actor: Actor) {
    return withTransaction(deps.db, async (tx) => {
      const rows = (await tx.query<ApplicationRow>(`${SELECT} WHERE x.status = $1 ORDER BY o.arrival_number LIMIT $2`, [status, EXEMPTION_LIST_LIMIT])).rows;
      await recordRepository.audit(
        tx,
        deps.clock.now(),
        [...new Set(rows.map((r) => r.person_id))].map((personId) => ({ actorSub: actor.sub, actorRoles: actor.roles, personId, action: 'exemption-review.list', purpose: AuditPurposes.EXEMPTION_REVIEW, requestId: actor.requestId })),
      );
      return rows.map(view);
    });
  },

  async decide(applicationId: string, d: { decision: 'approved' | 'rejected'; reason?: string }, actor: Actor) {
    return withTransaction(deps.db, async (tx) => {
      const x = (await tx.query<ApplicationRow>(`${SELECT} WHERE x.application_id = $1 FOR UPDATE OF x`, [applicationId])).rows[0];
      if (x === undefined) throw notFound('APPLICATION_NOT_FOUND', 'No such exemption application');
      if (x.status !== 'pending') throw conflict('APPLICATION_DECIDED', `The application is already ${x.status}`);
      const at = deps.clock.now();
      await tx.query(
        'UPDATE exemption_applications SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5 WHERE application_id = $1',
        [applicationId, d.decision, actor.sub, at, d.reason ?? null],
      );
      await recordRepository.audit(tx, at, [{ actorSub: actor.sub, actorRoles: actor.roles, personId: x.person_id, action: 'exemption.decide', purpose: AuditPurposes.EXEMPTION_REVIEW, requestId: actor.requestId }]);
      const filing = { filingId: x.filing_id, arrivalNumber: x.arrival_number };
      const base = { correlationId: actor.correlationId, causationId: actor.requestId };
      await deps.outbox.emit(tx, RecordDomainEvents.EXEMPTION_DECIDED, {
        subject: x.person_id,
        data: {
          applicationId,
          personId: x.person_id,
          kind: x.kind,
          periodFrom: x.period_from,
          periodTo: x.period_to,
          decision: d.decision,
          ...(d.reason === undefined ? {} : { reason: d.reason }),
          decidedAt: at.toISOString(),
          filing,
        },
        ...base,
      });
      const dedupeKey = `exemption:${applicationId}:decision:person`;
      await deps.outbox.emit(tx, NoticeCommands.REQUESTED, {
        subject: `person:${x.person_id}`,
        data: {
          noticeId: noticeIdOf(dedupeKey),
          dedupeKey,
          noticeType: d.decision === 'approved' ? RecordNoticeTypes.EXEMPTION_APPROVED : RecordNoticeTypes.EXEMPTION_REJECTED,
          recipient: { kind: 'person', personId: x.person_id },
          data: { kind: x.kind, periodFrom: x.period_from, periodTo: x.period_to, decision: d.decision, ...(d.reason === undefined ? {} : { reason: d.reason }) },
          relatedFiling: filing,
        },
        ...base,
      });
      return view({ ...x, status: d.decision, decided_by: actor.sub, decided_at: at, decision_reason: d.reason ?? null });
    });
  },
});
export type ExemptionService = ReturnType<typeof exemptionService>;
