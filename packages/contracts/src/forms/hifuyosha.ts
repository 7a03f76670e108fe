/**
 * 被扶養者（異動）届・国民年金第3号被保険者関係届 (様式コード 2202700, 139 items) as a JSON body: the
 * insured person, the spouse (第3号被保険者) and up to two other dependants per row (a third person
 * goes on another row).
 *
 * Source: CSV形式届書作成仕様書 第16.2版 表4.10.1-1 as transcribed in rakually
 * kyuyo/docs/fuyo-2202700.md and kyuyo/lib/todokede-check.js `fuyo` (kirico's data_record2202700*.rb
 * follow an older, 3-dependant layout and were used only to cross-check names). Items 70/103
 * (被扶養者番号) and 136 (届出意思確認済) must be empty on the form and have no JSON field.
 */
import { Type, type Static } from '@sinclair/typebox';
import {
  FORM_CODES,
  CHANGE_TYPES,
  SEXES,
  SPOUSE_RELATIONSHIPS,
  DEPENDANT_RELATIONSHIPS,
  LIVING_ARRANGEMENTS,
  PHONE_KINDS,
  SPOUSE_BECAME_REASONS,
  DEPENDANT_BECAME_REASONS,
  SPOUSE_OCCUPATIONS,
  DEPENDANT_OCCUPATIONS,
  SPOUSE_CEASED_REASONS,
  DEPENDANT_CEASED_REASONS,
  OVERSEAS_EXCEPTION,
  OVERSEAS_REASONS,
  OVERSEAS_END_REASONS,
} from './codes';
import {
  strictObject,
  opt,
  officeRef,
  insuredNumber,
  kanaName,
  kanjiName,
  isoDate,
  EVENT_ERAS,
  SHOWA_ON_ERAS,
  REIWA_ERAS,
  codeOf,
  valuesOf,
  myNumber,
  pensionNumber,
  money,
  postalCode,
  addressKanji,
  text,
  phone,
  flag,
} from './common';

/** 住所地 (非該当のとき): 都道府県 01–47 (the form's own table 4.10.1-2, not the agency's office codes). */
const residencePrefecture = (title: string) =>
  Type.String({ title, minLength: 2, maxLength: 2, pattern: '^(0[1-9]|[1-3]\\d|4[0-7])$' });

/** The insured person (items 9–20). */
export const HifuyoshaInsured = strictObject({
  /** 被保険者氏名（カナ） */
  nameKana: kanaName('被保険者氏名（カナ）'),
  /** 被保険者氏名（漢字） */
  nameKanji: opt(kanjiName('被保険者氏名（漢字）', 24)),
  /** 被保険者生年月日 */
  birthDate: isoDate('被保険者生年月日', SHOWA_ON_ERAS, true),
  /** 被保険者の性別: 1 男 2 女 */
  sex: codeOf('被保険者の性別', valuesOf(SEXES)),
  /** 被保険者の個人番号 */
  myNumber: opt(myNumber('被保険者の個人番号')),
  /** 被保険者の基礎年金番号 */
  pensionNumber: opt(pensionNumber('被保険者の基礎年金番号')),
  /** 被保険者の収入（年収） */
  income: opt(money('被保険者の収入')),
  /** 被保険者の郵便番号 */
  postalCode: opt(postalCode('被保険者の郵便番号')),
  /** 被保険者住所（漢字） */
  addressKanji: opt(addressKanji('被保険者住所（漢字）', 74)),
});

