/**
 * The layer rules (.dependency-cruiser.cjs) hold both ways: every rule is broken on purpose by one fixture
 * under test/fixtures/layers/ and must fire there, and the fixtures that keep to the rules must not be flagged.
 * dependency-cruiser runs as `npm run layers` does (its CLI, the real config), on the fixture tree
 * (LAYERS_ROOT points the rules' src/ and local/ at it).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = 'test/fixtures/layers/';

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}
interface CruiseResult {
  summary: { violations: Violation[]; ruleSetUsed: { forbidden: { name: string }[] } };
}

const cruiseFixtures = (): CruiseResult => {
  const bin = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  // --output-type json exits 0 whatever it finds; the violations are in the report.
  const out = execFileSync(
    process.execPath,
    [
      bin,
      `${FIXTURES}src`,
      `${FIXTURES}local`,
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'json',
    ],
    { cwd: ROOT, env: { ...process.env, LAYERS_ROOT: FIXTURES }, encoding: 'utf8', maxBuffer: 16 << 20 },
  );
  return JSON.parse(out) as CruiseResult;
};

/** Rule → the fixture module (under test/fixtures/layers/) that breaks it, and what it imports. */
const EXPECTED: readonly (readonly [rule: string, from: string, to: string])[] = [
  ['core-is-pure', 'src/core/impure.ts', 'src/adapters/port-impl.ts'],
  ['core-is-pure', 'src/core/reads-disk.ts', 'fs'],
  ['core-no-node-builtins', 'src/core/reads-disk.ts', 'fs'],
  [
    'only-adapters-touch-forge-runtime',
    'src/handlers/calls-forge.ts',
    'node_modules/@forge/api/out/index.js',
  ],
  ['frontend-only-contracts', 'src/frontend/reads-core.ts', 'src/core/model/index.ts'],
  ['contracts-are-leaves', 'src/contracts/reads-use-case.ts', 'src/core/use-cases/step.ts'],
  ['adapters-not-handlers', 'src/adapters/reads-handler.ts', 'src/handlers/entry.ts'],
  ['handlers-not-adapters', 'src/handlers/calls-adapter.ts', 'src/adapters/port-impl.ts'],
  ['cli-is-a-driving-adapter', 'src/cli/reads-handler.ts', 'src/handlers/entry.ts'],
  ['nothing-imports-the-cli', 'src/adapters/reads-cli.ts', 'src/cli/reads-handler.ts'],
  ['local-does-not-import-src', 'local/reads-src.ts', 'src/core/model/index.ts'],
  ['shipped-imports-only-shipped', 'src/adapters/reads-clock.ts', 'local/clock.ts'],
  ['shipped-imports-only-shipped', 'src/handlers/uses-test-helper.ts', 'test/helper.ts'],
  [
    'shipped-imports-no-dev-dependency',
    'src/adapters/uses-dev-dependency.ts',
    'node_modules/yaml/dist/index.js',
  ],
  ['local-does-not-import-tests', 'local/reads-bench.ts', 'bench/scenario.ts'],
  ['no-circular', 'src/core/cycle-a.ts', 'src/core/cycle-b.ts'],
];

const strip = (p: string): string => (p.startsWith(FIXTURES) ? p.slice(FIXTURES.length) : p);

describe('layer rules (.dependency-cruiser.cjs) against test/fixtures/layers', () => {
  let result: CruiseResult;
  beforeAll(() => {
    result = cruiseFixtures();
  });

  it('every rule in the config has a fixture that breaks it', () => {
    const ruleNames = result.summary.ruleSetUsed.forbidden.map((r) => r.name).sort();
    expect([...new Set(EXPECTED.map(([rule]) => rule))].sort()).toEqual(ruleNames);
  });

  it('each rule fires on its fixture, and nothing else is flagged (the clean fixtures stay clean)', () => {
    const found = result.summary.violations
      .map((v) => [v.rule.name, strip(v.from), strip(v.to)].join(' '))
      .sort();
    expect(found).toEqual(EXPECTED.map((e) => e.join(' ')).sort());
  });

  it('contracts may read core/model and core/errors.ts (what the schemas mirror)', () => {
    const fromReadsModel = result.summary.violations.filter((v) =>
      v.from.endsWith('contracts/reads-model.ts'),
    );
    expect(fromReadsModel).toEqual([]);
  });
});
