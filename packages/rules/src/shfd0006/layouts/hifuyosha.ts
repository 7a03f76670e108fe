/**
 * 被扶養者（異動）届・国民年金第3号被保険者関係届 — 様式コード 2202700, 139 items.
 * Source of the order: CSV形式届書作成仕様書 第16.2版 表4.10.1-1 as transcribed in rakually
 * kyuyo/docs/fuyo-2202700.md and kyuyo/lib/todokede-check.js `fuyo` (項番 1–139). The two その他の
 * 被扶養者 blocks (70–102, 103–135) have the same 33 items; the three 資格確認書発行要否 items
 * (137–139) belong to the spouse and the two blocks.
 */
import { FORM_CODES } from '@nenkin/contracts/forms';
import { defineLayout, f, type FieldSpec } from '../layout';
import {
  str,
  fixed,
  eraDate,
  pensionNumber,
  money,
  flag,
  bool01,
  postalCode,
  phone,
  empty,
} from '../columns';
import { officeColumns } from './common';

const S = '/spouse';
const spouseColumns = (): FieldSpec[] => [
  f(
    `${S}/filedDate`,
    eraDate(),
    ['第3号被保険者届出日（元号）', '第3号被保険者届出日（年月日）'],
    'optional',
  ),
  f(`${S}/nameKana`, str('K≤25'), '配偶者 氏名（カナ）', 'optional'),
  f(`${S}/nameKanji`, str('J≤24B'), '配偶者 氏名（漢字）', 'optional'),
  f(`${S}/birthDate`, eraDate(true), ['配偶者 生年月日（元号）', '配偶者 生年月日（年月日）'], 'required'),
  f(`${S}/relationship`, str('N1'), '配偶者 性別（続柄）', 'required'),
  f(`${S}/myNumber`, str('N12'), '配偶者 個人番号', 'optional'),
  f(
    `${S}/pensionNumber`,
    pensionNumber(),
    ['配偶者 基礎年金番号（課所符号）', '配偶者 基礎年金番号（一連番号）'],
    'optional',
  ),
  f(`${S}/nationality`, str('J≤60B'), '配偶者 外国籍', 'optional'),
  f(`${S}/aliasKana`, str('K≤25'), '配偶者 外国人通称名（カナ）', 'optional'),
  f(`${S}/aliasKanji`, str('J≤24B'), '配偶者 外国人通称名（漢字）', 'optional'),
  f(`${S}/livingTogether`, str('N1'), '配偶者 同居・別居の別', 'conditional'),
  f(`${S}/residencePrefecture`, str('N2'), '配偶者 住所地', 'conditional'),
  f(`${S}/postalCode`, postalCode(), ['配偶者 郵便番号（親番号）', '配偶者 郵便番号（子番号）'], 'required'),
  f(`${S}/addressKanji`, str('J≤74B'), '配偶者 住所（漢字）', 'required'),
  f(`${S}/phoneKind`, str('N1'), '配偶者 電話番号（種別）', 'optional'),
  f(
    `${S}/phone`,
    phone([2, 5], [4, 5]),
    ['配偶者 電話番号（局番１）', '配偶者 電話番号（局番２）', '配偶者 電話番号（局番３）'],
    'optional',
  ),
  f(
    `${S}/becameDependantDate`,
    eraDate(),
    ['配偶者 被扶養者になった日（元号）', '配偶者 被扶養者になった日（年月日）'],
    'conditional',
  ),
  f(`${S}/becameReason`, str('N1'), '配偶者 被扶養者になった理由', 'conditional'),
  f(`${S}/becameReasonOther`, str('J≤48B'), '配偶者 被扶養者になった理由（その他）', 'conditional'),
  f(`${S}/occupation`, str('N1'), '配偶者 職業', 'conditional'),
  f(`${S}/income`, money(), '配偶者 収入', 'conditional'),
  f(
    `${S}/ceasedDate`,
    eraDate(),
    ['配偶者 被扶養者でなくなった日（元号）', '配偶者 被扶養者でなくなった日（年月日）'],
    'conditional',
  ),
  f(`${S}/ceasedReason`, str('N1'), '配偶者 被扶養者でなくなった理由', 'conditional'),
  f(`${S}/ceasedReasonOther`, str('J≤48B'), '配偶者 被扶養者でなくなった理由（その他）', 'conditional'),
  f(`${S}/deathDate`, eraDate(), ['配偶者 死亡年月日（元号）', '配偶者 死亡年月日（年月日）'], 'conditional'),
  f(`${S}/remarks`, str('J≤75B'), '配偶者 備考', 'conditional'),
  f(`${S}/relationshipConfirmed`, flag(), '配偶者 続柄確認済み', 'optional'),
  f(`${S}/overseasException`, str('N1'), '配偶者 海外特例要件', 'conditional'),
  f(
    `${S}/overseasStartDate`,
    eraDate(),
    ['配偶者 海外特例要件に該当した日（元号）', '配偶者 海外特例要件に該当した日（年月日）'],
    'conditional',
  ),
  f(`${S}/overseasReason`, str('N1'), '配偶者 海外特例要件に該当した理由', 'conditional'),
  f(`${S}/overseasReasonOther`, str('J≤48B'), '配偶者 海外特例要件に該当した理由（その他）', 'conditional'),
  f(
    `${S}/overseasEndDate`,
    eraDate(),
    ['配偶者 海外特例要件に非該当となった日（元号）', '配偶者 海外特例要件に非該当となった日（年月日）'],
    'conditional',
  ),
  f(`${S}/overseasEndReason`, str('N1'), '配偶者 海外特例要件に非該当となった理由', 'conditional'),
  f(
    `${S}/overseasEndReasonOther`,
    str('J≤48B'),
    '配偶者 海外特例要件に非該当となった理由（その他）',
    'conditional',
  ),
  f(
    `${S}/domesticMoveInDate`,
    eraDate(),
    ['配偶者 国内転入年月日（元号）', '配偶者 国内転入年月日（年月日）'],
    'conditional',
  ),
];

