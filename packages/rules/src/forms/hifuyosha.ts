/**
 * Cross-field checks of 被扶養者（異動）届・国民年金第3号被保険者関係届 (2202700).
 * Source: CSV形式届書作成仕様書 第16.2版 表4.10.1-1 as transcribed in rakually
 * kyuyo/docs/fuyo-2202700.md and kyuyo/lib/todokede-check.js `fuyo` (every 相関 there is here, on the
 * JSON item it names); REFERENCE.md §1 (異動の別 1 該当 2 非該当 3 変更).
 */
import type { HifuyoshaBody as B, HifuyoshaSpouse, HifuyoshaOtherDependant } from '@nenkin/contracts/forms';
import { FormRuleCodes } from './codes';
import { type Msg, type Rule, rule, requiredIf, omittedIf, notAfterCheckDate } from './rule-kit';

const T1 = { ja: "「異動の別」が該当'1'の", en: 'the change type is 1 (added)' };
const T2 = { ja: "「異動の別」が非該当'2'の", en: 'the change type is 2 (removed)' };
const T23 = { ja: "「異動の別」が非該当'2'または変更'3'の", en: 'the change type is 2 or 3' };
const T13 = { ja: "「異動の別」が該当'1'または変更'3'の", en: 'the change type is 1 or 3' };
const T12 = { ja: "「異動の別」が該当'1'、非該当'2'の", en: 'the change type is 1 or 2' };
const T3 = { ja: "「異動の別」が変更'3'の", en: 'the change type is 3 (changed)' };
const MY = { ja: '「個人番号」に入力がある', en: 'a My Number is given' };
const NO_MY = { ja: '「個人番号」が省略されている', en: 'no My Number is given' };

const is =
  (...types: string[]) =>
  (b: B): boolean =>
    types.includes(b.changeType);

/** Rules of one person block (spouse or other dependant) when that block is present. */
type Person = HifuyoshaSpouse | HifuyoshaOtherDependant;
const personRules = (
  base: string,
  get: (b: B) => Person | undefined,
  kind: 'spouse' | 'other',
): Rule<B>[] => {
  const at = (k: string): string => `${base}/${k}`;
  const has = (b: B): boolean => get(b) !== undefined;
  const field = <K extends keyof HifuyoshaSpouse & keyof HifuyoshaOtherDependant>(b: B, k: K) => get(b)?.[k];
  // `reads` never include the block itself: a bad value inside the block must not silence the
  // block's other rules (the pointers of the values read are enough).
  const req = (k: string, reads: string[], when: (b: B) => boolean, cond: Msg): Rule<B> =>
    requiredIf<B>(at(k), reads, (b) => has(b) && when(b), cond);
  const omit = (k: string, reads: string[], when: (b: B) => boolean, cond: Msg): Rule<B> =>
    omittedIf<B>(at(k), reads, (b) => has(b) && when(b), cond);
  const otherOf = (code: string, reasonJa: string): Msg => ({
    ja: `「${reasonJa}」がその他'${code}'の`,
    en: `the reason is ${code} (other)`,
  });
  const rules: Rule<B>[] = [
    req('livingTogether', ['/changeType'], is('1'), T1),
    omit('livingTogether', ['/changeType'], is('2', '3'), T23),
    omit('residencePrefecture', ['/changeType'], is('1', '3'), T13),
    req('becameDependantDate', ['/changeType'], is('1'), T1),
    omit('becameDependantDate', ['/changeType'], is('2'), T2),
    omit('becameReason', ['/changeType'], is('2', '3'), T23),
    req(
      'becameReasonOther',
      [at('becameReason')],
      (b) => field(b, 'becameReason') === '5',
      otherOf('5', '被扶養者になった理由'),
    ),
    req('occupation', ['/changeType'], is('1'), T1),
    omit('occupation', ['/changeType'], is('2', '3'), T23),
    req('income', ['/changeType'], is('1'), T1),
    req('ceasedDate', ['/changeType'], is('2'), T2),
    omit('ceasedReason', ['/changeType'], is('1', '3'), T13),
    req(
      'ceasedReasonOther',
      [at('ceasedReason')],
      (b) => field(b, 'ceasedReason') === '6',
      otherOf('6', '被扶養者でなくなった理由'),
    ),
    omit('ceasedReasonOther', [at('ceasedReason')], (b) => field(b, 'ceasedReason') !== '6', {
      ja: "「被扶養者でなくなった理由」がその他'6'以外の",
      en: 'the reason is not 6 (other)',
    }),
    req('remarks', ['/changeType'], is('3'), {
      ja: `${T3.ja}（変更項目と変更前の内容を記入）`,
      en: `${T3.en} (name the changed items and their previous values)`,
    }),
    // 海外特例要件
    rule<B>(
      FormRuleCodes.HIFUYO_OVERSEAS_CONFLICT,
      at('overseasException'),
      [at('becameDependantDate')],
      (b) =>
        field(b, 'overseasException') === '2' && field(b, 'becameDependantDate') !== undefined
          ? {
              ja: "「被扶養者になった日」が入力されている場合 非該当'2'は設定できません",
              en: 'cannot be 2 (ended) when a date of becoming a dependant is given',
            }
          : undefined,
    ),
    req('overseasReason', [at('overseasException')], (b) => field(b, 'overseasException') === '1', {
      ja: "「海外特例要件」が該当'1'の",
      en: 'the overseas exception applies',
    }),
    req(
      'overseasReasonOther',
      [at('overseasReason')],
      (b) => field(b, 'overseasReason') === '5',
      otherOf('5', '海外特例要件に該当した理由'),
    ),
    req('overseasEndReason', [at('overseasException')], (b) => field(b, 'overseasException') === '2', {
      ja: "「海外特例要件」が非該当'2'の",
      en: 'the overseas exception ended',
    }),
    req(
      'overseasEndReasonOther',
      [at('overseasEndReason')],
      (b) => field(b, 'overseasEndReason') === '2',
      otherOf('2', '海外特例要件に非該当となった理由'),
    ),
    req('domesticMoveInDate', [at('overseasEndReason')], (b) => field(b, 'overseasEndReason') === '1', {
      ja: "「海外特例要件に非該当となった理由」が国内転入'1'の",
      en: 'the exception ended by moving to Japan',
    }),
  ];
  if (kind === 'spouse') {
    const sp = (b: B): HifuyoshaSpouse | undefined => b.spouse;
    rules.push(
      req('becameReason', ['/changeType'], is('1'), T1),
      req('ceasedReason', ['/changeType'], is('2'), T2),
      req('deathDate', [at('ceasedReason')], (b) => sp(b)?.ceasedReason === '1', {
        ja: "「被扶養者でなくなった理由」が死亡'1'の",
        en: 'the reason is 1 (death)',
      }),
      omit('deathDate', [at('ceasedReason')], (b) => sp(b)?.ceasedReason !== '1', {
        ja: "「被扶養者でなくなった理由」が死亡'1'以外の",
        en: 'the reason is not 1 (death)',
      }),
      omit('overseasException', [at('ceasedDate')], (b) => sp(b)?.ceasedDate !== undefined, {
        ja: '「被扶養者でなくなった日」が入力されている',
        en: 'a date of ceasing to be a dependant is given',
      }),
      req('overseasStartDate', [at('overseasException')], (b) => sp(b)?.overseasException === '1', {
        ja: "「海外特例要件」が該当'1'の",
        en: 'the overseas exception applies',
      }),
      req('overseasEndDate', [at('overseasException')], (b) => sp(b)?.overseasException === '2', {
        ja: "「海外特例要件」が非該当'2'の",
        en: 'the overseas exception ended',
      }),
    );
  } else {
    const od = (b: B): HifuyoshaOtherDependant | undefined => get(b) as HifuyoshaOtherDependant | undefined;
    rules.push(
      req('relationshipOther', [at('relationship')], (b) => od(b)?.relationship === '10', {
        ja: "「続柄」がその他'10'の",
        en: 'the relationship is 10 (other)',
      }),
      omit('relationshipOther', [at('relationship')], (b) => od(b)?.relationship !== '10', {
        ja: "「続柄」がその他'10'以外の",
        en: 'the relationship is not 10 (other)',
      }),
      req('postalCode', ['/changeType'], is('1', '2'), T12),
      req('addressKanji', ['/changeType'], is('1', '2'), T12),
    );
  }
  return rules;
};

