/**
 * Which way a home sign-in went: through the platform's sign-in broker (WAM on Windows, the Enterprise SSO plug-in
 * on macOS), which can show a partner the managed device, or msal-node's loopback browser flow, which cannot. One
 * owner for the words: the device-refusal wording, the diagnostics, Settings and the headless runner read them here.
 */

export const LOOPBACK_REASONS = ['off-in-settings', 'platform', 'not-installed', 'unavailable', 'failed'] as const;
export type LoopbackReason = (typeof LOOPBACK_REASONS)[number];

/** What the app keeps about a sign-in's path (no plugin, no handle: plain data for the store and IPC). */
export type SignInPathName = 'broker' | `loopback:${LoopbackReason}`;

export const SIGN_IN_PATH_NAMES = [
  'broker',
  ...LOOPBACK_REASONS.map((reason) => `loopback:${reason}` as const),
] as const satisfies readonly SignInPathName[];

/** What a sign-in path reads as: `sentence` for a device refusal, `label` for the diagnostics and `--json` readers. */
const PATH_WORDS: Readonly<Record<SignInPathName, { sentence: string; label: string }>> = {
  broker: {
    sentence:
      "The sign-in went through your device's sign-in broker, so the organisation saw this device and still refused it.",
    label: "the device's sign-in broker",
  },
  'loopback:off-in-settings': {
    sentence:
      "The sign-in used the browser because the device's sign-in broker is turned off in Settings → Advanced; the organisation could not see this device.",
    label: 'the browser (the sign-in broker is off in Settings)',
  },
  'loopback:platform': {
    sentence:
      'The sign-in used the browser: this platform has no sign-in broker the app can use, so the organisation could not see this device.',
    label: 'the browser (no sign-in broker on this platform)',
  },
  'loopback:not-installed': {
    sentence:
      "The sign-in used the browser: this build of the app does not include the device's sign-in broker, so the organisation could not see this device.",
    label: 'the browser (this build has no sign-in broker)',
  },
  'loopback:unavailable': {
    sentence:
      "The sign-in used the browser: the device's sign-in broker was not available, so the organisation could not see this device.",
    label: 'the browser (the sign-in broker was not available)',
  },
  'loopback:failed': {
    sentence:
      "The sign-in used the browser because the device's sign-in broker failed, so the organisation could not see this device.",
    label: 'the browser (the sign-in broker failed)',
  },
};

/** One sentence for a device refusal: whether the platform's broker carried the sign-in, and why not. */
export function signInPathSentence(path: SignInPathName): string {
  return PATH_WORDS[path].sentence;
}

/** A short label for the diagnostics and `--json` readers ("sign-in broker", "browser (broker off in Settings)"). */
export function signInPathLabel(path: SignInPathName): string {
  return PATH_WORDS[path].label;
}

/**
 * Settings → Advanced: whether the broker switch can be used and, where not, why (greyed with this reason). Null
 * reason: it can be turned on and off.
 */
export interface BrokerAvailability {
  /** The platform has a broker and this build can load it. */
  available: boolean;
  /** Why not, in one sentence; null when available. */
  reason: string | null;
}

export function brokerUnavailableReason(reason: Exclude<LoopbackReason, 'off-in-settings' | 'failed'>): string {
  switch (reason) {
    case 'platform':
      return 'Only Windows and macOS have a sign-in broker the app can use; here the app signs in through the browser.';
    case 'not-installed':
      return "This build of the app does not include the sign-in broker's component; it signs in through the browser.";
    case 'unavailable':
      return "This device's sign-in broker did not answer; the app signs in through the browser.";
  }
}
