/**
 * The app environment under plain Node, pointed at the Entra emulator: what the browser test host, the
 * headless runner, the demo and the integration tests give `createAppServices` instead of Electron's objects.
 * Endpoints stay the public-cloud strings; only the network routes lead to the emulator.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PUBLIC_CLOUD } from '../main/auth/config';
import type { ProxyResolver } from '../main/net/proxy';
import type { AppEnvironment } from '../main/services/app-services';
import type { AppEvent } from '../shared/ipc/contract';
import { createAesGcmCrypto } from './aes-gcm-crypto';
import { browserUrlFor, headlessSignIn, type EmulatorEndpoints } from './headless-sign-in';

export interface NodeEnvironmentOptions {
  userDataDir: string;
  /** The emulator, in this process or another (then only its endpoints are known). */
  emulator: EmulatorEndpoints;
  /**
   * How the "system browser" completes a sign-in: `auto` goes through the emulator's pages headlessly;
   * a function receives the browser URL (already rewritten to the emulator) to open in a real browser.
   */
  browser: 'auto' | ((browserUrl: string) => Promise<void>);
  emit?: (event: AppEvent) => void;
  /** Where save dialogs "choose" to save (files get the suggested name). */
  exportsDir?: string;
  renderPdf?: (html: string) => Promise<Buffer>;
  cacheKey?: Buffer;
  log?: (message: string) => void;
  /** The app's clock (tests move it to make background re-checks due). */
  now?: () => Date;
  notifications?: AppEnvironment['notifications'];
  /** The self-update driver (none: this copy does not update itself). */
  updater?: AppEnvironment['updater'];
  backgroundChecks?: boolean;
  /**
   * The demo: nothing stands behind "the system browser", "the mail app" or "the clipboard" here, so tell the
   * window what the app would have handed them (a `demo-handoff` event) instead of doing nothing in silence.
   */
  announceHandoffs?: boolean;
  /**
   * A proxy for the app's requests (main/net/proxy.ts). None by default: the emulator is on loopback. Tests of a
   * corporate network pass one; `proxyFromEnvironment()` reads HTTPS_PROXY / NO_PROXY.
   */
  proxy?: ProxyResolver;
  /** Extra CA certificate(s) to trust for every request (a TLS-inspecting proxy's private CA). */
  trustedCaPem?: string;
}

export interface NodeEnvironment extends AppEnvironment {
  /** External links and mailto: URLs the app opened, newest last. */
  readonly opened: string[];
  /** What the app put on the clipboard last. */
  clipboardText(): string;
  /** Makes the next save dialog answer "cancel". */
  cancelNextDialog(): void;
  readonly cacheKey: Buffer;
}

export function createNodeEnvironment(options: NodeEnvironmentOptions): NodeEnvironment {
  const crypto = createAesGcmCrypto(options.cacheKey);
  const exportsDir = options.exportsDir ?? path.join(options.userDataDir, 'exports');
  const opened: string[] = [];
  let clipboard = '';
  let cancelNext = false;
  const answer = <T>(value: T): T | null => {
    if (cancelNext) {
      cancelNext = false;
      return null;
    }
    return value;
  };
  return {
    userDataDir: options.userDataDir,
    version: '0.1.0',
    platform: process.platform,
    endpoints: PUBLIC_CLOUD,
    network: {
      routes: options.emulator.routes,
      extraCaPem: options.emulator.caPem,
      ...(options.proxy ? { proxy: options.proxy } : {}),
      ...(options.trustedCaPem ? { trustedCaPem: options.trustedCaPem } : {}),
    },
    cacheCrypto: crypto,
    cacheKey: crypto.key,
    openBrowser:
      options.browser === 'auto'
        ? headlessSignIn(options.emulator)
        : (url) => (options.browser as (browserUrl: string) => Promise<void>)(browserUrlFor(options.emulator, url)),
    async openExternal(url) {
      opened.push(url);
      if (options.announceHandoffs)
        options.emit?.({ type: 'demo-handoff', handler: url.startsWith('mailto:') ? 'mail' : 'browser', value: url });
    },
    clipboard: {
      writeText(text) {
        clipboard = text;
        if (options.announceHandoffs) options.emit?.({ type: 'demo-handoff', handler: 'clipboard', value: text });
      },
    },
    dialogs: {
      async saveFile({ defaultName }) {
        mkdirSync(exportsDir, { recursive: true });
        return answer(freeFileName(exportsDir, defaultName));
      },
      async chooseFolder() {
        mkdirSync(exportsDir, { recursive: true });
        return answer(exportsDir);
      },
    },
    renderPdf:
      options.renderPdf ??
      (async () => {
        throw new Error('PDF rendering needs a browser in this environment');
      }),
    emit: options.emit ?? (() => undefined),
    log: options.log ?? (() => undefined),
    ...(options.now ? { now: options.now } : {}),
    ...(options.notifications ? { notifications: options.notifications } : {}),
    ...(options.updater ? { updater: options.updater } : {}),
    ...(options.backgroundChecks !== undefined ? { backgroundChecks: options.backgroundChecks } : {}),
    opened,
    clipboardText: () => clipboard,
    cancelNextDialog() {
      cancelNext = true;
    },
  };
}

/**
 * Where no save dialog asks (the demo, the tests), a second save of the same file must not overwrite the first
 * without a word: like a browser's downloads, it takes the next free name ("name (2).eml").
 */
export function freeFileName(folder: string, name: string, exists: (file: string) => boolean = existsSync): string {
  const ext = path.extname(name);
  const base = name.slice(0, name.length - ext.length);
  let candidate = path.join(folder, name);
  for (let n = 2; exists(candidate); n++) candidate = path.join(folder, `${base} (${n})${ext}`);
  return candidate;
}
