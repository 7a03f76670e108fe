/**
 * 資格喪失届／70歳以上被用者不該当届 (様式コード 2201700, 27 items) as a JSON body.
 *
 * Source: CSV形式届書作成仕様書 第16.2版 / zidoucheck csv201 as transcribed in rakually
 * kyuyo/docs/soshitsu-2201700.md and kyuyo/lib/todokede-check.js `soshitsu`; REFERENCE.md §1.
 * 備考欄項目1/2 are named after the paper form's 備考 choices (1 二以上事業所勤務者の喪失,
 * 2 退職後の継続再雇用者の喪失); the CSV spec calls them 備考欄項目１／２.
 */
import { Type, type Static } from '@sinclair/typebox';
import { FORM_CODES, LOSS_CAUSES } from './codes';
import {
  strictObject,
  opt,
  officeRef,
  officeNumber,
  insuredNumber,
  kanaName,
  kanjiName,
  isoDate,
  BIRTH_ERAS,
  EVENT_ERAS,
  codeOf,
  valuesOf,
  myNumber,
  text,
  pensionNumber,
  flag,
  count2,
} from './common';

export const ShikakuSoshitsuBody = strictObject(
  {
    /** 様式コード */
    formCode: Type.Literal(FORM_CODES.SHIKAKU_SOSHITSU),
    /** 事業所整理記号 */
    office: officeRef(),
    /** 事業所番号 */
    officeNumber: officeNumber(),
    /** 被保険者整理番号 */
    insuredNumber: opt(insuredNumber()),
    /** 被保険者氏名（カナ） */
    nameKana: kanaName('被保険者氏名（カナ）'),
    /** 被保険者氏名（漢字） */
    nameKanji: opt(kanjiName('被保険者氏名（漢字）')),
    /** 生年月日 */
    birthDate: isoDate('生年月日', BIRTH_ERAS, true),
    /** 個人番号 */
    myNumber: opt(myNumber()),
    /** 基礎年金番号 */
    pensionNumber: opt(pensionNumber()),
    /** 資格喪失年月日 */
    lossDate: opt(isoDate('資格喪失年月日', EVENT_ERAS)),
    /** 喪失（不該当）原因: 4 退職等 5 死亡 7 75歳到達 9 障害認定 11 社会保障協定 */
    lossCause: codeOf('喪失（不該当）原因', valuesOf(LOSS_CAUSES)),
    /** 退職日死亡日 */
    retirementOrDeathDate: opt(isoDate('退職日死亡日', EVENT_ERAS)),
    /** 備考欄項目1: 二以上事業所勤務者の喪失 */
    multipleOffices: opt(flag('備考欄項目１（二以上事業所勤務者の喪失）')),
    /** 備考欄項目2: 退職後の継続再雇用者の喪失 */
    rehiredAfterRetirement: opt(flag('備考欄項目２（退職後の継続再雇用者の喪失）')),
    /** 備考欄 */
    remarks: opt(text('備考欄', 75)),
    /** 資格確認書回収（添付）: 枚数 */
    certificatesAttached: opt(count2('資格確認書回収（添付）')),
    /** 資格確認書回収（返不能）: 枚数 */
    certificatesUnreturnable: opt(count2('資格確認書回収（返不能）')),
    /** 70歳不該当情報（70歳不該当） */
    over70Ended: opt(flag('70歳不該当情報（70歳不該当）')),
    /** 不該当年月日 */
    over70EndDate: opt(isoDate('不該当年月日', EVENT_ERAS)),
    /** 70歳以上被用者届のみ提出 */
    over70Only: opt(flag('70歳以上被用者届のみ提出')),
  },
  { title: '資格喪失届／70歳以上被用者不該当届' },
);
export type ShikakuSoshitsuBody = Static<typeof ShikakuSoshitsuBody>;
