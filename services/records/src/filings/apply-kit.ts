/**
 * What every form handler of the applier shares: the per-filing context, identity (with the staff's
 * forced decision on a held filing), person creation, notice requests with their dedupe keys, and the
 * small record predicates. No handler writes before its checks are done (see filing-applier).
 */
import type { FilingAcceptedData } from '@nenkin/contracts/intake';
import type { FilingBody } from '@nenkin/contracts/forms';
import { NoticeCommands, noticeIdOf } from '@nenkin/contracts/notices';
import type { Queryable } from '@nenkin/platform/db';
import { kanaNameKey } from '@nenkin/rules/kana';
import { pensionNumberCandidate, personIdOf } from '../shared/ids';
import { filingRepository as repo, type EnrolmentRow, type PersonRow, type StandardRow } from './filing-repository';
import { matchIdentity, type IdentityInput } from './identity';
import { msg, reject, RecordRuleError, type Emission, type FilingResult } from './outcomes';

export type Body<C extends string> = Extract<FilingBody, { formCode: C }>;
/** A staff decision on a held filing: apply it to this person, or as a new person. */
export type ForcedIdentity = { kind: 'person'; personId: string } | { kind: 'new' };
export type Ctx = { q: Queryable; data: FilingAcceptedData; officeCode: string; forced?: ForcedIdentity };

export const ref = (d: FilingAcceptedData) => ({ filingId: d.filingId, arrivalNumber: d.arrivalNumber });

export const myNumberAt = (d: FilingAcceptedData, path: string) => d.myNumbers.find((m) => m.path === path);

export const officeCodeOf = (d: FilingAcceptedData, subject: string): string => {
  if (d.officeCode !== undefined) return d.officeCode;
  const b = d.body as { office?: { prefecture: string; district: string; symbol: string } };
  return b.office ? `${b.office.prefecture}-${b.office.district}-${b.office.symbol.toUpperCase()}` : subject;
};

/** 種別 1/5 男子, 2/6 女子; 坑内員 (3/7) says nothing about sex. */
export const sexOfKind = (kind: string | undefined): '1' | '2' | undefined =>
  kind === '1' || kind === '5' ? '1' : kind === '2' || kind === '6' ? '2' : undefined;

/** Notice requests to the employer and to the person (or only `to`), each with its own stable dedupe key `<base>:<who>`. */
export const notices = (
  ctx: Ctx,
  noticeType: string,
  dedupeBase: string,
  personId: string,
  content: Record<string, unknown>,
  to: readonly ('employer' | 'person')[] = ['employer', 'person'],
): Emission[] =>
  to.map((who) => {
    const recipient = who === 'employer' ? { kind: 'employer', officeCode: ctx.officeCode } : { kind: 'person', personId };
    const dedupeKey = `${dedupeBase}:${who}`;
    return {
      def: NoticeCommands.REQUESTED,
      subject: who === 'employer' ? `employer:${ctx.officeCode}` : `person:${personId}`,
      data: { noticeId: noticeIdOf(dedupeKey), dedupeKey, noticeType, recipient, data: content, relatedFiling: ref(ctx.data) },
    };
  });

export const standardOn = (rows: readonly StandardRow[], date: string): StandardRow | undefined =>
  rows.filter((r) => r.effective_from <= date).at(-1);

export const insuredOn = (e: EnrolmentRow, date: string): boolean => e.acquired_on <= date && (e.lost_on === null || e.lost_on > date);

/** The 厚年 enrolment at this office in force on `date` (the latest acquired when several). */
export const enrolmentAt = async (ctx: Ctx, personId: string, date: string): Promise<EnrolmentRow | undefined> =>
  (await repo.enrolmentsOfPerson(ctx.q, personId))
    .filter((e) => e.scheme === 'kosei' && e.office_code === ctx.officeCode && insuredOn(e, date))
    .at(-1);

/** Rules throw RangeError on dates before every table (e.g. a 取得 in 2010): a reason, not a crash. */
export const ruled = <T>(fn: () => T): T => {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RangeError) throw new RecordRuleError('RULE_NOT_APPLICABLE', `規則を適用できません: ${err.message}`, `the rule cannot be applied: ${err.message}`);
    throw err;
  }
};

export type Identified = { kind: 'person'; person: PersonRow; created: boolean } | { kind: 'result'; result: FilingResult };

