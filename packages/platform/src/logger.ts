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

/** Header names whose values are credentials, wherever they appear (req.headers, headers, …). */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'set-cookie', 'x-api-key'] as const;

const PERSONAL_KEYS: ReadonlySet<string> = new Set<string>([...REDACTED_KEYS, ...CREDENTIAL_HEADERS]);

/** Deeper than this a value is replaced whole: a log line is not a document dump (and cycles end). */
export const REDACT_MAX_DEPTH = 16;

export const REDACTED = '[REDACTED]';
export const TOO_DEEP = '[TOO DEEP]';

const isPlainObject = (v: object): v is Record<string, unknown> => {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * `value` with the value of every personal key (REDACTED_KEYS and credential headers) replaced by
 * REDACTED, at any depth, in plain objects and arrays. Copy-on-write: the input is never modified
 * and comes back as it is when it holds nothing personal, so the common log line costs a key walk.
 * Other objects (Error, Date, Buffer, class instances) are left to pino's serializers; errors go
 * through `err`, which redacts what it produces.
 *
 * Key-based rather than pino's path-based `redact`: "this key at any depth" needs a wildcard path
 * per key and depth, and fast-redact then costs ~300 µs per line and ~100 µs per child logger
 * (measured) — more than the rest of a request.
 */
export const redactPersonal = (value: unknown, depth = 0): unknown => {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > REDACT_MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const redacted = redactPersonal(item, depth + 1);
      if (redacted !== item) (copy ??= [...value])[i] = redacted;
    }
    return copy ?? value;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = value[key];
    const redacted = item !== undefined && PERSONAL_KEYS.has(key) ? REDACTED : redactPersonal(item, depth + 1);
    if (redacted !== item) (copy ??= { ...value })[key] = redacted;
  }
  return copy ?? value;
};

const redactObject = <T extends object>(o: T): T => redactPersonal(o) as T;
// The serialized error's prototype is pino's own: copied into a plain object to be walked.
const errorSerializer = (err: unknown): unknown =>
  redactPersonal(err instanceof Error ? { ...pino.stdSerializers.err(err) } : err);

/**
 * pino formats a child's bindings without `formatters.bindings` (it applies to the root's `base`
 * only): the root's `child` redacts them first. Children are created from their parent's prototype
 * chain, so every descendant's `child` is this one.
 */
const redactingChildBindings = (root: Logger): Logger => {
  const pinoChild = (Object.getPrototypeOf(root) as Logger).child;
  root.child = function (this: Logger, bindings, options) {
    return pinoChild.call(this, redactObject(bindings), options);
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
