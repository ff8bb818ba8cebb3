// ESLint (flat config) with typescript-eslint. Layer rules: every linted file belongs to a layer, and each layer
// has an allow-list of the folders (and, for the pure and the lower layers, the packages) it may import
// (`layers/allowed-imports` below, as VS Code states its layers). A file no layer covers is itself an error. On top,
// Electron only in the shell files and ipcMain only in main/ipc.ts. (The tsconfigs also refuse Node and Electron
// types in shared/ and renderer/.)
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The packages the app (main/) runs on; its lower layers (fs, net, store, auth) name fewer. */
const MAIN_PACKAGES = [
  'node:*',
  '@azure/msal-node',
  'electron',
  'electron-updater',
  'https-proxy-agent',
  'jose',
  'nodemailer',
  'nodemailer/*',
  'zod',
];

/**
 * The Electron shell: the entry, the window, the IPC bridge and the preload script. They are the app's edge and
 * nothing imports them, except the entry (main/index.ts) wiring the window and the IPC bridge.
 */
const SHELL_FILES = ['main/index.ts', 'main/window.ts', 'main/ipc.ts', 'main/preload.ts'];
const SHELL_ENTRY = 'main/index.ts';

/**
 * What each layer may import. A layer covers `files` (exact paths) or a `folder` with everything below it that no
 * more specific layer covers (`flat`: only the files directly in it). `may`: folders of this repository (ending
 * in `/`) or single modules, `'*'` for anything (a file always may import its own layer); `packages`: when
 * given, the only packages it may import (a trailing `*` matches a scope or a prefix). A linted file no layer
 * covers fails lint, so a new folder states its place here first.
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
    folder: 'renderer/src/state/',
    may: [
      'shared/',
      'renderer/src/backend-watch.ts',
      'renderer/src/demo-handoff.ts',
      'renderer/src/inventory-query.ts',
    ],
    packages: ['zustand', 'zustand/*'],
    why: "the store's slices hold the state and ask main through window.api: they know no React, component or view",
  },
  {
    folder: 'renderer/src/components/',
    may: [
      'shared/',
      'renderer/src/store.ts',
      'renderer/src/store-context.tsx',
      'renderer/src/views-of-state.ts',
      'renderer/src/format.ts',
      'renderer/src/inventory-query.ts',
      'renderer/src/layout.ts',
      'renderer/src/tenant-change.ts',
    ],
    packages: ['react', 'react/*', 'react-dom', 'react-dom/*', '@fluentui/*', 'zustand', 'zustand/*', '@tanstack/*'],
    why: 'components (the drawer and its parts among them) read the store through its public surface; the views and the app frame compose them, never the reverse',
  },
  {
    folder: 'main/',
    flat: true,
    may: ['main/', 'shared/'],
    packages: MAIN_PACKAGES,
    why: "main/'s own files (the Electron shell, the IPC dispatcher, the window state) compose the app; they import no tool, test or UI code",
  },
  {
    folder: 'main/fs/',
    may: [],
    packages: ['node:*'],
    why: 'main/fs is the bottom of main: files on disk and nothing else',
  },
  {
    folder: 'main/net/',
    may: ['shared/'],
    packages: ['node:*', '@azure/msal-node', 'https-proxy-agent'],
    why: 'main/net is HTTP and its answer log: it knows nothing of the store, sign-in or the scan',
  },
  {
    folder: 'main/store/',
    may: ['main/fs/', 'shared/'],
    packages: ['node:*', 'zod'],
    why: 'main/store keeps the state on disk: it knows files and the shared model only',
  },
  {
    folder: 'main/auth/',
    may: ['main/net/', 'main/fs/', 'shared/'],
    packages: ['node:*', '@azure/msal-node', 'jose'],
    why: 'main/auth signs in over main/net and keeps its cache with main/fs; it knows no store, scan or service',
  },
  {
    folder: 'main/scan/',
    may: ['main/auth/', 'main/net/', 'main/store/', 'main/fs/', 'shared/'],
    packages: MAIN_PACKAGES,
    why: 'main/scan runs below the services: the services call it, never the reverse',
  },
  {
    folder: 'main/mail/',
    may: ['shared/'],
    packages: MAIN_PACKAGES,
    why: 'main/mail writes .eml files from shared text',
  },
  {
    folder: 'main/tray/',
    may: ['shared/'],
    packages: MAIN_PACKAGES,
    why: 'main/tray takes Electron through an interface',
  },
  {
    folder: 'main/update/',
    may: ['shared/'],
    packages: MAIN_PACKAGES,
    why: 'main/update decides updates from the shared schedule; it knows no scan or service',
  },
  {
    folder: 'main/watch/',
    may: ['main/fs/', 'main/scan/', 'main/update/', 'shared/'],
    packages: MAIN_PACKAGES,
    why: 'main/watch schedules re-checks through the scanner; the services call it, never the reverse',
  },
  {
    folder: 'main/services/',
    may: [
      'main/auth/',
      'main/fs/',
      'main/mail/',
      'main/net/',
      'main/scan/',
      'main/store/',
      'main/update/',
      'main/watch/',
      'main/ipc-dispatch.ts',
      'shared/',
    ],
    packages: MAIN_PACKAGES,
    why: 'main/services compose the app below the shell: they take Electron through small interfaces',
  },
  {
    folder: 'tools/',
    may: ['tools/', 'main/', 'shared/'],
    why: 'what users run (demo, headless runner, emulator CLI) builds on the app and the emulator only',
  },
  {
    folder: 'tools/entra-emulator/',
    may: [],
    packages: ['node:*', 'jose', 'selfsigned', 'zod'],
    why: 'the Entra emulator stands in for Microsoft: it imports nothing of the app, so tools/, bench/ and test/ drive the same one',
  },
  {
    folder: 'bench/',
    may: ['bench/', 'main/', 'shared/', 'tools/'],
    why: 'the benchmark measures the app; it drives the emulator as a process (tools/emulator.ts --ipc)',
  },
  { folder: 'scripts/', may: ['scripts/'], why: 'build and CI checks stand alone' },
  { folder: 'test/', may: ['*'], why: 'tests may import anything' },
  {
    files: ['electron.config.ts', 'vitest.config.mts', 'eslint.config.mjs'],
    may: [],
    why: 'the build, test and lint configurations read no app code',
  },
];

/** The layer covering `file`: its exact file, else the most specific folder (a flat one only for its own files). */
function layerOf(file) {
  const exact = LAYERS.find((layer) => layer.files?.includes(file));
  if (exact) return exact;
  let best = null;
  for (const layer of LAYERS) {
    if (!layer.folder || !file.startsWith(layer.folder)) continue;
    if (layer.flat && file.slice(layer.folder.length).includes('/')) continue;
    if (!best || layer.folder.length > best.folder.length) best = layer;
  }
  return best;
}

