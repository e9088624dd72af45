// Type-aware lint for the TypeScript sources (`npm run lint:code`): typescript-eslint's
// recommendedTypeChecked. Formatting is Prettier's job (no formatting rules are enabled here) and
// import boundaries are dependency-cruiser's (.dependency-cruiser.cjs).
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Specs, e2e tests and test support: they read untyped JSON bodies from the service under test. */
const TEST_FILES = [
  '**/*.spec.ts',
  '**/*.e2e-spec.ts',
  'apps/*/test/**/*.ts',
  'examples/*/test/**/*.ts',
  'libs/**/testing/**/*.ts',
];

export default defineConfig(
  {
    ignores: [
      '**/dist/',
      'libs/client/src/generated/',
      'coverage/',
      'node_modules/',
      '.bench-tmp/',
      '**/*.{js,cjs,mjs}',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'examples/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Ports return promises; their adapters stay `async` even without an `await`, so a throw
      // becomes a rejection as the port promises. Dropping `async` would change that behaviour.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore marks a deliberately unused name (rest-sibling omission, placeholder).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // The style guide's additions to the recommended set (STYLE.md, naming and layout).
      eqeqeq: 'error',
      curly: 'error',
      // Text built from a value typed `unknown` must narrow it first, never print `[object Object]`.
      '@typescript-eslint/no-base-to-string': 'error',
    },
  },
  {
    files: TEST_FILES,
    rules: {
      // Tests assert on untyped JSON (`response.json()`, Fastify `inject` payloads): the
      // expectations are the type check there, so the no-unsafe-* family is noise in tests.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
