/**
 * 資格喪失届／70歳以上被用者不該当届 — 様式コード 2201700, 27 items.
 * Source of the order: zidoucheck csv201 as transcribed in rakually kyuyo/docs/soshitsu-2201700.md
 * (項番 1–27); kirico has no model for this form.
 */
import { FORM_CODES } from '@nenkin/contracts/forms';
import { defineLayout, f } from '../layout';
import { str, fixed, eraDate, pensionNumber, flag, int } from '../columns';
import { officeColumns } from './common';

export const SHIKAKU_SOSHITSU_LAYOUT = defineLayout(
  FORM_CODES.SHIKAKU_SOSHITSU,
  '資格喪失届／70歳以上被用者不該当届',
  27,
  [
    f('/formCode', fixed(FORM_CODES.SHIKAKU_SOSHITSU), '様式コード', 'fixed'),
    ...officeColumns(),
    f('/officeNumber', str('N1-5'), '事業所番号', 'required'),
    f('/insuredNumber', str('N1-6'), '被保険者整理番号', 'conditional'),
    f('/nameKana', str('K≤25'), '被保険者氏名（カナ）', 'required'),
    f('/nameKanji', str('J≤25B'), '被保険者氏名（漢字）', 'optional'),
    f('/birthDate', eraDate(true), ['生年月日（元号）', '生年月日（年月日）'], 'required'),
    f('/myNumber', str('N12'), '個人番号', 'conditional'),
    f(
      '/pensionNumber',
      pensionNumber(),
      ['基礎年金番号（課所符号）', '基礎年金番号（一連番号）'],
      'conditional',
    ),
    f('/lossDate', eraDate(), ['資格喪失年月日（元号）', '資格喪失年月日（年月日）'], 'conditional'),
    f('/lossCause', str('N1-2'), '喪失（不該当）原因', 'required'),
    f('/retirementOrDeathDate', eraDate(), ['退職日死亡日（元号）', '退職日死亡日（年月日）'], 'conditional'),
    f('/multipleOffices', flag(), '備考欄項目１（二以上事業所勤務者の喪失）', 'optional'),
    f('/rehiredAfterRetirement', flag(), '備考欄項目２（退職後の継続再雇用者の喪失）', 'optional'),
    f('/remarks', str('J≤75B'), '備考欄', 'optional'),
    f('/certificatesAttached', int(1, 2, 1), '資格確認書回収（添付）', 'optional'),
    f('/certificatesUnreturnable', int(1, 2, 1), '資格確認書回収（返不能）', 'optional'),
    f('/over70Ended', flag(), '70歳不該当情報（70歳不該当）', 'conditional'),
    f('/over70EndDate', eraDate(), ['不該当年月日（元号）', '不該当年月日（年月日）'], 'conditional'),
    f('/over70Only', flag(), '70歳以上被用者届のみ提出', 'optional'),
  ],
);
