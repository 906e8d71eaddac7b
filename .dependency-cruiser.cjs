/**
 * Layer rules (style.md §3.1 "Dependency rule"), checked in `npm test` by `npm run layers`.
 * frontend → contracts (+ @forge/react, @forge/bridge); handlers → core, contracts, wiring;
 * wiring → core, adapters; adapters → core, contracts; core → nothing outside core.
 * Both ways: shipped code (src/) imports only shipped code and runtime dependencies; local/ never imports
 * src/ internals (it plays Atlassian's cloud, which cannot see the app's code) nor tests and benches.
 * Every rule has a fixture that breaks it (test/fixtures/layers/, proved by test/contract/layers.test.ts).
 * cli (the command-line audit, a second driving adapter) → core, contracts, adapters.
 */
// The fixture test (test/contract/layers.test.ts) cruises test/fixtures/layers/{src,local} with
// LAYERS_ROOT=test/fixtures/layers/ so the same rules apply to the fixture tree; unset, it is the repo root.
const root = process.env.LAYERS_ROOT ?? '';

const forgeRuntime = '^node_modules/@forge/(api|kvs|events|resolver)/';
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core imports nothing outside src/core except zod (pure, no I/O).',
      severity: 'error',
      from: { path: `^${root}src/core/` },
      to: { pathNot: [`^${root}src/core/`, '^node_modules/zod/'] },
    },
    {
      name: 'core-no-node-builtins',
      severity: 'error',
      from: { path: `^${root}src/core/` },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'only-adapters-touch-forge-runtime',
      comment: 'Only src/adapters imports @forge/api, @forge/kvs, @forge/events, @forge/resolver.',
      severity: 'error',
      from: { path: `^${root}src/`, pathNot: `^${root}src/adapters/` },
      to: { path: forgeRuntime },
    },
    {
      name: 'frontend-only-contracts',
      comment: 'The UI Kit frontend depends on contracts, @forge/react, @forge/bridge and react only.',
      severity: 'error',
      from: { path: `^${root}src/frontend/` },
      to: { path: `^${root}src/`, pathNot: [`^${root}src/frontend/`, `^${root}src/contracts/`] },
    },
    {
      name: 'contracts-are-leaves',
      comment:
        'contracts/ holds zod schemas shared by UI and resolvers; of src/ it may read core/model and the ' +
        'DomainErrorCode of core/errors.ts only (the values and types the schemas mirror).',
      severity: 'error',
      from: { path: `^${root}src/contracts/` },
      to: {
        path: `^${root}src/`,
        pathNot: [`^${root}src/contracts/`, `^${root}src/core/model/`, `^${root}src/core/errors\\.ts$`],
      },
    },
    {
      name: 'adapters-not-handlers',
      severity: 'error',
      from: { path: `^${root}src/adapters/` },
      to: { path: [`^${root}src/handlers/`, `^${root}src/wiring`, `^${root}src/frontend/`] },
    },
    {
      name: 'handlers-not-adapters',
      comment: 'Handlers reach adapters through wiring.ts, the single composition root.',
      severity: 'error',
      from: { path: `^${root}src/handlers/` },
      to: { path: [`^${root}src/adapters/`, `^${root}src/frontend/`] },
    },
    {
      name: 'cli-is-a-driving-adapter',
      comment:
        'src/cli (the command-line audit) composes core, contracts and adapters itself, like wiring.ts does for ' +
        'Forge; it never reaches the Forge handlers, the composition root or the UI.',
      severity: 'error',
      from: { path: `^${root}src/cli/` },
      to: {
        path: [`^${root}src/handlers/`, `^${root}src/wiring`, `^${root}src/frontend/`, `^${root}src/index`],
      },
    },
    {
      name: 'nothing-imports-the-cli',
      comment: 'The CLI is an entry point: no layer of the app depends on it.',
      severity: 'error',
      from: { path: `^${root}src/`, pathNot: `^${root}src/cli/` },
      to: { path: `^${root}src/cli/` },
    },
    {
      name: 'local-does-not-import-src',
      comment: 'The emulated cloud only serves HTTP, hooks and bundles; it never reaches into the app.',
      severity: 'error',
      from: { path: `^${root}local/` },
      to: { path: `^${root}src/` },
    },
    {
      name: 'shipped-imports-only-shipped',
      comment:
        'src/ is what @forge/bundler ships: it never imports local/, test/, bench/ or scripts/ (or any file ' +
        'outside src/ and node_modules).',
      severity: 'error',
      from: { path: `^${root}src/` },
      to: { pathNot: [`^${root}src/`, '^node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'shipped-imports-no-dev-dependency',
      comment:
        'src/ runs on Forge, where only package.json "dependencies" are installed, not devDependencies.',
      severity: 'error',
      from: { path: `^${root}src/` },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'local-does-not-import-tests',
      comment: 'The emulators serve tests and benches; they never import them (test/, bench/, scripts/).',
      severity: 'error',
      from: { path: `^${root}local/` },
      to: { path: `^${root}(test|bench|scripts)/` },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // doNotFollow, not exclude: an import of test/ or bench/ from src/ or local/ must show up (and break a
    // rule above); those files' own imports are not walked.
    doNotFollow: { path: ['node_modules', `^${root}(test|bench|scripts)/`] },
    tsConfig: { fileName: 'tsconfig.tools.json' },
    tsPreCompilationDeps: true,
    // node_modules may be a symlink (git worktrees share one install): keep the path as imported, or every
    // '^node_modules/' pattern above would silently miss '../../main/node_modules/...'.
    preserveSymlinks: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
