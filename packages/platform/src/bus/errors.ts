/**
 * How the bus tells a fault that will pass (retry, never dead-letter) from one that will not
 * (dead-letter, move on). Transient: the database or the broker is unavailable. Deterministic: the
 * message itself is wrong (does not parse, does not validate, breaks a rule).
 */

/** Thrown by a handler when retrying can never help: the message goes to the DLQ at once. */
export class PoisonMessageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}

/** Thrown by a handler for a fault that will pass: the message is retried with backoff, forever. */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** SQLSTATE classes/codes that mean "the database cannot serve now", not "your data is wrong". */
/** 57014: statement timeout / cancelled under load. */
const TRANSIENT_SQLSTATE = /^(08|53|57P|58)|^(40001|40P01|55P03|55006|57014)$/;

const TRANSIENT_MESSAGES =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end|terminating connection|the database system is (starting up|shutting down)/i;

const fieldOf = (err: unknown, key: string): unknown =>
  typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[key] : undefined;

export const isTransient = (err: unknown): boolean => {
  if (err instanceof TransientError) return true;
  if (err instanceof PoisonMessageError) return false;
  const code = fieldOf(err, 'code');
  if (typeof code === 'string' && (TRANSIENT_NODE_CODES.has(code) || TRANSIENT_SQLSTATE.test(code))) return true;
  const name = fieldOf(err, 'name');
  if (typeof name === 'string' && name.startsWith('KafkaJS') && fieldOf(err, 'retriable') !== false) return true;
  const message = fieldOf(err, 'message');
  if (typeof message === 'string' && TRANSIENT_MESSAGES.test(message)) return true;
  const cause = fieldOf(err, 'cause');
  return cause !== undefined && cause !== err && isTransient(cause);
};

export const errorCode = (err: unknown): string => {
  const code = fieldOf(err, 'code');
  if (typeof code === 'string') return code;
  const name = fieldOf(err, 'name');
  return typeof name === 'string' ? name : 'UNKNOWN';
};

export const errorMessage = (err: unknown): string => {
  const message = fieldOf(err, 'message');
  return typeof message === 'string' ? message : String(err);
};
