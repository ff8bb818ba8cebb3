/**
 * Which way the home sign-in goes: through the platform's broker (WAM on Windows, the Enterprise SSO plug-in on
 * macOS), which can show a partner the managed device, or the loopback browser flow msal-node runs everywhere.
 * The choice sits behind this small interface so that it can be tested under Node: where the broker plugin comes
 * from (`@azure/msal-node-extensions`' NativeBrokerPlugin, loaded by the shell) is injected.
 *
 * What has run: the choice itself (test/unit/main/auth/broker.test.ts). What has not: a sign-in through a real
 * broker (no Windows or macOS machine here, and the extensions package, with native binaries, is not a dependency
 * of this build), so the app as built always takes the loopback browser.
 */
import type { INativeBrokerPlugin } from '@azure/msal-node';

export type SignInPath =
  | { kind: 'broker'; plugin: INativeBrokerPlugin }
  | { kind: 'loopback'; reason: 'off-in-settings' | 'platform' | 'not-installed' | 'unavailable' };

/** Platforms where msal-node's extensions offer a broker (WAM; the macOS plug-in where the extensions support it). */
export const BROKER_PLATFORMS: readonly NodeJS.Platform[] = ['win32', 'darwin'];

/**
 * Picks the sign-in path: the broker when the user has not turned it off, the platform has one and the plugin
 * loads and says it is available; the loopback browser otherwise, with the reason.
 */
export async function chooseSignInPath(options: {
  platform: NodeJS.Platform;
  /** Settings → Advanced: use the platform's sign-in broker (on by default where there is one). */
  enabled: boolean;
  /** Loads the broker plugin (null when the extensions package is not part of this build). */
  loadPlugin: () => Promise<INativeBrokerPlugin | null>;
}): Promise<SignInPath> {
  if (!options.enabled) return { kind: 'loopback', reason: 'off-in-settings' };
  if (!BROKER_PLATFORMS.includes(options.platform)) return { kind: 'loopback', reason: 'platform' };
  let plugin: INativeBrokerPlugin | null;
  try {
    plugin = await options.loadPlugin();
  } catch {
    plugin = null;
  }
  if (!plugin) return { kind: 'loopback', reason: 'not-installed' };
  if (!plugin.isBrokerAvailable) return { kind: 'loopback', reason: 'unavailable' };
  return { kind: 'broker', plugin };
}

/** One sentence for a device refusal: whether the platform's broker carried the sign-in, and why not. */
export function brokerSentence(path: SignInPath): string {
  switch (path.kind) {
    case 'broker':
      return "The sign-in went through your device's sign-in broker, so the organisation saw this device and still refused it.";
    case 'loopback':
      switch (path.reason) {
        case 'off-in-settings':
          return "The sign-in used the browser because the device's sign-in broker is turned off in Settings → Advanced; the organisation could not see this device.";
        case 'platform':
          return 'The sign-in used the browser: this platform has no sign-in broker the app can use, so the organisation could not see this device.';
        case 'not-installed':
          return "The sign-in used the browser: this build of the app does not include the device's sign-in broker, so the organisation could not see this device.";
        case 'unavailable':
          return "The sign-in used the browser: the device's sign-in broker was not available, so the organisation could not see this device.";
      }
  }
}
