/**
 * The records that precede the data rows of `SHFD0006.CSV`: 媒体管理レコード (employer or 社労士
 * variant), 事業所数情報 and 事業所情報.
 *
 * Why: a file names one establishment; every data row must belong to it.
 * Sources: CSV形式届書作成仕様書 第16.2版 表4.1.1-1, 4.3.1-1, 4.3.2.1-1 as quoted in rakually
 * kyuyo/lib/todokede-csv.js / todokede-check.js `checkHeader`; kirico sr_fd_management_record.rb and
 * sr_company_count.rb for the 社労士 variant; REFERENCE.md §1 (the 8-digit 社労士コード).
 */
import { Type, type Static } from '@sinclair/typebox';
import {
  strictObject,
  officeRef,
  officeNumber,
  isoDate,
  postalCode,
  phone,
  kanjiName,
  digits,
  BIRTH_ERAS,
} from './common';

/** 媒体通番 001–999 (restarts at 001 after 999). */
const mediaSerial = Type.Integer({ title: '媒体通番', minimum: 1, maximum: 999 });
/** 作成年月日 (西暦 YYYYMMDD on the form). */
const createdOn = isoDate('作成年月日', BIRTH_ERAS);

export const Shfd0006EmployerManagement = strictObject({
  kind: Type.Literal('employer'),
  /** 事業所整理記号 */
  office: officeRef(),
  mediaSerial,
  createdOn,
});
export const Shfd0006SharoushiManagement = strictObject({
  kind: Type.Literal('sharoushi'),
  /** 社会保険労務士コード (8 digits) */
  sharoushiCode: digits('社会保険労務士コード', 8, 8),
  /** 社会保険労務士氏名 (carried in the 事業所数情報 record) */
  sharoushiName: kanjiName('社会保険労務士氏名', 25),
  mediaSerial,
  createdOn,
});
/** 媒体管理レコード. */
export const Shfd0006Management = Type.Union([Shfd0006EmployerManagement, Shfd0006SharoushiManagement]);
export type Shfd0006Management = Static<typeof Shfd0006Management>;

/** 事業所情報. */
export const Shfd0006Establishment = strictObject({
  /** 事業所整理記号 */
  office: officeRef(),
  /** 事業所番号 */
  officeNumber: officeNumber(),
  /** 郵便番号 */
  postalCode: postalCode('事業所郵便番号'),
  /** 事業所所在地 (1–37 characters) */
  address: Type.String({
    title: '事業所所在地',
    minLength: 1,
    maxLength: 37,
    pattern: '^[^\\x00-\\x1f\\x7f,"]+$',
    'x-check': { kind: 'text', maxBytes: 74 },
  }),
  /** 事業所名称 (1–25 characters) */
  name: Type.String({
    title: '事業所名称',
    minLength: 1,
    maxLength: 25,
    pattern: '^[^\\x00-\\x1f\\x7f,"]+$',
    'x-check': { kind: 'text', maxBytes: 50 },
  }),
  /** 事業主氏名 (1–12 characters, 全角スペース between family and given name) */
  ownerName: kanjiName('事業主氏名', 24),
  /** 電話番号 (局番1-局番2-局番3) */
  phone: phone('事業所電話番号'),
});
export type Shfd0006Establishment = Static<typeof Shfd0006Establishment>;

export const Shfd0006Header = strictObject({
  management: Shfd0006Management,
  establishment: Shfd0006Establishment,
});
export type Shfd0006Header = Static<typeof Shfd0006Header>;
