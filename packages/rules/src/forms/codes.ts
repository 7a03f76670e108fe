/**
 * Stable rule codes of `validateFiling`. A code never changes meaning; clients and the per-row
 * report key on it. Together with the field path it identifies the official check that failed.
 *
 * Codes from helper modules are passed through unchanged: the identifier rules (OFFICE_*,
 * `IDENTIFIER_ERRORS` in ../identifiers), the 和暦 rules (ERA_*, `DATE_ERRORS` in ../dates) and the
 * character-set rules (CHARSET_*, `CHARSET_ERRORS` in ../charset).
 */
export const FormRuleCodes = {
  // ── format (schema) ──────────────────────────────────────────────────────────────────────
  /** The body is not an object, or `formCode` is missing or unknown. */
  UNKNOWN_FORM_CODE: 'UNKNOWN_FORM_CODE',
  /** 「入力されていること」: a required item is missing. */
  REQUIRED: 'REQUIRED',
  /** A property the form does not have. */
  UNKNOWN_FIELD: 'UNKNOWN_FIELD',
  /** Wrong JSON type (string expected, integer expected …). */
  INVALID_TYPE: 'INVALID_TYPE',
  /** The value does not match the item's format (digits, 半角カナ, separators …). */
  INVALID_FORMAT: 'INVALID_FORMAT',
  /** Longer than the item allows (characters). */
  TOO_LONG: 'TOO_LONG',
  /** Shorter than the item allows. */
  TOO_SHORT: 'TOO_SHORT',
  /** A number outside the item's range. */
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  /** Not one of the item's code values (「'1'、'2'の何れかであること」). */
  INVALID_CODE: 'INVALID_CODE',
  /** Wrong number of entries in a list (3 pay months, ≤ 2 other dependants). */
  INVALID_LENGTH: 'INVALID_LENGTH',
  /** `ctx.today` is not an ISO date (a caller's mistake). */
  INVALID_CHECK_DATE: 'INVALID_CHECK_DATE',

  // ── field semantics ────────────────────────────────────────────────────────────────────
  /** 「実存日であること」: not a calendar date. */
  INVALID_DATE: 'INVALID_DATE',
  /** The date lies outside the eras the item accepts (「'7'（平成）、'9'（令和）の何れかであること」) or beyond 令和99年. */
  ERA_NOT_ALLOWED: 'ERA_NOT_ALLOWED',
  /** 個人番号 check digit (総務省令第85号 第5条). */
  MY_NUMBER_CHECK_DIGIT: 'MY_NUMBER_CHECK_DIGIT',
  /** 「nバイト以内であること」 counted in CP932. */
  BYTE_LENGTH_EXCEEDED: 'BYTE_LENGTH_EXCEEDED',

  // ── cross-field, all forms ─────────────────────────────────────────────────────────────
  /** 「…の場合 入力されていること」. */
  CONDITIONAL_REQUIRED: 'CONDITIONAL_REQUIRED',
  /** 「…の場合 省略されていること」. */
  CONDITIONAL_OMITTED: 'CONDITIONAL_OMITTED',
  /** 「…≦『システムチェック実施日』であること」: a date after the check date. */
  DATE_AFTER_CHECK_DATE: 'DATE_AFTER_CHECK_DATE',
  /** 「合計＝通貨＋現物（'9999999'以上の場合 '9999999'）であること」. */
  AMOUNT_TOTAL_MISMATCH: 'AMOUNT_TOTAL_MISMATCH',
  /** 「合計 ≧ '1000' であること」. */
  AMOUNT_BELOW_MINIMUM: 'AMOUNT_BELOW_MINIMUM',
  /** 個人番号 or 基礎年金番号 must identify the person. */
  IDENTITY_REQUIRED: 'IDENTITY_REQUIRED',

  // ── 資格取得届 2200700 ─────────────────────────────────────────────────────────────────
  /** 「取得区分が'3'、'4'の場合 種別は'1'、'2'の何れかであること」. */
  SHUTOKU_KIND_FOR_ACQUISITION: 'SHUTOKU_KIND_FOR_ACQUISITION',
  /** 「備考欄項目1が'1'の場合 資格取得年月日 ≧（生年月日 − 1日）＋ 70年」. */
  SHUTOKU_OVER70_AGE: 'SHUTOKU_OVER70_AGE',

  // ── 資格喪失届 2201700 ─────────────────────────────────────────────────────────────────
  /** 「原因'4'（退職等）／'5'（死亡）の場合 資格喪失年月日 ＝ 退職日死亡日 ＋ 1日」. */
  SOSHITSU_LOSS_DATE_NEXT_DAY: 'SOSHITSU_LOSS_DATE_NEXT_DAY',
  /** 「資格喪失年月日 ＞ 生年月日」. */
  SOSHITSU_LOSS_DATE_BEFORE_BIRTH: 'SOSHITSU_LOSS_DATE_BEFORE_BIRTH',
  /** 「原因'7'（75歳到達）の場合 資格喪失年月日 ≧ 生年月日 ＋ 75年」. */
  SOSHITSU_AGE_75: 'SOSHITSU_AGE_75',
  /** 「原因'4'／'5' かつ 70歳不該当 の場合 不該当年月日 ＝ 退職日死亡日」 (not + 1 day). */
  SOSHITSU_OVER70_END_DATE: 'SOSHITSU_OVER70_END_DATE',

  // ── 月額変更届 2221700 / 算定基礎届 2225700 ────────────────────────────────────────────
  /** 算定: 「適用年月（月）は'09'であること」. */
  SANTEI_APPLICABLE_MONTH: 'SANTEI_APPLICABLE_MONTH',
  /** 算定: 「給与支給月は'04'、'05'、'06'であること」 (a fixed column of the file). */
  SANTEI_PAY_MONTH: 'SANTEI_PAY_MONTH',
  /** 算定: 「遡及支払月は'04'〜'06'であること」. */
  SANTEI_RETRO_PAY_MONTH: 'SANTEI_RETRO_PAY_MONTH',
  /** 月変: 「給与支給月は前の月 ＋ 1ヶ月であること」. */
  GEPPEN_PAY_MONTHS_CONSECUTIVE: 'GEPPEN_PAY_MONTHS_CONSECUTIVE',
  /** 月変: 「給与支給月（前一ヶ月）＋ 1ヶ月 ＝ 改定年月（月）」. */
  GEPPEN_REVISION_MONTH: 'GEPPEN_REVISION_MONTH',
  /** 月変: 「給与計算の基礎日数は'17'（短時間労働者は'11'）〜'31'であること」. */
  BASE_DAYS_BELOW_MINIMUM: 'BASE_DAYS_BELOW_MINIMUM',
  /** 「総計 ＝ 合計の和（算定は対象月の和）」. */
  SUM_MISMATCH: 'SUM_MISMATCH',
  /** 「平均額 ＝ 総計 ÷ 月数（円未満切捨て）」. */
  AVERAGE_MISMATCH: 'AVERAGE_MISMATCH',
  /** 「平均額／修正平均額 ≧ '1000' であること」. */
  AVERAGE_BELOW_MINIMUM: 'AVERAGE_BELOW_MINIMUM',

  // ── 賞与支払届 2265700 ─────────────────────────────────────────────────────────────────
  /** 「合計（賞与額）＝ ((通貨＋現物) ÷ 1000) × 1000（'9999999'超は'9999999'）」. */
  SHOYO_BONUS_ROUNDING: 'SHOYO_BONUS_ROUNDING',

  // ── 被扶養者届 2202700 ─────────────────────────────────────────────────────────────────
  /** Neither the spouse nor another dependant is filled in. */
  HIFUYO_NO_DEPENDANT: 'HIFUYO_NO_DEPENDANT',
  /** 「被扶養者になった日が入力されている場合 海外特例要件に'2'（非該当）は設定できない」. */
  HIFUYO_OVERSEAS_CONFLICT: 'HIFUYO_OVERSEAS_CONFLICT',

  // ── 国民年金 applications ──────────────────────────────────────────────────────────────
  /** The period ends before it starts. */
  KOKUNEN_PERIOD_ORDER: 'KOKUNEN_PERIOD_ORDER',
  /** The period spans two 免除年度 (July–June) or two 学生納付特例 年度 (April–March). */
  KOKUNEN_PERIOD_SPANS_YEARS: 'KOKUNEN_PERIOD_SPANS_YEARS',
  /** The period starts more than 2 years 1 month before the application month. */
  KOKUNEN_PERIOD_TOO_OLD: 'KOKUNEN_PERIOD_TOO_OLD',
  /** The applicant is not 20–59 (第1号被保険者) when the filing takes effect. */
  KOKUNEN_AGE_RANGE: 'KOKUNEN_AGE_RANGE',
  /** 納付猶予 is for applicants under 50. */
  KOKUNEN_DEFERMENT_AGE: 'KOKUNEN_DEFERMENT_AGE',
  /** 20歳到達: 資格取得日 = the day the age is reached (the day before the 20th birthday). */
  KOKUNEN_AGE20_DATE: 'KOKUNEN_AGE20_DATE',
  /** 付加保険料 / 口座振替 start from the month of the application, never earlier. */
  KOKUNEN_START_MONTH_PAST: 'KOKUNEN_START_MONTH_PAST',
} as const;
export type FormRuleCode = (typeof FormRuleCodes)[keyof typeof FormRuleCodes];
