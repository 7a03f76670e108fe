/**
 * Cross-field checks of the 国民年金 applications (no CSV form; JSON only).
 *
 * Sources: REFERENCE.md §3 (the applications), §2 (premiums; the right to collect lapses after 2
 * years). Rules of ours, each from the statute as the agency explains it on its forms:
 *  - 第1号被保険者 are 20 to 59 (国民年金法 第7条); an age is reached the day before the birthday
 *    (年齢計算ニ関スル法律), so 20歳到達による資格取得日 = that day;
 *  - 免除・納付猶予 run per 免除年度 July–June, 学生納付特例 per 年度 April–March, and may be applied
 *    for back to the month 2 years 1 month before the application month;
 *  - 納付猶予 is for months before the month the applicant reaches 50;
 *  - 付加保険料 and 口座振替 take effect from the month of the application, never earlier.
 */
import type {
  KokunenMenjoBody,
  KokunenGakuseiBody,
  KokunenKozaBody,
  KokunenFukaBody,
  KokunenShutokuBody,
  KokunenApplicant,
} from '@nenkin/contracts/forms';
import { addYearMonths, dateAgeReached, yearMonthOf, lastOfMonth } from '../dates';
import { FormRuleCodes } from './codes';
import { type Msg, type Rule, rule, requiredIf, omittedIf, notAfterCheckDate } from './rule-kit';

type WithApplicant = { applicant: KokunenApplicant };
type Period = WithApplicant & { periodFrom: string; periodTo: string };

/** Applications may go back to the month 2 years 1 month before the application month. */
export const RETROACTIVE_MONTHS = 25;

const identity = <B extends WithApplicant>(): Rule<B> =>
  rule<B>(FormRuleCodes.IDENTITY_REQUIRED, '/applicant/pensionNumber', ['/applicant/myNumber'], (b) =>
    b.applicant.pensionNumber === undefined && b.applicant.myNumber === undefined
      ? {
          ja: '「基礎年金番号」または「個人番号」を入力すること',
          en: 'give the basic pension number or the My Number',
        }
      : undefined,
  );

/** The 年度 a month belongs to, for a year starting in `startMonth` (7 = 免除年度, 4 = 年度). */
const yearOf = (ym: string, startMonth: number): number => {
  const y = Number(ym.slice(0, 4));
  return Number(ym.slice(5, 7)) >= startMonth ? y : y - 1;
};

const periodRules = <B extends Period>(startMonth: number, yearName: Msg): Rule<B>[] => [
  rule<B>(FormRuleCodes.KOKUNEN_PERIOD_ORDER, '/periodTo', ['/periodFrom'], (b) =>
    b.periodTo < b.periodFrom
      ? {
          ja: `申請期間の開始（${b.periodFrom}）以降であること`,
          en: `must not be before the start of the period ${b.periodFrom}`,
        }
      : undefined,
  ),
  rule<B>(FormRuleCodes.KOKUNEN_PERIOD_SPANS_YEARS, '/periodTo', ['/periodFrom'], (b) =>
    yearOf(b.periodFrom, startMonth) !== yearOf(b.periodTo, startMonth)
      ? {
          ja: `申請期間は同じ${yearName.ja}の中であること`,
          en: `the period must lie within one ${yearName.en}`,
        }
      : undefined,
  ),
  rule<B>(FormRuleCodes.KOKUNEN_PERIOD_TOO_OLD, '/periodFrom', [], (b, ctx) => {
    const earliest = addYearMonths(yearMonthOf(ctx.today), -RETROACTIVE_MONTHS);
    return b.periodFrom < earliest
      ? {
          ja: `申請月の２年１か月前（${earliest}）以降であること`,
          en: `must not be before ${earliest} (2 years 1 month back)`,
        }
      : undefined;
  }),
  rule<B>(FormRuleCodes.KOKUNEN_AGE_RANGE, '/periodFrom', ['/periodTo', '/applicant/birthDate'], (b) => {
    const at20 = dateAgeReached(b.applicant.birthDate, 20);
    const at60 = dateAgeReached(b.applicant.birthDate, 60);
    return at20 <= lastOfMonth(`${b.periodTo}-01`) && yearMonthOf(at60) > b.periodFrom
      ? undefined
      : {
          ja: '申請期間に申請者が20歳以上60歳未満であること',
          en: 'the applicant must be 20 to 59 during the period',
        };
  }),
];

