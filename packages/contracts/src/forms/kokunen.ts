/**
 * 国民年金 applications individuals file online (マイナポータル): 免除・納付猶予, 学生納付特例,
 * 口座振替, 付加保険料, 第1号資格取得. There is no CSV form for them; the form codes and the field
 * names are ours (documented in docs/shfd0006.md §7), the items follow the paper forms.
 *
 * Source: REFERENCE.md §3 (the applications and the student-ID image), §2 (国民年金保険料, 付加保険料).
 */
import { Type, type Static } from '@sinclair/typebox';
import { KOKUNEN_FORM_CODES } from './codes';
import {
  strictObject,
  opt,
  kanaName,
  kanjiName,
  isoDate,
  BIRTH_ERAS,
  EVENT_ERAS,
  myNumber,
  pensionNumber,
  postalCode,
  addressKanji,
  phone,
  yearMonth,
  codeOf,
  text,
  digits,
} from './common';

/** The applicant (本人): identified by 基礎年金番号 or 個人番号 (at least one). */
export const KokunenApplicant = strictObject({
  /** 基礎年金番号 */
  pensionNumber: opt(pensionNumber()),
  /** 個人番号 */
  myNumber: opt(myNumber()),
  /** 氏名（カナ） */
  nameKana: kanaName('氏名（カナ）'),
  /** 氏名（漢字） */
  nameKanji: kanjiName('氏名（漢字）'),
  /** 生年月日 */
  birthDate: isoDate('生年月日', BIRTH_ERAS, true),
  /** 郵便番号 */
  postalCode: postalCode(),
  /** 住所 */
  address: addressKanji('住所', 74),
  /** 電話番号 */
  phone: opt(phone('電話番号')),
});
export type KokunenApplicant = Static<typeof KokunenApplicant>;

/** A related person (配偶者, 世帯主) whose income the exemption screening looks at. */
export const KokunenRelatedPerson = strictObject({
  /** 氏名（漢字） */
  nameKanji: kanjiName('氏名（漢字）'),
  /** 生年月日 */
  birthDate: isoDate('生年月日', BIRTH_ERAS, true),
  /** 基礎年金番号 */
  pensionNumber: opt(pensionNumber()),
  /** 個人番号 */
  myNumber: opt(myNumber()),
});

/** 申請する免除等の種類: 全額免除, 4分の3免除, 半額免除, 4分の1免除, 納付猶予. */
export const EXEMPTION_KINDS = {
  FULL: 'full',
  THREE_QUARTERS: 'three-quarters',
  HALF: 'half',
  QUARTER: 'quarter',
  DEFERMENT: 'deferment',
} as const;
/** 申請理由: 所得, 失業等, 災害, その他. */
export const EXEMPTION_REASONS = {
  INCOME: 'income',
  UNEMPLOYMENT: 'unemployment',
  DISASTER: 'disaster',
  OTHER: 'other',
} as const;

export const KokunenMenjoBody = strictObject(
  {
    formCode: Type.Literal(KOKUNEN_FORM_CODES.MENJO),
    /** 申請者 */
    applicant: KokunenApplicant,
    /** 申請期間（開始年月） */
    periodFrom: yearMonth('申請期間（開始）', BIRTH_ERAS),
    /** 申請期間（終了年月）: within the same 7月–翌6月 免除年度 */
    periodTo: yearMonth('申請期間（終了）', BIRTH_ERAS),
    /** 申請する免除等の種類 */
    exemptionKind: codeOf('申請する免除等の種類', ['full', 'three-quarters', 'half', 'quarter', 'deferment']),
    /** 申請理由 */
    reason: codeOf('申請理由', ['income', 'unemployment', 'disaster', 'other']),
    /** 離職年月日 (申請理由が失業等のとき) */
    unemploymentDate: opt(isoDate('離職年月日', EVENT_ERAS)),
    /** 理由の補足 */
    reasonNote: opt(text('理由の補足', 150)),
    /** 配偶者 */
    spouse: opt(KokunenRelatedPerson),
    /** 世帯主 (本人以外のとき) */
    householder: opt(KokunenRelatedPerson),
  },
  { title: '国民年金保険料免除・納付猶予申請書' },
);
export type KokunenMenjoBody = Static<typeof KokunenMenjoBody>;

/** 学校の種別. */
export const SCHOOL_KINDS = {
  UNIVERSITY: 'university',
  GRADUATE_SCHOOL: 'graduate-school',
  JUNIOR_COLLEGE: 'junior-college',
  HIGH_SCHOOL: 'high-school',
  TECHNICAL_COLLEGE: 'technical-college',
  VOCATIONAL_SCHOOL: 'vocational-school',
  OTHER: 'other',
} as const;

