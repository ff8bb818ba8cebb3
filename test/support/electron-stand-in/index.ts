/**
 * TEST TOOLING: boots the BUILT Electron shell (out/main/index.js, with out/preload/preload.js in its window) under
 * plain Node, with a stand-in for `require("electron")` (the pattern of test/support/updater-stand-in.ts). Windows
 * are real Chromium pages (playwright-core) that load the real renderer and run the real preload; the preload's
 * IPC reaches the shell's real `ipcMain` handlers; the shell's guards see what the page really does. The Microsoft
 * hosts lead to the Entra emulator through the shell's test-only `GMI_TEST_NETWORK` (main/index.ts).
 *
 * What this cannot show (README, "Tests"): Electron's own process model (a renderer process per window, the
 * preload in an isolated world: here it runs in the page's main world), the OS sandbox, Chromium-in-Electron's
 * handling of file:// and of privileged schemes (here they are served at a made-up https origin, urls.ts), the
 * real safeStorage keychain, native menus, tray icons, dialogs and notifications, and the packed app.
 */
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { LOCK_FILE } from '../../../main/store';
import { StandInRuntime, type StandInOptions } from './runtime';
import type { StandInWebContents } from './window';

export { StandInRuntime, type ShellRecord, type StandInOptions } from './runtime';
export { toAppUrl, toPageUrl } from './urls';
export type { StandInFrame, StandInWebContents } from './window';

const ROOT = path.resolve(__dirname, '../../..');
export const BUILT_MAIN = path.join(ROOT, 'out/main/index.js');
export const BUILT_PRELOAD = path.join(ROOT, 'out/preload/preload.js');

interface LoaderModule {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
}

/** Where the emulator listens, as the shell's test-only network hook reads it. */
export interface NetworkRoutes {
  routes: Record<string, string>;
  caPem: string;
}

export interface BootedShell {
  runtime: StandInRuntime;
  /** The app's main window's page, once the shell has loaded it. */
  mainPage(): Promise<Page>;
  mainContents(): StandInWebContents;
  /** Quits the app as the user would (`app.quit()`) and waits for the services to let go of the data folder. */
  quit(): Promise<void>;
}

let booted = false;

/**
 * Loads out/main/index.js (fresh: its module state starts over) with `electron` standing in, and waits until the
 * shell has either created its main window or quit. One shell at a time per process.
 */
export async function bootBuiltShell(options: StandInOptions & { network?: NetworkRoutes }): Promise<BootedShell> {
  if (booted) throw new Error('another stand-in shell is still running in this process: quit it first');
  if (!existsSync(BUILT_MAIN) || !existsSync(BUILT_PRELOAD)) {
    throw new Error('The built app is missing: run "npm run build" first.');
  }
  booted = true;
  const runtime = new StandInRuntime(options);
  const loader = Module as unknown as LoaderModule;
  const load = loader._load;
  loader._load = function (request, parent, isMain) {
    if (request === 'electron') return runtime.electron;
    return load.call(this, request, parent, isMain);
  };
  const previousNetwork = process.env['GMI_TEST_NETWORK'];
  if (options.network) {
    process.env['GMI_TEST_NETWORK'] = JSON.stringify({
      routes: options.network.routes,
      extraCaPem: options.network.caPem,
    });
  }
  const restore = () => {
    loader._load = load;
    if (previousNetwork === undefined) delete process.env['GMI_TEST_NETWORK'];
    else process.env['GMI_TEST_NETWORK'] = previousNetwork;
    booted = false;
  };
  try {
    const require = createRequire(BUILT_MAIN);
    delete require.cache[BUILT_MAIN];
    require(BUILT_MAIN);
  } catch (error) {
    restore();
    throw error;
  }
  const mainContents = (): StandInWebContents => {
    const window = runtime.windows.find((w) => w.webContents.options.preload !== null);
    if (!window) throw new Error('the shell has not opened its main window');
    return window.webContents;
  };
  let quitDone: Promise<void> | null = null;
  return {
    runtime,
    mainContents,
    async mainPage() {
      await waitFor(
        () => runtime.windows.some((w) => w.webContents.options.preload !== null) || runtime.record.quitCalls > 0,
      );
      return mainContents().ready;
    },
    quit() {
      quitDone ??= (async () => {
        runtime.quit();
        await runtime.quitted;
        // The shell's before-quit handler shuts the services down without waiting; the store lets go of its lock
        // file last. (When the services never started, the lock is not the shell's to release.)
        const lock = path.join(options.userDataDir, LOCK_FILE);
        if (runtime.windows.length > 0) await waitFor(() => !existsSync(lock), 30_000);
        await Promise.all(runtime.windows.map((w) => w.webContents.close()));
        restore();
      })();
      return quitDone;
    },
  };
}

/** Waits until a condition holds (checked on every turn of the event loop, then every 20 ms), or fails after `ms`. */
export async function waitFor(condition: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the stand-in shell');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
