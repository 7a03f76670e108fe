/**
 * 資格取得届／70歳以上被用者該当届 — 様式コード 2200700, 34 items.
 * Source of the order: zidoucheck csv200_202412 as transcribed in rakually
 * kyuyo/lib/todokede-check.js `shutoku` (項番 1–34); kirico has no model for this form.
 */
import { FORM_CODES } from '@nenkin/contracts/forms';
import { defineLayout, f } from '../layout';
import { str, fixed, eraDate, pensionNumber, bool01, money, flag, postalCode } from '../columns';
import { officeColumns } from './common';

export const SHIKAKU_SHUTOKU_LAYOUT = defineLayout(
  FORM_CODES.SHIKAKU_SHUTOKU,
  '資格取得届／70歳以上被用者該当届',
  34,
  [
    f('/formCode', fixed(FORM_CODES.SHIKAKU_SHUTOKU), '様式コード', 'fixed'),
    ...officeColumns(),
    f('/officeNumber', str('N1-5'), '事業所番号', 'required'),
    f('/insuredNumber', str('N1-6'), '被保険者整理番号', 'optional'),
    f('/nameKana', str('K≤25'), '被保険者氏名（カナ）', 'required'),
    f('/nameKanji', str('J≤25B'), '被保険者氏名（漢字）', 'optional'),
    f('/birthDate', eraDate(true), ['生年月日（元号）', '生年月日（年月日）'], 'required'),
    f('/kind', str('N1'), '種別（性別）', 'conditional'),
    f('/acquisitionKind', str('N1'), '取得区分', 'conditional'),
    f('/myNumber', str('N12'), '個人番号', 'optional'),
    f('/noAddressReason', str('N1'), '住民票住所を記載できない理由', 'conditional'),
    f('/myNumberNote', str('J≤75B'), '個人番号情報（備考欄）', 'conditional'),
    f(
      '/pensionNumber',
      pensionNumber(),
      ['基礎年金番号（課所符号）', '基礎年金番号（一連番号）'],
      'conditional',
    ),
    f('/acquisitionDate', eraDate(), ['資格取得年月日（元号）', '資格取得年月日（年月日）'], 'required'),
    f('/hasDependants', bool01(), '被扶養者の有無', 'required'),
    f('/remuneration/cash', money(), '報酬月額（通貨によるものの額）', 'required'),
    f('/remuneration/inKind', money(), '報酬月額（現物によるものの額）', 'required'),
    f('/remuneration/total', money(), '報酬月額（合計）', 'required'),
    f('/over70', flag(), '備考欄項目１（70歳以上被用者該当）', 'conditional'),
    f('/multipleOffices', flag(), '備考欄項目２（二以上事業所勤務者の取得）', 'optional'),
    f('/shortTimeWorker', flag(), '備考欄項目３（短時間労働者の取得）', 'optional'),
    f('/rehiredAfterRetirement', flag(), '備考欄項目４（退職後の継続再雇用者の取得）', 'optional'),
    f('/remarks', str('J≤75B'), '備考欄', 'optional'),
    f('/postalCode', postalCode(), ['郵便番号（親番号）', '郵便番号（子番号）'], 'conditional'),
    f('/addressKana', str('K≤75'), '被保険者住所（カナ）', 'conditional'),
    f('/addressKanji', str('J≤74B'), '被保険者住所（漢字）', 'conditional'),
    f('/over70Only', flag(), '70歳以上被用者届のみ提出', 'optional'),
    f('/certificateRequired', flag(), '資格確認書発行要否', 'optional'),
  ],
);
