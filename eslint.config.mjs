// Lint rules that carry architecture (style.md rules 7, 12, 27, 45). dependency-cruiser checks the layer graph;
// ESLint checks what a graph cannot: banned calls, floating promises, console use, route-built paths.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const forgeRuntimeSdks = [
  '@forge/api',
  '@forge/kvs',
  '@forge/events',
  '@forge/resolver',
  '@forge/bridge',
  '@forge/react',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'test-output/**',
      'coverage/**',
      'local/stubs/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.tools.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The app: only adapters touch @forge/* runtime SDKs; string-built product paths are banned.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/adapters/**', 'src/frontend/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forgeRuntimeSdks.map((name) => ({
            name,
            message: 'Only src/adapters (and the UI Kit frontend) may import @forge/* runtime SDKs.',
          })),
        },
      ],
    },
  },
  {
    // The pure core (style.md rule 8): time, randomness and I/O arrive as data or through ports.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'core reads time from the Clock port, not Date.now().',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'core reads time from the Clock port, not new Date().',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'core takes ids and randomness as data (IdSource port).',
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'crypto',
          'performance',
          'process',
          'setTimeout',
          'setInterval',
          'setImmediate',
          'fetch',
          'console',
        ].map((name) => ({
          name,
          message: `core is pure: no '${name}' (pass data in through ports).`,
        })),
      ],
    },
  },
  {
    files: ['src/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@forge/api',
              importNames: ['assumeTrustedRoute'],
              message: 'Build every product path with route`...`.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/frontend/**/*.ts', 'src/frontend/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['@forge/api', '@forge/kvs', '@forge/events', '@forge/resolver'].map((name) => ({
            name,
            message: 'The UI Kit frontend talks to the backend through @forge/bridge invoke only.',
          })),
        },
      ],
    },
  },
  {
    // The Rules of React for the UI Kit frontends (ours and the browser tests' fixture app): hooks at the top
    // level only, complete effect dependencies, no state set during render (eslint-plugin-react-hooks'
    // recommended set; zero warnings in `npm test`).
    files: ['src/frontend/**/*.{ts,tsx}', 'test/browser/fixture-app/src/frontend/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // Tests, the local emulators and benches may print and may use any SDK.
    files: ['test/**/*.ts', 'test/**/*.tsx', 'local/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
