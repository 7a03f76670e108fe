/**
 * 月額変更届 (2221700, 49 items) and 算定基礎届 (2225700, 53 items) as JSON bodies. Items 1–21 and 37–42
 * are common to both; the pay months differ (算定: April–June, fixed on the form; 月変: the three months
 * before the revision, carried in the body).
 *
 * Sources: kirico lib/kirico/models/data_record2221700.rb and data_record2225700.rb (to_csv order);
 * zidoucheck csv221 / csv225 as transcribed in rakually kyuyo/lib/todokede-check.js `gekkaku`, `santei`;
 * REFERENCE.md §1–2 (定時決定, 随時改定).
 */
import { Type, type Static } from '@sinclair/typebox';
import { FORM_CODES, PAY_CHANGE_KINDS } from './codes';
import {
  strictObject,
  opt,
  officeRef,
  insuredNumber,
  kanaName,
  kanjiName,
  isoDate,
  BIRTH_ERAS,
  yearMonth,
  thousandsYen,
  month,
  codeOf,
  valuesOf,
  money,
  days,
  myNumber,
  pensionNumber,
  flag,
  text,
} from './common';

/** Items 2–21 shared by 月変 and 算定 (except the 改定年月/適用年月 item, named per form). */
const insuredItems = {
  /** 事業所整理記号 */
  office: officeRef(),
  /** 被保険者整理番号 */
  insuredNumber: opt(insuredNumber()),
  /** 被保険者氏名（カナ） */
  nameKana: kanaName('被保険者氏名（カナ）'),
  /** 被保険者氏名（漢字） */
  nameKanji: opt(kanjiName('被保険者氏名（漢字）')),
  /** 生年月日 */
  birthDate: isoDate('生年月日', BIRTH_ERAS, true),
};
const previousItems = {
  /** 従前の標準報酬月額（健保）, yen (the form carries thousands) */
  previousStandardHealth: opt(thousandsYen('従前の標準報酬月額（健保）')),
  /** 従前の標準報酬月額（厚年）, yen */
  previousStandardPension: opt(thousandsYen('従前の標準報酬月額（厚年）')),
  /** 従前の改定月 */
  previousRevisionMonth: yearMonth('従前の改定月'),
  /** 昇(降)給月 */
  payChangeMonth: opt(month('昇(降)給月')),
  /** 昇(降)給区分: 1 昇給 2 降給 */
  payChangeKind: opt(codeOf('昇(降)給区分', valuesOf(PAY_CHANGE_KINDS))),
  /** 遡及支払月 */
  retroPayMonth: opt(month('遡及支払月')),
  /** 遡及支払額 */
  retroPayAmount: opt(money('遡及支払額')),
};
const totalItems = {
  /** 総計 */
  totalSum: money('総計'),
  /** 平均額 */
  average: money('平均額'),
  /** 修正平均額 */
  adjustedAverage: opt(money('修正平均額')),
  /** 個人番号 (70歳以上被用者のみ) */
  myNumber: opt(myNumber()),
  /** 基礎年金番号 */
  pensionNumber: opt(pensionNumber()),
};

const payMonthItems = (label: string) => ({
  /** 給与計算の基礎日数 */
  days: days(`給与計算の基礎日数（${label}）`),
  /** 報酬月額（通貨によるものの額） */
  cash: money(`通貨によるものの額（${label}）`),
  /** 報酬月額（現物によるものの額） */
  inKind: money(`現物によるものの額（${label}）`),
  /** 合計: 通貨 + 現物, 9,999,999 when that reaches 9,999,999 */
  total: money(`合計（${label}）`),
});

/** One pay month of 算定基礎届 (the month itself is fixed: April, May, June). */
export const SanteiPayMonth = (label: string) => strictObject(payMonthItems(label));
/** One pay month of 月額変更届. */
export const GeppenPayMonth = (label: string) =>
  strictObject({
    /** 給与支給月 */
    month: month(`給与支給月（${label}）`),
    ...payMonthItems(label),
  });

