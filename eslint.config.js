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
  // Layers: core/ is the bottom and imports nothing of the project; storage/ builds only on core/
  // and errors/ (README "How it is built"). r2-stream-writer.ts still reads streams/chunk-queue.
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*'], message: 'core/ is the bottom layer: it imports nothing above it.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/storage/**/*.ts'],
    ignores: ['src/storage/r2-stream-writer.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', '!../core', '!../core/*', '!../errors', '!../errors/*'],
              message: 'storage/ imports only from core/ and errors/ (the layers below it).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
);