/** 配偶者である被扶養者（第3号被保険者） (items 22–68 and 137). */
export const HifuyoshaSpouse = strictObject({
  /** 第3号被保険者届出日 (事業主等受付) */
  filedDate: opt(isoDate('第3号被保険者届出日', EVENT_ERAS)),
  /** 配偶者 氏名（カナ） */
  nameKana: opt(kanaName('配偶者 氏名（カナ）')),
  /** 配偶者 氏名（漢字） */
  nameKanji: opt(kanjiName('配偶者 氏名（漢字）', 24)),
  /** 配偶者 生年月日 */
  birthDate: isoDate('配偶者 生年月日', SHOWA_ON_ERAS, true),
  /** 配偶者 性別（続柄）: 1 夫 2 妻 3 夫（未届） 4 妻（未届） */
  relationship: codeOf('配偶者 性別（続柄）', valuesOf(SPOUSE_RELATIONSHIPS)),
  /** 配偶者 個人番号 */
  myNumber: opt(myNumber('配偶者 個人番号')),
  /** 配偶者 基礎年金番号 */
  pensionNumber: opt(pensionNumber('配偶者 基礎年金番号')),
  /** 配偶者 外国籍 */
  nationality: opt(text('配偶者 外国籍', 60)),
  /** 配偶者 外国人通称名（カナ） */
  aliasKana: opt(kanaName('配偶者 外国人通称名（カナ）')),
  /** 配偶者 外国人通称名（漢字） */
  aliasKanji: opt(kanjiName('配偶者 外国人通称名（漢字）', 24)),
  /** 配偶者 同居・別居の別: 1 同居 2 別居 */
  livingTogether: opt(codeOf('配偶者 同居・別居の別', valuesOf(LIVING_ARRANGEMENTS))),
  /** 配偶者 住所地 (非該当のとき, 01–47) */
  residencePrefecture: opt(residencePrefecture('配偶者 住所地')),
  /** 配偶者 郵便番号 */
  postalCode: postalCode('配偶者 郵便番号'),
  /** 配偶者 住所（漢字） */
  addressKanji: addressKanji('配偶者 住所（漢字）', 74),
  /** 配偶者 電話番号種別: 1 自宅 2 携帯 3 勤務先 4 その他 */
  phoneKind: opt(codeOf('配偶者 電話番号（種別）', valuesOf(PHONE_KINDS))),
  /** 配偶者 電話番号 (局番1 2–5桁, 局番2 1–4桁, 局番3 4–5桁) */
  phone: opt(phone('配偶者 電話番号', 2, 5, 4, 5)),
  /** 配偶者 被扶養者になった日 */
  becameDependantDate: opt(isoDate('配偶者 被扶養者になった日', EVENT_ERAS)),
  /** 配偶者 被扶養者になった理由: 1 配偶者の就職 2 婚姻 3 離職 4 収入減少 5 その他 */
  becameReason: opt(codeOf('配偶者 被扶養者になった理由', valuesOf(SPOUSE_BECAME_REASONS))),
  /** 配偶者 被扶養者になった理由（その他） */
  becameReasonOther: opt(text('配偶者 被扶養者になった理由（その他）', 48)),
  /** 配偶者 職業: 1 無職 2 パート 3 年金受給者 4 その他 */
  occupation: opt(codeOf('配偶者 職業', valuesOf(SPOUSE_OCCUPATIONS))),
  /** 配偶者 収入（年収） */
  income: opt(money('配偶者 収入')),
  /** 配偶者 被扶養者でなくなった日 */
  ceasedDate: opt(isoDate('配偶者 被扶養者でなくなった日', EVENT_ERAS)),
  /** 配偶者 被扶養者でなくなった理由: 1 死亡 2 離婚 3 就職・収入増加 4 75歳到達 5 障害認定 6 その他 */
  ceasedReason: opt(codeOf('配偶者 被扶養者でなくなった理由', valuesOf(SPOUSE_CEASED_REASONS))),
  /** 配偶者 被扶養者でなくなった理由（その他） */
  ceasedReasonOther: opt(text('配偶者 被扶養者でなくなった理由（その他）', 48)),
  /** 配偶者 死亡年月日 */
  deathDate: opt(isoDate('配偶者 死亡年月日', EVENT_ERAS)),
  /** 配偶者 備考 */
  remarks: opt(text('配偶者 備考', 75)),
  /** 配偶者 続柄確認済み */
  relationshipConfirmed: opt(flag('配偶者 続柄確認済み')),
  /** 配偶者 海外特例要件: 1 該当 2 非該当 */
  overseasException: opt(codeOf('配偶者 海外特例要件', valuesOf(OVERSEAS_EXCEPTION))),
  /** 配偶者 海外特例要件に該当した日 */
  overseasStartDate: opt(isoDate('配偶者 海外特例要件に該当した日', REIWA_ERAS)),
  /** 配偶者 海外特例要件に該当した理由: 1 留学 2 同行家族 3 特定活動 4 海外婚姻 5 その他 */
  overseasReason: opt(codeOf('配偶者 海外特例要件に該当した理由', valuesOf(OVERSEAS_REASONS))),
  /** 配偶者 海外特例要件に該当した理由（その他） */
  overseasReasonOther: opt(text('配偶者 海外特例要件に該当した理由（その他）', 48)),
  /** 配偶者 海外特例要件に非該当となった日 */
  overseasEndDate: opt(isoDate('配偶者 海外特例要件に非該当となった日', REIWA_ERAS)),
  /** 配偶者 海外特例要件に非該当となった理由: 1 国内転入 2 その他 */
  overseasEndReason: opt(codeOf('配偶者 海外特例要件に非該当となった理由', valuesOf(OVERSEAS_END_REASONS))),
  /** 配偶者 海外特例要件に非該当となった理由（その他） */
  overseasEndReasonOther: opt(text('配偶者 海外特例要件に非該当となった理由（その他）', 48)),
  /** 配偶者 国内転入年月日 */
  domesticMoveInDate: opt(isoDate('配偶者 国内転入年月日', REIWA_ERAS)),
  /** 資格確認書発行要否（配偶者である被扶養者） */
  certificateRequired: opt(flag('資格確認書発行要否（配偶者である被扶養者）')),
});