export const GeppenBody = strictObject(
  {
    /** 様式コード */
    formCode: Type.Literal(FORM_CODES.GEPPEN),
    ...insuredItems,
    /** 改定年月 */
    revisionMonth: yearMonth('改定年月'),
    ...previousItems,
    /** 給与支給月・基礎日数・報酬月額: 前三ヶ月, 前二ヶ月, 前一ヶ月 */
    months: Type.Tuple([GeppenPayMonth('前三ヶ月'), GeppenPayMonth('前二ヶ月'), GeppenPayMonth('前一ヶ月')], {
      title: '給与支給月',
    }),
    ...totalItems,
    /** 備考欄項目1: 70歳以上被用者月額変更 */
    over70: opt(flag('備考欄項目１（70歳以上被用者）')),
    /** 備考欄項目2: 二以上事業所勤務者 */
    multipleOffices: opt(flag('備考欄項目２（二以上事業所勤務者）')),
    /** 備考欄項目3: 短時間労働者（特定適用事業所等） */
    shortTimeWorker: opt(flag('備考欄項目３（短時間労働者）')),
    /** 備考欄項目4: 昇給・降給の理由 */
    payChangeReason: opt(text('備考欄項目４（昇給・降給の理由）', 75)),
    /** 備考欄項目5: 健康保険のみ月額変更 */
    healthOnlyChange: opt(flag('備考欄項目５（健康保険のみ月額変更）')),
    /** 備考欄 */
    remarks: opt(text('備考欄', 75)),
    /** 70歳以上被用者届のみ提出 */
    over70Only: opt(flag('70歳以上被用者届のみ提出')),
  },
  { title: '報酬月額変更届／70歳以上被用者月額変更届' },
);
export type GeppenBody = Static<typeof GeppenBody>;

export const SanteiBody = strictObject(
  {
    /** 様式コード */
    formCode: Type.Literal(FORM_CODES.SANTEI),
    ...insuredItems,
    /** 適用年月 (month 09) */
    applicableMonth: yearMonth('適用年月'),
    ...previousItems,
    /** 基礎日数・報酬月額: 4月, 5月, 6月 (給与支給月 04/05/06 are fixed on the form) */
    months: Type.Tuple([SanteiPayMonth('4月'), SanteiPayMonth('5月'), SanteiPayMonth('6月')], {
      title: '給与支給月',
    }),
    ...totalItems,
    /** 備考欄項目1: 70歳以上被用者算定 */
    over70: opt(flag('備考欄項目１（70歳以上被用者）')),
    /** 70歳以上被用者の算定基礎月 (2 or 4 digits: the months counted) */
    over70BasisMonths: opt(
      Type.String({
        title: '70歳以上被用者算定基礎月',
        minLength: 2,
        maxLength: 4,
        pattern: '^(\\d{2}|\\d{4})$',
      }),
    ),
    /** 備考欄項目2: 二以上事業所勤務者 */
    multipleOffices: opt(flag('備考欄項目２（二以上事業所勤務者）')),
    /** 備考欄項目3: 月額変更予定 */
    expectedMonthlyChange: opt(flag('備考欄項目３（月額変更予定）')),
    /** 備考欄項目4: 途中入社 */
    midMonthJoin: opt(flag('備考欄項目４（途中入社）')),
    /** 備考欄項目5: 病休・育休・休職等 */
    leaveOfAbsence: opt(flag('備考欄項目５（病休・育休・休職等）')),
    /** 備考欄項目6: 短時間労働者（特定適用事業所等） */
    shortTimeWorker: opt(flag('備考欄項目６（短時間労働者）')),
    /** 備考欄項目7: パート */
    partTimeWorker: opt(flag('備考欄項目７（パート）')),
    /** 備考欄項目8: 年間平均 */
    annualAverage: opt(flag('備考欄項目８（年間平均）')),
    /** 備考欄 */
    remarks: opt(text('備考欄', 75)),
    /** 70歳以上被用者届のみ提出 */
    over70Only: opt(flag('70歳以上被用者届のみ提出')),
  },
  { title: '報酬月額算定基礎届／70歳以上被用者算定基礎届' },
);
export type SanteiBody = Static<typeof SanteiBody>;
