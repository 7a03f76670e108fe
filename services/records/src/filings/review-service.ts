/**
 * Staff duplicate review: the filings held because the person may already exist (POSSIBLE_DUPLICATE)
 * or the identifiers contradict the record (IDENTITY_CONFLICT), with their candidates; and the
 * decision — the same person as a candidate (apply to that record) or a different person (apply as a
 * new person). Nothing is merged silently: the decision is staff's, recorded with who and when, and
 * the filing's new outcome goes back on records.person with its events and notices, in one
 * transaction with the decision.
 */
import type { EventDefinition } from '@nenkin/contracts/envelope';
import type { FilingAcceptedData } from '@nenkin/contracts/intake';
import { RecordEvents } from '@nenkin/contracts/records';
import type { Outbox } from '@nenkin/platform/bus';
import type { Clock } from '@nenkin/platform/clock';
import { withTransaction, type Pool } from '@nenkin/platform/db';
import { conflict, notFound, unprocessable } from '@nenkin/platform/errors';
import { appliedData } from '../consumers/filing-consumer';
import { recordRepository } from '../records/record-repository';
import { reject } from './outcomes';
import { applyFiling, type ForcedIdentity } from './filing-applier';
import type { Actor } from '../shared/actor';

type HeldRow = { filing_id: string; reason_code: string; candidates: string[]; held_at?: string | null; event_data: FilingAcceptedData; subject: string; arrival_number: string; status: string };

const mask = (pn: string): string => `******${pn.slice(6)}`;

export const reviewService = (deps: { db: Pool; clock: Clock; outbox: Outbox }) => ({
  async list(actor: Actor) {
    return withTransaction(deps.db, async (tx) => {
      const held = (
        await tx.query<HeldRow>(
          `SELECT h.filing_id, h.reason_code, h.candidates, h.held_at, h.event_data, o.subject, o.arrival_number, h.status
             FROM held_filings h JOIN filing_outcomes o USING (filing_id)
            WHERE h.status = 'open' AND h.reason_code IN ('POSSIBLE_DUPLICATE', 'IDENTITY_CONFLICT')
            ORDER BY o.arrival_number LIMIT 200`,
        )
      ).rows;
      const ids = [...new Set(held.flatMap((h) => h.candidates))];
      const people = new Map(
        (
          await tx.query<{ person_id: string; name_kana: string; birth_date: string; sex: string | null; pension_number: string }>(
            'SELECT person_id, name_kana, birth_date, sex, pension_number FROM persons WHERE person_id = ANY($1::text[])',
            [ids],
          )
        ).rows.map((p) => [p.person_id, p]),
      );
      await recordRepository.audit(
        tx,
        deps.clock.now(),
        ids.map((personId) => ({ actorSub: actor.sub, actorRoles: actor.roles, personId, action: 'duplicate-review.list', purpose: 'duplicate-review', requestId: actor.requestId })),
      );
      return held.map((h) => {
        // The person the hold is about: the one `held_at` points to (the insured or the spouse of a
        // 被扶養者届), else the 国年 applicant, else the form's own fields.
        type Named = { nameKana?: string; birthDate?: string };
        const body = h.event_data.body as Named & { formCode: string; applicant?: Named; spouse?: Named; insured?: Named };
        const at = h.held_at === '/insured' ? body.insured : h.held_at === '/spouse' ? body.spouse : undefined;
        const b = { formCode: body.formCode, ...(at ?? body.applicant ?? body) };
        return {
          filingId: h.filing_id,
          arrivalNumber: h.arrival_number,
          formCode: b.formCode,
          reason: h.reason_code,
          filed: { nameKana: b.nameKana ?? null, birthDate: b.birthDate ?? null, hasMyNumber: h.event_data.myNumbers.length > 0 },
          candidates: h.candidates.flatMap((id) => {
            const p = people.get(id);
            return p ? [{ personId: id, nameKana: p.name_kana, birthDate: p.birth_date, sex: p.sex, pensionNumber: mask(p.pension_number) }] : [];
          }),
        };
      });
    });
  },

  async decide(filingId: string, decision: { decision: 'same-person'; personId: string } | { decision: 'different-person' }, actor: Actor) {
    return withTransaction(deps.db, async (tx) => {
      const h = (
        await tx.query<HeldRow>(
          `SELECT h.filing_id, h.reason_code, h.candidates, h.event_data, o.subject, o.arrival_number, h.status
             FROM held_filings h JOIN filing_outcomes o USING (filing_id) WHERE h.filing_id = $1 FOR UPDATE OF h`,
          [filingId],
        )
      ).rows[0];
      if (h === undefined || !['POSSIBLE_DUPLICATE', 'IDENTITY_CONFLICT'].includes(h.reason_code)) throw notFound('REVIEW_NOT_FOUND', 'No duplicate review for this filing');
      if (h.status !== 'open') throw conflict('REVIEW_CLOSED', `The review is ${h.status}`);
      if (decision.decision === 'same-person' && !h.candidates.includes(decision.personId)) {
        throw unprocessable('NOT_A_CANDIDATE', 'The person is not a candidate of this review');
      }
      const forced: ForcedIdentity = decision.decision === 'same-person' ? { kind: 'person', personId: decision.personId } : { kind: 'new' };
      const applied = await applyFiling(tx, h.event_data, h.subject, forced);
      // A decision settles one identity. A filing that names another undecided one (the spouse of a
      // 被扶養者届 a near miss too) would be held again behind a closed review: it is rejected with the
      // reason instead, so the filer hears of it and files again.
      const result =
        applied.outcome === 'held'
          ? reject(
              'IDENTITY_STILL_UNDECIDED',
              '本人確認の判断後も、届書の別の人物について確認が必要です。届出をやり直してください',
              'after the decision another person in the filing still needs an identity decision; file again',
            )
          : applied;
      const data = appliedData(h.event_data, result);
      await tx.query(
        `UPDATE filing_outcomes SET outcome = $2, identity = $3, person_id = $4, reason_code = $5, result = $6 WHERE filing_id = $1`,
        [filingId, result.outcome, data.identity ?? null, data.personId ?? null, data.reason?.code ?? null, JSON.stringify(data)],
      );
      await tx.query(
        `UPDATE held_filings SET status = 'resolved', resolution = $2, resolved_by = $3, resolved_at = $4 WHERE filing_id = $1`,
        [filingId, decision.decision === 'same-person' ? `same-person:${decision.personId}` : 'different-person', actor.sub, deps.clock.now()],
      );
      const base = { correlationId: actor.correlationId, causationId: actor.requestId };
      await deps.outbox.emit(tx, RecordEvents.FILING_APPLIED, { subject: h.subject, data, ...base });
      if (result.outcome === 'applied') {
        for (const em of result.emissions) {
          await deps.outbox.emit(tx, em.def as EventDefinition, { subject: em.subject, data: em.data as never, ...base });
        }
      }
      return data;
    });
  },
});
export type ReviewService = ReturnType<typeof reviewService>;