/** その他の被扶養者 (items 71–102 / 104–135 and 138 / 139). */
export const HifuyoshaOtherDependant = strictObject({
  /** 氏名（カナ） */
  nameKana: opt(kanaName('その他の被扶養者 氏名（カナ）')),
  /** 氏名（漢字） */
  nameKanji: opt(kanjiName('その他の被扶養者 氏名（漢字）', 24)),
  /** 生年月日 */
  birthDate: isoDate('その他の被扶養者 生年月日', SHOWA_ON_ERAS, true),
  /** 性別: 1 男 2 女 */
  sex: codeOf('その他の被扶養者 性別', valuesOf(SEXES)),
  /** 続柄: 01 実子・養子 … 10 その他 */
  relationship: codeOf('その他の被扶養者 続柄', valuesOf(DEPENDANT_RELATIONSHIPS)),
  /** 続柄（その他）補足 */
  relationshipOther: opt(text('その他の被扶養者 続柄その他補足', 24)),
  /** 個人番号 */
  myNumber: opt(myNumber('その他の被扶養者 個人番号')),
  /** 同居・別居の別: 1 同居 2 別居 */
  livingTogether: opt(codeOf('その他の被扶養者 同居・別居の別', valuesOf(LIVING_ARRANGEMENTS))),
  /** 郵便番号 */
  postalCode: opt(postalCode('その他の被扶養者 郵便番号')),
  /** 住所（漢字） */
  addressKanji: opt(addressKanji('その他の被扶養者 住所（漢字）', 74)),
  /** 海外特例要件: 1 該当 2 非該当 */
  overseasException: opt(codeOf('その他の被扶養者 海外特例要件', valuesOf(OVERSEAS_EXCEPTION))),
  /** 海外特例要件に該当した理由 */
  overseasReason: opt(codeOf('その他の被扶養者 海外特例要件に該当した理由', valuesOf(OVERSEAS_REASONS))),
  /** 海外特例要件に該当した理由（その他） */
  overseasReasonOther: opt(text('その他の被扶養者 海外特例要件に該当した理由（その他）', 48)),
  /** 海外特例要件に非該当となった理由 */
  overseasEndReason: opt(
    codeOf('その他の被扶養者 海外特例要件に非該当となった理由', valuesOf(OVERSEAS_END_REASONS)),
  ),
  /** 海外特例要件に非該当となった理由（その他） */
  overseasEndReasonOther: opt(text('その他の被扶養者 海外特例要件に非該当となった理由（その他）', 48)),
  /** 国内転入年月日 */
  domesticMoveInDate: opt(isoDate('その他の被扶養者 国内転入年月日', REIWA_ERAS)),
  /** 被扶養者になった日 */
  becameDependantDate: opt(isoDate('その他の被扶養者 被扶養者になった日', EVENT_ERAS)),
  /** 職業: 1 無職 2 パート 3 年金受給者 4 小・中学生以下 5 高・大学生 6 その他 */
  occupation: opt(codeOf('その他の被扶養者 職業', valuesOf(DEPENDANT_OCCUPATIONS))),
  /** 住所地 (非該当のとき, 01–47) */
  residencePrefecture: opt(residencePrefecture('その他の被扶養者 住所地')),
  /** 収入（年収） */
  income: opt(money('その他の被扶養者 収入')),
  /** 被扶養者になった理由: 1 出生 2 離職 3 収入減 4 同居 5 その他 */
  becameReason: opt(codeOf('その他の被扶養者 被扶養者になった理由', valuesOf(DEPENDANT_BECAME_REASONS))),
  /** 被扶養者になった理由（その他） */
  becameReasonOther: opt(text('その他の被扶養者 被扶養者になった理由（その他）', 48)),
  /** 被扶養者でなくなった日 */
  ceasedDate: opt(isoDate('その他の被扶養者 被扶養者でなくなった日', EVENT_ERAS)),
  /** 被扶養者でなくなった理由: 1 死亡 2 就職 3 収入増加 4 75歳到達 5 障害認定 6 その他 */
  ceasedReason: opt(codeOf('その他の被扶養者 被扶養者でなくなった理由', valuesOf(DEPENDANT_CEASED_REASONS))),
  /** 被扶養者でなくなった理由（その他） */
  ceasedReasonOther: opt(text('その他の被扶養者 被扶養者でなくなった理由（その他）', 48)),
  /** 備考 */
  remarks: opt(text('その他の被扶養者 備考', 75)),
  /** 続柄確認済み */
  relationshipConfirmed: opt(flag('その他の被扶養者 続柄確認済み')),
  /** 資格確認書発行要否 */
  certificateRequired: opt(flag('資格確認書発行要否（その他の被扶養者）')),
});

