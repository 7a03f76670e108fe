/**
 * loadConfig: env strings converted and validated once; every bad or missing variable named,
 * never its value.
 */
import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import {
  AuthConfig,
  ConfigError,
  DatabaseConfig,
  HttpConfig,
  KafkaConfig,
  PiiConfig,
  exactlyOneOf,
  loadConfig,
} from '../src/config';

const ServiceConfig = Type.Composite([HttpConfig, DatabaseConfig, KafkaConfig, AuthConfig, PiiConfig]);

const PEM = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n';
const ENC_KEY = randomBytes(32);
const HASH_KEY = randomBytes(48);

const validEnv = (): Record<string, string | undefined> => ({
  PORT: '3001',
  DATABASE_URL: 'postgres://records:s3cret-pw@localhost:5432/records',
  KAFKA_BROKERS: 'localhost:9092, broker-2:9093',
  JWT_PUBLIC_KEY: PEM,
  JWT_ISSUER: 'nenkin-dev',
  JWT_AUDIENCE: 'nenkin-api',
  PII_ENCRYPTION_KEY: ENC_KEY.toString('base64'),
  PII_HASH_KEY: HASH_KEY.toString('base64'),
  UNRELATED: 'ignored',
});

const configError = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('converts, defaults and decodes a valid environment', () => {
    const config = loadConfig(ServiceConfig, validEnv());
    expect(config).toEqual({
      HOST: '127.0.0.1',
      PORT: 3001,
      BODY_LIMIT_BYTES: 1_048_576,
      RATE_LIMIT_MAX: 600,
      LOAD_SHED_EVENT_LOOP_UTILIZATION: 0.98,
      LOAD_SHED_EVENT_LOOP_DELAY_MS: 1000,
      LOG_LEVEL: 'info',
      DATABASE_URL: 'postgres://records:s3cret-pw@localhost:5432/records',
      DB_POOL_MAX: 10,
      KAFKA_BROKERS: ['localhost:9092', 'broker-2:9093'],
      JWT_PUBLIC_KEY: PEM,
      JWT_ISSUER: 'nenkin-dev',
      JWT_AUDIENCE: 'nenkin-api',
      PII_ENCRYPTION_KEY: ENC_KEY,
      PII_HASH_KEY: HASH_KEY,
    });
    // the static type follows the decoded values
    const brokers: string[] = config.KAFKA_BROKERS;
    const key: Buffer = config.PII_ENCRYPTION_KEY;
    expect([brokers.length, key.length]).toEqual([2, 32]);
  });

  it('names every missing variable at once', () => {
    const err = configError(() => loadConfig(ServiceConfig, {}));
    expect(err.issues.map((i) => i.variable).sort()).toEqual(
      [
        'DATABASE_URL',
        'JWT_AUDIENCE',
        'JWT_ISSUER',
        'JWT_PUBLIC_KEY|JWT_JWKS_URL',
        'KAFKA_BROKERS',
        'PII_ENCRYPTION_KEY',
        'PII_HASH_KEY',
        'PORT',
      ].sort(),
    );
    expect(err.message).toMatch(/^Invalid configuration: /);
    expect(err.message).toContain('PORT is required (not set)');
  });

  it('names bad values without printing them', () => {
    const env = {
      ...validEnv(),
      PORT: '70000',
      DATABASE_URL: 'mysql://root:topsecret@db/x',
      LOG_LEVEL: 'loud',
      DB_POOL_MAX: 'ten',
      KAFKA_BROKERS: 'no-port',
      PII_ENCRYPTION_KEY: Buffer.from('short-secret-key').toString('base64'),
      PII_HASH_KEY: 'not base64 at all!!',
    };
    const err = configError(() => loadConfig(ServiceConfig, env));
    expect(err.issues.map((i) => i.variable).sort()).toEqual(
      [
        'DATABASE_URL',
        'DB_POOL_MAX',
        'KAFKA_BROKERS',
        'LOG_LEVEL',
        'PII_ENCRYPTION_KEY',
        'PII_HASH_KEY',
        'PORT',
      ].sort(),
    );
    for (const secret of [
      'topsecret',
      'short-secret-key',
      env.PII_ENCRYPTION_KEY,
      'not base64',
      'loud',
      '70000',
    ]) {
      expect(err.message).not.toContain(secret);
    }
    expect(err.message).toContain('PII_ENCRYPTION_KEY must be base64 of 32 bytes');
    expect(err.message).toContain('PORT must be an integer port 1-65535');
  });

  it('treats empty strings as unset: required ones are missing, optional ones absent, defaults apply', () => {
    const err = configError(() => loadConfig(ServiceConfig, { ...validEnv(), JWT_ISSUER: '', PORT: '  ' }));
    expect(err.issues).toEqual([
      { variable: 'PORT', problem: 'is required (not set)' },
      { variable: 'JWT_ISSUER', problem: 'is required (not set)' },
    ]);
    const config = loadConfig(ServiceConfig, {
      ...validEnv(),
      JWT_JWKS_URL: '',
      LOG_LEVEL: '',
      KAFKA_CLIENT_ID: '',
    });
    expect(config.JWT_JWKS_URL).toBeUndefined();
    expect(config.KAFKA_CLIENT_ID).toBeUndefined();
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('requires exactly one of JWT_PUBLIC_KEY and JWT_JWKS_URL', () => {
    const both = configError(() =>
      loadConfig(ServiceConfig, { ...validEnv(), JWT_JWKS_URL: 'https://idp.example/jwks' }),
    );
    expect(both.issues).toEqual([
      { variable: 'JWT_PUBLIC_KEY|JWT_JWKS_URL', problem: expect.stringMatching(/only one/) },
    ]);
    const jwksOnly = loadConfig(ServiceConfig, {
      ...validEnv(),
      JWT_PUBLIC_KEY: undefined,
      JWT_JWKS_URL: 'https://idp.example/jwks',
    });
    expect(jwksOnly.JWT_JWKS_URL).toBe('https://idp.example/jwks');
    expect(jwksOnly.JWT_PUBLIC_KEY).toBeUndefined();
  });

  it('JWKS over plain http only for localhost; a key is PEM or file:', () => {
    const http = configError(() =>
      loadConfig(ServiceConfig, {
        ...validEnv(),
        JWT_PUBLIC_KEY: undefined,
        JWT_JWKS_URL: 'http://idp.example/jwks',
      }),
    );
    expect(http.issues.map((i) => i.variable)).toEqual(['JWT_JWKS_URL']);
    expect(
      loadConfig(ServiceConfig, {
        ...validEnv(),
        JWT_PUBLIC_KEY: undefined,
        JWT_JWKS_URL: 'http://localhost:8080/jwks',
      }).JWT_JWKS_URL,
    ).toBe('http://localhost:8080/jwks');
    expect(
      loadConfig(ServiceConfig, { ...validEnv(), JWT_PUBLIC_KEY: 'file:.data/dev-keys/public.pem' })
        .JWT_PUBLIC_KEY,
    ).toBe('file:.data/dev-keys/public.pem');
    const priv = configError(() =>
      loadConfig(ServiceConfig, {
        ...validEnv(),
        JWT_PUBLIC_KEY: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
      }),
    );
    expect(priv.issues.map((i) => i.variable)).toEqual(['JWT_PUBLIC_KEY']);
  });

  it('refuses the same key for encryption and hashing', () => {
    const same = ENC_KEY.toString('base64');
    const err = configError(() => loadConfig(ServiceConfig, { ...validEnv(), PII_HASH_KEY: same }));
    expect(err.issues).toEqual([
      { variable: 'PII_HASH_KEY', problem: 'must differ from PII_ENCRYPTION_KEY' },
    ]);
  });

  it('TRUST_PROXY decodes booleans and address lists', () => {
    expect(loadConfig(HttpConfig, { PORT: '1', TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig(HttpConfig, { PORT: '1', TRUST_PROXY: '10.0.0.0/8' }).TRUST_PROXY).toBe('10.0.0.0/8');
    expect(loadConfig(HttpConfig, { PORT: '1' }).TRUST_PROXY).toBeUndefined();
  });

  it('runs extra rules a service passes', () => {
    const Schema = Type.Object({ A: Type.Optional(Type.String()), B: Type.Optional(Type.String()) });
    expect(() => loadConfig(Schema, {}, { rules: [exactlyOneOf('A', 'B')] })).toThrow(/A\|B is required/);
    expect(loadConfig(Schema, { B: 'x' }, { rules: [exactlyOneOf('A', 'B')] })).toEqual({ B: 'x' });
  });

  it('reads process.env by default', () => {
    const saved = process.env['NENKIN_TEST_PORT'];
    process.env['NENKIN_TEST_PORT'] = '8080';
    try {
      expect(loadConfig(Type.Object({ NENKIN_TEST_PORT: Type.Integer() }))).toEqual({
        NENKIN_TEST_PORT: 8080,
      });
    } finally {
      if (saved === undefined) delete process.env['NENKIN_TEST_PORT'];
      else process.env['NENKIN_TEST_PORT'] = saved;
    }
  });
});
