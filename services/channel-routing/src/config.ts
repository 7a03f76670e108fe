/** The channel-routing service's environment: the platform's variables (see docs/operations.md). */
import type { StaticDecode } from '@sinclair/typebox';
import { ServiceConfig } from '@nenkin/platform/service';

export const Config = ServiceConfig;
export type Config = StaticDecode<typeof Config>;
