/**
 * The one way services log: pino, JSON lines, ISO timestamps, level labels, and redaction of
 * every personal field we know by name (ARCHITECTURE §4: マイナンバー never in logs), at any depth
 * up to REDACT_MAX_DEPTH — which covers request bodies, event payloads and their envelopes.
 * Pretty output only when stdout is a terminal. Child loggers (per request, per consumer) carry
 * the correlation id as `correlationId`.
 *
 * Redaction is by key name, so a personal value logged under an unlisted key is NOT caught: log
 * ids, not documents.
 */
import { EventEmitter } from 'node:events';
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

/** Header names whose values are credentials, wherever they appear and however cased. */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'cookie', 'set-cookie', 'x-api-key']);

const PERSONAL_KEYS: ReadonlySet<string> = new Set<string>(REDACTED_KEYS);
const isPersonalKey = (key: string): boolean => PERSONAL_KEYS.has(key) || CREDENTIAL_HEADERS.has(key.toLowerCase());

/** Deeper than this a value is replaced whole: a log line is not a document dump (and cycles end). */
export const REDACT_MAX_DEPTH = 16;

export const REDACTED = '[REDACTED]';
export const TOO_DEEP = '[TOO DEEP]';

/** Values logged as they are: no personal keys inside, or (emitters: sockets, clients) not ours to walk. */
const isOpaque = (v: object): boolean =>
  ArrayBuffer.isView(v) || v instanceof ArrayBuffer || v instanceof Date || v instanceof RegExp || v instanceof Map || v instanceof Set || v instanceof EventEmitter;

/**
 * `value` with the value of every personal key (REDACTED_KEYS and credential headers) replaced by
 * REDACTED, at any depth up to REDACT_MAX_DEPTH, in plain objects, arrays, class instances and errors
 * (an Error is serialized as pino's `err` serializer does — message, stack, its own properties,
 * aggregated errors — and then walked, so errors nested in errors are redacted too). Copy-on-write:
 * the input is never modified and comes back as it is when it holds nothing personal, so the
 * common log line costs a key walk; an object that is redacted comes back as a plain copy.
 *
 * Key-based rather than pino's path-based `redact`: "this key at any depth" needs a wildcard path
 * per key and depth, and fast-redact then costs ~300 µs per line and ~100 µs per child logger
 * (measured) — more than the rest of a request. It runs on the log object before pino's
 * serializers (formatters.log), on child bindings, and on what the `err` serializer returns.
 */
export const redactPersonal = (value: unknown, depth = 0): unknown => {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > REDACT_MAX_DEPTH) return TOO_DEEP;
  if (value instanceof Error) return redactPersonal({ ...pino.stdSerializers.err(value) }, depth);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const redacted = redactPersonal(item, depth + 1);
      if (redacted !== item) (copy ??= [...value])[i] = redacted;
    }
    return copy ?? value;
  }
  if (isOpaque(value)) return value;
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const item = record[key];
    const redacted = item !== undefined && isPersonalKey(key) ? REDACTED : redactPersonal(item, depth + 1);
    if (redacted !== item) (copy ??= { ...record })[key] = redacted;
  }
  return copy ?? value;
};

const redactObject = <T extends object>(o: T): T => redactPersonal(o) as T;
const errorSerializer = (err: unknown): unknown => redactPersonal(err);

/**
 * pino formats a child's bindings without `formatters.bindings` (it applies to the root's `base`
 * only): the root's `child` redacts them first, and wraps the child's own serializers so that what
 * they produce is redacted too (serializers run after `formatters.log`). Children are created from
 * their parent's prototype chain, so every descendant's `child` is this one.
 */
const redactingChildBindings = (root: Logger): Logger => {
  const pinoChild = (Object.getPrototypeOf(root) as Logger).child;
  root.child = function (this: Logger, bindings, options) {
    const serializers = options?.serializers;
    const redactedOptions =
      serializers === undefined
        ? options
        : {
            ...options,
            serializers: Object.fromEntries(
              Object.entries(serializers).map(([key, serialize]) => [key, (v: unknown) => redactPersonal((serialize as (x: unknown) => unknown)(v))]),
            ),
          };
    return pinoChild.call(this, redactObject(bindings), redactedOptions);
  } as Logger['child'];
  return root;
};

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
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }), log: redactObject, bindings: redactObject },
    serializers: { err: errorSerializer, error: errorSerializer },
  };
  if (opts.destination !== undefined) return redactingChildBindings(pino(options, opts.destination));
  if (pretty) {
    return redactingChildBindings(
      pino({
        ...options,
        transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard' } },
      }),
    );
  }
  return redactingChildBindings(pino(options));
};