export const hifuyoshaRules: readonly Rule<B>[] = [
  notAfterCheckDate<B>('/employerReceivedDate'),
  requiredIf<B>('/insuredNumber', ['/changeType'], is('2', '3'), T23),
  rule<B>(FormRuleCodes.IDENTITY_REQUIRED, '/insured/pensionNumber', ['/insured/myNumber'], (b) =>
    b.insured.myNumber === undefined && b.insured.pensionNumber === undefined
      ? { ja: '「個人番号」が空欄の場合 入力されていること', en: 'required when no My Number is given' }
      : undefined,
  ),
  omittedIf<B>('/insured/income', ['/changeType'], is('2', '3'), T23),
  ...(['/insured/postalCode', '/insured/addressKanji'] as const).flatMap((at) => [
    omittedIf<B>(at, ['/insured/myNumber'], (b) => b.insured.myNumber !== undefined, MY),
    requiredIf<B>(at, ['/insured/myNumber'], (b) => b.insured.myNumber === undefined, NO_MY),
  ]),
  rule<B>(FormRuleCodes.HIFUYO_NO_DEPENDANT, '/spouse', ['/otherDependants'], (b) =>
    b.spouse === undefined && (b.otherDependants === undefined || b.otherDependants.length === 0)
      ? {
          ja: '配偶者である被扶養者またはその他の被扶養者のいずれかを設定すること',
          en: 'name the spouse or at least one other dependant',
        }
      : undefined,
  ),
  omittedIf<B>('/spouseAnnualIncome', ['/changeType'], is('2', '3'), T23),
  ...personRules('/spouse', (b) => b.spouse, 'spouse'),
  ...([0, 1] as const).flatMap((k) =>
    personRules(`/otherDependants/${k}`, (b) => b.otherDependants?.[k], 'other'),
  ),
];
