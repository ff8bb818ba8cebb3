/**
 * The platform's sign-in broker, as far as it can run here: msal-node's real PublicClientApplication with a `broker`
 * configuration whose plugin is a recording fake (no WAM or Enterprise SSO plug-in on Linux), inside the app's real
 * services and against the emulator for the browser path. What a user notices: on Windows with the broker on, the
 * sign-in goes to the broker and no browser opens; with it off, or when the broker fails, the browser sign-in runs
 * and the account says which way it went and why (the words a device refusal and the diagnostics carry).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AccountInfo, AuthenticationResult, INativeBrokerPlugin } from '@azure/msal-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppServices, type AppServices } from '../../main/services/app-services';
import { signInPathSentence } from '../../shared/sign-in-path';
import { startEmulator, type Emulator } from '../../tools/entra-emulator';
import { createNodeEnvironment } from '../../tools/node-env';
import { inventoryJson } from '../../tools/scan';
import { SCENARIOS } from '../support/app-harness';

type NativeRequest = Parameters<INativeBrokerPlugin['acquireTokenSilent']>[0];

const HOME = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
const OID = '11111111-2222-4333-8444-555555555555';
const PARTNER = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** An unsigned JWT with the claims the app reads (the broker's token is opaque to the app but for these). */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

interface Recorded {
  interactive: { request: NativeRequest; windowHandle: Buffer | undefined }[];
  silent: NativeRequest[];
  accountsListed: number;
}

/** A broker plugin that records what msal-node hands it and answers like a broker that signed the user in. */
function recordingBroker(options: { available?: boolean; fails?: boolean; hangs?: boolean } = {}) {
  const recorded: Recorded = { interactive: [], silent: [], accountsListed: 0 };
  const account = (tenantId: string): AccountInfo => ({
    homeAccountId: `${OID}.${HOME}`,
    environment: 'login.microsoftonline.com',
    tenantId,
    username: 'adele@contoso.example',
    localAccountId: OID,
    name: 'Adele Vance',
    nativeAccountId: 'wam-account-1',
  });
  const answer = (request: NativeRequest): AuthenticationResult => {
    const tenantId = request.authority.split('/').pop() === 'common' ? HOME : request.authority.split('/').pop()!;
    return {
      authority: request.authority,
      uniqueId: OID,
      tenantId,
      scopes: request.scopes,
      account: account(tenantId),
      idToken: '',
      idTokenClaims: {},
      accessToken: jwt({ tid: tenantId, oid: OID, amr: ['pwd', 'mfa'] }),
      fromCache: false,
      expiresOn: new Date(Date.now() + 3_600_000),
      tokenType: 'Bearer',
      correlationId: request.correlationId,
    };
  };
  const plugin: INativeBrokerPlugin = {
    isBrokerAvailable: options.available ?? true,
    setLogger: () => undefined,
    getAccountById: async () => account(HOME),
    getAllAccounts: async () => {
      recorded.accountsListed += 1;
      return recorded.interactive.length > 0 ? [account(HOME)] : [];
    },
    acquireTokenSilent: async (request) => {
      recorded.silent.push(request);
      return answer(request);
    },
    acquireTokenInteractive: async (request, windowHandle) => {
      recorded.interactive.push({ request, windowHandle });
      // A broker window the user leaves open.
      if (options.hangs) await new Promise<never>(() => undefined);
      // A broker that cannot start answers with its own (non-Entra) error, as msal-node-extensions' NativeAuthError.
      if (options.fails) throw Object.assign(new Error('ApiContractViolation'), { errorCode: 'ApiContractViolation' });
      return answer(request);
    },
    signOut: async () => undefined,
  };
  return { plugin, recorded };
}

