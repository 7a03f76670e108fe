/**
 * The registry of event contracts. Each domain adds its definitions here (the contract of an event
 * belongs to the domain that emits it; this index only gathers them so consumers can validate).
 */
import type { EventDefinition } from './envelope';

export const eventKey = (type: string, version: number): string => `${type}@v${version}`;

export const registryOf = (defs: readonly EventDefinition[]): ReadonlyMap<string, EventDefinition> =>
  new Map(defs.map((d) => [eventKey(d.type, d.version), d]));
