// Praxis runs as CommonJS on Node 24, which can require() ES modules natively
// (jose, pg-boss). Jest can too, but only with --experimental-vm-modules, which the
// test script passes: see docs/adr/0001-runtime-and-repository.md.

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/services', '<rootDir>/gateway', '<rootDir>/infra', '<rootDir>/scripts'],
  testMatch: ['**/__tests__/**/*.test.ts', '**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2023',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: false, useDefineForClassFields: false },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/services/platform/src/testing/jest/global-setup.ts',
  globalTeardown: '<rootDir>/services/platform/src/testing/jest/global-teardown.ts',
  reporters: ['default', '<rootDir>/services/platform/src/testing/jest/timings-reporter.js'],
  testTimeout: 30000,
  maxWorkers: 2,
};