export const KokunenGakuseiBody = strictObject(
  {
    formCode: Type.Literal(KOKUNEN_FORM_CODES.GAKUSEI),
    /** 申請者 */
    applicant: KokunenApplicant,
    /** 学校の名称 */
    schoolName: text('学校の名称', 60),
    /** 学校の種別 */
    schoolKind: codeOf('学校の種別', [
      'university',
      'graduate-school',
      'junior-college',
      'high-school',
      'technical-college',
      'vocational-school',
      'other',
    ]),
    /** 卒業予定年月 */
    expectedGraduation: opt(yearMonth('卒業予定年月', BIRTH_ERAS)),
    /** 申請期間（開始年月） */
    periodFrom: yearMonth('申請期間（開始）', BIRTH_ERAS),
    /** 申請期間（終了年月）: within the same 4月–翌3月 年度 */
    periodTo: yearMonth('申請期間（終了）', BIRTH_ERAS),
    /** 学生証の写し (an uploaded document's id) */
    studentIdImage: strictObject({
      /** 添付書類の識別子 */
      documentId: Type.String({
        title: '学生証の写し',
        minLength: 1,
        maxLength: 64,
        pattern: '^[A-Za-z0-9_-]+$',
      }),
    }),
  },
  { title: '国民年金保険料学生納付特例申請書' },
);
export type KokunenGakuseiBody = Static<typeof KokunenGakuseiBody>;

/** 振替の方法: 毎月, 早割（当月末振替）, 6か月前納, 1年前納, 2年前納. */
export const DEBIT_CYCLES = {
  MONTHLY: 'monthly',
  MONTHLY_EARLY: 'monthly-early',
  HALF_YEAR: 'half-year',
  ONE_YEAR: 'one-year',
  TWO_YEARS: 'two-years',
} as const;

export const KokunenBankAccount = Type.Union([
  strictObject({
    kind: Type.Literal('bank'),
    /** 金融機関コード */
    bankCode: digits('金融機関コード', 4, 4),
    /** 支店コード */
    branchCode: digits('支店コード', 3, 3),
    /** 預金種別: 1 普通 2 当座 */
    accountType: codeOf('預金種別', ['1', '2']),
    /** 口座番号 */
    accountNumber: digits('口座番号', 7, 7),
    /** 口座名義人（カナ） */
    holderKana: kanaName('口座名義人（カナ）', 30),
  }),
  strictObject({
    kind: Type.Literal('japan-post'),
    /** ゆうちょ銀行 記号 */
    symbol: digits('ゆうちょ銀行 記号', 5, 5),
    /** ゆうちょ銀行 番号 */
    number: digits('ゆうちょ銀行 番号', 1, 8),
    /** 口座名義人（カナ） */
    holderKana: kanaName('口座名義人（カナ）', 30),
  }),
]);

export const KokunenKozaBody = strictObject(
  {
    formCode: Type.Literal(KOKUNEN_FORM_CODES.KOZA),
    /** 申出者 */
    applicant: KokunenApplicant,
    /** 申出の種類: apply 納付（変更）申出, cancel 辞退 */
    action: codeOf('申出の種類', ['apply', 'cancel']),
    /** 振替口座 (申出のとき) */
    account: opt(KokunenBankAccount),
    /** 振替の方法 (申出のとき) */
    debitCycle: opt(codeOf('振替の方法', ['monthly', 'monthly-early', 'half-year', 'one-year', 'two-years'])),
    /** 開始（辞退）年月 */
    fromMonth: yearMonth('開始年月', EVENT_ERAS),
  },
  { title: '国民年金保険料口座振替納付（変更）申出書／辞退申出書' },
);
export type KokunenKozaBody = Static<typeof KokunenKozaBody>;

export const KokunenFukaBody = strictObject(
  {
    formCode: Type.Literal(KOKUNEN_FORM_CODES.FUKA),
    /** 申出者 */
    applicant: KokunenApplicant,
    /** 申出の種類: apply 納付申出, withdraw 辞退 */
    action: codeOf('申出の種類', ['apply', 'withdraw']),
    /** 付加保険料を納付する（しない）最初の月 */
    fromMonth: yearMonth('開始年月', EVENT_ERAS),
  },
  { title: '国民年金付加保険料納付申出書／辞退申出書' },
);
export type KokunenFukaBody = Static<typeof KokunenFukaBody>;

/** 第1号被保険者になった理由: 20歳到達, 退職, 配偶者の退職等, 海外からの転入, その他. */
export const FIRST_CATEGORY_REASONS = {
  AGE_20: 'age-20',
  LEFT_EMPLOYMENT: 'left-employment',
  SPOUSE_LEFT_EMPLOYMENT: 'spouse-left-employment',
  RETURNED_FROM_ABROAD: 'returned-from-abroad',
  OTHER: 'other',
} as const;

export const KokunenShutokuBody = strictObject(
  {
    formCode: Type.Literal(KOKUNEN_FORM_CODES.SHUTOKU),
    /** 届出者 */
    applicant: KokunenApplicant,
    /** 資格取得（種別変更）年月日 */
    acquisitionDate: isoDate('資格取得年月日', EVENT_ERAS),
    /** 理由 */
    reason: codeOf('理由', [
      'age-20',
      'left-employment',
      'spouse-left-employment',
      'returned-from-abroad',
      'other',
    ]),
    /** 前の勤務先の名称 (退職のとき) */
    previousEmployer: opt(text('前の勤務先の名称', 50)),
    /** 付加保険料の納付を同時に申し出る */
    additionalPremium: opt(Type.Boolean({ title: '付加保険料の申出' })),
  },
  { title: '国民年金被保険者関係届書（第1号被保険者資格取得）' },
);
export type KokunenShutokuBody = Static<typeof KokunenShutokuBody>;
