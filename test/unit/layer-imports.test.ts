/**
 * The per-folder import allow-lists of eslint.config.mjs (`layers/allowed-imports`): each layer may import its
 * own folder and the folders listed for it, and the pure layers only their packages. Linted as text at a path
 * inside the folder, with the project's own configuration.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function refusals(file: string, imports: string[]): Promise<string[]> {
  const code = `${imports.map((spec, i) => `import * as m${i} from '${spec}';`).join('\n')}\nexport const all = [${imports.map((_, i) => `m${i}`).join(', ')}];\n`;
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'layers/allowed-imports')
    .map((m) => m.message.replace(/: .*$/, ''));
}

describe('layers/allowed-imports', () => {
  it('keeps shared/ pure', async () => {
    expect(await refusals('shared/x.ts', ['./model', 'zod'])).toEqual([]);
    expect(await refusals('shared/x.ts', ['../main/store', '../renderer/src/store', 'react', 'node:fs'])).toEqual([
      'shared/x.ts may not import main/store',
      'shared/x.ts may not import renderer/src/store',
      'shared/x.ts may not import react',
      'shared/x.ts may not import node:fs',
    ]);
  });

  it('lets the renderer reach main only through window.api', async () => {
    expect(
      await refusals('renderer/src/x.ts', ['../../shared/model', './store', 'react', '@fluentui/react-components']),
    ).toEqual([]);
    expect(
      await refusals('renderer/src/x.ts', ['../../main/ipc-dispatch', '../../tools/node-env', 'node:path']),
    ).toEqual([
      'renderer/src/x.ts may not import main/ipc-dispatch',
      'renderer/src/x.ts may not import tools/node-env',
      'renderer/src/x.ts may not import node:path',
    ]);
  });

  it('keeps the store slices below the components, and the components below the views', async () => {
    expect(
      await refusals('renderer/src/state/x.ts', ['./kit', '../../../shared/model', '../inventory-query', 'zustand']),
    ).toEqual([]);
    expect(
      await refusals('renderer/src/state/x.ts', [
        '../components/tenant-grid',
        '../views/inventory-view',
        '../app',
        'react',
      ]),
    ).toEqual([
      'renderer/src/state/x.ts may not import renderer/src/components/tenant-grid',
      'renderer/src/state/x.ts may not import renderer/src/views/inventory-view',
      'renderer/src/state/x.ts may not import renderer/src/app',
      'renderer/src/state/x.ts may not import react',
    ]);
    expect(
      await refusals('renderer/src/components/tenant-drawer/x.tsx', [
        './styles',
        '../verdict-badge',
        '../../store',
        '../../store-context',
        '../../../../shared/verdicts',
      ]),
    ).toEqual([]);
    expect(
      await refusals('renderer/src/components/tenant-drawer/x.tsx', [
        '../../views/inventory-view',
        '../../app',
        '../../state/kit',
      ]),
    ).toEqual([
      'renderer/src/components/tenant-drawer/x.tsx may not import renderer/src/views/inventory-view',
      'renderer/src/components/tenant-drawer/x.tsx may not import renderer/src/app',
      'renderer/src/components/tenant-drawer/x.tsx may not import renderer/src/state/kit',
    ]);
  });

  it('keeps the app (main/) free of tools, tests and UI', async () => {
    expect(await refusals('main/services/x.ts', ['../store', '../../shared/model', 'node:fs', 'zod'])).toEqual([]);
    expect(
      await refusals('main/services/x.ts', [
        '../../renderer/src/store',
        '../../tools/entra-emulator',
        '../../tools/node-env',
        'react',
      ]),
    ).toEqual([
      'main/services/x.ts may not import renderer/src/store',
      'main/services/x.ts may not import tools/entra-emulator',
      'main/services/x.ts may not import tools/node-env',
      'main/services/x.ts may not import react',
    ]);
  });

  it('lets tools/ use the app and the emulator, and no test code', async () => {
    expect(
      await refusals('tools/x.ts', [
        '../main/services/app-services',
        './entra-emulator',
        './entra-emulator/auto-browser',
      ]),
    ).toEqual([]);
    expect(
      await refusals('tools/x.ts', [
        '../test/support/app-harness',
        '../test/fixtures/ui-snapshot',
        '../test/emulator',
        '../bench/figures',
      ]),
    ).toEqual([
      'tools/x.ts may not import test/support/app-harness',
      'tools/x.ts may not import test/fixtures/ui-snapshot',
      'tools/x.ts may not import test/emulator',
      'tools/x.ts may not import bench/figures',
    ]);
  });

  it('keeps bench/ out of test/ and lets it use the emulator of tools/', async () => {
    expect(
      await refusals('bench/x.ts', [
        '../main/services/app-services',
        '../tools/browser-host',
        '../tools/entra-emulator',
        './figures',
      ]),
    ).toEqual([]);
    expect(await refusals('bench/x.ts', ['../test/support/app-harness', '../test/e2e/browser'])).toEqual([
      'bench/x.ts may not import test/support/app-harness',
      'bench/x.ts may not import test/e2e/browser',
    ]);
  });

  it('keeps the emulator free of the app: it imports only itself and its packages', async () => {
    expect(
      await refusals('tools/entra-emulator/x.ts', ['./scenario', './ids', 'node:crypto', 'jose', 'selfsigned', 'zod']),
    ).toEqual([]);
    expect(
      await refusals('tools/entra-emulator/x.ts', [
        '../../shared/identifiers',
        '../../main/net/transport',
        '../../renderer/src/store',
        '../../test/support/app-harness',
        '../node-env',
        '@azure/msal-node',
      ]),
    ).toEqual([
      'tools/entra-emulator/x.ts may not import shared/identifiers',
      'tools/entra-emulator/x.ts may not import main/net/transport',
      'tools/entra-emulator/x.ts may not import renderer/src/store',
      'tools/entra-emulator/x.ts may not import test/support/app-harness',
      'tools/entra-emulator/x.ts may not import tools/node-env',
      'tools/entra-emulator/x.ts may not import @azure/msal-node',
    ]);
  });

  it('keeps main/net, main/store and main/auth low inside main/', async () => {
    expect(await refusals('main/net/x.ts', ['./http', '../../shared/model', 'node:https', '@azure/msal-node'])).toEqual(
      [],
    );
    expect(await refusals('main/net/x.ts', ['../store', '../auth/auth-service', '../fs/atomic-fs', 'jose'])).toEqual([
      'main/net/x.ts may not import main/store',
      'main/net/x.ts may not import main/auth/auth-service',
      'main/net/x.ts may not import main/fs/atomic-fs',
      'main/net/x.ts may not import jose',
    ]);
    expect(await refusals('main/store/x.ts', ['./schema', '../fs/atomic-fs', '../../shared/model', 'zod'])).toEqual([]);
    expect(await refusals('main/store/x.ts', ['../net/transport', '../auth/auth-service', '../scan/scanner'])).toEqual([
      'main/store/x.ts may not import main/net/transport',
      'main/store/x.ts may not import main/auth/auth-service',
      'main/store/x.ts may not import main/scan/scanner',
    ]);
    expect(
      await refusals('main/auth/x.ts', ['../net/transport', '../fs/atomic-fs', '../../shared/model', 'jose']),
    ).toEqual([]);
    expect(await refusals('main/auth/x.ts', ['../store', '../scan/probe', '../services/session'])).toEqual([
      'main/auth/x.ts may not import main/store',
      'main/auth/x.ts may not import main/scan/probe',
      'main/auth/x.ts may not import main/services/session',
    ]);
  });

  it('keeps main/scan below the services', async () => {
    expect(
      await refusals('main/scan/x.ts', ['../auth/auth-service', '../net/transport', '../store', '../../shared/model']),
    ).toEqual([]);
    expect(await refusals('main/scan/x.ts', ['../services/tenants', '../watch/watch-service'])).toEqual([
      'main/scan/x.ts may not import main/services/tenants',
      'main/scan/x.ts may not import main/watch/watch-service',
    ]);
  });

  it('lets nothing but the entry import the Electron shell files', async () => {
    expect(await refusals('main/index.ts', ['./window', './ipc', './services/app-services'])).toEqual([]);
    expect(await refusals('main/services/x.ts', ['../window', '../ipc', '../index', '../preload'])).toEqual([
      'main/services/x.ts may not import main/window',
      'main/services/x.ts may not import main/ipc',
      'main/services/x.ts may not import main/index',
      'main/services/x.ts may not import main/preload',
    ]);
    expect(await refusals('main/window-state.ts', ['./window', './fs/atomic-fs'])).toEqual([
      'main/window-state.ts may not import main/window',
    ]);
    expect(await refusals('tools/x.ts', ['../main/ipc', '../main/ipc-dispatch'])).toEqual([
      'tools/x.ts may not import main/ipc',
    ]);
  });

  it('fails a file that no layer covers, even one importing nothing', async () => {
    expect(await refusals('lib/x.ts', [])).toEqual(['lib/x.ts is in no layer']);
    expect(await refusals('main/plugins/x.ts', ['../../shared/model'])).toEqual(['main/plugins/x.ts is in no layer']);
    expect(await refusals('x.config.ts', [])).toEqual(['x.config.ts is in no layer']);
  });

  it('lets tests import anything', async () => {
    expect(
      await refusals('test/unit/x.test.ts', [
        '../../main/store',
        '../../renderer/src/store',
        '../../tools/entra-emulator',
      ]),
    ).toEqual([]);
  });
});
