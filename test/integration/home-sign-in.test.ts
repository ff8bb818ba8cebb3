/**
 * The home sign-in and Azure's claims challenge through the app's real services, real MSAL and the emulator.
 *
 * The app asks for MFA with MSAL's `claims` parameter (`{"access_token":{"amr":{"values":["mfa"]}}}`), never
 * with `amr_values`, which the v2 endpoint refuses with AADSTS901002
 * (https://github.com/AzureAD/microsoft-authentication-library-for-js/issues/6746). Whether Entra honours the
 * claims request is unconfirmed, so the emulator's `homeMfaRequest` switch gives all three answers: honoured
 * (home MFA), ignored (signed in without MFA, `amr` shows none), refused (the app signs in once more without
 * the request). ARM's mandatory MFA (`arm.mandatoryMfa`) answers `GET /tenants` with 401 and a claims challenge
 * (https://learn.microsoft.com/entra/identity-platform/claims-challenge): the scan says so in words and waits
 * for "Sign in with MFA", which signs in with the challenge and the MFA request, and the next scan lists.
 */
import { PublicClientApplication } from '@azure/msal-node';
import { afterEach, describe, expect, it } from 'vitest';
import { MFA_REQUEST_REFUSED_MESSAGE } from '../../main/services/session';
import { HOME_MFA_REQUIRED_MESSAGE } from '../../main/scan/scanner';
import { createMsalNetworkClient, createTransport } from '../../main/net/transport';
import type { ScenarioInput } from '../../tools/entra-emulator/scenario';
import { startEmulator, type Emulator } from '../../tools/entra-emulator';
import { completeSignInAutomatically } from '../../tools/entra-emulator/auto-browser';
import { startApp, tenantsOf, type AppHarness } from '../support/app-harness';

const HOME_ID = '5c0f0000-0000-4000-8000-000000000001';

type Switches = Pick<ScenarioInput, 'homeMfaRequest' | 'amrValues' | 'arm'>;

/** A home that demands no MFA itself (so only the app's request or a challenge brings it), and two partners. */
function scenario(switches: Switches): ScenarioInput {
  return {
    name: 'home-sign-in',
    ...switches,
    user: {
      upn: 'adele@contoso.example',
      displayName: 'Adele Vance',
      homeTenant: 'contoso',
      // The home demands no MFA by itself: only the app's request or a challenge brings it.
      homeMfa: 'none',
      homeMethods: [{ type: 'microsoftAuthenticator', displayName: 'iPhone 15', deviceTag: 'SoftwareTokenActivated' }],
    },
    tenants: {
      contoso: { id: HOME_ID, displayName: 'Contoso', defaultDomain: 'contoso.example' },
      fabrikam: {
        id: '5c0f0000-0000-4000-8000-000000000002',
        displayName: 'Fabrikam, Inc.',
        defaultDomain: 'fabrikam.example',
        policy: { requireMfa: true },
        inboundTrust: { mfa: true },
        guest: {},
      },
      northwind: {
        id: '5c0f0000-0000-4000-8000-000000000003',
        displayName: 'Northwind Traders',
        defaultDomain: 'northwindtraders.example',
        policy: { requireMfa: true },
        guest: {},
      },
    },
  };
}

interface Run {
  emulator: Emulator;
  app: AppHarness;
  /** The authorize URLs the app opened in "the system browser", in order. */
  authorizeUrls: URL[];
}

let run: Run | null = null;

async function start(switches: Switches, options: { browserNeverFinishes?: boolean } = {}): Promise<Run> {
  const emulator = await startEmulator({ scenario: scenario(switches), autoComplete: true });
  const authorizeUrls: URL[] = [];
  const app = await startApp(scenario(switches), {
    emulator,
    env: {
      browser: async (browserUrl) => {
        authorizeUrls.push(new URL(browserUrl));
        // A person who never finishes in the browser: the page stays open until the app cancels.
        if (!options.browserNeverFinishes) await completeSignInAutomatically(browserUrl, emulator);
      },
    },
  });
  run = { emulator, app, authorizeUrls };
  return run;
}

afterEach(async () => {
  await run?.app.close();
  await run?.emulator.close();
  run = null;
});

/** The `access_token` part of an authorize URL's claims request (MSAL adds its own `id_token` part). */
function accessTokenClaims(url: URL): Record<string, unknown> | null {
  const claims = url.searchParams.get('claims');
  if (!claims) return null;
  return (JSON.parse(claims) as { access_token?: Record<string, unknown> }).access_token ?? null;
}

