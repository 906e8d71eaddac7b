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

const project = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  transform: { ...tsJest },
  moduleNameMapper,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts?(x)`],
  restoreMocks: true,
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
    // Jest reads testTimeout only globally, so the slow files set their own with jest.setTimeout.
    project('browser', { setupFiles: ['<rootDir>/test/support/forge-globals.ts'] }),
    // Issue 8: faults, crash/resume, queue chaos, fuzzing, authorisation, privacy, safety (docs/reliability.md).
    // RELIABILITY_LONG=1 (npm run test:reliability:long) runs the long variants.
    project('reliability', { setupFiles: ['<rootDir>/test/support/forge-globals.ts'] }),
  ],
  coverageDirectory: 'test-output/coverage',
  collectCoverageFrom: ['src/core/**/*.ts'],
};