export const kokunenMenjoRules: readonly Rule<KokunenMenjoBody>[] = [
  identity<KokunenMenjoBody>(),
  ...periodRules<KokunenMenjoBody>(7, {
    ja: '免除年度（7月〜翌年6月）',
    en: 'exemption year (July to June)',
  }),
  rule<KokunenMenjoBody>(
    FormRuleCodes.KOKUNEN_DEFERMENT_AGE,
    '/exemptionKind',
    ['/periodTo', '/applicant/birthDate'],
    (b) => {
      if (b.exemptionKind !== 'deferment') return undefined;
      const at50 = yearMonthOf(dateAgeReached(b.applicant.birthDate, 50));
      return b.periodTo < at50
        ? undefined
        : {
            ja: `納付猶予は50歳に達する月（${at50}）の前月までであること`,
            en: `deferment ends the month before the applicant reaches 50 (${at50})`,
          };
    },
  ),
  requiredIf<KokunenMenjoBody>('/unemploymentDate', ['/reason'], (b) => b.reason === 'unemployment', {
    ja: '「申請理由」が失業等の',
    en: 'the reason is unemployment',
  }),
  omittedIf<KokunenMenjoBody>('/unemploymentDate', ['/reason'], (b) => b.reason !== 'unemployment', {
    ja: '「申請理由」が失業等以外の',
    en: 'the reason is not unemployment',
  }),
  notAfterCheckDate<KokunenMenjoBody>('/unemploymentDate'),
];

export const kokunenGakuseiRules: readonly Rule<KokunenGakuseiBody>[] = [
  identity<KokunenGakuseiBody>(),
  ...periodRules<KokunenGakuseiBody>(4, { ja: '年度（4月〜翌年3月）', en: 'fiscal year (April to March)' }),
];

const notBeforeThisMonth = <B extends { fromMonth: string }>(): Rule<B> =>
  rule<B>(FormRuleCodes.KOKUNEN_START_MONTH_PAST, '/fromMonth', [], (b, ctx) => {
    const current = yearMonthOf(ctx.today);
    return b.fromMonth < current
      ? {
          ja: `申出月（${current}）以降であること`,
          en: `must not be before the month of the application ${current}`,
        }
      : undefined;
  });

const APPLY = { ja: '「申出の種類」が申出の', en: 'the action is apply' };
const CANCEL = { ja: '「申出の種類」が辞退の', en: 'the action is cancel' };

export const kokunenKozaRules: readonly Rule<KokunenKozaBody>[] = [
  identity<KokunenKozaBody>(),
  requiredIf<KokunenKozaBody>('/account', ['/action'], (b) => b.action === 'apply', APPLY),
  requiredIf<KokunenKozaBody>('/debitCycle', ['/action'], (b) => b.action === 'apply', APPLY),
  omittedIf<KokunenKozaBody>('/account', ['/action'], (b) => b.action === 'cancel', CANCEL),
  omittedIf<KokunenKozaBody>('/debitCycle', ['/action'], (b) => b.action === 'cancel', CANCEL),
  notBeforeThisMonth<KokunenKozaBody>(),
];

export const kokunenFukaRules: readonly Rule<KokunenFukaBody>[] = [
  identity<KokunenFukaBody>(),
  notBeforeThisMonth<KokunenFukaBody>(),
];

export const kokunenShutokuRules: readonly Rule<KokunenShutokuBody>[] = [
  identity<KokunenShutokuBody>(),
  notAfterCheckDate<KokunenShutokuBody>('/acquisitionDate'),
  rule<KokunenShutokuBody>(
    FormRuleCodes.KOKUNEN_AGE_RANGE,
    '/acquisitionDate',
    ['/applicant/birthDate'],
    (b) => {
      const at20 = dateAgeReached(b.applicant.birthDate, 20);
      const at60 = dateAgeReached(b.applicant.birthDate, 60);
      return b.acquisitionDate >= at20 && b.acquisitionDate < at60
        ? undefined
        : {
            ja: `20歳に達した日（${at20}）以後、60歳に達した日（${at60}）より前であること`,
            en: `must be from ${at20} (age 20 reached) and before ${at60} (age 60 reached)`,
          };
    },
  ),
  rule<KokunenShutokuBody>(
    FormRuleCodes.KOKUNEN_AGE20_DATE,
    '/acquisitionDate',
    ['/reason', '/applicant/birthDate'],
    (b) => {
      if (b.reason !== 'age-20') return undefined;
      const at20 = dateAgeReached(b.applicant.birthDate, 20);
      return b.acquisitionDate === at20
        ? undefined
        : {
            ja: `20歳到達の場合 20歳に達した日（誕生日の前日 ${at20}）であること`,
            en: `must be ${at20}, the day age 20 is reached`,
          };
    },
  ),
  omittedIf<KokunenShutokuBody>('/previousEmployer', ['/reason'], (b) => b.reason !== 'left-employment', {
    ja: '「理由」が退職以外の',
    en: 'the reason is not leaving employment',
  }),
];
