/**
 * Cross-field checks of 資格喪失届 (2201700).
 * Source: REFERENCE.md §1 (原因 4/5 ⇒ 喪失日 = 退職日/死亡日 + 1 day; 70歳不該当日 = 退職日 itself;
 * 個人番号 or 基礎年金番号 required) and zidoucheck csv201 as transcribed in rakually
 * kyuyo/docs/soshitsu-2201700.md. Our decision (not in the sources): 資格喪失年月日 is required unless
 * only the 70歳以上被用者不該当届 is filed.
 */
import type { ShikakuSoshitsuBody as B } from '@nenkin/contracts/forms';
import { addDays, addYears } from '../dates';
import { FormRuleCodes } from './codes';
import { type Rule, rule, requiredIf, omittedIf, notAfterCheckDate } from './rule-kit';

const ONLY70 = { ja: "「70歳以上被用者届のみ提出」が'1'の", en: 'only the over-70 notification is filed' };
const CAUSE_45 = {
  ja: "「喪失（不該当）原因」が'4'（退職等）、'5'（死亡）の",
  en: 'the cause is 4 (retirement) or 5 (death)',
};
const NOT_45 = { ja: "「喪失（不該当）原因」が'4'、'5'以外の", en: 'the cause is neither 4 nor 5' };

const cause45 = (b: B): boolean => b.lossCause === '4' || b.lossCause === '5';

export const shikakuSoshitsuRules: readonly Rule<B>[] = [
  rule<B>(FormRuleCodes.IDENTITY_REQUIRED, '/pensionNumber', ['/myNumber'], (b) =>
    b.myNumber === undefined && b.pensionNumber === undefined
      ? { ja: '「個人番号」に入力がない場合 入力されていること', en: 'required when no My Number is given' }
      : undefined,
  ),
  requiredIf<B>('/lossDate', ['/over70Only'], (b) => b.over70Only !== true, {
    ja: "「70歳以上被用者届のみ提出」が'1'でない",
    en: 'not only the over-70 notification is filed',
  }),
  omittedIf<B>('/lossDate', ['/over70Only'], (b) => b.over70Only === true, ONLY70),
  omittedIf<B>('/insuredNumber', ['/over70Only'], (b) => b.over70Only === true, ONLY70),
  requiredIf<B>('/over70Ended', ['/over70Only'], (b) => b.over70Only === true, ONLY70),
  requiredIf<B>('/retirementOrDeathDate', ['/lossCause'], cause45, CAUSE_45),
  omittedIf<B>('/retirementOrDeathDate', ['/lossCause'], (b) => !cause45(b), NOT_45),
  rule<B>(
    FormRuleCodes.SOSHITSU_LOSS_DATE_NEXT_DAY,
    '/lossDate',
    ['/lossCause', '/retirementOrDeathDate', '/over70Only'],
    (b) => {
      const applies = b.lossCause === '4' || (b.lossCause === '5' && b.over70Only !== true);
      if (!applies || b.lossDate === undefined || b.retirementOrDeathDate === undefined) return undefined;
      const expected = addDays(b.retirementOrDeathDate, 1);
      return b.lossDate === expected
        ? undefined
        : {
            ja: `「退職日死亡日」＋１日（${expected}）であること（${b.lossDate}）`,
            en: `must be the day after the retirement/death date, ${expected} (got ${b.lossDate})`,
          };
    },
  ),
  rule<B>(FormRuleCodes.SOSHITSU_LOSS_DATE_BEFORE_BIRTH, '/lossDate', ['/birthDate'], (b) =>
    b.lossDate !== undefined && !(b.lossDate > b.birthDate)
      ? {
          ja: `「生年月日」（${b.birthDate}）より後であること`,
          en: `must be after the birth date ${b.birthDate}`,
        }
      : undefined,
  ),
  rule<B>(FormRuleCodes.SOSHITSU_AGE_75, '/lossDate', ['/lossCause', '/birthDate'], (b) => {
    if (b.lossCause !== '7' || b.lossDate === undefined) return undefined;
    const at75 = addYears(b.birthDate, 75);
    return b.lossDate >= at75
      ? undefined
      : {
          ja: `「喪失（不該当）原因」が'7'（75歳到達）の場合 「生年月日」＋７５年（${at75}）以降であること`,
          en: `must be on or after ${at75} (birth date + 75 years) for cause 7`,
        };
  }),
  notAfterCheckDate<B>('/lossDate'),
  requiredIf<B>('/over70EndDate', ['/over70Ended'], (b) => b.over70Ended === true, {
    ja: "「70歳不該当情報（70歳不該当）」が'1'の",
    en: 'the over-70 employment ended',
  }),
  rule<B>(
    FormRuleCodes.SOSHITSU_OVER70_END_DATE,
    '/over70EndDate',
    ['/lossCause', '/over70Ended', '/retirementOrDeathDate'],
    (b) => {
      if (
        !cause45(b) ||
        b.over70Ended !== true ||
        b.over70EndDate === undefined ||
        b.retirementOrDeathDate === undefined
      ) {
        return undefined;
      }
      return b.over70EndDate === b.retirementOrDeathDate
        ? undefined
        : {
            ja: `「退職日死亡日」（${b.retirementOrDeathDate}）と同じ日であること（＋１日ではない）`,
            en: `must equal the retirement/death date ${b.retirementOrDeathDate} (not the day after)`,
          };
    },
  ),
  notAfterCheckDate<B>('/over70EndDate'),
];
