/**
 * The headless "system browser" for an Entra emulator that runs in another process and is known only by its
 * endpoints (the emulator CLI's `ready` line or `--ipc` answer): MSAL's authorize URL is rewritten to the
 * emulator's plain-HTTP listener and its sign-in pages are completed as a person would (test/emulator/auto-browser.ts).
 */
import { rewriteToBrowserBase } from '../test/emulator';
import { completeSignInAutomatically } from '../test/emulator/auto-browser';

/** Where a running emulator listens, as its CLI reports it. */
export interface EmulatorEndpoints {
  httpsUrl: string;
  httpUrl: string;
  browserBaseUrl: string;
  routes: Record<string, string>;
  caPem: string;
}

/** An `openBrowser` for the app's environment that completes the sign-in at that emulator. */
export function headlessSignIn(emulator: EmulatorEndpoints): (authorizeUrl: string) => Promise<void> {
  const httpsPort = new URL(emulator.httpsUrl).port;
  const toBrowserUrl = (url: string): string =>
    rewriteToBrowserBase(url, emulator.httpUrl, [`127.0.0.1:${httpsPort}`, `localhost:${httpsPort}`]);
  return async (authorizeUrl) => {
    await completeSignInAutomatically(authorizeUrl, { browserBaseUrl: emulator.browserBaseUrl, toBrowserUrl });
  };
}
