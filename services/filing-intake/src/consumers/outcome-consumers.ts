/**
 * Moves filings forward from what the other services report:
 * - `record.filing-applied` (records): applied / rejected by the record's rules / held, with the
 *   identity match per person → status, decisions and the per-row result of vendor files;
 * - `record.withdrawal-refused`: a 取下げ arrived after records applied the filing → back to applied;
 * - `notice.delivered` about a filing: the notice (公文書) is attached; an applied filing completes.
 * Exactly-once effects through the inbox; every status change fires the webhooks in the same
 * transaction. An outcome for a filing this service never had is a poison message (→ DLQ).
 */
import { FilingStatuses } from '@nenkin/contracts/intake';
import { NoticeEvents } from '@nenkin/contracts/notices';
import { RecordEvents, type FilingAppliedData } from '@nenkin/contracts/records';
import type { EventData } from '@nenkin/contracts/envelope';
import { PoisonMessageError, type Bus } from '@nenkin/platform/bus';
import type { Clock } from '@nenkin/platform/clock';
import type { Queryable } from '@nenkin/platform/db';
import type { FilingRepository } from '../filings/filing-repository';
import type { StatusListener } from '../filings/filing-service';

const OUTCOME_STATUS: Record<FilingAppliedData['outcome'], string> = {
  applied: FilingStatuses.APPLIED,
  rejected: FilingStatuses.REJECTED,
  held: FilingStatuses.HELD,
};

/** Statuses an outcome no longer moves (the filing ended on our side first). */
const FINAL_HERE: readonly string[] = [FilingStatuses.WITHDRAWN, FilingStatuses.AMENDED, FilingStatuses.COMPLETED];

export const registerOutcomeConsumers = (bus: Bus, deps: { filings: FilingRepository; onStatus: StatusListener; clock: Clock }): void => {
  const { filings, onStatus, clock } = deps;

  const applyOutcome = async (tx: Queryable, d: FilingAppliedData, at: Date): Promise<void> => {
    const f = await filings.byId(tx, d.filingId, true);
    if (f === undefined) throw new PoisonMessageError('FILING_UNKNOWN', 'record.filing-applied for a filing this service does not have');
    const status = OUTCOME_STATUS[d.outcome];
    const keep = FINAL_HERE.includes(f.status);
    const detail = { outcome: d.outcome, ...(d.identity === undefined ? {} : { identity: d.identity }) };
    await filings.setStatus(tx, f.filing_id, keep ? f.status : status, { status: keep ? `record-${d.outcome}` : status, at: at.toISOString(), detail }, {
      ...(d.identity === undefined ? {} : { identity: d.identity }),
      ...(d.personId === undefined ? {} : { recordPersonId: d.personId }),
      decisions: d.decisions,
      ...(d.reason === undefined ? {} : { reason: d.reason }),
    });
    if (!keep) await onStatus(tx, { filing: f, status, at, detail });
  };

  bus.consume({
    name: 'record-outcomes',
    events: [RecordEvents.FILING_APPLIED, RecordEvents.WITHDRAWAL_REFUSED],
    handleBatch: async (events, { tx }) => {
      for (const e of events) {
        // The time this service moved the status (the event's own time is in its envelope).
        const at = clock.now();
        if (e.def.type === RecordEvents.FILING_APPLIED.type) {
          await applyOutcome(tx, e.envelope.data as FilingAppliedData, at);
          continue;
        }
        const d = e.envelope.data as EventData<typeof RecordEvents.WITHDRAWAL_REFUSED>;
        const f = await filings.byId(tx, d.filingId, true);
        if (f === undefined) throw new PoisonMessageError('FILING_UNKNOWN', 'record.withdrawal-refused for a filing this service does not have');
        const detail = { withdrawalRefused: d.reason };
        await filings.setStatus(tx, f.filing_id, FilingStatuses.APPLIED, { status: FilingStatuses.APPLIED, at: at.toISOString(), detail }, { reason: d.reason });
        await onStatus(tx, { filing: f, status: FilingStatuses.APPLIED, at, detail });
      }
    },
  });

  bus.consume({
    name: 'notices-delivered',
    events: [NoticeEvents.DELIVERED],
    handle: async (event, { tx }) => {
      const d = event.envelope.data as EventData<typeof NoticeEvents.DELIVERED>;
      if (d.relatedFiling === undefined) return; // not about a filing
      const at = clock.now();
      const f = await filings.byId(tx, d.relatedFiling.filingId, true);
      if (f === undefined) throw new PoisonMessageError('FILING_UNKNOWN', 'notice.delivered about a filing this service does not have');
      const added = await filings.addNotice(tx, f.filing_id, {
        noticeId: d.noticeId,
        noticeType: d.noticeType,
        channel: d.channel,
        ...(d.documentUrl === undefined ? {} : { documentUrl: d.documentUrl }),
        ...(d.availableUntil === undefined ? {} : { availableUntil: d.availableUntil }),
        at,
      });
      if (!added) return;
      const detail = { noticeId: d.noticeId, noticeType: d.noticeType };
      if (f.status === FilingStatuses.APPLIED) {
        await filings.setStatus(tx, f.filing_id, FilingStatuses.COMPLETED, { status: FilingStatuses.COMPLETED, at: at.toISOString(), detail });
        await onStatus(tx, { filing: f, status: FilingStatuses.COMPLETED, at, detail });
      } else {
        await filings.setStatus(tx, f.filing_id, f.status, { status: 'notice-delivered', at: at.toISOString(), detail });
      }
    },
  });
};
