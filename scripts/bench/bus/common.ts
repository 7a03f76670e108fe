/** What both processes of `bench:bus` share: the event, its payload and the child's messages. */
import { Type } from '@sinclair/typebox';
import { defineEvent } from '@nenkin/contracts/envelope';

export const TOPIC = 'bench.bus';

export const Measured = defineEvent(
  'bench.measured',
  1,
  TOPIC,
  Type.Object({ n: Type.Integer(), officeCode: Type.String(), insuredNumber: Type.String(), grade: Type.Integer(), note: Type.String() }),
);

export const dataOf = (n: number) => ({
  n,
  officeCode: '21-01-ｹｲﾄ',
  insuredNumber: String(n % 999_999).padStart(6, '0'),
  grade: (n % 32) + 1,
  note: 'x'.repeat(300),
});

/** The consuming process tells the producing one: subscribed and assigned, then all N consumed. */
export type ConsumerReport = { ready: true } | { done: true; consumed: number; cpuMs: number };
