/**
 * Valid filings the rules' tests and the services' tests share: one office, the header of its
 * SHFD0006 file, a 算定基礎届 and a 資格取得届 that pass every rule on 2025-07-10 (the tests' TODAY).
 */
import type { SanteiBody, ShikakuShutokuBody, Shfd0006Header } from '@nenkin/contracts/forms';

/** 事業所整理記号 21-01-ｹｲﾄ as the forms carry it. */
export const FIXTURE_OFFICE = { prefecture: '21', district: '01', symbol: 'ｹｲﾄ' } as const;

/** The management and establishment records of an employer's own file. */
export const FIXTURE_FILE_HEADER: Shfd0006Header = {
  management: { kind: 'employer', office: { ...FIXTURE_OFFICE }, mediaSerial: 1, createdOn: '2025-07-01' },
  establishment: {
    office: { ...FIXTURE_OFFICE },
    officeNumber: '123',
    postalCode: '100-8916',
    address: '東京都千代田区霞が関１－２－２',
    name: '健保サービス株式会社',
    ownerName: '健保　良一',
    phone: '03-1234-5678',
  },
};

/** A 算定基礎届 (2225700) for one insured person; `average` may be spoiled to make it invalid. */
export const fixtureSantei = (insuredNumber = '123', average = 310_333): SanteiBody => ({
  formCode: '2225700',
  office: { ...FIXTURE_OFFICE },
  insuredNumber,
  nameKana: 'ﾆﾎﾝ ﾀﾛｳ',
  nameKanji: '日本　太郎',
  birthDate: '1980-04-01',
  applicableMonth: '2025-09',
  previousStandardHealth: 300_000,
  previousStandardPension: 300_000,
  previousRevisionMonth: '2024-09',
  months: [
    { days: 31, cash: 300_000, inKind: 0, total: 300_000 },
    { days: 30, cash: 310_000, inKind: 0, total: 310_000 },
    { days: 31, cash: 320_000, inKind: 1_000, total: 321_000 },
  ],
  totalSum: 931_000,
  average,
});

/** A 資格取得届 (2200700) identifying the person by 基礎年金番号 (default) or by マイナンバー. */
export const fixtureShutoku = (
  identifier: { pensionNumber: string } | { myNumber: string } = { pensionNumber: '1234567890' },
): ShikakuShutokuBody => ({
  formCode: '2200700',
  office: { ...FIXTURE_OFFICE },
  officeNumber: '123',
  insuredNumber: '126',
  nameKana: 'ｽｽﾞｷ ｲﾁﾛｳ',
  nameKanji: '鈴木　一郎',
  birthDate: '1990-05-05',
  kind: '1',
  acquisitionKind: '1',
  ...identifier,
  acquisitionDate: '2025-07-01',
  hasDependants: false,
  remuneration: { cash: 250_000, inKind: 0, total: 250_000 },
});
