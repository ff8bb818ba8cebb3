// ESLint (flat config) with typescript-eslint. Layer rules: Electron only in the shell files, ipcMain only in
// main/ipc.ts, nothing Node- or Electron-shaped in shared/ or renderer/ (the tsconfigs check the same).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const shellFiles = ['main/index.ts', 'main/ipc.ts', 'main/preload.ts', 'main/window.ts', 'main/electron-env.ts'];
const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'stream',
  'util',
  'zlib',
  'events',
  'buffer',
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='eval']", message: 'No eval.' }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: shellFiles,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only the shell files import Electron; services take an injected environment.',
              allowTypeImports: true,
            },
          ],
          patterns: [{ group: ['../renderer/*', '../../renderer/*'], message: 'main/ may not import the renderer.' }],
        },
      ],
    },
  },
  {
    files: ['main/index.ts', 'main/preload.ts', 'main/window.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='ipcMain']", message: 'Only main/ipc.ts uses ipcMain.' },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ is pure: no Electron.' }],
          patterns: [
            { group: nodeBuiltins, message: 'shared/ is pure: no Node.js modules.' },
            {
              group: ['**/main/*', '**/renderer/*', 'react', 'react-dom'],
              message: 'shared/ depends on nothing of main or renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches main only through window.api.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer is sandboxed: no Node.js modules.' },
            { group: ['**/main/*'], message: 'The renderer reaches main only through window.api.' },
          ],
        },
      ],
    },
  },
  {
    // CommonJS helpers loaded with `node --require` (e.g. the stand-in Electron module of the e2e tests).
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        Buffer: 'readonly',
        setImmediate: 'readonly',
        setTimeout: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.tsx', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
