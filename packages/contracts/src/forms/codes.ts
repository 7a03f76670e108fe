/**
 * Code values of the forms as `as const` objects (names for readers, the official value on the wire).
 *
 * Why: the JSON body carries the official code (`'4'` = 退職等) so that a JSON filing and its CSV row
 * are the same data; code reading `LOSS_CAUSES.RETIREMENT` says what it means.
 * Sources: REFERENCE.md §1; CSV形式届書作成仕様書 第16.2版 as transcribed in rakually
 * kyuyo/lib/todokede-check.js and kyuyo/docs/fuyo-2202700.md, soshitsu-2201700.md.
 */

/** 様式コード of the employer forms in `SHFD0006.CSV`. */
export const FORM_CODES = {
  /** 健康保険・厚生年金保険被保険者資格取得届／70歳以上被用者該当届 */
  SHIKAKU_SHUTOKU: '2200700',
  /** 健康保険・厚生年金保険被保険者資格喪失届／70歳以上被用者不該当届 */
  SHIKAKU_SOSHITSU: '2201700',
  /** 健康保険被扶養者（異動）届・国民年金第3号被保険者関係届 */
  HIFUYOSHA: '2202700',
  /** 健康保険・厚生年金保険被保険者報酬月額変更届／70歳以上被用者月額変更届 */
  GEPPEN: '2221700',
  /** 健康保険・厚生年金保険被保険者報酬月額算定基礎届／70歳以上被用者算定基礎届 */
  SANTEI: '2225700',
  /** 健康保険・厚生年金保険被保険者賞与支払届／70歳以上被用者賞与支払届 */
  SHOYO: '2265700',
} as const;
export type EmployerFormCode = (typeof FORM_CODES)[keyof typeof FORM_CODES];

/** 国民年金 applications individuals file (マイナポータル); no CSV form code exists, these are ours. */
export const KOKUNEN_FORM_CODES = {
  /** 国民年金保険料免除・納付猶予申請書 */
  MENJO: 'KOKUNEN_MENJO',
  /** 国民年金保険料学生納付特例申請書 */
  GAKUSEI: 'KOKUNEN_GAKUSEI',
  /** 国民年金保険料口座振替納付（変更）申出書／辞退申出書 */
  KOZA: 'KOKUNEN_KOZA',
  /** 国民年金付加保険料納付申出書／辞退申出書 */
  FUKA: 'KOKUNEN_FUKA',
  /** 国民年金被保険者関係届書（第1号被保険者 資格取得・種別変更） */
  SHUTOKU: 'KOKUNEN_SHUTOKU',
} as const;
export type KokunenFormCode = (typeof KOKUNEN_FORM_CODES)[keyof typeof KOKUNEN_FORM_CODES];

export type FormCode = EmployerFormCode | KokunenFormCode;

/** 種別 (資格取得届): 1 男子, 2 女子, 3 坑内員; 5/6/7 the same in a 厚生年金基金. */
export const INSURED_KINDS = {
  MALE: '1',
  FEMALE: '2',
  MINER: '3',
  FUND_MALE: '5',
  FUND_FEMALE: '6',
  FUND_MINER: '7',
} as const;

/** 取得区分: 1 健保・厚年, 3 共済出向, 4 船保任継. */
export const ACQUISITION_KINDS = {
  HEALTH_AND_PENSION: '1',
  MUTUAL_AID_SECONDMENT: '3',
  SEAMEN_CONTINUATION: '4',
} as const;

/** 住民票住所を記載できない理由: 1 海外在住, 2 短期在留, 3 その他. */
export const NO_ADDRESS_REASONS = { ABROAD: '1', SHORT_STAY: '2', OTHER: '3' } as const;

/** 喪失（不該当）原因: 4 退職等, 5 死亡, 7 75歳到達（健保のみ）, 9 障害認定（健保のみ）, 11 社会保障協定. */
export const LOSS_CAUSES = {
  RETIREMENT: '4',
  DEATH: '5',
  AGE_75: '7',
  DISABILITY: '9',
  SOCIAL_SECURITY_AGREEMENT: '11',
} as const;

/** 昇(降)給区分: 1 昇給, 2 降給. */
export const PAY_CHANGE_KINDS = { RAISE: '1', CUT: '2' } as const;

/** 異動の別 (被扶養者届): 1 該当, 2 非該当, 3 変更. */
export const CHANGE_TYPES = { ADDED: '1', REMOVED: '2', CHANGED: '3' } as const;

