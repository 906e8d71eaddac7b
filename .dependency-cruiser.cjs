/**
 * Layer rules (style.md §3.1 "Dependency rule"), checked in `npm test` by `npm run layers`.
 * frontend → contracts (+ @forge/react, @forge/bridge); handlers → core, contracts, wiring;
 * wiring → core, adapters; adapters → core, contracts; core → nothing outside core.
 * cli (the command-line audit, a second driving adapter) → core, contracts, adapters.
 * local/ never imports src/ internals: it plays Atlassian's cloud, which cannot see the app's code.
 */
const forgeRuntime = '^node_modules/@forge/(api|kvs|events|resolver)/';
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core imports nothing outside src/core except zod (pure, no I/O).',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/', '^node_modules/zod/'] },
    },
    {
      name: 'core-no-node-builtins',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'only-adapters-touch-forge-runtime',
      comment: 'Only src/adapters imports @forge/api, @forge/kvs, @forge/events, @forge/resolver.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/adapters/' },
      to: { path: forgeRuntime },
    },
    {
      name: 'frontend-only-contracts',
      comment: 'The UI Kit frontend depends on contracts, @forge/react, @forge/bridge and react only.',
      severity: 'error',
      from: { path: '^src/frontend/' },
      to: { path: '^src/', pathNot: ['^src/frontend/', '^src/contracts/'] },
    },
    {
      name: 'contracts-are-leaves',
      comment: 'contracts/ holds zod schemas shared by UI and resolvers; it may read core model types only.',
      severity: 'error',
      from: { path: '^src/contracts/' },
      to: { path: '^src/', pathNot: ['^src/contracts/', '^src/core/'] },
    },
    {
      name: 'adapters-not-handlers',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: ['^src/handlers/', '^src/wiring', '^src/frontend/'] },
    },
    {
      name: 'handlers-not-adapters',
      comment: 'Handlers reach adapters through wiring.ts, the single composition root.',
      severity: 'error',
      from: { path: '^src/handlers/' },
      to: { path: ['^src/adapters/', '^src/frontend/'] },
    },
    {
      name: 'cli-is-a-driving-adapter',
      comment:
        'src/cli (the command-line audit) composes core, contracts and adapters itself, like wiring.ts does for ' +
        'Forge; it never reaches the Forge handlers, the composition root or the UI.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: ['^src/handlers/', '^src/wiring', '^src/frontend/', '^src/index'] },
    },
    {
      name: 'nothing-imports-the-cli',
      comment: 'The CLI is an entry point: no layer of the app depends on it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'local-does-not-import-src',
      comment: 'The emulated cloud only serves HTTP, hooks and bundles; it never reaches into the app.',
      severity: 'error',
      from: { path: '^local/' },
      to: { path: '^src/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.tools.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '(^|/)(test|bench)/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
