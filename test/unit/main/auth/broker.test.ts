import type { INativeBrokerPlugin } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { brokerAvailability, chooseSignInPath, signInPathName } from '../../../../main/auth/broker';
import { signInPathSentence } from '../../../../shared/sign-in-path';

const plugin = (available: boolean) => ({ isBrokerAvailable: available }) as unknown as INativeBrokerPlugin;

describe('the sign-in path', () => {
  it('takes the broker on Windows and macOS when it is on, loads and is available', async () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const path = await chooseSignInPath({ platform, enabled: true, loadPlugin: async () => plugin(true) });
      expect(path.kind).toBe('broker');
    }
  });

  it('falls back to the loopback browser with the reason, and says so in the device-refusal sentence', async () => {
    const cases = [
      [{ platform: 'win32', enabled: false, loadPlugin: async () => plugin(true) }, 'off-in-settings', /Settings/],
      [{ platform: 'linux', enabled: true, loadPlugin: async () => plugin(true) }, 'platform', /no sign-in broker/],
      [{ platform: 'win32', enabled: true, loadPlugin: async () => null }, 'not-installed', /does not include/],
      [
        {
          platform: 'win32',
          enabled: true,
          loadPlugin: async () => {
            throw new Error('native module failed');
          },
        },
        'not-installed',
        /does not include/,
      ],
      [{ platform: 'darwin', enabled: true, loadPlugin: async () => plugin(false) }, 'unavailable', /not available/],
    ] as const;
    for (const [options, reason, words] of cases) {
      const path = await chooseSignInPath(options);
      expect(path).toEqual({ kind: 'loopback', reason });
      expect(signInPathSentence(signInPathName(path))).toMatch(words);
      expect(signInPathSentence(signInPathName(path))).toMatch(/used the browser/);
    }
    expect(signInPathSentence(signInPathName({ kind: 'broker', plugin: plugin(true) }))).toMatch(/went through/);
  });

  it('tells Settings whether the broker can be offered here, and why not', async () => {
    expect(await brokerAvailability({ platform: 'win32', loadPlugin: async () => plugin(true) })).toEqual({
      available: true,
      reason: null,
    });
    const linux = await brokerAvailability({ platform: 'linux', loadPlugin: async () => plugin(true) });
    expect(linux.available).toBe(false);
    expect(linux.reason).toMatch(/Only Windows and macOS/);
    const missing = await brokerAvailability({ platform: 'darwin', loadPlugin: async () => null });
    expect(missing.reason).toMatch(/does not include/);
    const silent = await brokerAvailability({ platform: 'win32', loadPlugin: async () => plugin(false) });
    expect(silent.reason).toMatch(/did not answer/);
  });
});
