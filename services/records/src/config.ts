/** The records service's environment: the platform's variables (see docs/operations.md). */
import type { StaticDecode } from '@sinclair/typebox';
import { ServiceConfig } from '@nenkin/platform/service';

/**
 * No PII keys: records never sees a マイナンバー in plaintext — it stores the keyed hash and the
 * ciphertext filing-intake produced, and matches on the hash.
 */
export const Config = ServiceConfig;
export type Config = StaticDecode<typeof Config>;
