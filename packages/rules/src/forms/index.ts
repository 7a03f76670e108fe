/**
 * `validateFiling`: one call checks a filing body against its form — the schema first (every error
 * with a JSON pointer, a stable code and a Japanese and English message), then the field checks the
 * schema cannot express, then every official cross-field check of the form. All errors at once.
 *
 * Guarantees: never throws (a rule that throws is reported as INTERNAL_RULE_ERROR, a defect); a rule
 * is not run on values that already failed, so each mistake is reported once; pure — the check date
 * comes from `ctx.today`, never the clock.
 * Sources: see the header of each form's rule module and docs/shfd0006.md §5.
 */
import {
  FORM_SCHEMAS,
  FORM_CODES,
  KOKUNEN_FORM_CODES,
  isFormCode,
  type FilingBody,
  type FormCode,
} from '@nenkin/contracts/forms';
import { type Result, type FieldError, ok, fail, failMany, fieldError } from '../result';
import { isValidIsoDate } from '../dates';
import { FormRuleCodes } from './codes';
import { createSchemaValidator, MAX_SCHEMA_ERRORS, pointersOverlap, type SchemaValidator } from './schema-check';
import type { Rule, RuleContext } from './rule-kit';
import { shikakuShutokuRules } from './shikaku-shutoku';
import { shikakuSoshitsuRules } from './shikaku-soshitsu';
import { hifuyoshaRules } from './hifuyosha';
import { geppenRules, santeiRules } from './remuneration';
import { shoyoRules } from './shoyo';
import {
  kokunenMenjoRules,
  kokunenGakuseiRules,
  kokunenKozaRules,
  kokunenFukaRules,
  kokunenShutokuRules,
} from './kokunen';

export { FormRuleCodes, type FormRuleCode } from './codes';
export { createSchemaValidator, type SchemaValidator } from './schema-check';
export type { Rule, RuleContext, Msg } from './rule-kit';
export { santeiTotals, santeiDayThreshold } from './remuneration';
export { bonusTotal } from './shoyo';

/** Code for a rule that threw: a defect in a rule, reported instead of crashing the request. */
export const INTERNAL_RULE_ERROR = 'INTERNAL_RULE_ERROR';

type AnyRule = Rule<never>;
const RULES: Record<FormCode, readonly AnyRule[]> = {
  [FORM_CODES.SHIKAKU_SHUTOKU]: shikakuShutokuRules,
  [FORM_CODES.SHIKAKU_SOSHITSU]: shikakuSoshitsuRules,
  [FORM_CODES.HIFUYOSHA]: hifuyoshaRules,
  [FORM_CODES.GEPPEN]: geppenRules,
  [FORM_CODES.SANTEI]: santeiRules,
  [FORM_CODES.SHOYO]: shoyoRules,
  [KOKUNEN_FORM_CODES.MENJO]: kokunenMenjoRules,
  [KOKUNEN_FORM_CODES.GAKUSEI]: kokunenGakuseiRules,
  [KOKUNEN_FORM_CODES.KOZA]: kokunenKozaRules,
  [KOKUNEN_FORM_CODES.FUKA]: kokunenFukaRules,
  [KOKUNEN_FORM_CODES.SHUTOKU]: kokunenShutokuRules,
};

/** The rules of a form (for documentation and table tests). */
export const rulesOf = (formCode: FormCode): readonly Pick<AnyRule, 'code' | 'at' | 'reads'>[] =>
  RULES[formCode];

const validators = new Map<FormCode, SchemaValidator>();
/** The schema validator of a form (compiled on first use, then cached). */
export const validatorOf = (formCode: FormCode): SchemaValidator => {
  let v = validators.get(formCode);
  if (v === undefined) {
    v = createSchemaValidator(FORM_SCHEMAS[formCode]);
    validators.set(formCode, v);
  }
  return v;
};

const runRules = (
  formCode: FormCode,
  body: unknown,
  ctx: RuleContext,
  errors: FieldError[],
  v: SchemaValidator,
): void => {
  const invalid = errors.map((e) => e.path);
  for (const r of RULES[formCode] as readonly Rule<unknown>[]) {
    if (invalid.length > 0 && r.reads.some((p) => invalid.some((q) => pointersOverlap(p, q)))) continue;
    let msg: ReturnType<Rule<unknown>['check']>;
    try {
      msg = r.check(body, ctx);
    } catch (e) {
      errors.push(
        fieldError(
          r.at,
          INTERNAL_RULE_ERROR,
          `内部エラー（規則 ${r.code}）`,
          `internal error in rule ${r.code}: ${String(e)}`,
        ),
      );
      continue;
    }
    if (msg === undefined) continue;
    const title = v.titleAt(r.at);
    errors.push(fieldError(r.at, r.code, `「${title}」: ${msg.ja}`, `${title}: ${msg.en}`));
  }
};

/**
 * Validates a filing body of any form (`formCode` selects the form). Returns the typed body, or every
 * broken rule with its JSON pointer, code and messages.
 */
export const validateFiling = (body: unknown, ctx: { today: string }): Result<FilingBody> => {
  if (typeof ctx.today !== 'string' || !isValidIsoDate(ctx.today)) {
    return fail(
      '',
      FormRuleCodes.INVALID_CHECK_DATE,
      'チェック実施日が不正です',
      `the check date ${String(ctx.today)} is not an ISO date`,
    );
  }
  const formCode =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as { formCode?: unknown }).formCode
      : undefined;
  if (!isFormCode(formCode)) {
    return fail(
      '/formCode',
      FormRuleCodes.UNKNOWN_FORM_CODE,
      `様式コードが不明です: ${JSON.stringify(formCode) ?? 'undefined'}`.slice(0, 120),
      `unknown form code: ${JSON.stringify(formCode) ?? 'undefined'}`.slice(0, 120),
    );
  }
  const v = validatorOf(formCode);
  const errors = v.validate(body);
  // At the cap, not every bad value has been recorded: the cross-field rules would read unchecked
  // values, so they do not run (the body is rejected either way).
  if (errors.length < MAX_SCHEMA_ERRORS) runRules(formCode, body, ctx, errors, v);
  return errors.length > 0 ? failMany(errors) : ok(body as FilingBody);
};
