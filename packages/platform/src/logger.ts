/**
 * The one way services log: pino, JSON lines, ISO timestamps, level labels, and `redact` for
 * every personal field we know by name (ARCHITECTURE §4: マイナンバー never in logs), at any depth
 * up to REDACT_MAX_DEPTH — which covers request bodies, event payloads and their envelopes.
 * Pretty output only when stdout is a terminal. Child loggers (per request, per consumer) carry
 * the correlation id as `correlationId`.
 *
 * Redaction is by key name, so a personal value logged under an unlisted key is NOT caught: log
 * ids, not documents.
 */
import { hostname } from 'node:os';
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** Keys whose values are personal data (or credentials) wherever they appear. */
export const REDACTED_KEYS = [
  // 個人番号 (マイナンバー) and other personal identifiers
  'myNumber',
  'myNumberHash',
  'individualNumber',
  'kojinBango',
  '個人番号',
  'マイナンバー',
  'basicPensionNumber',
  '基礎年金番号',
  // names
  'name',
  'nameKana',
  'nameKanji',
  'nameRoman',
  'familyName',
  'givenName',
  'fullName',
  'formerName',
  '氏名',
  // addresses and contact
  'address',
  'addressKana',
  'addressLine',
  'postalCode',
  'phone',
  'phoneNumber',
  'email',
  '住所',
  // birth dates
  'birthDate',
  'dateOfBirth',
  '生年月日',
  // bank accounts (口座振替)
  'accountNumber',
  'accountHolder',
  'accountHolderKana',
  // credentials
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
] as const;

/** Depth of `*` wildcards tried per key: `key`, `*.key`, `*.*.key`, … */
export const REDACT_MAX_DEPTH = 5;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const segment = (key: string, first: boolean) =>
  IDENTIFIER.test(key) ? (first ? key : `.${key}`) : `["${key}"]`;

const pathsFor = (key: string): string[] => {
  const paths: string[] = [];
  for (let depth = 0; depth <= REDACT_MAX_DEPTH; depth += 1) {
    const prefix = Array.from({ length: depth }, () => '*').join('.');
    paths.push(prefix === '' ? segment(key, true) : `${prefix}${segment(key, false)}`);
  }
  return paths;
};

/** Every path handed to pino's `redact`. Exported so tests and reviewers can see the list. */
export const REDACT_PATHS: readonly string[] = [
  ...REDACTED_KEYS.flatMap(pathsFor),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

export const REDACTED = '[REDACTED]';

export type CreateLoggerOptions = {
  /** Service or component name, logged as `service` (a top-level `name` is a redacted key). */
  name: string;
  level?: string;
  /** Human-readable output (pino-pretty). Default: only when stdout is a terminal. */
  pretty?: boolean;
  /** Where JSON lines go (default stdout). Tests pass a stream to capture output. */
  destination?: DestinationStream;
};

export const createLogger = (opts: CreateLoggerOptions): Logger => {
  const pretty = opts.pretty ?? process.stdout.isTTY === true;
  const options: pino.LoggerOptions = {
    base: { service: opts.name, pid: process.pid, hostname: hostname() },
    level: opts.level ?? 'info',
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
  };
  if (opts.destination !== undefined) return pino(options, opts.destination);
  if (pretty) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard' } },
    });
  }
  return pino(options);
};
