import type { Config } from 'jest';

// One project per test layer (style.md rule 37). `npm test` runs them all; each has its own script too.
const tsJest = { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.tools.json', isolatedModules: true }] } as const;

const project = (name: string, extra: Partial<Config> = {}): Config => ({
  displayName: name,
  testEnvironment: 'node',
  transform: { ...tsJest },
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts?(x)`],
  restoreMocks: true,
  ...extra,
});

const config: Config = {
  projects: [
    project('unit'),
    project('contract', { setupFiles: ['<rootDir>/test/support/forge-globals.ts'] }),
    project('e2e', { setupFiles: ['<rootDir>/test/support/forge-globals.ts'] }),
    project('ui', { setupFiles: ['<rootDir>/test/support/forge-globals.ts'] }),
  ],
  coverageDirectory: 'test-output/coverage',
  collectCoverageFrom: ['src/core/**/*.ts'],
};

export default config;