export const HifuyoshaBody = strictObject(
  {
    /** 様式コード */
    formCode: Type.Literal(FORM_CODES.HIFUYOSHA),
    /** 事業所整理記号 */
    office: officeRef(),
    /** 事業主確認欄: true '1' (確認済) / false '0' */
    employerConfirmed: Type.Boolean({ title: '事業主確認欄' }),
    /** 事業主等受付年月日 */
    employerReceivedDate: opt(isoDate('事業主等受付年月日', EVENT_ERAS)),
    /** 被保険者整理番号 */
    insuredNumber: opt(insuredNumber()),
    /** 被保険者 */
    insured: HifuyoshaInsured,
    /** 異動の別: 1 該当 2 非該当 3 変更 */
    changeType: codeOf('異動の別', valuesOf(CHANGE_TYPES)),
    /** 配偶者である被扶養者（第3号被保険者） */
    spouse: opt(HifuyoshaSpouse),
    /** 配偶者の年間収入 (その他の被扶養者を届け出るとき) */
    spouseAnnualIncome: opt(money('配偶者の年間収入')),
    /** その他の被扶養者 (at most two per row) */
    otherDependants: opt(
      Type.Array(HifuyoshaOtherDependant, { title: 'その他の被扶養者', minItems: 1, maxItems: 2 }),
    ),
  },
  { title: '被扶養者（異動）届・国民年金第3号被保険者関係届' },
);
export type HifuyoshaBody = Static<typeof HifuyoshaBody>;
export type HifuyoshaSpouse = Static<typeof HifuyoshaSpouse>;
export type HifuyoshaOtherDependant = Static<typeof HifuyoshaOtherDependant>;
