/**
 * 賞与支払届／70歳以上被用者賞与支払届 — 様式コード 2265700, 21 items.
 * Source of the order: kirico lib/kirico/models/data_record2265700.rb (`to_csv`), cross-checked with
 * zidoucheck csv265 as transcribed in rakually kyuyo/lib/todokede-check.js `shoyo`.
 */
import { FORM_CODES } from '@nenkin/contracts/forms';
import { defineLayout, f } from '../layout';
import { str, fixed, eraDate, pensionNumber, money, flag, int } from '../columns';
import { officeColumns, insuredColumns } from './common';

export const SHOYO_LAYOUT = defineLayout(FORM_CODES.SHOYO, '賞与支払届／70歳以上被用者賞与支払届', 21, [
  f('/formCode', fixed(FORM_CODES.SHOYO), '様式コード', 'fixed'),
  ...officeColumns(),
  ...insuredColumns(),
  f('/paymentDate', eraDate(), ['賞与支払年月日（元号）', '賞与支払年月日（年月日）'], 'required'),
  f('/cash', money(), '通貨によるものの額', 'required'),
  f('/inKind', money(), '現物によるものの額', 'required'),
  f('/total', money(), '合計（賞与額）', 'required'),
  f('/myNumber', str('N12'), '個人番号', 'conditional'),
  f(
    '/pensionNumber',
    pensionNumber(),
    ['基礎年金番号（課所符号）', '基礎年金番号（一連番号）'],
    'conditional',
  ),
  f('/over70', flag(), '備考欄項目１（70歳以上被用者）', 'conditional'),
  f('/multipleOffices', flag(), '備考欄項目２（二以上事業所勤務者）', 'optional'),
  f('/firstPaymentDay', int(2, 2, 2), '備考欄項目３（同一月内の賞与合算 初回支払日）', 'optional'),
  f('/over70Only', flag(), '70歳以上被用者届のみ提出', 'optional'),
]);
