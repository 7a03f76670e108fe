/**
 * Single filings (POST /v1/filings, 補正, 取下げ) and their status.
 *
 * Guarantees: a filing, its timeline, its event (filing.accepted / filing.rejected) and the
 * idempotency key's stored response commit in one transaction — a filing exists iff its event does,
 * and a replay returns exactly the first answer. Every validation error is reported at once
 * (`validateFiling`). マイナンバー leaves the request only as {hash, cipher}.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '@nenkin/contracts/auth';
import { isEmployerFormCode, isFormCode, KOKUNEN_FORM_CODES } from '@nenkin/contracts/forms';
import { FilingChannels, FilingEvents, FilingStatuses, type FilingChannel } from '@nenkin/contracts/intake';
import type { FieldError } from '@nenkin/contracts/problem';
import { Roles } from '@nenkin/contracts/auth';
import type { Bus } from '@nenkin/platform/bus';
import { todayInJapan, type Clock } from '@nenkin/platform/clock';
import type { PiiProtector } from '@nenkin/platform/crypto';
import { withTransaction, type Pool, type Queryable } from '@nenkin/platform/db';
import { AppError, conflict, forbidden, notFound, unprocessable, validationFailed } from '@nenkin/platform/errors';
import { validateFiling } from '@nenkin/rules/forms';
import { parseOfficeCode, parseOfficeCodeString } from '@nenkin/rules/identifiers';
import { IDEMPOTENCY_LOCK_TIMEOUT_MS } from '../definitions';
import type { Access } from '../shared/access';
import type { FilingRepository, FilingRow, TimelineEntry } from './filing-repository';
import { LOCK_NOT_AVAILABLE, type IdempotencyRepository, type StoredResponse } from './idempotency-repository';
import { protectMyNumbers } from './protect';

export const FilingErrorCodes = {
  FILING_REJECTED: 'FILING_REJECTED',
  FILING_NOT_FOUND: 'FILING_NOT_FOUND',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_REQUEST_IN_FLIGHT: 'IDEMPOTENCY_REQUEST_IN_FLIGHT',
  SUBJECT_REQUIRED: 'SUBJECT_REQUIRED',
  SUBJECT_MISMATCH: 'SUBJECT_MISMATCH',
  OFFICE_MISMATCH: 'OFFICE_MISMATCH',
  CHANNEL_FORBIDDEN: 'CHANNEL_FORBIDDEN',
  WITHDRAWAL_NOT_ALLOWED: 'WITHDRAWAL_NOT_ALLOWED',
  AMENDMENT_NOT_ALLOWED: 'AMENDMENT_NOT_ALLOWED',
} as const;

export type FilingInput = {
  formCode: string;
  officeCode?: string;
  personId?: string;
  channel?: FilingChannel;
  data: Record<string, unknown>;
};

export type SubmitRequest = {
  principal: Principal;
  input: FilingInput;
  idempotencyKey: string | undefined;
  trial: boolean;
  correlationId: string;
  /** 補正: the 到達番号 of the filing this one corrects. */
  amends?: string;
};

export type SubmitResult = { statusCode: number; body: Record<string, unknown>; replayed: boolean };

/** Hook for status changes (webhooks); runs inside the transaction of the change. */
export type StatusListener = (
  tx: Queryable,
  change: { filing: Pick<FilingRow, 'filing_id' | 'arrival_number' | 'office_code' | 'person_id' | 'submitted_by_sub' | 'form_code' | 'batch_id'>; status: string; at: Date; detail?: Record<string, unknown> },
) => Promise<void>;

export type FilingServiceDeps = {
  db: Pool;
  bus: Pick<Bus, 'outbox'>;
  clock: Clock;
  pii: PiiProtector;
  access: Access;
  filings: FilingRepository;
  keys: IdempotencyRepository;
  /** How long an Idempotency-Key is kept (IDEMPOTENCY_KEY_TTL_HOURS); older keys start a new request. */
  keyTtlMs: number;
  onStatus: StatusListener;
};

const has = (p: Principal, r: string) => (p.roles as readonly string[]).includes(r);

