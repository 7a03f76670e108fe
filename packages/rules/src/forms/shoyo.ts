/**
 * Cross-field checks of 賞与支払届 (2265700).
 * Source: REFERENCE.md §1 (支払日 ≤ check date; 賞与額 = floor((通貨+現物)/1000)×1000) and zidoucheck
 * csv265 as transcribed in rakually kyuyo/lib/todokede-check.js `shoyo` (合計 ≧ 1000, > 9,999,999 ⇒
 * 9999999, 個人番号 only with 備考欄項目１).
 */
import type { ShoyoBody as B } from '@nenkin/contracts/forms';
import { FormRuleCodes } from './codes';
import { type Rule, rule, requiredIf, omittedIf, notAfterCheckDate, AMOUNT_CAP } from './rule-kit';

/** 標準賞与額 as the form writes it: whole thousands, 9,999,999 above that. */
export const bonusTotal = (cash: number, inKind: number): number => {
  const sum = cash + inKind;
  return sum > AMOUNT_CAP ? AMOUNT_CAP : Math.floor(sum / 1000) * 1000;
};

export const shoyoRules: readonly Rule<B>[] = [
  notAfterCheckDate<B>('/paymentDate'),
  rule<B>(FormRuleCodes.SHOYO_BONUS_ROUNDING, '/total', ['/cash', '/inKind'], (b) => {
    const expected = bonusTotal(b.cash, b.inKind);
    return b.total === expected
      ? undefined
      : {
          ja: `((通貨＋現物)÷1000)×1000（${expected}）であること（${b.total}）`,
          en: `must be (cash + in kind) rounded down to 1,000 yen, ${expected} (got ${b.total})`,
        };
  }),
  rule<B>(FormRuleCodes.AMOUNT_BELOW_MINIMUM, '/total', [], (b) =>
    b.total >= 1000
      ? undefined
      : { ja: `'1000'以上であること（${b.total}）`, en: `must be at least 1000 (got ${b.total})` },
  ),
  omittedIf<B>('/myNumber', ['/over70'], (b) => b.over70 !== true, {
    ja: '「備考欄項目１」（70歳以上被用者）が省略されている',
    en: 'the employee is not marked over 70',
  }),
  rule<B>(FormRuleCodes.IDENTITY_REQUIRED, '/pensionNumber', ['/over70', '/myNumber'], (b) =>
    b.over70 === true && b.myNumber === undefined && b.pensionNumber === undefined
      ? {
          ja: "「備考欄項目１」が'1' かつ 「個人番号」に入力がない場合 入力されていること",
          en: 'required for an over-70 employee without a My Number',
        }
      : undefined,
  ),
  requiredIf<B>('/over70', ['/over70Only'], (b) => b.over70Only === true, {
    ja: "「70歳以上被用者届のみ提出」が'1'の",
    en: 'only the over-70 notification is filed',
  }),
];
