/**
 * The real app as the view e2e tests open it: the app's services signed in at the emulator and scanned, served to
 * Chromium by the browser test host. Given several worlds, it scans each in turn into one data folder, as a user
 * would weeks apart against a changed world: every later scan signs in again (the earlier tokens were the earlier
 * emulator's), and the last world's services stay up behind the host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { EmulatorOptions } from '../../tools/entra-emulator';
import { startTestHost, type TestHost } from '../../tools/browser-host';
import { launchChromium } from '../../tools/chromium';
import type { NodeEnvironmentOptions } from '../../tools/node-env';
import { startApp, type AppHarness } from './app-harness';

export const RENDERER_DIR = path.resolve(__dirname, '../../out/renderer');

export interface ServedApp {
  /** The services of the last world, on the data folder every scan wrote to. */
  app: AppHarness;
  host: TestHost;
  browser: Browser;
  accountId: string;
  close(): Promise<void>;
}

export async function startServedApp(
  worlds: [EmulatorOptions['scenario'], ...EmulatorOptions['scenario'][]],
  options: { env?: Partial<NodeEnvironmentOptions> } = {},
): Promise<ServedApp> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'gmi-served-'));
  let accountId = '';
  for (const earlier of worlds.slice(0, -1)) {
    const first = await startApp(earlier, { userDataDir });
    ({ accountId } = await first.services.handlers.signIn(undefined));
    await first.services.handlers.startScan({ accountId });
    await first.close({ keepData: true });
    rmSync(path.join(userDataDir, 'msal-cache.bin'), { force: true });
  }
  let host: TestHost | undefined;
  const app = await startApp(worlds[worlds.length - 1]!, {
    userDataDir,
    env: { emit: (event) => host?.emit(event), ...options.env },
  });
  try {
    ({ accountId } = await app.services.handlers.signIn(undefined));
    await app.services.handlers.startScan({ accountId });
    host = await startTestHost({ rendererDir: RENDERER_DIR, handlers: app.services.handlers });
    const browser = await launchChromium();
    const served = host;
    return {
      app,
      host: served,
      browser,
      accountId,
      async close() {
        await browser.close();
        await served.close();
        await app.close();
      },
    };
  } catch (error) {
    await host?.close();
    await app.close();
    throw error;
  }
}
