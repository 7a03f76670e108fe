/**
 * Envelope ⇄ Kafka message. Encoding validates the data against its contract (producers validate
 * before writing to the outbox); decoding validates the envelope and the data (consumers validate on
 * receipt and dead-letter what does not validate).
 */
import { randomBytes } from 'node:crypto';
import { EventEnvelope, EventHeaders, type EventDefinition } from '@nenkin/contracts/envelope';
import { eventKey } from '@nenkin/contracts/events';
import { check } from '@nenkin/contracts/validate';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { PoisonMessageError } from './errors';

export const newTraceparent = (): string => `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;

export const headerString = (headers: IHeaders | undefined, name: string): string | undefined => {
  const v = headers?.[name];
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : first.toString();
};

export const validateData = (def: EventDefinition, data: unknown): void => {
  const res = check(def.data, data);
  if (!res.ok) {
    const detail = res.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new PoisonMessageError('EVENT_DATA_INVALID', `${eventKey(def.type, def.version)} data invalid: ${detail}`);
  }
};

export type Decoded =
  | { kind: 'event'; envelope: EventEnvelope; def: EventDefinition }
  /** A well-formed event of a type/version this consumer does not subscribe to: skipped. */
  | { kind: 'ignored'; type: string; version: number }
  | { kind: 'poison'; error: PoisonMessageError };

export const decodeMessage = (message: KafkaMessage, registry: ReadonlyMap<string, EventDefinition>): Decoded => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch {
    return { kind: 'poison', error: new PoisonMessageError('EVENT_NOT_JSON', 'message value is not JSON') };
  }
  const env = check(EventEnvelope, parsed);
  if (!env.ok) {
    const detail = env.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return { kind: 'poison', error: new PoisonMessageError('EVENT_ENVELOPE_INVALID', `envelope invalid: ${detail}`) };
  }
  const envelope = env.value as EventEnvelope;
  const def = registry.get(eventKey(envelope.type, envelope.version));
  if (!def) return { kind: 'ignored', type: envelope.type, version: envelope.version };
  try {
    validateData(def, envelope.data);
  } catch (err) {
    return { kind: 'poison', error: err as PoisonMessageError };
  }
  return { kind: 'event', envelope, def };
};

export const messageHeaders = (envelope: EventEnvelope, traceparent: string): Record<string, string> => ({
  [EventHeaders.TYPE]: envelope.type,
  [EventHeaders.VERSION]: String(envelope.version),
  [EventHeaders.CORRELATION_ID]: envelope.correlationId,
  [EventHeaders.TRACEPARENT]: traceparent,
});