/** その他の被扶養者 k (0 or 1): 33 items. */
const otherColumns = (k: 0 | 1): FieldSpec[] => {
  const p = `/otherDependants/${k}`;
  const n = (name: string): string => `その他の被扶養者${k === 0 ? '１' : '２'} ${name}`;
  const two = (name: string): [string, string] => [n(`${name}（元号）`), n(`${name}（年月日）`)];
  return [
    f(null, empty(), n('被扶養者番号'), 'fixed'),
    f(`${p}/nameKana`, str('K≤25'), n('氏名（カナ）'), 'optional'),
    f(`${p}/nameKanji`, str('J≤24B'), n('氏名（漢字）'), 'optional'),
    f(`${p}/birthDate`, eraDate(true), two('生年月日'), 'required'),
    f(`${p}/sex`, str('N1'), n('性別'), 'required'),
    f(`${p}/relationship`, str('N2'), n('続柄'), 'required'),
    f(`${p}/relationshipOther`, str('J≤24B'), n('続柄その他補足'), 'conditional'),
    f(`${p}/myNumber`, str('N12'), n('個人番号'), 'optional'),
    f(`${p}/livingTogether`, str('N1'), n('同居・別居の別'), 'conditional'),
    f(`${p}/postalCode`, postalCode(), [n('郵便番号（親番号）'), n('郵便番号（子番号）')], 'conditional'),
    f(`${p}/addressKanji`, str('J≤74B'), n('住所（漢字）'), 'conditional'),
    f(`${p}/overseasException`, str('N1'), n('海外特例要件'), 'optional'),
    f(`${p}/overseasReason`, str('N1'), n('海外特例要件に該当した理由'), 'conditional'),
    f(`${p}/overseasReasonOther`, str('J≤48B'), n('海外特例要件に該当した理由（その他）'), 'conditional'),
    f(`${p}/overseasEndReason`, str('N1'), n('海外特例要件に非該当となった理由'), 'conditional'),
    f(
      `${p}/overseasEndReasonOther`,
      str('J≤48B'),
      n('海外特例要件に非該当となった理由（その他）'),
      'conditional',
    ),
    f(`${p}/domesticMoveInDate`, eraDate(), two('国内転入年月日'), 'conditional'),
    f(`${p}/becameDependantDate`, eraDate(), two('被扶養者になった日'), 'conditional'),
    f(`${p}/occupation`, str('N1'), n('職業'), 'conditional'),
    f(`${p}/residencePrefecture`, str('N2'), n('住所地'), 'conditional'),
    f(`${p}/income`, money(), n('収入'), 'conditional'),
    f(`${p}/becameReason`, str('N1'), n('被扶養者になった理由'), 'conditional'),
    f(`${p}/becameReasonOther`, str('J≤48B'), n('被扶養者になった理由（その他）'), 'conditional'),
    f(`${p}/ceasedDate`, eraDate(), two('被扶養者でなくなった日'), 'conditional'),
    f(`${p}/ceasedReason`, str('N1'), n('被扶養者でなくなった理由'), 'conditional'),
    f(`${p}/ceasedReasonOther`, str('J≤48B'), n('被扶養者でなくなった理由（その他）'), 'conditional'),
    f(`${p}/remarks`, str('J≤75B'), n('備考'), 'conditional'),
    f(`${p}/relationshipConfirmed`, flag(), n('続柄確認済み'), 'optional'),
  ];
};