/** The insured person of an employer form other than 資格取得: found by the keys every such form carries. */
export const identifyInsured = (
  ctx: Ctx,
  b: { pensionNumber?: string; nameKana: string; birthDate: string; insuredNumber?: string },
): Promise<Identified> =>
  identify(ctx, {
    myNumberHash: myNumberAt(ctx.data, '/myNumber')?.hash,
    pensionNumber: b.pensionNumber,
    nameKana: b.nameKana,
    birthDate: b.birthDate,
    officeCode: ctx.officeCode,
    insuredNumber: b.insuredNumber,
  });

/**
 * The person a filing names. `create` (forms that may create a person): near misses are held, and no
 * match creates the person with a deterministic id (`create.personId`, else from the filing id and
 * role) and 基礎年金番号. A staff decision on a held filing (`ctx.forced`) replaces the matching.
 */
export const identify = async (ctx: Ctx, input: IdentityInput, create?: { nameKanji?: string; role: string; personId?: string }): Promise<Identified> => {
  const forcedPerson = ctx.forced?.kind === 'person' ? await repo.personById(ctx.q, ctx.forced.personId) : undefined;
  if (ctx.forced?.kind === 'person' && forcedPerson === undefined) {
    return { kind: 'result', result: reject('PERSON_UNKNOWN', '指定された記録がありません', 'no such person') };
  }
  const found =
    forcedPerson !== undefined
      ? ({ kind: 'matched', person: forcedPerson, by: 'my-number' } as const)
      : ctx.forced?.kind === 'new'
        ? ({ kind: 'none' } as const)
        : await matchIdentity(ctx.q, input, { fuzzy: create !== undefined });
  if (found.kind === 'matched') return { kind: 'person', person: found.person, created: false };
  if (found.kind === 'held') {
    return {
      kind: 'result',
      result: {
        outcome: 'held',
        identity: 'possible-duplicate',
        candidates: found.candidates,
        reason:
          found.code === 'IDENTITY_CONFLICT'
            ? msg(found.code, '個人番号・基礎年金番号・生年月日が記録と一致しないため、確認のため保留しました', 'the identifiers contradict the record; held for staff review')
            : msg(found.code, '同一人の可能性がある記録があるため、確認のため保留しました', 'a record that may be the same person exists; held for staff review'),
      },
    };
  }
  if (create === undefined) {
    return { kind: 'result', result: reject('PERSON_UNKNOWN', '該当する被保険者の記録がありません', 'no record of this person') };
  }
  // A new person: deterministic id and 基礎年金番号 (given on the filing, else assigned).
  const personId = create.personId ?? personIdOf(ctx.data.filingId, create.role);
  let pensionNumber = input.pensionNumber;
  for (let attempt = 0; pensionNumber === undefined; attempt++) {
    const candidate = pensionNumberCandidate(ctx.data.filingId, create.role, attempt);
    if (!(await repo.pensionNumberTaken(ctx.q, candidate))) pensionNumber = candidate;
  }
  const person: PersonRow = {
    person_id: personId,
    pension_number: pensionNumber,
    my_number_hash: input.myNumberHash ?? null,
    name_kana: input.nameKana,
    name_kanji: create.nameKanji ?? null,
    kana_key: kanaNameKey(input.nameKana),
    birth_date: input.birthDate,
    sex: input.sex ?? null,
  };
  return { kind: 'person', person, created: true };
};

/** Opens a 国民年金 period (第1号 or 第3号) for the person from `date`, by this filing. */
export const openKokuminPeriod = async (ctx: Ctx, p: { enrolmentId: string; personId: string; category: 1 | 3; date: string }): Promise<void> =>
  repo.insertEnrolment(ctx.q, {
    enrolment_id: p.enrolmentId,
    person_id: p.personId,
    scheme: 'kokumin',
    category: p.category,
    office_code: null,
    insured_number: null,
    acquired_on: p.date,
    lost_on: null,
    loss_cause: null,
    acquired_filing: ctx.data.filingId,
  });

export const createPerson = async (ctx: Ctx, person: PersonRow, cipher: string | undefined): Promise<void> =>
  repo.insertPerson(ctx.q, { ...person, my_number_cipher: cipher ?? null, created_by_filing: ctx.data.filingId, created_on: ctx.data.receivedOn });
