/**
 * 月額変更届 — 様式コード 2221700, 49 items — and 算定基礎届 — 様式コード 2225700, 53 items.
 * Source of the order: kirico lib/kirico/models/data_record2221700.rb and data_record2225700.rb
 * (`to_csv`), cross-checked with zidoucheck csv221 / csv225 as transcribed in rakually
 * kyuyo/lib/todokede-check.js `gekkaku`, `santei` (項番 1–49 / 1–53). The pay-month items are
 * column-major on the form: the three months' 支給月, then the three 基礎日数, then 通貨, 現物, 合計.
 */
import { FORM_CODES } from '@nenkin/contracts/forms';
import { FormRuleCodes } from '../../forms/codes';
import { defineLayout, f, type FieldSpec } from '../layout';
import { str, fixed, eraYearMonth, pensionNumber, money, flag, int } from '../columns';
import { officeColumns, insuredColumns } from './common';

/** Items 13–21 (従前の標準報酬月額 … 遡及支払額). */
const previousColumns = (): FieldSpec[] => [
  f('/previousStandardHealth', int(4, 4, 4, 1000), '従前の標準報酬月額（健保）', 'optional'),
  f('/previousStandardPension', int(4, 4, 4, 1000), '従前の標準報酬月額（厚年）', 'optional'),
  f(
    '/previousRevisionMonth',
    eraYearMonth(),
    ['従前の改定月（元号）', '従前の改定月（年）', '従前の改定月（月）'],
    'required',
  ),
  f('/payChangeMonth', int(2, 2, 2), '昇(降)給月', 'conditional'),
  f('/payChangeKind', str('N1'), '昇(降)給区分', 'conditional'),
  f('/retroPayMonth', int(2, 2, 2), '遡及支払月', 'optional'),
  f('/retroPayAmount', money(), '遡及支払額', 'optional'),
];

/** Items 25–36: 基礎日数, 通貨, 現物, 合計 for the three months (column-major). */
const monthColumns = (labels: readonly [string, string, string]): FieldSpec[] =>
  (
    [
      ['days', '給与計算の基礎日数', int(2, 2, 2)],
      ['cash', '通貨によるものの額', money()],
      ['inKind', '現物によるものの額', money()],
      ['total', '合計', money()],
    ] as const
  ).flatMap(([key, name, codec]) =>
    labels.map((label, i) => f(`/months/${i}/${key}`, codec, `${name}（${label}）`, 'required')),
  );

/** Items 37–42. */
const totalColumns = (): FieldSpec[] => [
  f('/totalSum', money(), '総計', 'required'),
  f('/average', money(), '平均額', 'required'),
  f('/adjustedAverage', money(), '修正平均額', 'optional'),
  f('/myNumber', str('N12'), '個人番号', 'conditional'),
  f(
    '/pensionNumber',
    pensionNumber(),
    ['基礎年金番号（課所符号）', '基礎年金番号（一連番号）'],
    'conditional',
  ),
];

const GEPPEN_MONTHS = ['前三ヶ月', '前二ヶ月', '前一ヶ月'] as const;
const SANTEI_MONTHS = ['4月', '5月', '6月'] as const;

export const GEPPEN_LAYOUT = defineLayout(FORM_CODES.GEPPEN, '報酬月額変更届／70歳以上被用者月額変更届', 49, [
  f('/formCode', fixed(FORM_CODES.GEPPEN), '様式コード', 'fixed'),
  ...officeColumns(),
  ...insuredColumns(),
  f('/revisionMonth', eraYearMonth(), ['改定年月（元号）', '改定年月（年）', '改定年月（月）'], 'required'),
  ...previousColumns(),
  ...GEPPEN_MONTHS.map((label, i) =>
    f(`/months/${i}/month`, int(2, 2, 2), `給与支給月（${label}）`, 'required'),
  ),
  ...monthColumns(GEPPEN_MONTHS),
  ...totalColumns(),
  f('/over70', flag(), '備考欄項目１（70歳以上被用者）', 'conditional'),
  f('/multipleOffices', flag(), '備考欄項目２（二以上事業所勤務者）', 'optional'),
  f('/shortTimeWorker', flag(), '備考欄項目３（短時間労働者）', 'optional'),
  f('/payChangeReason', str('J≤75B'), '備考欄項目４（昇給・降給の理由）', 'optional'),
  f('/healthOnlyChange', flag(), '備考欄項目５（健康保険のみ月額変更）', 'optional'),
  f('/remarks', str('J≤75B'), '備考欄', 'optional'),
  f('/over70Only', flag(), '70歳以上被用者届のみ提出', 'optional'),
]);

export const SANTEI_LAYOUT = defineLayout(
  FORM_CODES.SANTEI,
  '報酬月額算定基礎届／70歳以上被用者算定基礎届',
  53,
  [
    f('/formCode', fixed(FORM_CODES.SANTEI), '様式コード', 'fixed'),
    ...officeColumns(),
    ...insuredColumns(),
    f(
      '/applicableMonth',
      eraYearMonth(),
      ['適用年月（元号）', '適用年月（年）', '適用年月（月）'],
      'required',
    ),
    ...previousColumns(),
    ...(['04', '05', '06'] as const).map((m, i) =>
      f(null, fixed(m, FormRuleCodes.SANTEI_PAY_MONTH), `給与支給月（${SANTEI_MONTHS[i] ?? ''}）`, 'fixed'),
    ),
    ...monthColumns(SANTEI_MONTHS),
    ...totalColumns(),
    f('/over70', flag(), '備考欄項目１（70歳以上被用者）', 'conditional'),
    f('/over70BasisMonths', str('N2|N4'), '70歳以上被用者算定基礎月', 'optional'),
    f('/multipleOffices', flag(), '備考欄項目２（二以上事業所勤務者）', 'optional'),
    f('/expectedMonthlyChange', flag(), '備考欄項目３（月額変更予定）', 'optional'),
    f('/midMonthJoin', flag(), '備考欄項目４（途中入社）', 'optional'),
    f('/leaveOfAbsence', flag(), '備考欄項目５（病休・育休・休職等）', 'optional'),
    f('/shortTimeWorker', flag(), '備考欄項目６（短時間労働者）', 'optional'),
    f('/partTimeWorker', flag(), '備考欄項目７（パート）', 'optional'),
    f('/annualAverage', flag(), '備考欄項目８（年間平均）', 'optional'),
    f('/remarks', str('J≤75B'), '備考欄', 'optional'),
    f('/over70Only', flag(), '70歳以上被用者届のみ提出', 'optional'),
  ],
);
