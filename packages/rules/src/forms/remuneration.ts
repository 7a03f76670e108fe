/**
 * Cross-field checks of 月額変更届 (2221700) and 算定基礎届 (2225700).
 *
 * Sources: REFERENCE.md §1 (月変: 3 consecutive pay months, base days ≥ 17 each (≥ 11 短時間労働者),
 * 総計, 平均 = floor(総計/3); 算定: 適用年月 month 09, pay months 04/05/06) and §2 (定時決定: count
 * the months with 支払基礎日数 ≥ 17, ≥ 11 for 短時間労働者, パート whose three months are all < 17
 * use months ≥ 15; 報酬月額 = sum / months counted, yen truncated; kirico data_record2225700.rb
 * computes 総計/平均 the same way); zidoucheck csv221 / csv225 as transcribed in rakually
 * kyuyo/lib/todokede-check.js `common`, `gekkaku`, `santei`.
 * Our decision: the 算定 総計/平均 check is skipped when 備考 途中入社 or 病休・育休・休職等 is set —
 * the employer then leaves months out by judgment, which the form does not record.
 */
import type { GeppenBody, SanteiBody } from '@nenkin/contracts/forms';
import { FormRuleCodes } from './codes';
import { type Rule, rule, requiredIf, omittedIf, amountTotalRules, capAmount } from './rule-kit';

type Common = GeppenBody | SanteiBody;
const MONTHS = [0, 1, 2] as const;
const ONLY70 = { ja: "「70歳以上被用者届のみ提出」が'1'の", en: 'only the over-70 notification is filed' };

const commonRules = <B extends Common>(): Rule<B>[] => [
  // 昇(降)給月 and 昇(降)給区分 go together
  requiredIf<B>('/payChangeMonth', ['/payChangeKind'], (b) => b.payChangeKind !== undefined, {
    ja: '「昇(降)給区分」が入力されている',
    en: 'a pay change kind is given',
  }),
  requiredIf<B>('/payChangeKind', ['/payChangeMonth'], (b) => b.payChangeMonth !== undefined, {
    ja: '「昇(降)給月」が入力されている',
    en: 'a pay change month is given',
  }),
  ...MONTHS.flatMap((i) => amountTotalRules<B>(`/months/${i}`, false)),
  rule<B>(FormRuleCodes.AVERAGE_BELOW_MINIMUM, '/adjustedAverage', [], (b) =>
    b.adjustedAverage !== undefined && b.adjustedAverage < 1000
      ? {
          ja: `'1000'以上であること（${b.adjustedAverage}）`,
          en: `must be at least 1000 (got ${b.adjustedAverage})`,
        }
      : undefined,
  ),
  // 個人番号 is only for 70歳以上被用者; then 個人番号 or 基礎年金番号
  omittedIf<B>('/myNumber', ['/over70'], (b) => b.over70 !== true, {
    ja: '「備考欄項目１」（70歳以上被用者）に入力がない',
    en: 'the employee is not marked over 70',
  }),
  rule<B>(FormRuleCodes.IDENTITY_REQUIRED, '/pensionNumber', ['/over70', '/myNumber'], (b) =>
    b.over70 === true && b.myNumber === undefined && b.pensionNumber === undefined
      ? {
          ja: "「備考欄項目１」が'1' かつ 「個人番号」に入力がない場合 入力されていること",
          en: 'required for an over-70 employee without a My Number',
        }
      : undefined,
  ),
  omittedIf<B>('/insuredNumber', ['/over70Only'], (b) => b.over70Only === true, ONLY70),
  requiredIf<B>('/over70', ['/over70Only'], (b) => b.over70Only === true, ONLY70),
];

const nextMonth = (m: number): number => (m % 12) + 1;

