// ESLint (flat config) with typescript-eslint. Layer rules: per folder, an allow-list of the folders (and, for
// the pure layers, the packages) it may import (`layers/allowed-imports` below, as VS Code states its layers);
// on top, Electron only in the shell files and ipcMain only in main/ipc.ts. (The tsconfigs also refuse Node and
// Electron types in shared/ and renderer/.)
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * What each folder may import. `may`: folders of this repository (a file always may import its own folder);
 * `packages`: when given, the only packages it may import (a trailing `*` matches a scope or a prefix). Test
 * code (`test/`) may import anything; a folder missing here may import no other folder.
 */
const LAYERS = [
  { folder: 'shared/', may: ['shared/'], packages: ['zod'], why: 'shared/ is pure: it depends on nothing else' },
  {
    folder: 'renderer/',
    may: ['renderer/', 'shared/'],
    packages: ['react', 'react/*', 'react-dom', 'react-dom/*', '@fluentui/*', 'zustand', 'zustand/*', '@tanstack/*'],
    why: 'the renderer reaches main only through window.api',
  },
  {
    folder: 'main/',
    may: ['main/', 'shared/'],
    packages: [
      'node:*',
      '@azure/msal-node',
      'electron',
      'electron-updater',
      'https-proxy-agent',
      'jose',
      'nodemailer',
      'nodemailer/*',
      'zod',
    ],
    why: 'main/ is the app: it imports no tool, test or UI code',
  },
  {
    folder: 'tools/',
    may: ['tools/', 'main/', 'shared/', 'test/emulator/'],
    why: 'what users run (demo, headless runner, emulator CLI) builds on the app and the emulator only',
  },
  {
    folder: 'bench/',
    may: ['bench/', 'main/', 'shared/', 'tools/'],
    why: 'the benchmark measures the app; it drives the emulator as a process (tools/emulator.ts --ipc)',
  },
  { folder: 'scripts/', may: ['scripts/'], why: 'build and CI checks stand alone' },
];

function layerOf(file) {
  return LAYERS.find((layer) => file.startsWith(layer.folder)) ?? null;
}

/** `target` is the folder `folder` ("test/emulator/") itself or a file below it. */
function inside(target, folder) {
  return target.startsWith(folder) || target === folder.slice(0, -1);
}

function packageAllowed(name, patterns) {
  return patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

const layersPlugin = {
  rules: {
    'allowed-imports': {
      meta: { type: 'problem', schema: [], messages: { refused: '{{file}} may not import {{target}}: {{why}}.' } },
      create(context) {
        const root = context.cwd;
        const file = path.relative(root, context.filename).split(path.sep).join('/');
        if (file.startsWith('..') || file.startsWith('test/')) return {};
        const layer = layerOf(file);
        const check = (node) => {
          const source = node.source;
          if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
          const spec = source.value;
          let allowed;
          let target;
          if (spec.startsWith('.')) {
            target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
            const own = file.slice(0, file.indexOf('/') + 1);
            allowed =
              !target.startsWith('..') && (inside(target, own) || (layer?.may ?? []).some((f) => inside(target, f)));
          } else {
            target = spec;
            allowed = !layer?.packages || packageAllowed(spec, layer.packages);
          }
          if (!allowed) {
            context.report({
              node: source,
              messageId: 'refused',
              data: { file, target, why: layer?.why ?? 'this folder has no layer rule; add it to LAYERS' },
            });
          }
        };
        return {
          ImportDeclaration: check,
          ExportNamedDeclaration: check,
          ExportAllDeclaration: check,
          ImportExpression: check,
        };
      },
    },
  },
};

const shellFiles = ['main/index.ts', 'main/ipc.ts', 'main/preload.ts', 'main/window.ts', 'main/electron-env.ts'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { layers: layersPlugin },
    rules: {
      'layers/allowed-imports': 'error',
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
