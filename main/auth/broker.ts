/**
 * Which way the home sign-in goes: through the platform's broker (WAM on Windows, the Enterprise SSO plug-in on
 * macOS), which can show a partner the managed device, or the loopback browser flow msal-node runs everywhere.
 * The choice sits behind this small interface so that it can be tested under Node: where the broker plugin comes
 * from (`@azure/msal-node-extensions`' NativeBrokerPlugin, loaded lazily by `loadNativeBrokerPlugin`) is injected.
 * The words for each path are in shared/sign-in-path.ts.
 *
 * What has run: the choice, and a sign-in, a home token and a probe through msal-node's real PublicClientApplication
 * with a recording fake plugin (test/unit/main/auth/broker.test.ts, broker-sign-in.test.ts). What has not: a sign-in
 * through a real broker (no Windows or macOS machine here, and the extensions package, with native binaries, is
 * not a dependency of this build), so the app as built takes the loopback browser and says so.
 */
import type { INativeBrokerPlugin } from '@azure/msal-node';
import {
  brokerUnavailableReason,
  type BrokerAvailability,
  type LoopbackReason,
  type SignInPathName,
} from '../../shared/sign-in-path';

export type SignInPath = { kind: 'broker'; plugin: INativeBrokerPlugin } | { kind: 'loopback'; reason: LoopbackReason };

/** Platforms where msal-node's extensions offer a broker (WAM; the macOS plug-in where the extensions support it). */
export const BROKER_PLATFORMS: readonly NodeJS.Platform[] = ['win32', 'darwin'];

export interface BrokerSource {
  platform: NodeJS.Platform;
  /** Loads the broker plugin (null when the extensions package is not part of this build). */
  loadPlugin: () => Promise<INativeBrokerPlugin | null>;
}

async function pluginOf(source: BrokerSource): Promise<SignInPath> {
  if (!BROKER_PLATFORMS.includes(source.platform)) return { kind: 'loopback', reason: 'platform' };
  let plugin: INativeBrokerPlugin | null;
  try {
    plugin = await source.loadPlugin();
  } catch {
    plugin = null;
  }
  if (!plugin) return { kind: 'loopback', reason: 'not-installed' };
  if (!plugin.isBrokerAvailable) return { kind: 'loopback', reason: 'unavailable' };
  return { kind: 'broker', plugin };
}

/**
 * Picks the sign-in path: the broker when the user has not turned it off, the platform has one and the plugin
 * loads and says it is available; the loopback browser otherwise, with the reason.
 */
export async function chooseSignInPath(
  options: BrokerSource & {
    /** Settings → Advanced: use the platform's sign-in broker (on by default where there is one). */
    enabled: boolean;
  },
): Promise<SignInPath> {
  if (!options.enabled) return { kind: 'loopback', reason: 'off-in-settings' };
  return pluginOf(options);
}

/** Whether Settings can offer the broker switch here, and why not (the switch is greyed with that reason). */
export async function brokerAvailability(source: BrokerSource): Promise<BrokerAvailability> {
  const path = await pluginOf(source);
  if (path.kind === 'broker') return { available: true, reason: null };
  const reason = path.reason === 'off-in-settings' || path.reason === 'failed' ? 'unavailable' : path.reason;
  return { available: false, reason: brokerUnavailableReason(reason) };
}

/** The plain name of a path, as the store, IPC and the diagnostics keep it. */
export function signInPathName(path: SignInPath): SignInPathName {
  return path.kind === 'broker' ? 'broker' : `loopback:${path.reason}`;
}

/**
 * Loads `@azure/msal-node-extensions`' NativeBrokerPlugin when the package is installed (an optional component of
 * the Windows and macOS builds); null when it is not, so Linux builds and CI never need it. The specifier is a
 * variable so the bundler leaves the import to run time.
 */
export async function loadNativeBrokerPlugin(): Promise<INativeBrokerPlugin | null> {
  const specifier = '@azure/msal-node-extensions';
  let extensions: { NativeBrokerPlugin?: new () => INativeBrokerPlugin };
  try {
    extensions = (await import(/* @vite-ignore */ specifier)) as typeof extensions;
  } catch {
    return null;
  }
  return extensions.NativeBrokerPlugin ? new extensions.NativeBrokerPlugin() : null;
}
