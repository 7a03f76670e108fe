/**
 * The form catalog: one TypeBox schema per form body, the `FilingBody` union discriminated by
 * `formCode`, and the `SHFD0006.CSV` header records.
 *
 * Employer forms are keyed by their 様式コード (CSV形式届書作成仕様書); the 国民年金 applications by
 * codes of ours (`KOKUNEN_*`). The official checks that JSON Schema cannot express run in
 * `@nenkin/rules/forms` (`validateFiling`).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { FORM_CODES, KOKUNEN_FORM_CODES, type FormCode } from './codes';
import { ShikakuShutokuBody } from './shikaku-shutoku';
import { ShikakuSoshitsuBody } from './shikaku-soshitsu';
import { HifuyoshaBody } from './hifuyosha';
import { GeppenBody, SanteiBody } from './remuneration';
import { ShoyoBody } from './shoyo';
import {
  KokunenMenjoBody,
  KokunenGakuseiBody,
  KokunenKozaBody,
  KokunenFukaBody,
  KokunenShutokuBody,
} from './kokunen';

export * from './codes';
export * from './common';
export * from './shikaku-shutoku';
export * from './shikaku-soshitsu';
export * from './hifuyosha';
export * from './remuneration';
export * from './shoyo';
export * from './kokunen';
export * from './shfd0006-header';

/** Every form body, keyed by its form code. */
export const FORM_SCHEMAS = {
  [FORM_CODES.SHIKAKU_SHUTOKU]: ShikakuShutokuBody,
  [FORM_CODES.SHIKAKU_SOSHITSU]: ShikakuSoshitsuBody,
  [FORM_CODES.HIFUYOSHA]: HifuyoshaBody,
  [FORM_CODES.GEPPEN]: GeppenBody,
  [FORM_CODES.SANTEI]: SanteiBody,
  [FORM_CODES.SHOYO]: ShoyoBody,
  [KOKUNEN_FORM_CODES.MENJO]: KokunenMenjoBody,
  [KOKUNEN_FORM_CODES.GAKUSEI]: KokunenGakuseiBody,
  [KOKUNEN_FORM_CODES.KOZA]: KokunenKozaBody,
  [KOKUNEN_FORM_CODES.FUKA]: KokunenFukaBody,
  [KOKUNEN_FORM_CODES.SHUTOKU]: KokunenShutokuBody,
} as const satisfies Record<FormCode, TSchema>;

/** Any filing body; `formCode` discriminates. */
export const FilingBody = Type.Union([
  ShikakuShutokuBody,
  ShikakuSoshitsuBody,
  HifuyoshaBody,
  GeppenBody,
  SanteiBody,
  ShoyoBody,
  KokunenMenjoBody,
  KokunenGakuseiBody,
  KokunenKozaBody,
  KokunenFukaBody,
  KokunenShutokuBody,
]);
export type FilingBody = Static<typeof FilingBody>;

/** The employer forms carried in `SHFD0006.CSV`. */
export type EmployerFilingBody = Extract<
  FilingBody,
  { formCode: (typeof FORM_CODES)[keyof typeof FORM_CODES] }
>;
/** The body type of one form code. */
export type FilingBodyOf<C extends FormCode> = Extract<FilingBody, { formCode: C }>;

export const isFormCode = (s: unknown): s is FormCode =>
  typeof s === 'string' && Object.hasOwn(FORM_SCHEMAS, s);
export const isEmployerFormCode = (s: unknown): s is (typeof FORM_CODES)[keyof typeof FORM_CODES] =>
  typeof s === 'string' && (Object.values(FORM_CODES) as string[]).includes(s);