export const geppenRules: readonly Rule<GeppenBody>[] = [
  ...commonRules<GeppenBody>(),
  ...(
    [
      [0, 1],
      [1, 2],
    ] as const
  ).map(([prev, i]) =>
    rule<GeppenBody>(
      FormRuleCodes.GEPPEN_PAY_MONTHS_CONSECUTIVE,
      `/months/${i}/month`,
      [`/months/${prev}/month`],
      (b) => {
        const expected = nextMonth(b.months[prev].month);
        return b.months[i].month === expected
          ? undefined
          : {
              ja: `前の給与支給月＋１ヶ月（${expected}月）であること`,
              en: `must be the month after the previous pay month (${expected})`,
            };
      },
    ),
  ),
  rule<GeppenBody>(FormRuleCodes.GEPPEN_REVISION_MONTH, '/revisionMonth', ['/months/2/month'], (b) => {
    const expected = nextMonth(b.months[2].month);
    return Number(b.revisionMonth.slice(5, 7)) === expected
      ? undefined
      : {
          ja: `「給与支給月（前一ヶ月）」＋１ヶ月（${expected}月）であること`,
          en: `the month must be the one after the last pay month (${expected})`,
        };
  }),
  ...MONTHS.map((i) =>
    rule<GeppenBody>(
      FormRuleCodes.BASE_DAYS_BELOW_MINIMUM,
      `/months/${i}/days`,
      ['/shortTimeWorker'],
      (b) => {
        const min = b.shortTimeWorker === true ? 11 : 17;
        return b.months[i].days >= min
          ? undefined
          : {
              ja: `'${min}'〜'31'であること（${b.shortTimeWorker === true ? '短時間労働者' : '短時間労働者以外'}）`,
              en: `must be ${min}–31${b.shortTimeWorker === true ? ' for a short-time worker' : ''} (got ${b.months[i].days})`,
            };
      },
    ),
  ),
  rule<GeppenBody>(FormRuleCodes.SUM_MISMATCH, '/totalSum', ['/months'], (b) => {
    const expected = capAmount(b.months.reduce((s, m) => s + m.total, 0));
    return b.totalSum === expected
      ? undefined
      : {
          ja: `合計３ヶ月分の和（${expected}）であること（${b.totalSum}）`,
          en: `must be the sum of the three totals, ${expected} (got ${b.totalSum})`,
        };
  }),
  rule<GeppenBody>(FormRuleCodes.AVERAGE_MISMATCH, '/average', ['/months', '/adjustedAverage'], (b) => {
    if (b.adjustedAverage !== undefined || b.months.some((m) => m.total === 9_999_999)) return undefined;
    const expected = Math.floor(b.months.reduce((s, m) => s + m.total, 0) / 3);
    return b.average === expected
      ? undefined
      : {
          ja: `（合計の和）÷３（${expected}）であること（${b.average}）`,
          en: `must be the sum of the totals ÷ 3, ${expected} (got ${b.average})`,
        };
  }),
  rule<GeppenBody>(FormRuleCodes.AVERAGE_BELOW_MINIMUM, '/average', ['/adjustedAverage'], (b) =>
    b.adjustedAverage === undefined && b.average < 1000
      ? {
          ja: `「修正平均額」が省略されている場合 '1000'以上であること（${b.average}）`,
          en: `must be at least 1000 when no adjusted average is given`,
        }
      : undefined,
  ),
];

/** 算定: the 支払基礎日数 a month needs to count (REFERENCE.md §2 定時決定). */
export const santeiDayThreshold = (
  b: Pick<SanteiBody, 'months' | 'shortTimeWorker' | 'partTimeWorker'>,
): number => {
  if (b.shortTimeWorker === true) return 11;
  if (b.partTimeWorker === true && b.months.every((m) => m.days < 17)) return 15;
  return 17;
};

/** 算定: 総計 and 平均 of the counted months (0 and 0 when no month counts: 保険者決定). */
export const santeiTotals = (
  b: Pick<SanteiBody, 'months' | 'shortTimeWorker' | 'partTimeWorker'>,
): { sum: number; average: number } => {
  const threshold = santeiDayThreshold(b);
  const counted = b.months.filter((m) => m.days >= threshold);
  const sum = counted.reduce((s, m) => s + m.cash + m.inKind, 0);
  return {
    sum: capAmount(sum),
    average: counted.length === 0 ? 0 : capAmount(Math.floor(sum / counted.length)),
  };
};

const santeiJudgement = (b: SanteiBody): boolean => b.midMonthJoin === true || b.leaveOfAbsence === true;

export const santeiRules: readonly Rule<SanteiBody>[] = [
  ...commonRules<SanteiBody>(),
  rule<SanteiBody>(FormRuleCodes.SANTEI_APPLICABLE_MONTH, '/applicableMonth', [], (b) =>
    b.applicableMonth.endsWith('-09')
      ? undefined
      : {
          ja: `月は'09'であること（${b.applicableMonth}）`,
          en: `the month must be 09 (got ${b.applicableMonth})`,
        },
  ),
  rule<SanteiBody>(FormRuleCodes.SANTEI_RETRO_PAY_MONTH, '/retroPayMonth', [], (b) =>
    b.retroPayMonth !== undefined && (b.retroPayMonth < 4 || b.retroPayMonth > 6)
      ? { ja: `'04'〜'06'であること（${b.retroPayMonth}）`, en: `must be 04–06 (got ${b.retroPayMonth})` }
      : undefined,
  ),
  rule<SanteiBody>(
    FormRuleCodes.SUM_MISMATCH,
    '/totalSum',
    ['/months', '/shortTimeWorker', '/partTimeWorker', '/midMonthJoin', '/leaveOfAbsence'],
    (b) => {
      if (santeiJudgement(b)) return undefined;
      const { sum } = santeiTotals(b);
      return b.totalSum === sum
        ? undefined
        : {
            ja: `支払基礎日数${santeiDayThreshold(b)}日以上の月の報酬の和（${sum}）であること（${b.totalSum}）`,
            en: `must be the pay of the months with at least ${santeiDayThreshold(b)} base days, ${sum} (got ${b.totalSum})`,
          };
    },
  ),
  rule<SanteiBody>(
    FormRuleCodes.AVERAGE_MISMATCH,
    '/average',
    ['/months', '/shortTimeWorker', '/partTimeWorker', '/midMonthJoin', '/leaveOfAbsence'],
    (b) => {
      if (santeiJudgement(b)) return undefined;
      const { average } = santeiTotals(b);
      return b.average === average
        ? undefined
        : {
            ja: `総計÷対象月数（円未満切捨て、${average}）であること（${b.average}）`,
            en: `must be the total ÷ the months counted, truncated: ${average} (got ${b.average})`,
          };
    },
  ),
];
