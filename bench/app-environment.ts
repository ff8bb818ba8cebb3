/**
 * The app environment for the benchmark: like tools/node-env.ts, but for an emulator that runs in another
 * process, of which only the endpoints are known. Sign-in completes headlessly through the emulator's pages;
 * dialogs, links and PDF rendering are not used by the benchmark and refuse.
 */
import { PUBLIC_CLOUD } from '../main/auth/config';
import type { AppEnvironment } from '../main/services/app-services';
import type { AesGcmCrypto } from '../tools/aes-gcm-crypto';
import { headlessSignIn } from '../tools/headless-sign-in';
import type { EmulatorEndpoints } from './protocol';

export function createBenchEnvironment(options: {
  userDataDir: string;
  emulator: EmulatorEndpoints;
  crypto: AesGcmCrypto;
  emit?: AppEnvironment['emit'];
}): AppEnvironment {
  const { emulator } = options;
  const unused = async (): Promise<never> => {
    throw new Error('not available in the benchmark');
  };
  return {
    userDataDir: options.userDataDir,
    version: '0.1.0',
    platform: process.platform,
    endpoints: PUBLIC_CLOUD,
    network: { routes: emulator.routes, extraCaPem: emulator.caPem },
    cacheCrypto: options.crypto,
    openBrowser: headlessSignIn(emulator),
    openExternal: unused,
    clipboard: { writeText: () => undefined },
    dialogs: { saveFile: unused, chooseFolder: unused },
    renderPdf: unused,
    emit: options.emit ?? (() => undefined),
    log: () => undefined,
  };
}
