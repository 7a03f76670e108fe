/**
 * The shape of a cross-field rule and the helpers the per-form rule lists are written with.
 *
 * A rule names the item it reports on (`at`, a JSON pointer), every item it reads (`reads`) and a
 * check returning the message when the rule is broken. The runner skips a rule when any item it
 * reads already failed the schema or a field check, so rules see well-formed values only and one
 * bad value does not produce a cascade of follow-on errors.
 */
import type { FormRuleCode } from './codes';
import { FormRuleCodes } from './codes';
import { escapePointer } from './schema-check';

export type Msg = { readonly ja: string; readonly en: string };
export type RuleContext = { readonly today: string };

export interface Rule<B> {
  readonly code: FormRuleCode;
  /** The pointer the error is reported on. */
  readonly at: string;
  /** Every pointer the rule depends on (includes `at`). */
  readonly reads: readonly string[];
  /** The message when the rule is broken, else undefined. */
  readonly check: (body: B, ctx: RuleContext) => Msg | undefined;
}

export const rule = <B>(
  code: FormRuleCode,
  at: string,
  reads: readonly string[],
  check: (body: B, ctx: RuleContext) => Msg | undefined,
): Rule<B> => ({ code, at, reads: reads.includes(at) ? reads : [at, ...reads], check });

const segmentCache = new Map<string, readonly (string | number)[]>();
const SEGMENT_CACHE_MAX = 10_000;

const segmentsOf = (pointer: string): readonly (string | number)[] => {
  const hit = segmentCache.get(pointer);
  if (hit !== undefined) return hit;
  const segs = pointer
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  if (segmentCache.size < SEGMENT_CACHE_MAX) segmentCache.set(pointer, segs);
  return segs;
};

/** A getter for a JSON pointer, built once (rules are built at module load, run per filing). */
export const getter = (pointer: string): ((body: unknown) => unknown) => {
  const segs = segmentsOf(pointer);
  return (body) => {
    let v: unknown = body;
    for (const seg of segs) {
      if (typeof v !== 'object' || v === null) return undefined;
      v = (v as Record<string | number, unknown>)[seg];
    }
    return v;
  };
};

/** The value at a JSON pointer, or undefined. */
export const getAt = (body: unknown, pointer: string): unknown => getter(pointer)(body);

export const ptr = (...segs: (string | number)[]): string => segs.map((s) => `/${escapePointer(s)}`).join('');

/** 「{when}場合 入力されていること」. */
export const requiredIf = <B>(
  at: string,
  reads: readonly string[],
  when: (b: B) => boolean,
  cond: Msg,
): Rule<B> => {
  const get = getter(at);
  return rule<B>(FormRuleCodes.CONDITIONAL_REQUIRED, at, reads, (b) =>
    when(b) && get(b) === undefined
      ? { ja: `${cond.ja}場合 入力されていること`, en: `required when ${cond.en}` }
      : undefined,
  );
};

/** 「{when}場合 省略されていること」. */
export const omittedIf = <B>(
  at: string,
  reads: readonly string[],
  when: (b: B) => boolean,
  cond: Msg,
): Rule<B> => {
  const get = getter(at);
  return rule<B>(FormRuleCodes.CONDITIONAL_OMITTED, at, reads, (b) =>
    when(b) && get(b) !== undefined
      ? { ja: `${cond.ja}場合 省略されていること`, en: `must be omitted when ${cond.en}` }
      : undefined,
  );
};

/** 「{at} ≦ システムチェック実施日」. */
export const notAfterCheckDate = <B>(at: string): Rule<B> => {
  const get = getter(at);
  return rule<B>(FormRuleCodes.DATE_AFTER_CHECK_DATE, at, [], (b, ctx) => {
    const v = get(b);
    return typeof v === 'string' && v > ctx.today
      ? {
          ja: `システムチェック実施日（${ctx.today}）以前であること（${v}）`,
          en: `must not be after the check date ${ctx.today} (${v})`,
        }
      : undefined;
  });
};

/** 9,999,999 is how the form writes ¥10,000,000 or more. */
export const AMOUNT_CAP = 9_999_999;
export const capAmount = (n: number): number => (n >= AMOUNT_CAP ? AMOUNT_CAP : n);

/** 「合計＝通貨＋現物（'9999999'以上の場合 '9999999'）」 and 「合計 ≧ '1000'」 (when `minimum`). */
export const amountTotalRules = <B>(base: string, minimum: boolean): Rule<B>[] => {
  const [cash, inKind, total] = [`${base}/cash`, `${base}/inKind`, `${base}/total`];
  const [getCash, getInKind, getTotal] = [getter(cash), getter(inKind), getter(total)];
  const rules: Rule<B>[] = [
    rule<B>(FormRuleCodes.AMOUNT_TOTAL_MISMATCH, total, [cash, inKind], (b) => {
      const c = getCash(b) as number;
      const k = getInKind(b) as number;
      const t = getTotal(b) as number;
      const expected = capAmount(c + k);
      return t === expected
        ? undefined
        : {
            ja: `通貨によるものの額＋現物によるものの額（${expected}）であること（${t}）`,
            en: `must equal cash + in kind, ${expected} (got ${t})`,
          };
    }),
  ];
  if (minimum) {
    rules.push(
      rule<B>(FormRuleCodes.AMOUNT_BELOW_MINIMUM, total, [], (b) => {
        const t = getTotal(b) as number;
        return t >= 1000
          ? undefined
          : { ja: `'1000'以上であること（${t}）`, en: `must be at least 1000 (got ${t})` };
      }),
    );
  }
  return rules;
};