describe("the platform's sign-in broker", () => {
  let emulator: Emulator | null = null;
  let services: AppServices | null = null;
  let userDataDir = '';
  const opened: string[] = [];

  async function start(platform: NodeJS.Platform, plugin: INativeBrokerPlugin | null) {
    emulator = await startEmulator({ scenario: path.join(SCENARIOS, 'seed-blog.json'), autoComplete: true });
    userDataDir = mkdtempSync(path.join(tmpdir(), 'gmi-broker-'));
    const env = createNodeEnvironment({ userDataDir, emulator, browser: 'auto', emit: () => undefined });
    const handle = Buffer.from([1, 2, 3, 4]);
    services = await createAppServices({
      ...env,
      platform,
      openBrowser: async (url) => {
        opened.push(url);
        await env.openBrowser(url);
      },
      broker: { loadPlugin: async () => plugin, windowHandle: () => handle },
      backgroundChecks: false,
    });
    return { services, handle, env };
  }

  afterEach(async () => {
    await services?.shutdown();
    await emulator?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    services = null;
    emulator = null;
    opened.length = 0;
  });

  it('signs in through the broker on Windows when it is on: no browser, and probes go to the broker per tenant', async () => {
    const { plugin, recorded } = recordingBroker();
    const { services, handle } = await start('win32', plugin);
    expect((await services.handlers.getState(undefined)).broker).toEqual({ available: true, reason: null });

    const account = await services.handlers.signIn(undefined);

    expect(opened).toEqual([]);
    expect(recorded.interactive).toHaveLength(1);
    const { request, windowHandle } = recorded.interactive[0]!;
    expect(request.authority).toBe('https://login.microsoftonline.com/common');
    expect(request.scopes).toContain('https://management.core.windows.net//.default');
    // The app's MFA request goes to the broker as it would to the browser sign-in.
    expect(request.claims).toMatch(/amr|acrs/);
    expect(windowHandle).toBe(handle);
    expect(account.signInPath).toBe('broker');
    expect(services.store.data().accounts[0]!.signInPath).toBe('broker');
    expect(signInPathSentence(account.signInPath!)).toMatch(/went through your device's sign-in broker/);

    // The account lives in the broker; a probe asks the broker for the partner's token, afresh.
    const info = await services.auth().homeAccount(account.accountId);
    expect(info.nativeAccountId).toBe('wam-account-1');
    const session = services.auth().openProbeSession(info);
    const token = await session.tenantToken(PARTNER);
    expect(token.claims.tid).toBe(PARTNER);
    const probe = recorded.silent.at(-1)!;
    expect(probe.authority).toBe(`https://login.microsoftonline.com/${PARTNER}`);
    expect(probe.forceRefresh).toBe(true);
    expect(probe.accountId).toBe('wam-account-1');
    await session.close();
  }, 60_000);

  it('uses the browser when the broker is off in Settings, and says so', async () => {
    const { plugin, recorded } = recordingBroker();
    const { services } = await start('win32', plugin);
    await services.handlers.updateSettings({ useBroker: false });

    const account = await services.handlers.signIn(undefined);

    expect(recorded.interactive).toEqual([]);
    expect(opened).toHaveLength(1);
    expect(new URL(opened[0]!).pathname).toMatch(/\/oauth2\/v2\.0\/authorize$/);
    expect(account.signInPath).toBe('loopback:off-in-settings');
    expect(signInPathSentence(account.signInPath!)).toMatch(/turned off in Settings → Advanced/);
  }, 60_000);

  it('falls back to the browser when the broker fails, and says so in the diagnostics and --json', async () => {
    const { plugin, recorded } = recordingBroker({ fails: true });
    const { services, env } = await start('win32', plugin);

    const account = await services.handlers.signIn(undefined);

    expect(recorded.interactive).toHaveLength(1);
    expect(opened).toHaveLength(1);
    expect(account.signInPath).toBe('loopback:failed');
    expect(signInPathSentence(account.signInPath!)).toMatch(/broker failed/);
    await services.handlers.copyDiagnostics({ accountId: account.accountId });
    expect(env.clipboardText()).toMatch(/signed in through the browser \(the sign-in broker failed\)/);
    expect(inventoryJson(account, []).account).toMatchObject({ signInPath: 'loopback:failed' });
  }, 60_000);

  it('greys the setting with a reason on Linux, where there is no broker, and signs in through the browser', async () => {
    const { plugin, recorded } = recordingBroker();
    const { services } = await start('linux', plugin);
    const availability = (await services.handlers.getState(undefined)).broker;
    expect(availability?.available).toBe(false);
    expect(availability?.reason).toMatch(/Only Windows and macOS/);

    const account = await services.handlers.signIn(undefined);

    expect(recorded.interactive).toEqual([]);
    expect(opened).toHaveLength(1);
    expect(account.signInPath).toBe('loopback:platform');
  }, 60_000);

  it("a sign-in waiting in the broker's window can be cancelled from the app", async () => {
    const { plugin, recorded } = recordingBroker({ hangs: true });
    const { services } = await start('win32', plugin);

    const signingIn = Promise.resolve(services.handlers.signIn(undefined));
    const outcome = signingIn.then(
      () => 'signed in',
      (error: Error) => error.message,
    );
    await vi.waitFor(() => expect(services.auth().signInPending).toBe(true));
    expect(recorded.interactive).toHaveLength(1);
    await services.handlers.cancelSignIn(undefined);

    expect(await outcome).toMatch(/cancelled/i);
    expect(services.auth().signInPending).toBe(false);
    expect(opened).toEqual([]);
    expect(services.store.data().accounts).toEqual([]);
  }, 60_000);
});
