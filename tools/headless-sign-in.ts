/**
 * The headless "system browser" for an Entra emulator that runs in another process and is known only by its
 * endpoints (the emulator CLI's `ready` line or `--ipc` answer): MSAL's authorize URL is rewritten to the
 * emulator's plain-HTTP listener and its sign-in pages are completed as a person would (tools/entra-emulator/auto-browser.ts).
 */
import { rewriteToBrowserBase } from './entra-emulator';
import { completeSignInAutomatically } from './entra-emulator/auto-browser';

/** Where a running emulator listens, as its CLI reports it. */
export interface EmulatorEndpoints {
  httpsUrl: string;
  httpUrl: string;
  browserBaseUrl: string;
  routes: Record<string, string>;
  caPem: string;
}

/** The URL a browser opens for an authorize URL: the Microsoft login host rewritten to the emulator's pages. */
export function browserUrlFor(emulator: EmulatorEndpoints, authorizeUrl: string): string {
  const httpsPort = new URL(emulator.httpsUrl).port;
  return rewriteToBrowserBase(authorizeUrl, emulator.httpUrl, [`127.0.0.1:${httpsPort}`, `localhost:${httpsPort}`]);
}

/** An `openBrowser` for the app's environment that completes the sign-in at that emulator. */
export function headlessSignIn(emulator: EmulatorEndpoints): (authorizeUrl: string) => Promise<void> {
  const toBrowserUrl = (url: string) => browserUrlFor(emulator, url);
  return async (authorizeUrl) => {
    await completeSignInAutomatically(authorizeUrl, { browserBaseUrl: emulator.browserBaseUrl, toBrowserUrl });
  };
}