/** The channel a request arrives through: integrations say which; the counter is staff. */
export const channelOf = (p: Principal, requested: FilingChannel | undefined): FilingChannel => {
  if (requested !== undefined) {
    const allowed = has(p, Roles.INTEGRATION) || has(p, Roles.STAFF);
    if (!allowed) throw forbidden(FilingErrorCodes.CHANNEL_FORBIDDEN, 'Only integrations and staff may name the channel');
    return requested;
  }
  if (has(p, Roles.STAFF)) return FilingChannels.COUNTER;
  if (has(p, Roles.PERSON)) return FilingChannels.MYNAPORTAL;
  return FilingChannels.EGOV_API;
};

export const primaryRole = (p: Principal): string => p.roles[0] ?? 'unknown';

const prefixErrors = (errors: readonly FieldError[]): FieldError[] =>
  errors.map((e) => ({ ...e, path: e.path === '/formCode' ? '/formCode' : `/data${e.path}` }));

const requestHash = (route: string, input: unknown): string =>
  createHash('sha256').update(route).update('\n').update(JSON.stringify(input)).digest('hex');

/** Public view of a filing (no body, no マイナンバー material). */
export const filingView = (f: FilingRow, notices: readonly { notice_id: string; notice_type: string; channel: string; document_url: string | null; available_until: string | null; delivered_at: Date }[]) => ({
  filingId: f.filing_id,
  arrivalNumber: f.arrival_number,
  formCode: f.form_code,
  channel: f.channel,
  ...(f.office_code === null ? {} : { officeCode: f.office_code }),
  ...(f.person_id === null ? {} : { personId: f.person_id }),
  status: f.status,
  receivedAt: f.received_at.toISOString(),
  submittedBy: { sub: f.submitted_by_sub, role: f.submitted_by_role },
  ...(f.batch_id === null ? {} : { batch: { batchId: f.batch_id, line: f.batch_line ?? 0 } }),
  ...(f.errors === null ? {} : { errors: f.errors }),
  ...(f.amends_filing_id === null ? {} : { amends: f.amends_filing_id }),
  ...(f.amended_by === null ? {} : { amendedBy: f.amended_by }),
  ...(f.identity === null ? {} : { identity: f.identity }),
  ...(f.record_person_id === null ? {} : { recordPersonId: f.record_person_id }),
  decisions: f.decisions ?? [],
  ...(f.reason === null || f.reason === undefined ? {} : { reason: f.reason }),
  timeline: f.timeline,
  notices: notices.map((n) => ({
    noticeId: n.notice_id,
    noticeType: n.notice_type,
    channel: n.channel,
    ...(n.document_url === null ? {} : { documentUrl: n.document_url }),
    ...(n.available_until === null ? {} : { availableUntil: n.available_until }),
    deliveredAt: n.delivered_at.toISOString(),
  })),
});

const rejectedError = (stored: Record<string, unknown>): AppError =>
  unprocessable(FilingErrorCodes.FILING_REJECTED, 'The filing was received and rejected: see errors[]', stored.errors as FieldError[]);

/** Rebuilds the HTTP answer from what the first request stored. */
const fromStored = (res: StoredResponse): SubmitResult => ({ statusCode: res.statusCode, body: res.body, replayed: true });

