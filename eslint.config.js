// Lint configuration: ESLint recommended + typescript-eslint recommended.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', '.wrangler', 'dist', 'src/worker-configuration.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Unit tests sit beside their module (src/**/*.test.ts); the Worker's code never imports them,
  // the test runner or the test helpers, so nothing of the tests can reach the bundle.
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['vitest', 'cloudflare:test', '**/test/**', '*.test', '*.test.ts'],
              message:
                'test code (vitest, cloudflare:test, test/, *.test.ts) stays out of the Worker',
            },
          ],
        },
      ],
    },
  },
  // Layers: core/ (shared values, hex and digests) and streams/ (byte stream plumbing) are the
  // bottom and import nothing else of the project; storage/ builds only on them and errors/
  // (README "How it is built"). Unit tests beside the code are outside the layers.
  {
    files: ['src/core/**/*.{ts,tsx}', 'src/streams/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*'],
              message: 'core/ and streams/ are the bottom layer: they import nothing outside them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/storage/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../*',
                '!../core',
                '!../core/*',
                '!../errors',
                '!../errors/*',
                '!../streams',
                '!../streams/*',
              ],
              message:
                'storage/ imports only from core/, errors/ and streams/ (the layers below it).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
);