/** 性別. */
export const SEXES = { MALE: '1', FEMALE: '2' } as const;

/** 配偶者の続柄: 1 夫, 2 妻, 3 夫（未届）, 4 妻（未届）. */
export const SPOUSE_RELATIONSHIPS = {
  HUSBAND: '1',
  WIFE: '2',
  HUSBAND_UNREGISTERED: '3',
  WIFE_UNREGISTERED: '4',
} as const;

/** その他の被扶養者の続柄: 01 実子・養子 … 10 その他. */
export const DEPENDANT_RELATIONSHIPS = {
  CHILD: '01',
  OTHER_CHILD: '02',
  PARENT: '03',
  PARENT_IN_LAW: '04',
  YOUNGER_SIBLING: '05',
  OLDER_SIBLING: '06',
  GRANDPARENT: '07',
  GREAT_GRANDPARENT: '08',
  GRANDCHILD: '09',
  OTHER: '10',
} as const;

/** 同居・別居の別: 1 同居, 2 別居. */
export const LIVING_ARRANGEMENTS = { TOGETHER: '1', APART: '2' } as const;

/** 電話番号種別: 1 自宅, 2 携帯, 3 勤務先, 4 その他. */
export const PHONE_KINDS = { HOME: '1', MOBILE: '2', WORK: '3', OTHER: '4' } as const;

/** 配偶者が被扶養者になった理由: 1 配偶者の就職, 2 婚姻, 3 離職, 4 収入減少, 5 その他. */
export const SPOUSE_BECAME_REASONS = {
  EMPLOYMENT: '1',
  MARRIAGE: '2',
  LEFT_JOB: '3',
  INCOME_DECREASE: '4',
  OTHER: '5',
} as const;
/** その他の被扶養者になった理由: 1 出生, 2 離職, 3 収入減, 4 同居, 5 その他. */
export const DEPENDANT_BECAME_REASONS = {
  BIRTH: '1',
  LEFT_JOB: '2',
  INCOME_DECREASE: '3',
  LIVING_TOGETHER: '4',
  OTHER: '5',
} as const;
/** 配偶者の職業: 1 無職, 2 パート, 3 年金受給者, 4 その他. */
export const SPOUSE_OCCUPATIONS = { NONE: '1', PART_TIME: '2', PENSIONER: '3', OTHER: '4' } as const;
/** その他の被扶養者の職業: 1 無職, 2 パート, 3 年金受給者, 4 小・中学生以下, 5 高・大学生, 6 その他. */
export const DEPENDANT_OCCUPATIONS = {
  NONE: '1',
  PART_TIME: '2',
  PENSIONER: '3',
  SCHOOL_CHILD: '4',
  STUDENT: '5',
  OTHER: '6',
} as const;
/** 配偶者が被扶養者でなくなった理由: 1 死亡, 2 離婚, 3 就職・収入増加, 4 75歳到達, 5 障害認定, 6 その他. */
export const SPOUSE_CEASED_REASONS = {
  DEATH: '1',
  DIVORCE: '2',
  EMPLOYMENT: '3',
  AGE_75: '4',
  DISABILITY: '5',
  OTHER: '6',
} as const;
/** その他の被扶養者でなくなった理由: 1 死亡, 2 就職, 3 収入増加, 4 75歳到達, 5 障害認定, 6 その他. */
export const DEPENDANT_CEASED_REASONS = {
  DEATH: '1',
  EMPLOYMENT: '2',
  INCOME_INCREASE: '3',
  AGE_75: '4',
  DISABILITY: '5',
  OTHER: '6',
} as const;
/** 海外特例要件: 1 該当, 2 非該当. */
export const OVERSEAS_EXCEPTION = { APPLIES: '1', ENDED: '2' } as const;
/** 海外特例要件に該当した理由: 1 留学, 2 同行家族, 3 特定活動, 4 海外婚姻, 5 その他. */
export const OVERSEAS_REASONS = {
  STUDY: '1',
  ACCOMPANYING: '2',
  SPECIFIED_ACTIVITY: '3',
  MARRIAGE_ABROAD: '4',
  OTHER: '5',
} as const;
/** 海外特例要件に非該当となった理由: 1 国内転入, 2 その他. */
export const OVERSEAS_END_REASONS = { MOVED_TO_JAPAN: '1', OTHER: '2' } as const;
