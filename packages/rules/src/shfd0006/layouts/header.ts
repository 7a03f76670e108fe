/**
 * The records before `[data]`: 媒体管理レコード (employer and 社労士 variants), 事業所数情報 and
 * 事業所情報. Pointers are into the header object `{ management, establishment }`.
 *
 * Sources: CSV形式届書作成仕様書 第16.2版 表4.1.1-1 (媒体管理: 都道府県コード, 郡市区符号, 事業所記号,
 * 媒体通番 001–999, 作成年月日 西暦, 代表届書コード '22223'), 表4.3.1-1 (事業所数情報: 予備, '001';
 * '1' or '01' also accepted), 表4.3.2.1-1 (事業所情報: 事業所整理記号, 事業所番号 1–5, 〒 3+4, 所在地
 * 1–37字, 名称 1–25字, 事業主氏名 1–12字, 電話 3 parts) — quoted in rakually todokede-csv.js /
 * todokede-check.js `checkHeader`. 社労士 variant: kirico sr_fd_management_record (`,,<code>,<通番>,
 * <日付>,22223`) and sr_company_count (`<社労士氏名>,001`); the code is the 8-digit 社労士コード of
 * REFERENCE.md §1 (kirico validates 4 digits — not followed). No public source shows the official
 * 社労士 table itself; this layout is our documented reading of kirico's.
 */
import { defineLayout, f } from '../layout';
import { str, fixed, empty, int, ymd8, postalCode, phone } from '../columns';
import { officeColumns } from './common';

/** 代表届書コード of the management record. */
export const REPRESENTATIVE_FORM_CODE = '22223';

export const MANAGEMENT_EMPLOYER_LAYOUT = defineLayout('management', '媒体管理レコード（事業所）', 6, [
  ...officeColumns('/management/office'),
  f('/management/mediaSerial', int(3, 3, 3), '媒体通番', 'required'),
  f('/management/createdOn', ymd8(), '作成年月日', 'required'),
  f(null, fixed(REPRESENTATIVE_FORM_CODE), '代表届書コード', 'fixed'),
]);

export const MANAGEMENT_SHAROUSHI_LAYOUT = defineLayout(
  'management-sharoushi',
  '媒体管理レコード（社会保険労務士）',
  6,
  [
    f(null, empty(), '予備（都道府県コード）', 'fixed'),
    f(null, empty(), '予備（郡市区符号）', 'fixed'),
    f('/management/sharoushiCode', str('N8'), '社会保険労務士コード', 'required'),
    f('/management/mediaSerial', int(3, 3, 3), '媒体通番', 'required'),
    f('/management/createdOn', ymd8(), '作成年月日', 'required'),
    f(null, fixed(REPRESENTATIVE_FORM_CODE), '代表届書コード', 'fixed'),
  ],
);

export const OFFICE_COUNT_EMPLOYER_LAYOUT = defineLayout('office-count', '事業所数情報', 2, [
  f(null, empty(), '予備', 'fixed'),
  f(null, fixed('001', undefined, ['01', '1']), '事業所情報数', 'fixed'),
]);

export const OFFICE_COUNT_SHAROUSHI_LAYOUT = defineLayout(
  'office-count-sharoushi',
  '事業所数情報（社会保険労務士）',
  2,
  [
    f('/management/sharoushiName', str('J≤25B'), '社会保険労務士氏名', 'required'),
    f(null, fixed('001', undefined, ['01', '1']), '事業所情報数', 'fixed'),
  ],
);

export const ESTABLISHMENT_LAYOUT = defineLayout('establishment', '事業所情報', 12, [
  ...officeColumns('/establishment/office'),
  f('/establishment/officeNumber', str('N1-5'), '事業所番号', 'required'),
  f('/establishment/postalCode', postalCode(), ['郵便番号（親番号）', '郵便番号（子番号）'], 'required'),
  f('/establishment/address', str('J1-37字'), '事業所所在地', 'required'),
  f('/establishment/name', str('J1-25字'), '事業所名称', 'required'),
  f('/establishment/ownerName', str('J1-12字'), '事業主氏名', 'required'),
  f(
    '/establishment/phone',
    phone(),
    ['電話番号（局番１）', '電話番号（局番２）', '電話番号（局番３）'],
    'required',
  ),
]);

export const KANRI_MARKER = '[kanri]';
export const DATA_MARKER = '[data]';
