// One jest run for the whole repository, in two tiers:
//   unit — pure, no I/O (`*.unit.test.ts`)
//   int  — real Postgres + real Kafka (`*.int.test.ts` in packages and services, and the root tests/ suites);
//          the global setup brings the infrastructure up once per run (see @nenkin/testing/global-setup).
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};
const common = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{packages,services}/*/test/**/*.unit.test.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{packages,services}/*/test/**/*.int.test.ts', '<rootDir>/tests/**/*.int.test.ts'],
      globalSetup: '<rootDir>/packages/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/packages/testing/src/global-teardown.ts',
      slowTestThreshold: 30,
    },
  ],
};
