// Praxis runs as CommonJS on Node 24, which can require() ES modules natively
// (jose, pg-boss). Jest can too, but only with --experimental-vm-modules, which the
// test script passes: see docs/adr/0001-runtime-and-repository.md.

// Our packages export their built dist/ by default and their sources under the `praxis-source`
// condition. Test files resolve through jest (customExportConditions below); the global setup
// runs in this process and requires our packages through Node itself, so it gets the condition too.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest reads this file as CommonJS
require('node:module').registerHooks({
  resolve: (specifier, context, next) => next(specifier, { ...context, conditions: [...context.conditions, 'praxis-source'] }),
});

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['praxis-source', 'node', 'node-addons'] },
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
