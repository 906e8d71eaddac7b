// One project per test layer (style.md rule 37). `npm test` runs them all; each has its own script too.
// Plain CommonJS so jest needs no TypeScript loader for its own config.
/** @typedef {import('jest').Config} Config */

const tsJest = { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }] };

/** @param {string} name @param {Partial<Config>} extra @returns {Config} */
// openapi-backend requires @apidevtools/json-schema-ref-parser, which is ESM-only: Node >= 20.19 loads it via
// require(esm), jest's module system on Node 20 cannot. The emulated site only needs its quick-mode surface,
// which local/atlassian-site/ref-parser-shim.ts provides in CommonJS.
const moduleNameMapper = {
  '^@apidevtools/json-schema-ref-parser$': '<rootDir>/local/atlassian-site/ref-parser-shim.ts',
};

/**
 * Per-project default test and hook timeout, sized for a loaded 2-core CI box (a full `npm test` beside other
 * jobs ran 35 minutes and a 0.4 s site test hit jest's 5 s default). Jest reads `testTimeout` from the global
 * config only (jest-circus jestAdapterInit: `globalConfig.testTimeout`), so each project passes its value as a
 * global and test/support/project-timeout.ts calls jest.setTimeout with it. A file may still set a longer one.
 */
const TIMEOUT_MS = {
  unit: 30_000,
  contract: 60_000,
  e2e: 120_000,
  ui: 60_000,
  browser: 120_000,
  reliability: 300_000,
};

const project = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  transform: { ...tsJest },
  moduleNameMapper,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts?(x)`],
  restoreMocks: true,
  globals: { PROJECT_TIMEOUT_MS: TIMEOUT_MS[name] },
  setupFilesAfterEnv: ['<rootDir>/test/support/project-timeout.ts'],
  ...extra,
});

/** @type {Config} */
module.exports = {
  projects: [
    project('unit'),
    project('contract', { setupFiles: ['<rootDir>/test/support/forge-globals.ts'] }),
    project('e2e', { setupFiles: ['<rootDir>/test/support/forge-globals.ts'] }),
    project('ui', { setupFiles: ['<rootDir>/test/support/forge-globals.ts'] }),
    // Headless Debian Chromium driven by playwright-core against local/preview (scripts/ensure-chromium.sh).
    project('browser', { setupFiles: ['<rootDir>/test/support/forge-globals.ts'] }),
    // Issue 8: faults, crash/resume, queue chaos, fuzzing, authorisation, privacy, safety (docs/reliability.md).
    // RELIABILITY_LONG=1 (npm run test:reliability:long) runs the long variants.
    project('reliability', { setupFiles: ['<rootDir>/test/support/forge-globals.ts'] }),
  ],
  coverageDirectory: 'test-output/coverage',
  collectCoverageFrom: ['src/core/**/*.ts'],
};
