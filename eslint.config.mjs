// Lint: TypeScript rules plus the layer table of DESIGN.md — who may import whom, and no
// electron, Node built-ins or native modules where they do not belong.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_ONLY = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'better-sqlite3', 'exceljs', 'hyparquet', 'hyparquet-compressors'];
const layer = (files, groups, extra = {}) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', { patterns: groups.map((g) => ({ group: [g], message: `this layer may not import ${g} (see DESIGN.md)`, ...extra })) }],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test/artifacts/**', 'bench/out/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly', TextDecoder: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-control-regex': 'off',
    },
  },
  // The one place heavy packages are required on first use, so a command that never needs them never loads them.
  { files: ['models/tf/lazy-tf.ts'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  layer(['types/**/*.ts'], ['**/data/**', '**/models/**', '**/service/**', '**/cli/**', '**/electron/**', '**/renderer/**', ...NODE_ONLY, 'electron', 'react']),
  layer(['i18n/**/*.ts'], ['**/data/**', '**/models/**', '**/service/**', '**/cli/**', '**/electron/**', '**/renderer/**', ...NODE_ONLY, 'electron', 'react']),
  layer(['data/**/*.ts'], ['**/service/**', '**/cli/**', '**/electron/**', '**/renderer/**', 'electron', 'react', 'react-dom']),
  layer(['models/**/*.ts'], ['**/data/**', '**/service/**', '**/cli/**', '**/electron/**', '**/renderer/**', ...NODE_ONLY, 'electron', 'react']),
  layer(['service/**/*.ts'], ['**/cli/**', '**/electron/**', '**/renderer/**', 'electron', 'react', 'react-dom']),
  layer(['cli/**/*.ts'], ['**/data/**', '**/models/**', '**/electron/**', '**/renderer/**', 'electron', 'react']),
  layer(['electron/**/*.ts'], ['**/data/**', '**/models/**', '**/renderer/**', '**/cli/**', 'react']),
  layer(['renderer/**/*.ts', 'renderer/**/*.tsx'], ['**/data/**', '**/models/**', '**/cli/**', '**/electron/**', '**/service/**', ...NODE_ONLY, 'electron'], { allowTypeImports: true }),
  // rta/ runs the bundle's own scorer.mjs; it reads the bundle and the feature snapshot with the
  // import's readers (the same number parsing and missing-value tokens as the training data), and
  // nothing of the workspace.
  layer(['rta/**/*.ts'], ['**/data/store/**', '**/data/workspace/**', '**/data/join/**', '**/data/profile/**', '**/data/pseudonymize/**', '**/data/demo/**', '**/data/zip/**', '**/service/**', '**/cli/**', '**/electron/**', '**/renderer/**', 'electron', 'react']),
);