/** `target` (a resolved import without extension) is inside the folder `allowed` ("main/fs/") or is the module `allowed`. */
function inside(target, allowed) {
  if (allowed === '*') return true;
  if (allowed.endsWith('/')) return target.startsWith(allowed) || target === allowed.slice(0, -1);
  return target === allowed || target === allowed.replace(/\.[cm]?[jt]sx?$/, '');
}

function packageAllowed(name, patterns) {
  return patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

const isShell = (target) => SHELL_FILES.some((shell) => inside(target, shell));

const layersPlugin = {
  rules: {
    'allowed-imports': {
      meta: {
        type: 'problem',
        schema: [],
        messages: {
          refused: '{{file}} may not import {{target}}: {{why}}.',
          uncovered: '{{file}} is in no layer: add its folder to LAYERS in eslint.config.mjs with what it may import.',
        },
      },
      create(context) {
        const root = context.cwd;
        const file = path.relative(root, context.filename).split(path.sep).join('/');
        if (file.startsWith('..')) return {};
        const layer = layerOf(file);
        if (!layer) {
          return { Program: (node) => context.report({ node, messageId: 'uncovered', data: { file } }) };
        }
        const own = layer.folder && !layer.flat ? [layer.folder] : [];
        const check = (node) => {
          const source = node.source;
          if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
          const spec = source.value;
          let allowed;
          let target;
          let why = layer.why;
          if (spec.startsWith('.')) {
            target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
            allowed = !target.startsWith('..') && [...own, ...layer.may].some((f) => inside(target, f));
            if (allowed && isShell(target) && file !== SHELL_ENTRY && !layer.may.includes('*')) {
              allowed = false;
              why = 'the Electron shell files are the edge of the app; only main/index.ts wires them';
            }
          } else {
            target = spec;
            allowed = !layer.packages || packageAllowed(spec, layer.packages);
          }
          if (!allowed) context.report({ node: source, messageId: 'refused', data: { file, target, why } });
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
    ignores: SHELL_FILES,
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
