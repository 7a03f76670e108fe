/**
 * Consumer of `intake.filing`: applies `filing.accepted` (bulk: one transaction per Kafka batch, the
 * July 算定 peak) and answers `filing.withdrawn`.
 *
 * Exactly-once effects: the platform inbox skips events already applied; `filing_outcomes` skips a
 * filing already applied under another event id (its stored outcome is reported again). Each filing
 * is atomic (see filing-applier): rejected and held filings leave only their outcome.
 * Output per filing: `record.filing-applied` keyed like the filing, the domain events keyed by person,
 * and `notice.requested` with noticeIdOf(dedupeKey) — all through the outbox, in the same transaction.
 * Identity creation is serialised across concurrently consumed partitions by advisory lock stripes
 * (birth date, 基礎年金番号, マイナンバー hash), taken once per batch in sorted order.
 */
import type { EventDefinition } from '@nenkin/contracts/envelope';
import { FilingEvents, type FilingAcceptedData, type FilingWithdrawnData } from '@nenkin/contracts/intake';
import { RecordEvents, type FilingAppliedData } from '@nenkin/contracts/records';
import type { ConsumedEvent, EmitInput, Outbox } from '@nenkin/platform/bus';
import type { Tx } from '@nenkin/platform/db';
import type { Logger } from '@nenkin/platform/logger';
import { EMIT_CHUNK_FILINGS, FILING_CONSUMER, IDENTITY_LOCK_NAMESPACE, IDENTITY_LOCK_STRIPES, MAX_DECISIONS } from '../definitions';
import { applyFiling, identityLockKeysOf } from '../filings/filing-applier';
import { filingRepository as repo } from '../filings/filing-repository';
import { msg, type Emission, type FilingResult } from '../filings/outcomes';
import { lockStripe } from '../shared/ids';

type Pending = { def: EventDefinition; input: EmitInput<EventDefinition>; chunk: number };

export const appliedData = (d: FilingAcceptedData, r: FilingResult): FilingAppliedData => ({
  filingId: d.filingId,
  arrivalNumber: d.arrivalNumber,
  ...(d.batch === undefined ? {} : { batch: d.batch }),
  outcome: r.outcome,
  ...(r.outcome !== 'held' && r.identity !== undefined ? { identity: r.identity } : {}),
  ...(r.outcome === 'held' && r.identity !== undefined ? { identity: r.identity } : {}),
  ...(r.outcome !== 'held' && r.personId !== undefined ? { personId: r.personId } : {}),
  decisions: r.outcome === 'applied' ? r.decisions.slice(0, MAX_DECISIONS) : [],
  ...(r.outcome === 'applied' ? {} : { reason: r.reason }),
});

/**
 * `namePrefix` (the topic prefix) keeps the consumer group and inbox key of one environment apart
 * from another's on a shared broker: the platform names groups `<service>.<name>` without the prefix.
 */
export const filingConsumer = (deps: { outbox: Outbox; namePrefix?: string }) => {
  const applyBatch = async (events: readonly ConsumedEvent[], tx: Tx, log: Logger): Promise<void> => {
    const pending: Pending[] = [];
    let index = 0;
    const push = (event: ConsumedEvent, def: EventDefinition, subject: string, data: unknown) =>
      pending.push({
        def,
        chunk: Math.floor(index / EMIT_CHUNK_FILINGS),
        input: { subject, data, correlationId: event.envelope.correlationId, causationId: event.envelope.id, traceparent: event.meta.traceparent },
      });

    const stripes = new Set<number>();
    for (const e of events) {
      if (e.def.type === FilingEvents.ACCEPTED.type) {
        for (const k of identityLockKeysOf(e.envelope.data as FilingAcceptedData)) stripes.add(lockStripe(k, IDENTITY_LOCK_STRIPES));
      }
    }
    await repo.lockStripes(tx, IDENTITY_LOCK_NAMESPACE, [...stripes]);

    for (const event of events) {
      index++;
      if (event.def.type === FilingEvents.WITHDRAWN.type) {
        const w = event.envelope.data as FilingWithdrawnData;
        const seen = await repo.outcomeOf(tx, w.filingId);
        if (seen?.outcome === 'applied') {
          push(event, RecordEvents.WITHDRAWAL_REFUSED, event.envelope.subject, {
            filingId: w.filingId,
            arrivalNumber: w.arrivalNumber,
            reason: msg('ALREADY_APPLIED', '既に記録に反映済みのため取り下げできません', 'already applied to the record; it cannot be withdrawn'),
          });
        } else if (seen) {
          await repo.markWithdrawn(tx, w.filingId);
        }
        continue;
      }
      const d = event.envelope.data as FilingAcceptedData;
      const seen = await repo.outcomeOf(tx, d.filingId);
      if (seen) {
        // The same filing under another event id: report the stored outcome again, apply nothing.
        push(event, RecordEvents.FILING_APPLIED, seen.subject, seen.result);
        continue;
      }
      const result = await applyFiling(tx, d, event.envelope.subject);
      const data = appliedData(d, result);
      await repo.insertOutcome(tx, {
        filingId: d.filingId,
        arrivalNumber: d.arrivalNumber,
        formCode: d.body.formCode,
        subject: event.envelope.subject,
        outcome: result.outcome,
        identity: data.identity,
        personId: data.personId,
        reasonCode: data.reason?.code,
        result: data,
        receivedOn: d.receivedOn,
      });
      if (result.outcome === 'held') {
        await repo.insertHeld(tx, { filingId: d.filingId, reasonCode: result.reason.code, candidates: result.candidates, heldAt: result.heldAt, eventData: d });
      }
      push(event, RecordEvents.FILING_APPLIED, event.envelope.subject, data);
      if (result.outcome === 'applied') {
        for (const em of result.emissions as Emission[]) push(event, em.def, em.subject, em.data);
      } else {
        log.info({ filingId: d.filingId, outcome: result.outcome, reason: result.reason.code }, 'filing not applied');
      }
    }
    // One INSERT per event type per chunk of filings; order per key holds (a key's events of one
    // type keep their order, and chunks are written in order).
    const chunks = new Map<number, Map<EventDefinition, EmitInput<EventDefinition>[]>>();
    for (const p of pending) {
      const byDef = chunks.get(p.chunk) ?? new Map<EventDefinition, EmitInput<EventDefinition>[]>();
      chunks.set(p.chunk, byDef);
      const list = byDef.get(p.def) ?? [];
      list.push(p.input);
      byDef.set(p.def, list);
    }
    for (const byDef of chunks.values()) for (const [def, inputs] of byDef) await deps.outbox.emitMany(tx, def, inputs);
  };

  return {
    name: `${deps.namePrefix ?? ''}${FILING_CONSUMER}`,
    events: [FilingEvents.ACCEPTED, FilingEvents.WITHDRAWN],
    handleBatch: async (
      events: readonly ConsumedEvent[],
      ctx: { tx: Tx; log: Logger },
    ): Promise<void> => applyBatch(events, ctx.tx, ctx.log),
  };
};