describe('home sign-in asks for MFA with a claims request', () => {
  it('honoured: one sign-in page, the home session carries MFA, and the scan runs', async () => {
    const { app, authorizeUrls } = await start({ homeMfaRequest: 'honour' });
    const account = await app.services.handlers.signIn(undefined);
    expect(account.homeSessionMfa).toBe(true);
    expect(authorizeUrls).toHaveLength(1);
    expect(authorizeUrls[0]!.searchParams.has('amr_values')).toBe(false);
    expect(accessTokenClaims(authorizeUrls[0]!)).toEqual({ amr: { values: ['mfa'] } });
    const progress = await app.services.handlers.startScan({ accountId: account.accountId });
    expect(progress.error).toBeNull();
    const fabrikam = tenantsOf(app, account.accountId).find((t) => t.defaultDomain === 'fabrikam.example')!;
    expect(fabrikam.classification?.evidence.amr).toContain('mfa');
  });

  it('ignored: the sign-in works without MFA, amr shows none, and the scan runs', async () => {
    const { app, authorizeUrls } = await start({ homeMfaRequest: 'ignore' });
    const account = await app.services.handlers.signIn(undefined);
    expect(authorizeUrls).toHaveLength(1);
    expect(account.homeSessionMfa).toBe(false);
    const progress = await app.services.handlers.startScan({ accountId: account.accountId });
    expect(progress.error).toBeNull();
    const home = tenantsOf(app, account.accountId).find((t) => t.isHome)!;
    expect(home.classification?.evidence.amr ?? []).not.toContain('mfa');
    // The partner that trusts home MFA still demands MFA, since the home session has none.
    const fabrikam = tenantsOf(app, account.accountId).find((t) => t.defaultDomain === 'fabrikam.example')!;
    expect(fabrikam.classification?.evidence.aadsts).toBe(50076);
  });

  it('refused: the app signs in once more without the request, says so, and the scan runs', async () => {
    const { app, authorizeUrls } = await start({ homeMfaRequest: 'refuse' });
    const account = await app.services.handlers.signIn(undefined);
    expect(authorizeUrls).toHaveLength(2);
    expect(accessTokenClaims(authorizeUrls[0]!)).toEqual({ amr: { values: ['mfa'] } });
    expect(accessTokenClaims(authorizeUrls[1]!)).toBeNull();
    expect(account.homeSessionMfa).toBe(false);
    expect(app.events).toContainEqual({ type: 'sign-in', state: 'waiting', message: MFA_REQUEST_REFUSED_MESSAGE });
    expect(app.events.filter((e) => e.type === 'sign-in' && e.state === 'failed')).toEqual([]);
    const progress = await app.services.handlers.startScan({ accountId: account.accountId });
    expect(progress.error).toBeNull();
    expect(tenantsOf(app, account.accountId)).toHaveLength(3);
    // The refusal is among what Entra answered, for the user to pass on.
    await app.services.handlers.copyDiagnostics({ accountId: account.accountId });
    expect(app.env.clipboardText()).toMatch(/oauth2\/v2\.0\/authorize {2}→ {2}no answer {2}\(home sign-in\)/);
    expect(app.env.clipboardText()).toContain('"error":"invalid_request"');
  });

  it('a sign-in the user cancels is not tried again', async () => {
    const { app, authorizeUrls } = await start({ homeMfaRequest: 'refuse' }, { browserNeverFinishes: true });
    const outcome = Promise.resolve(app.services.handlers.signIn(undefined)).then(
      () => null,
      (error: unknown) => error,
    );
    await expect.poll(() => authorizeUrls.length).toBe(1);
    await app.services.handlers.cancelSignIn(undefined);
    expect(await outcome).toMatchObject({ code: 'cancelled' });
    expect(authorizeUrls).toHaveLength(1);
  });
});