export const filingService = (deps: FilingServiceDeps) => {
  const { db, bus, clock, pii, access, filings, keys } = deps;

  /** The canonical subject of a request (400 when malformed, 422 when it does not fit the form). */
  const subjectOf = (input: FilingInput): { officeCode?: string; personId?: string } => {
    if ((input.officeCode === undefined) === (input.personId === undefined)) {
      throw validationFailed(
        [{ path: '', code: FilingErrorCodes.SUBJECT_REQUIRED, message: { ja: 'officeCode（事業所整理記号）またはpersonIdのどちらか一方を指定してください', en: 'Give exactly one of officeCode and personId' } }],
        'The filing must name the employer or the person it concerns',
      );
    }
    const kokunen = (Object.values(KOKUNEN_FORM_CODES) as string[]).includes(input.formCode);
    if (input.officeCode !== undefined) {
      const parsed = parseOfficeCodeString(input.officeCode, { path: '/officeCode' });
      if (!parsed.ok) throw validationFailed([...parsed.errors], 'The office code is malformed');
      if (kokunen) throw unprocessable(FilingErrorCodes.SUBJECT_MISMATCH, '国民年金 applications concern a person: give personId, not officeCode');
      return { officeCode: parsed.value.key };
    }
    if (isEmployerFormCode(input.formCode)) throw unprocessable(FilingErrorCodes.SUBJECT_MISMATCH, 'Employer forms concern an employer: give officeCode, not personId');
    return { personId: input.personId };
  };

  /** validateFiling plus the request-level rule that the form's office is the named one. */
  const validate = (input: FilingInput, subject: { officeCode?: string }, today: string) => {
    const v = validateFiling({ ...input.data, formCode: input.formCode }, { today });
    if (!v.ok) return { ok: false as const, errors: prefixErrors(v.errors) };
    const office = (v.value as { office?: { prefecture: string; district: string; symbol: string } }).office;
    if (office !== undefined && subject.officeCode !== undefined) {
      const p = parseOfficeCode(office);
      if (p.ok && p.value.key !== subject.officeCode) {
        return {
          ok: false as const,
          errors: [{ path: '/data/office', code: FilingErrorCodes.OFFICE_MISMATCH, message: { ja: '届書の事業所整理記号がofficeCodeと一致しません', en: 'The form names another office than officeCode' } }],
        };
      }
    }
    return { ok: true as const, value: v.value };
  };

  /**
   * A new filing (not a 補正) in four round trips: BEGIN, one statement for key + 到達番号 + filing +
   * stored answer (filingRepository.fileUnderKey), the event, the webhook hook; then COMMIT. Same
   * guarantees as the general path: they all commit together or not at all.
   */
  const fileNew = async (
    req: SubmitRequest,
    subject: { officeCode?: string; personId?: string },
    channel: FilingChannel,
    checked: ReturnType<typeof validate>,
    k: { key: string; hash: string; now: Date; today: string },
  ): Promise<SubmitResult> => {
    const { principal, input } = req;
    const { now, today } = k;
    const filingId = randomUUID();
    const role = primaryRole(principal);
    const eventSubject = subject.officeCode ?? `person:${subject.personId ?? ''}`;
    const received: TimelineEntry = { status: FilingStatuses.RECEIVED, at: now.toISOString() };
    const status = checked.ok ? FilingStatuses.ACCEPTED : FilingStatuses.REJECTED;
    const common = {
      filingId,
      arrivalNumber: '', // drawn by the statement
      formCode: input.formCode,
      channel,
      ...subject,
      submittedBySub: principal.sub,
      submittedByRole: role,
      status,
      timeline: [received, { status, at: now.toISOString() }],
      correlationId: req.correlationId,
      receivedAt: now,
      receivedOn: today,
    };
    const protectedBody = checked.ok ? protectMyNumbers(pii, checked.value) : undefined;
    const filing = protectedBody === undefined ? { ...common, errors: checked.ok ? [] : checked.errors } : { ...common, body: protectedBody.body, myNumbers: protectedBody.myNumbers };
    const err = checked.ok ? undefined : rejectedError({ errors: checked.errors });
    // The answer without its 到達番号 (the statement adds it to the stored copy).
    const answer: StoredResponse = checked.ok
      ? { statusCode: 201, body: { filingId, status, channel, receivedAt: now.toISOString() } }
      : { statusCode: 422, body: { type: `urn:nenkin:problem:filing-rejected`, title: err?.title, status: 422, code: err?.code, detail: err?.detail, filingId, filingStatus: status, errors: checked.errors } };
    try {
      return await withTransaction(db, async (tx) => {
        const arrivalNumber = await filings.fileUnderKey(tx, { sub: principal.sub, key: k.key, hash: k.hash, at: now, expiredBefore: new Date(now.getTime() - deps.keyTtlMs), lockTimeoutMs: IDEMPOTENCY_LOCK_TIMEOUT_MS, statusCode: answer.statusCode, response: answer.body }, filing);
        if (arrivalNumber === undefined) {
          const existing = await keys.existing(tx, principal.sub, k.key);
          if (existing.request_hash !== k.hash) throw unprocessable(FilingErrorCodes.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used with a different request');
          return fromStored({ statusCode: existing.status_code ?? 500, body: existing.response ?? {} });
        }
        const identity = {
          filingId,
          arrivalNumber,
          formCode: input.formCode,
          channel,
          ...(subject.officeCode === undefined ? {} : { officeCode: subject.officeCode }),
          ...(subject.personId === undefined ? {} : { personId: subject.personId }),
          submittedBy: { sub: principal.sub, role },
        };
        if (protectedBody !== undefined) {
          await bus.outbox.emit(tx, FilingEvents.ACCEPTED, {
            subject: eventSubject,
            correlationId: req.correlationId,
            data: { ...identity, body: protectedBody.body as never, myNumbers: protectedBody.myNumbers, receivedOn: today },
          });
        } else {
          await bus.outbox.emit(tx, FilingEvents.REJECTED, { subject: eventSubject, correlationId: req.correlationId, data: { ...identity, errors: (checked.ok ? [] : checked.errors).slice(0, 500) } });
        }
        await deps.onStatus(tx, {
          filing: { filing_id: filingId, arrival_number: arrivalNumber, office_code: subject.officeCode ?? null, person_id: subject.personId ?? null, submitted_by_sub: principal.sub, form_code: input.formCode, batch_id: null },
          status,
          at: now,
        });
        const body = checked.ok ? { filingId, arrivalNumber, ...answer.body } : { ...answer.body, arrivalNumber };
        return { statusCode: answer.statusCode, body, replayed: false };
      });
    } catch (e) {
      if ((e as { code?: unknown }).code === LOCK_NOT_AVAILABLE) {
        throw conflict(FilingErrorCodes.IDEMPOTENCY_REQUEST_IN_FLIGHT, 'A request with this Idempotency-Key is still being processed; retry later');
      }
      throw e;
    }
  };

  const submit = async (req: SubmitRequest, route: string): Promise<SubmitResult> => {
    const { principal, input } = req;
    const subject = subjectOf(input);
    const channel = channelOf(principal, input.channel);
    await access.assertSubmit(db, principal, subject);
    const now = clock.now();
    const today = todayInJapan(clock);
    const checked = validate(input, subject, today);

    if (req.trial) {
      return {
        statusCode: 200,
        replayed: false,
        body: { trial: true, status: checked.ok ? FilingStatuses.ACCEPTED : FilingStatuses.REJECTED, ...(checked.ok ? {} : { errors: checked.errors }) },
      };
    }
    const key = req.idempotencyKey as string;
    const hash = requestHash(route + (req.amends ?? ''), input);

    if (req.amends === undefined) return fileNew(req, subject, channel, checked, { key, hash, now, today });

    try {
      return await withTransaction(db, async (tx) => {
        const claimed = await keys.claim(tx, { sub: principal.sub, key, hash, at: now, expiredBefore: new Date(now.getTime() - deps.keyTtlMs), receivedOn: today, lockTimeoutMs: IDEMPOTENCY_LOCK_TIMEOUT_MS });
        if ('existing' in claimed) {
          if (claimed.existing.request_hash !== hash) {
            throw unprocessable(FilingErrorCodes.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used with a different request');
          }
          return fromStored({ statusCode: claimed.existing.status_code ?? 500, body: claimed.existing.response ?? {} });
        }
        let original: FilingRow | undefined;
        if (req.amends !== undefined) {
          original = await filings.byArrivalNumber(tx, req.amends, true);
          if (original === undefined || !(await access.canRead(tx, principal, { officeCode: original.office_code ?? undefined, personId: original.person_id ?? undefined }, original.submitted_by_sub))) {
            throw notFound(FilingErrorCodes.FILING_NOT_FOUND, 'No such filing');
          }
          if (original.office_code !== (subject.officeCode ?? null) || original.person_id !== (subject.personId ?? null) || original.form_code !== input.formCode) {
            throw unprocessable(FilingErrorCodes.AMENDMENT_NOT_ALLOWED, 'A correction must concern the same employer or person and form as the original');
          }
          const allowed: string[] = [FilingStatuses.ACCEPTED, FilingStatuses.REJECTED, FilingStatuses.HELD];
          if (!allowed.includes(original.status)) {
            throw conflict(FilingErrorCodes.AMENDMENT_NOT_ALLOWED, `A filing that is ${original.status} cannot be amended`);
          }
        }
        const arrivalNumber = claimed.arrivalNumber;
        const filingId = randomUUID();
        const identity = {
          filingId,
          arrivalNumber: arrivalNumber as string,
          formCode: input.formCode,
          channel,
          ...(subject.officeCode === undefined ? {} : { officeCode: subject.officeCode }),
          ...(subject.personId === undefined ? {} : { personId: subject.personId }),
          submittedBy: { sub: principal.sub, role: primaryRole(principal) },
        };
        const eventSubject = subject.officeCode ?? `person:${subject.personId ?? ''}`;
        const received: TimelineEntry = { status: FilingStatuses.RECEIVED, at: now.toISOString() };
        let response: StoredResponse;
        if (checked.ok) {
          const { body, myNumbers } = protectMyNumbers(pii, checked.value);
          await filings.insertMany(tx, [
            {
              filingId,
              arrivalNumber: identity.arrivalNumber,
              formCode: input.formCode,
              channel,
              ...subject,
              submittedBySub: principal.sub,
              submittedByRole: identity.submittedBy.role,
              status: FilingStatuses.ACCEPTED,
              body,
              myNumbers,
              ...(original === undefined ? {} : { amendsFilingId: original.filing_id }),
              timeline: [received, { status: FilingStatuses.ACCEPTED, at: now.toISOString() }],
              correlationId: req.correlationId,
              receivedAt: now,
              receivedOn: today,
            },
          ]);
          if (original !== undefined) {
            await filings.setStatus(tx, original.filing_id, FilingStatuses.AMENDED, { status: FilingStatuses.AMENDED, at: now.toISOString(), detail: { amendedBy: identity.arrivalNumber } }, { amendedBy: filingId });
          }
          await bus.outbox.emit(tx, FilingEvents.ACCEPTED, {
            subject: eventSubject,
            correlationId: req.correlationId,
            data: {
              ...identity,
              ...(original === undefined ? {} : { amends: { filingId: original.filing_id, arrivalNumber: original.arrival_number } }),
              body: body as never,
              myNumbers,
              receivedOn: today,
            },
          });
          if (original !== undefined) {
            await bus.outbox.emit(tx, FilingEvents.AMENDED, {
              subject: eventSubject,
              correlationId: req.correlationId,
              data: {
                filingId: original.filing_id,
                arrivalNumber: original.arrival_number,
                ...(subject.officeCode === undefined ? {} : { officeCode: subject.officeCode }),
                ...(subject.personId === undefined ? {} : { personId: subject.personId }),
                amendedBy: { filingId, arrivalNumber: identity.arrivalNumber },
              },
            });
            await deps.onStatus(tx, { filing: original, status: FilingStatuses.AMENDED, at: now, detail: { amendedBy: identity.arrivalNumber } });
          }
          response = {
            statusCode: 201,
            body: { filingId, arrivalNumber: identity.arrivalNumber, status: FilingStatuses.ACCEPTED, channel, receivedAt: now.toISOString(), ...(original === undefined ? {} : { amends: original.arrival_number }) },
          };
        } else {
          await filings.insertMany(tx, [
            {
              filingId,
              arrivalNumber: identity.arrivalNumber,
              formCode: input.formCode,
              channel,
              ...subject,
              submittedBySub: principal.sub,
              submittedByRole: identity.submittedBy.role,
              status: FilingStatuses.REJECTED,
              errors: checked.errors,
              timeline: [received, { status: FilingStatuses.REJECTED, at: now.toISOString() }],
              correlationId: req.correlationId,
              receivedAt: now,
              receivedOn: today,
            },
          ]);
          await bus.outbox.emit(tx, FilingEvents.REJECTED, {
            subject: eventSubject,
            correlationId: req.correlationId,
            data: { ...identity, errors: checked.errors.slice(0, 500) },
          });
          const err = rejectedError({ errors: checked.errors });
          response = {
            statusCode: 422,
            body: { type: `urn:nenkin:problem:filing-rejected`, title: err.title, status: 422, code: err.code, detail: err.detail, filingId, arrivalNumber: identity.arrivalNumber, filingStatus: FilingStatuses.REJECTED, errors: checked.errors },
          };
        }
        const status = checked.ok ? FilingStatuses.ACCEPTED : FilingStatuses.REJECTED;
        await deps.onStatus(tx, {
          filing: { filing_id: filingId, arrival_number: identity.arrivalNumber, office_code: subject.officeCode ?? null, person_id: subject.personId ?? null, submitted_by_sub: principal.sub, form_code: input.formCode, batch_id: null },
          status,
          at: now,
        });
        await keys.complete(tx, principal.sub, key, response);
        return { ...response, replayed: false };
      });
    } catch (err) {
      if ((err as { code?: unknown }).code === LOCK_NOT_AVAILABLE) {
        throw conflict(FilingErrorCodes.IDEMPOTENCY_REQUEST_IN_FLIGHT, 'A request with this Idempotency-Key is still being processed; retry later');
      }
      throw err;
    }
  };

  const readable = async (q: Queryable, p: Principal, f: FilingRow): Promise<boolean> =>
    access.canRead(q, p, { officeCode: f.office_code ?? undefined, personId: f.person_id ?? undefined }, f.submitted_by_sub);

  /** One filing with its timeline, decisions and notices; 404 when absent or not the caller's. */
  const get = async (p: Principal, arrivalNumber: string) => {
    const f = await filings.byArrivalNumber(db, arrivalNumber);
    if (f === undefined || !(await readable(db, p, f))) throw notFound(FilingErrorCodes.FILING_NOT_FOUND, 'No such filing');
    return filingView(f, await filings.notices(db, f.filing_id));
  };

  const list = async (p: Principal, q: { employer?: string; status?: string; from?: string; to?: string; after?: string; limit: number }) => {
    let employer: string | undefined;
    if (q.employer !== undefined) {
      const parsed = parseOfficeCodeString(q.employer, { path: 'querystring:/employer' });
      if (!parsed.ok) throw validationFailed([...parsed.errors], 'The employer is malformed');
      employer = parsed.value.key;
      if (!(await access.canActForOffice(db, p, employer)) && !has(p, Roles.INTEGRATION)) {
        throw forbidden('EMPLOYER_FORBIDDEN', 'The caller may not act for this employer');
      }
    }
    const scope = await access.listingScope(db, p);
    const rows = await filings.list(db, { scope, employer, status: q.status, from: q.from, to: q.to, after: q.after, limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    return {
      items: page.map((f) => filingView(f, [])),
      ...(rows.length > q.limit ? { next: page[page.length - 1]?.arrival_number } : {}),
    };
  };

  /** 取下げ: allowed until records applied the filing; records may still refuse (withdrawal-refused). */
  const withdraw = async (p: Principal, arrivalNumber: string, reason: string | undefined, correlationId: string) =>
    withTransaction(db, async (tx) => {
      const f = await filings.byArrivalNumber(tx, arrivalNumber, true);
      if (f === undefined || !(await readable(tx, p, f))) throw notFound(FilingErrorCodes.FILING_NOT_FOUND, 'No such filing');
      const subject = { officeCode: f.office_code ?? undefined, personId: f.person_id ?? undefined };
      if (!(await access.canSubmit(tx, p, subject)) && f.submitted_by_sub !== p.sub) {
        throw forbidden('FILING_FORBIDDEN', 'The caller may not withdraw this filing');
      }
      if (f.status === FilingStatuses.WITHDRAWN) return filingView(f, []);
      const allowed: string[] = [FilingStatuses.ACCEPTED, FilingStatuses.HELD];
      if (!allowed.includes(f.status)) {
        throw conflict(FilingErrorCodes.WITHDRAWAL_NOT_ALLOWED, `A filing that is ${f.status} cannot be withdrawn`);
      }
      const now = clock.now();
      await filings.setStatus(tx, f.filing_id, FilingStatuses.WITHDRAWN, { status: FilingStatuses.WITHDRAWN, at: now.toISOString(), ...(reason === undefined ? {} : { detail: { reason } }) });
      await bus.outbox.emit(tx, FilingEvents.WITHDRAWN, {
        subject: f.office_code ?? `person:${f.person_id ?? ''}`,
        correlationId,
        data: {
          filingId: f.filing_id,
          arrivalNumber: f.arrival_number,
          ...(f.office_code === null ? {} : { officeCode: f.office_code }),
          ...(f.person_id === null ? {} : { personId: f.person_id }),
          ...(reason === undefined ? {} : { reason }),
        },
      });
      await deps.onStatus(tx, { filing: f, status: FilingStatuses.WITHDRAWN, at: now });
      const after = await filings.byId(tx, f.filing_id);
      return filingView(after as FilingRow, []);
    });

  return { submit, get, list, withdraw, subjectOf, validate, rejectedError };
};
export type FilingService = ReturnType<typeof filingService>;
export { isFormCode };
