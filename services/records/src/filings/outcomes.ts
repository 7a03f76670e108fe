/** The shapes a filing application produces: decisions, the outcome, and the events to emit. */
import type { EventDefinition } from '@nenkin/contracts/envelope';
import type { FilingAppliedData } from '@nenkin/contracts/records';

export type Decision = FilingAppliedData['decisions'][number];
export type Reason = NonNullable<FilingAppliedData['reason']>;

export const msg = (code: string, ja: string, en: string): Decision => ({ code, message: { ja, en } });

export type Emission = { def: EventDefinition; subject: string; data: Record<string, unknown> };

export type Applied = {
  outcome: 'applied';
  identity?: 'matched' | 'created';
  personId?: string;
  decisions: Decision[];
  emissions: Emission[];
};
export type Rejected = { outcome: 'rejected'; identity?: 'matched'; personId?: string; reason: Reason };
export type Held = {
  outcome: 'held';
  identity?: 'possible-duplicate';
  reason: Reason;
  candidates: string[];
  /** The person of the filing the hold is about, as a JSON pointer into the body (default: the body's own). */
  heldAt?: string;
};
export type FilingResult = Applied | Rejected | Held;

export const reject = (code: string, ja: string, en: string, personId?: string): Rejected => ({
  outcome: 'rejected',
  ...(personId === undefined ? {} : { identity: 'matched' as const, personId }),
  reason: msg(code, ja, en),
});

/** A rule failure the record reports (thrown inside form handlers, caught by the applier). */
export class RecordRuleError extends Error {
  constructor(
    readonly code: string,
    readonly ja: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'RecordRuleError';
  }
}

export const yen = (n: number): string => n.toLocaleString('en-US');
