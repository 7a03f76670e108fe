/**
 * Cross-field checks of 資格取得届 (2200700).
 * Source: REFERENCE.md §1 (取得日 ≤ check date; 報酬月額 = 通貨 + 現物 ≥ 1,000; 個人番号 given ⇒ 住所
 * omitted, absent ⇒ 〒 + カナ住所 required; 取得区分 3/4 ⇒ no 基礎年金番号 and 種別 1/2) and the
 * zidoucheck csv200_202412 correlations as transcribed in rakually kyuyo/lib/todokede-check.js `shutoku`.
 */
import type { ShikakuShutokuBody as B } from '@nenkin/contracts/forms';
import { addDays, addYears } from '../dates';
import { FormRuleCodes } from './codes';
import { type Rule, rule, requiredIf, omittedIf, notAfterCheckDate, amountTotalRules } from './rule-kit';

const MY = { ja: '「個人番号」に入力がある', en: 'a My Number is given' };
const NO_MY = { ja: '「個人番号」が省略されている', en: 'no My Number is given' };
const ONLY70 = { ja: "「70歳以上被用者届のみ提出」が'1'の", en: 'only the over-70 notification is filed' };
const ACQ_34 = { ja: "「取得区分」が'3'、'4'の何れかである", en: 'the acquisition kind is 3 or 4' };

const acq34 = (b: B): boolean => b.acquisitionKind === '3' || b.acquisitionKind === '4';

export const shikakuShutokuRules: readonly Rule<B>[] = [
  notAfterCheckDate<B>('/acquisitionDate'),
  ...amountTotalRules<B>('/remuneration', true),
  // 個人番号 ⇒ 住所の記載は不要; 個人番号なし ⇒ 郵便番号・住所（カナ）が必要
  ...(['/noAddressReason', '/myNumberNote', '/postalCode', '/addressKana', '/addressKanji'] as const).map(
    (at) => omittedIf<B>(at, ['/myNumber'], (b) => b.myNumber !== undefined, MY),
  ),
  requiredIf<B>('/postalCode', ['/myNumber'], (b) => b.myNumber === undefined, NO_MY),
  requiredIf<B>('/addressKana', ['/myNumber'], (b) => b.myNumber === undefined, NO_MY),
  omittedIf<B>(
    '/myNumberNote',
    ['/myNumber', '/noAddressReason'],
    (b) => b.myNumber === undefined && b.noAddressReason !== '3',
    {
      ja: "「個人番号」が省略され かつ 「住民票住所を記載できない理由」が'3'以外の",
      en: 'no My Number is given and the reason is not 3',
    },
  ),
  requiredIf<B>(
    '/myNumberNote',
    ['/myNumber', '/noAddressReason'],
    (b) => b.myNumber === undefined && b.noAddressReason === '3',
    {
      ja: "「個人番号」が省略され かつ 「住民票住所を記載できない理由」が'3'の",
      en: 'no My Number is given and the reason is 3 (other)',
    },
  ),
  // 取得区分
  omittedIf<B>('/pensionNumber', ['/acquisitionKind'], acq34, ACQ_34),
  requiredIf<B>('/kind', ['/acquisitionKind'], (b) => b.acquisitionKind !== undefined, {
    ja: "「取得区分」が'1'、'3'、'4'の何れかである",
    en: 'an acquisition kind is given',
  }),
  rule<B>(FormRuleCodes.SHUTOKU_KIND_FOR_ACQUISITION, '/kind', ['/acquisitionKind'], (b) =>
    acq34(b) && b.kind !== undefined && b.kind !== '1' && b.kind !== '2'
      ? {
          ja: `${ACQ_34.ja}場合 '1'、'2'の何れかであること`,
          en: 'must be 1 or 2 when the acquisition kind is 3 or 4',
        }
      : undefined,
  ),
  // 70歳以上被用者届のみ
  omittedIf<B>('/kind', ['/over70Only'], (b) => b.over70Only === true, ONLY70),
  omittedIf<B>('/acquisitionKind', ['/over70Only'], (b) => b.over70Only === true, ONLY70),
  requiredIf<B>('/over70', ['/over70Only'], (b) => b.over70Only === true, ONLY70),
  // 70歳以上被用者該当: 資格取得年月日 ≧（生年月日 − 1日）＋ 70年
  rule<B>(FormRuleCodes.SHUTOKU_OVER70_AGE, '/acquisitionDate', ['/over70', '/birthDate'], (b) => {
    if (b.over70 !== true) return undefined;
    const reached = addYears(addDays(b.birthDate, -1), 70);
    return b.acquisitionDate >= reached
      ? undefined
      : {
          ja: `「備考欄項目１」が'1'の場合 （生年月日−１日）＋７０年（${reached}）以降であること（${b.acquisitionDate}）`,
          en: `must be on or after ${reached} (birth date − 1 day + 70 years) for an over-70 employee (got ${b.acquisitionDate})`,
        };
  }),
];
