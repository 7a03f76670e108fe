/**
 * 資格取得届／70歳以上被用者該当届 (様式コード 2200700, 34 items) as a JSON body.
 *
 * Why: the same filing arrives as JSON (API) or as a `SHFD0006.CSV` row; this schema is the contract
 * for both. Items follow the CSV item order (see docs/shfd0006.md for the column table).
 * Source: CSV形式届書作成仕様書 第16.2版 / zidoucheck csv200_202412 as transcribed in rakually
 * kyuyo/lib/todokede-check.js `shutoku`; REFERENCE.md §1.
 */
import { Type, type Static } from '@sinclair/typebox';
import { FORM_CODES, INSURED_KINDS, ACQUISITION_KINDS, NO_ADDRESS_REASONS } from './codes';
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
  valuesOf as values,
  myNumber,
  text,
  pensionNumber,
  money,
  flag,
  postalCode,
  addressKana,
  addressKanji,
} from './common';

/** 報酬月額: 通貨によるものの額 + 現物によるものの額 = 合計. */
export const MonthlyRemuneration = strictObject({
  /** 報酬月額（通貨によるものの額） */
  cash: money('報酬月額（通貨によるものの額）'),
  /** 報酬月額（現物によるものの額） */
  inKind: money('報酬月額（現物によるものの額）'),
  /** 報酬月額（合計）: 通貨 + 現物, 9,999,999 when that reaches 9,999,999 */
  total: money('報酬月額（合計）'),
});

export const ShikakuShutokuBody = strictObject(
  {
    /** 様式コード */
    formCode: Type.Literal(FORM_CODES.SHIKAKU_SHUTOKU),
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
    /** 種別（性別）: 1 男子 2 女子 3 坑内員 5/6/7 基金加入 */
    kind: opt(codeOf('種別（性別）', values(INSURED_KINDS))),
    /** 取得区分: 1 健保・厚年 3 共済出向 4 船保任継 */
    acquisitionKind: opt(codeOf('取得区分', values(ACQUISITION_KINDS))),
    /** 個人番号 */
    myNumber: opt(myNumber()),
    /** 住民票住所を記載できない理由: 1 海外在住 2 短期在留 3 その他 */
    noAddressReason: opt(codeOf('住民票住所を記載できない理由', values(NO_ADDRESS_REASONS))),
    /** 個人番号情報（備考欄） */
    myNumberNote: opt(text('個人番号情報（備考欄）', 75)),
    /** 基礎年金番号 */
    pensionNumber: opt(pensionNumber()),
    /** 資格取得年月日 */
    acquisitionDate: isoDate('資格取得年月日', EVENT_ERAS),
    /** 被扶養者の有無: true 有 / false 無 */
    hasDependants: Type.Boolean({ title: '被扶養者の有無' }),
    /** 報酬月額 */
    remuneration: MonthlyRemuneration,
    /** 備考欄項目1: 70歳以上被用者該当 */
    over70: opt(flag('備考欄項目１（70歳以上被用者該当）')),
    /** 備考欄項目2: 二以上事業所勤務者の取得 */
    multipleOffices: opt(flag('備考欄項目２（二以上事業所勤務者の取得）')),
    /** 備考欄項目3: 短時間労働者の取得（特定適用事業所等） */
    shortTimeWorker: opt(flag('備考欄項目３（短時間労働者の取得）')),
    /** 備考欄項目4: 退職後の継続再雇用者の取得 */
    rehiredAfterRetirement: opt(flag('備考欄項目４（退職後の継続再雇用者の取得）')),
    /** 備考欄 */
    remarks: opt(text('備考欄', 75)),
    /** 郵便番号（親番号・子番号） */
    postalCode: opt(postalCode()),
    /** 被保険者住所（カナ） */
    addressKana: opt(addressKana('被保険者住所（カナ）', 75)),
    /** 被保険者住所（漢字） */
    addressKanji: opt(addressKanji('被保険者住所（漢字）', 74)),
    /** 70歳以上被用者届のみ提出 */
    over70Only: opt(flag('70歳以上被用者届のみ提出')),
    /** 資格確認書発行要否 */
    certificateRequired: opt(flag('資格確認書発行要否')),
  },
  { title: '資格取得届／70歳以上被用者該当届' },
);
export type ShikakuShutokuBody = Static<typeof ShikakuShutokuBody>;
