/**
 * The registry of data-record tables by 様式コード, and the header tables.
 */
import { FORM_CODES, type EmployerFormCode } from '@nenkin/contracts/forms';
import type { Layout } from '../layout';
import { SHIKAKU_SHUTOKU_LAYOUT } from './shikaku-shutoku';
import { SHIKAKU_SOSHITSU_LAYOUT } from './shikaku-soshitsu';
import { HIFUYOSHA_LAYOUT } from './hifuyosha';
import { GEPPEN_LAYOUT, SANTEI_LAYOUT } from './remuneration';
import { SHOYO_LAYOUT } from './shoyo';

export * from './header';
export {
  SHIKAKU_SHUTOKU_LAYOUT,
  SHIKAKU_SOSHITSU_LAYOUT,
  HIFUYOSHA_LAYOUT,
  GEPPEN_LAYOUT,
  SANTEI_LAYOUT,
  SHOYO_LAYOUT,
};

/** The data-record table of each employer form. */
export const DATA_LAYOUTS: Readonly<Record<EmployerFormCode, Layout>> = {
  [FORM_CODES.SHIKAKU_SHUTOKU]: SHIKAKU_SHUTOKU_LAYOUT,
  [FORM_CODES.SHIKAKU_SOSHITSU]: SHIKAKU_SOSHITSU_LAYOUT,
  [FORM_CODES.HIFUYOSHA]: HIFUYOSHA_LAYOUT,
  [FORM_CODES.GEPPEN]: GEPPEN_LAYOUT,
  [FORM_CODES.SANTEI]: SANTEI_LAYOUT,
  [FORM_CODES.SHOYO]: SHOYO_LAYOUT,
};

const BY_CODE = new Map<string, Layout>(Object.entries(DATA_LAYOUTS));
/** The table for a 様式コード read from a file, or undefined. */
export const layoutFor = (formCode: string): Layout | undefined => BY_CODE.get(formCode);
