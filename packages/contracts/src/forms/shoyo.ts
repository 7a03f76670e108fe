/**
 * 賞与支払届／70歳以上被用者賞与支払届 (様式コード 2265700, 21 items) as a JSON body.
 *
 * Sources: kirico lib/kirico/models/data_record2265700.rb (to_csv order); zidoucheck csv265 as
 * transcribed in rakually kyuyo/lib/todokede-check.js `shoyo`; REFERENCE.md §1 (賞与額 =
 * floor((通貨+現物)/1000)×1000).
 */
import { Type, type Static } from '@sinclair/typebox';
import { FORM_CODES } from './codes';
import {
  strictObject,
  opt,
  officeRef,
  insuredNumber,
  kanaName,
  kanjiName,
  isoDate,
  BIRTH_ERAS,
  EVENT_ERAS,
  money,
  myNumber,
  pensionNumber,
  flag,
} from './common';

export const ShoyoBody = strictObject(
  {
    /** 様式コード */
    formCode: Type.Literal(FORM_CODES.SHOYO),
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
    /** 賞与支払年月日 */
    paymentDate: isoDate('賞与支払年月日', EVENT_ERAS),
    /** 賞与額（通貨によるものの額） */
    cash: money('通貨によるものの額'),
    /** 賞与額（現物によるものの額） */
    inKind: money('現物によるものの額'),
    /** 賞与額（合計）: floor((通貨 + 現物) / 1000) × 1000, 9,999,999 above that */
    total: money('合計（賞与額）'),
    /** 個人番号 (70歳以上被用者のみ) */
    myNumber: opt(myNumber()),
    /** 基礎年金番号 */
    pensionNumber: opt(pensionNumber()),
    /** 備考欄項目1: 70歳以上被用者 */
    over70: opt(flag('備考欄項目１（70歳以上被用者）')),
    /** 備考欄項目2: 二以上事業所勤務者 */
    multipleOffices: opt(flag('備考欄項目２（二以上事業所勤務者）')),
    /** 備考欄項目3: 同一月内の賞与合算の初回支払日（日） */
    firstPaymentDay: opt(
      Type.Integer({ title: '備考欄項目３（同一月内の賞与合算 初回支払日）', minimum: 1, maximum: 31 }),
    ),
    /** 70歳以上被用者届のみ提出 */
    over70Only: opt(flag('70歳以上被用者届のみ提出')),
  },
  { title: '賞与支払届／70歳以上被用者賞与支払届' },
);
export type ShoyoBody = Static<typeof ShoyoBody>;