describe('a scenario that refuses amr_values with AADSTS901002', () => {
  it('refuses amr_values as Entra does, and the app signs in and scans there all the same', async () => {
    const { emulator, app } = await start({ amrValues: 'refuse', homeMfaRequest: 'honour' });
    // What the app used to send: refused.
    const transport = createTransport({ routes: emulator.routes, extraCaPem: emulator.caPem });
    const pca = new PublicClientApplication({
      auth: {
        clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
        authority: 'https://login.microsoftonline.com/organizations',
      },
      system: { networkClient: createMsalNetworkClient(transport) },
    });
    const refused = await pca
      .acquireTokenInteractive({
        scopes: ['https://management.core.windows.net//.default'],
        extraQueryParameters: { amr_values: 'ngcmfa' },
        openBrowser: async (url) => {
          await completeSignInAutomatically(url, emulator);
        },
      })
      .then(
        () => null,
        (error: unknown) => error as { errorCode?: string; errorMessage?: string },
      );
    transport.close();
    expect(refused?.errorMessage).toContain('AADSTS901002');
    // What the app sends now: signs in, lists and checks every organisation.
    const account = await app.services.handlers.signIn(undefined);
    const progress = await app.services.handlers.startScan({ accountId: account.accountId });
    expect(progress).toMatchObject({ error: null, total: 3, done: 3 });
  });
});

describe("ARM's claims challenge (mandatory MFA for Azure)", () => {
  it('says in words that Azure wants MFA, opens no browser by itself, and "Sign in with MFA" lets the scan list', async () => {
    const { app, authorizeUrls } = await start({ homeMfaRequest: 'ignore', arm: { mandatoryMfa: true } });
    const account = await app.services.handlers.signIn(undefined);
    expect(account.homeSessionMfa).toBe(false);
    const refused = await app.services.handlers.startScan({ accountId: account.accountId });
    expect(refused).toMatchObject({ running: false, error: HOME_MFA_REQUIRED_MESSAGE, homeMfaRequired: true });
    expect(refused.error).not.toMatch(/401|InvalidAuthenticationToken|claims/);
    // No sign-in page opened in the middle of the scan.
    expect(authorizeUrls).toHaveLength(1);
    // The refusal, with its challenge, is among what Entra answered.
    await app.services.handlers.copyDiagnostics({ accountId: account.accountId });
    expect(app.env.clipboardText()).toMatch(/GET management\.azure\.com\/tenants {2}→ {2}HTTP 401/);
    expect(app.env.clipboardText()).toMatch(/WWW-Authenticate: Bearer .*error="insufficient_claims", claims="/);

    const again = await app.services.handlers.signInWithMfa({ accountId: account.accountId });
    expect(authorizeUrls).toHaveLength(2);
    const asked = accessTokenClaims(authorizeUrls[1]!)!;
    // The challenge's claims and the app's MFA request, in one request; the same account, preselected.
    expect(asked).toMatchObject({ amr: { values: ['mfa'] } });
    expect(Object.keys(asked).length).toBeGreaterThan(1);
    expect(authorizeUrls[1]!.searchParams.get('login_hint')).toBe('adele@contoso.example');
    expect(again.homeSessionMfa).toBe(true);

    const listed = await app.services.handlers.startScan({ accountId: account.accountId });
    expect(listed).toMatchObject({ error: null, total: 3, done: 3 });
    expect(listed.homeMfaRequired).toBeUndefined();
  });

  it('when Entra refuses the MFA request, "Sign in with MFA" keeps the challenge alone and still passes', async () => {
    const { app, authorizeUrls } = await start({ homeMfaRequest: 'refuse', arm: { mandatoryMfa: true } });
    const account = await app.services.handlers.signIn(undefined);
    expect((await app.services.handlers.startScan({ accountId: account.accountId })).homeMfaRequired).toBe(true);
    const before = authorizeUrls.length;
    await app.services.handlers.signInWithMfa({ accountId: account.accountId });
    const second = authorizeUrls.slice(before);
    expect(second).toHaveLength(2);
    expect(accessTokenClaims(second[0]!)).toMatchObject({ amr: { values: ['mfa'] } });
    const challengeOnly = accessTokenClaims(second[1]!)!;
    expect(challengeOnly).not.toHaveProperty('amr');
    expect(Object.keys(challengeOnly).length).toBeGreaterThan(0);
    expect((await app.services.handlers.startScan({ accountId: account.accountId })).error).toBeNull();
  });

  it('a home sign-in whose MFA request is honoured lists at once', async () => {
    const { app } = await start({ homeMfaRequest: 'honour', arm: { mandatoryMfa: true } });
    const account = await app.services.handlers.signIn(undefined);
    const progress = await app.services.handlers.startScan({ accountId: account.accountId });
    expect(progress).toMatchObject({ error: null, total: 3 });
    expect(tenantsOf(app, account.accountId).map((t) => t.tenantId)).toContain(HOME_ID);
  });
});
