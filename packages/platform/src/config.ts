/**
 * Environment configuration: one TypeBox schema per service, validated once at boot.
 *
 * Guarantees: every variable the schema names is read, defaulted, converted from its string form
 * (env only — request bodies are never coerced), checked and decoded; if anything is wrong, one
 * `ConfigError` lists every bad or missing variable by name. Values never appear in the message, so
 * a mistyped secret is not printed to the boot log. Secrets have no defaults.
 *
 * Services compose the fragments below:
 *   const Config = Type.Composite([HttpConfig, DatabaseConfig, KafkaConfig, AuthConfig, PiiConfig]);
 *   const config = loadConfig(Config);
 */
import { Type, type StaticDecode, type TObject, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_RATE_LIMIT_MAX,
  UNDER_PRESSURE_MAX_EVENT_LOOP_DELAY_MS,
  UNDER_PRESSURE_MAX_EVENT_LOOP_UTILIZATION,
} from './definitions';

export type ConfigIssue = { readonly variable: string; readonly problem: string };

export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    super(`Invalid configuration: ${issues.map((i) => `${i.variable} ${i.problem}`).join('; ')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** A cross-variable rule, run on the converted (not yet decoded) values. */
export type ConfigRule = (
  values: Readonly<Record<string, unknown>>,
  variables: ReadonlySet<string>,
) => ConfigIssue[];

/** Exactly one of the variables must be set — applied only when the schema declares all of them. */
export const exactlyOneOf =
  (...names: string[]): ConfigRule =>
  (values, variables) => {
    if (!names.every((n) => variables.has(n))) return [];
    const set = names.filter((n) => values[n] !== undefined);
    if (set.length === 1) return [];
    const problem =
      set.length === 0
        ? `is required: set exactly one of ${names.join(', ')}`
        : `conflicts: set only one of ${names.join(', ')}`;
    return [{ variable: names.join('|'), problem }];
  };

const distinctSecrets =
  (a: string, b: string): ConfigRule =>
  (values) => {
    const x = values[a];
    const y = values[b];
    return typeof x === 'string' && x === y ? [{ variable: b, problem: `must differ from ${a}` }] : [];
  };

/** Rules every service gets for free when its schema contains the variables concerned. */
const BUILT_IN_RULES: readonly ConfigRule[] = [
  exactlyOneOf('JWT_PUBLIC_KEY', 'JWT_JWKS_URL'),
  distinctSecrets('PII_ENCRYPTION_KEY', 'PII_HASH_KEY'),
];

export type LoadConfigOptions = { rules?: readonly ConfigRule[] };

const problemOf = (schema: TSchema | undefined, value: unknown, fallback: string): string => {
  if (value === undefined) return 'is required (not set)';
  const custom: unknown = schema?.['errorMessage'];
  return typeof custom === 'string' ? custom : fallback.charAt(0).toLowerCase() + fallback.slice(1);
};

/**
 * Reads the variables `schema` declares from `env`, converts, validates and decodes them.
 * Empty strings count as unset (`FOO=` in a .env file). Throws `ConfigError` naming every bad one.
 */
export const loadConfig = <T extends TObject>(
  schema: T,
  env: Record<string, string | undefined> = process.env,
  options: LoadConfigOptions = {},
): StaticDecode<T> => {
  const properties: Record<string, TSchema> = schema.properties;
  const variables = new Set(Object.keys(properties));
  const raw: Record<string, unknown> = {};
  for (const name of variables) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') raw[name] = value;
  }
  const converted = Value.Convert(schema, Value.Default(schema, raw));
  const values: Record<string, unknown> =
    typeof converted === 'object' && converted !== null ? { ...converted } : {};

  const issues = new Map<string, string>();
  for (const error of Value.Errors(schema, values)) {
    const variable = error.path.split('/')[1] ?? '';
    if (variable === '' || issues.has(variable)) continue;
    issues.set(variable, problemOf(properties[variable], values[variable], error.message));
  }

  const decoded: Record<string, unknown> = {};
  for (const [name, propSchema] of Object.entries(properties)) {
    if (issues.has(name) || values[name] === undefined) continue;
    try {
      decoded[name] = Value.Decode(propSchema, values[name]);
    } catch (err) {
      // Decoders throw messages of our own (never the value); TypeBox's wrapper holds the value,
      // so only its inner message is kept.
      const inner: unknown = err instanceof Error && 'error' in err ? err.error : err;
      issues.set(name, inner instanceof Error ? inner.message : 'is invalid');
    }
  }

  for (const rule of [...BUILT_IN_RULES, ...(options.rules ?? [])]) {
    for (const issue of rule(values, variables)) {
      if (!issues.has(issue.variable)) issues.set(issue.variable, issue.problem);
    }
  }
  if (issues.size > 0) {
    throw new ConfigError([...issues].map(([variable, problem]) => ({ variable, problem })));
  }
  return decoded as StaticDecode<T>;
};

// ---------------------------------------------------------------------------------------------
// Fragments
// ---------------------------------------------------------------------------------------------

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const Base64 = /^[A-Za-z0-9+/]+={0,2}$/;
const base64Key = (name: string, minBytes: number, exactBytes?: number) =>
  Type.Transform(
    Type.String({
      minLength: 1,
      errorMessage: `must be base64 of ${exactBytes === undefined ? `at least ${minBytes}` : exactBytes} bytes`,
    }),
  )
    .Decode((s) => {
      const trimmed = s.trim();
      const bytes = Buffer.from(trimmed, 'base64');
      const lengthOk = exactBytes === undefined ? bytes.length >= minBytes : bytes.length === exactBytes;
      if (!Base64.test(trimmed) || trimmed.length % 4 !== 0 || !lengthOk) {
        throw new Error(
          `must be base64 of ${exactBytes === undefined ? `at least ${minBytes}` : exactBytes} bytes (${name})`,
        );
      }
      return bytes;
    })
    .Encode((b) => b.toString('base64'));

/** `true` / `false` / comma-separated proxy addresses or CIDRs, as fastify's `trustProxy`. */
const TrustProxy = Type.Transform(Type.String({ minLength: 1 }))
  .Decode((s): boolean | string => {
    const v = s.trim();
    if (v === 'true') return true;
    if (v === 'false') return false;
    return v;
  })
  .Encode((v) => String(v));

export const HttpConfig = Type.Object({
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 1, maximum: 65535, errorMessage: 'must be an integer port 1-65535' }),
  BODY_LIMIT_BYTES: Type.Integer({
    minimum: 1024,
    maximum: 1_073_741_824,
    default: DEFAULT_BODY_LIMIT_BYTES,
  }),
  /** Requests per client (token `sub`, else IP) per minute, per instance. */
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: DEFAULT_RATE_LIMIT_MAX }),
  LOG_LEVEL: Type.Union(
    LOG_LEVELS.map((l) => Type.Literal(l)),
    { default: 'info', errorMessage: `must be one of ${LOG_LEVELS.join(', ')}` },
  ),
  /** Behind a load balancer: which proxies to trust for X-Forwarded-For (fastify `trustProxy`). */
  TRUST_PROXY: Type.Optional(TrustProxy),
  /**
   * Load shedding (503 + Retry-After) when the event loop is this busy (0–1) or this late (ms);
   * 0 turns a check off.
   */
  LOAD_SHED_EVENT_LOOP_UTILIZATION: Type.Number({ minimum: 0, maximum: 1, default: UNDER_PRESSURE_MAX_EVENT_LOOP_UTILIZATION }),
  LOAD_SHED_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, default: UNDER_PRESSURE_MAX_EVENT_LOOP_DELAY_MS }),
});

export const DatabaseConfig = Type.Object({
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://', errorMessage: 'must be a postgres:// URL' }),
  DB_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
});

const BROKER_LIST = '^\\s*[^,\\s]+:\\d+\\s*(,\\s*[^,\\s]+:\\d+\\s*)*$';
export const KafkaConfig = Type.Object({
  KAFKA_BROKERS: Type.Transform(
    Type.String({ pattern: BROKER_LIST, errorMessage: 'must be a comma-separated list of host:port' }),
  )
    .Decode((s) => s.split(',').map((b) => b.trim()))
    .Encode((a) => a.join(',')),
  KAFKA_CLIENT_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
});

const PEM_OR_FILE = '^(file:.+|\\s*-----BEGIN PUBLIC KEY-----[\\s\\S]+-----END PUBLIC KEY-----\\s*)$';
const JWKS_URL = '^(https://[^\\s]+|http://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?(/[^\\s]*)?)$';
/** Exactly one of JWT_PUBLIC_KEY / JWT_JWKS_URL (checked by `loadConfig`). */
export const AuthConfig = Type.Object({
  /** SPKI PEM (`-----BEGIN PUBLIC KEY-----`, `\n` escapes allowed) or `file:<path>`. */
  JWT_PUBLIC_KEY: Type.Optional(
    Type.String({ pattern: PEM_OR_FILE, errorMessage: 'must be a PEM public key or file:<path>' }),
  ),
  JWT_JWKS_URL: Type.Optional(
    Type.String({ pattern: JWKS_URL, errorMessage: 'must be an https:// URL (http:// only for localhost)' }),
  ),
  JWT_ISSUER: Type.String({ minLength: 1 }),
  JWT_AUDIENCE: Type.String({ minLength: 1 }),
});

/** Keys protecting マイナンバー (ARCHITECTURE §4). Decoded to Buffers; no defaults, ever. */
export const PiiConfig = Type.Object({
  PII_ENCRYPTION_KEY: base64Key('AES-256-GCM key', 32, 32),
  PII_HASH_KEY: base64Key('HMAC-SHA256 key', 32),
});