export const HIFUYOSHA_LAYOUT = defineLayout(
  FORM_CODES.HIFUYOSHA,
  '被扶養者（異動）届・国民年金第3号被保険者関係届',
  139,
  [
    f('/formCode', fixed(FORM_CODES.HIFUYOSHA), '様式コード', 'fixed'),
    ...officeColumns(),
    f('/employerConfirmed', bool01(), '事業主確認欄', 'required'),
    f(
      '/employerReceivedDate',
      eraDate(),
      ['事業主等受付年月日（元号）', '事業主等受付年月日（年月日）'],
      'optional',
    ),
    f('/insuredNumber', str('N1-6'), '被保険者整理番号', 'conditional'),
    f('/insured/nameKana', str('K≤25'), '被保険者氏名（カナ）', 'required'),
    f('/insured/nameKanji', str('J≤24B'), '被保険者氏名（漢字）', 'optional'),
    f(
      '/insured/birthDate',
      eraDate(true),
      ['被保険者生年月日（元号）', '被保険者生年月日（年月日）'],
      'required',
    ),
    f('/insured/sex', str('N1'), '被保険者の性別', 'required'),
    f('/insured/myNumber', str('N12'), '被保険者の個人番号', 'optional'),
    f(
      '/insured/pensionNumber',
      pensionNumber(),
      ['被保険者の基礎年金番号（課所符号）', '被保険者の基礎年金番号（一連番号）'],
      'conditional',
    ),
    f('/insured/income', money(), '被保険者の収入', 'conditional'),
    f(
      '/insured/postalCode',
      postalCode(),
      ['被保険者の郵便番号（親番号）', '被保険者の郵便番号（子番号）'],
      'conditional',
    ),
    f('/insured/addressKanji', str('J≤74B'), '被保険者住所（漢字）', 'conditional'),
    f('/changeType', str('N1'), '異動の別', 'required'),
    ...spouseColumns(),
    f('/spouseAnnualIncome', money(), '配偶者の年間収入', 'conditional'),
    ...otherColumns(0),
    ...otherColumns(1),
    f(null, empty(), '届出意思確認済', 'fixed'),
    f(`${S}/certificateRequired`, flag(), '資格確認書発行要否（配偶者である被扶養者）', 'optional'),
    f(
      '/otherDependants/0/certificateRequired',
      flag(),
      '資格確認書発行要否（その他の被扶養者１）',
      'optional',
    ),
    f(
      '/otherDependants/1/certificateRequired',
      flag(),
      '資格確認書発行要否（その他の被扶養者２）',
      'optional',
    ),
  ],
  { groups: ['/otherDependants'] },
);
