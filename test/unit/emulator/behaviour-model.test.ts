/**
 * The behaviour model (tools/entra-emulator/README.md), rule by rule, through the real MSAL: an interactive home sign-in
 * (headless browser, loopback form_post, PKCE), then `acquireTokenSilent` into each tenant with an account
 * whose tenantId is that tenant, all over the app's transport to the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionRequiredAuthError, ServerError, type AccountInfo } from '@azure/msal-node';
import { loadScenario, type Emulator, type ScenarioInput } from '../../../tools/entra-emulator';
import {
  ARM_DEFAULT,
  claimsOf,
  createClient,
  failureOf,
  getJson,
  GRAPH_DEFAULT,
  METHODS_SCOPE,
  MFA_CLAIMS,
  OWN_CLIENT_ID,
  probe,
  scenarioFile,
  signIn,
  start,
  tenantId,
  type Client,
} from './harness';

describe('seed-blog: a home user whose tenant requires MFA', () => {
  let emulator: Emulator;
  let client: Client;
  let home: AccountInfo;

  beforeAll(async () => {
    // With the opt-in `claimsOnRefresh`, so that each rule's answer names the policy that fired (by default a
    // refresh answer carries no claims: wire-format.test.ts).
    emulator = await start({ ...(await loadScenario(scenarioFile('seed-blog.json'))), claimsOnRefresh: true });
    client = createClient(emulator);
    const result = await signIn(client, { claims: MFA_CLAIMS });
    home = result.account!;
  });
  afterAll(async () => {
    client?.close();
    await emulator?.close();
  });

  it('home sign-in: the session carries MFA from the default home method, with the home identity', async () => {
    const result = await client.pca.acquireTokenSilent({ account: home, scopes: [ARM_DEFAULT] });
    const claims = claimsOf(result.accessToken);
    expect(claims.amr).toEqual(['pwd', 'rsa', 'mfa']);
    expect(claims.tid).toBe(tenantId(emulator, 'contoso'));
    expect(claims.aud).toBe('https://management.azure.com');
    expect(claims.idp).toBeUndefined();
    expect(home.tenantId).toBe(tenantId(emulator, 'contoso'));
    expect(home.homeAccountId).toBe(`${home.localAccountId}.${tenantId(emulator, 'contoso')}`);
  });

  it('rule 1: a removed guest gets the user-not-in-tenant error (50020) by id and by domain', async () => {
    for (const segment of [tenantId(emulator, 'coho'), 'cohowinery.example']) {
      const error = await failureOf(probe(client, home, 'coho', [GRAPH_DEFAULT], { authoritySegment: segment }));
      expect(error).toBeInstanceOf(ServerError);
      expect(error.errorCode).toBe('invalid_grant');
      expect(String(error.errorNo)).toBe('50020');
      expect(error.subError ?? '').toBe('');
    }
  });

  it('rule 1: a pending invitation needs interaction (50014, basic_action)', async () => {
    const error = await failureOf(probe(client, home, 'alpineski'));
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(error.errorCode).toBe('interaction_required');
    expect(String(error.errorNo)).toBe('50014');
    expect(error.subError).toBe('basic_action');
  });

  it('rule 2: a tenant that blocks guests answers 53003 (message_only) naming the blocking policy', async () => {
    const error = await failureOf(probe(client, home, 'lucerne'));
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(error.errorCode).toBe('invalid_grant');
    expect(String(error.errorNo)).toBe('53003');
    expect(error.subError).toBe('message_only');
    expect(JSON.parse(error.claims as string).access_token.capolids.values).toEqual([
      emulator.policyId('lucerne', 'blockGuests'),
    ]);
  });

  it('rule 3: a compliant device required and trusted, but the loopback sign-in carries no device: 530003', async () => {
    const error = await failureOf(probe(client, home, 'adatum'));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.errorCode).toBe('invalid_grant');
    expect(String(error.errorNo)).toBe('530003');
    expect(error.subError ?? '').toBe('');
  });

  it("rule 5: MFA trusted and the session carries MFA: a token of T with amr mfa, T's oid, the home idp", async () => {
    const result = await probe(client, home, 'fabrikam');
    const claims = claimsOf(result.accessToken);
    expect(result.tenantId).toBe(tenantId(emulator, 'fabrikam'));
    expect(claims.tid).toBe(tenantId(emulator, 'fabrikam'));
    expect(claims.amr).toEqual(['pwd', 'rsa', 'mfa']);
    expect(claims.idp).toBe(`https://sts.windows.net/${tenantId(emulator, 'contoso')}/`);
    expect(claims.oid).not.toBe(home.localAccountId);
    // The Azure CLI client's fixed Graph set: no UserAuthenticationMethod.* anywhere.
    expect(claims.scp.split(' ')).toContain('Directory.AccessAsUser.All');
    expect(claims.scp.split(' ')).not.toContain('UserAuthenticationMethod.Read');
    const idClaims = result.idTokenClaims as Record<string, unknown>;
    expect(idClaims.home_oid).toBe(home.localAccountId);
    expect(idClaims.tid).toBe(tenantId(emulator, 'fabrikam'));
  });

  it('rule 5: the session method is weaker than the authentication strength: 50076 naming the MFA policy', async () => {
    const error = await failureOf(probe(client, home, 'woodgrove'));
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(String(error.errorNo)).toBe('50076');
    expect(error.subError).toBe('basic_action');
    const challenge = JSON.parse(error.claims as string);
    expect(challenge.access_token.capolids.essential).toBe(true);
    expect(challenge.access_token.capolids.values).toEqual([emulator.policyId('woodgrove')]);
  });

  it('rule 6: strength beyond MFA without trust blocks guests (53003 with the policy id)', async () => {
    const error = await failureOf(probe(client, home, 'litware'));
    expect(String(error.errorNo)).toBe('53003');
    expect(JSON.parse(error.claims as string).access_token.capolids.values).toEqual([emulator.policyId('litware')]);
  });

  it('rule 6: MFA without trust, the guest has an Authenticator there: 50076 with the CA policy id', async () => {
    const error = await failureOf(probe(client, home, 'northwind'));
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(error.errorCode).toBe('invalid_grant');
    expect(String(error.errorNo)).toBe('50076');
    expect(JSON.parse(error.claims as string).access_token.capolids.values).toEqual([emulator.policyId('northwind')]);
  });

  it('rule 6: MFA without trust and nothing registered: registration required (50079) with the CA policy id', async () => {
    const error = await failureOf(probe(client, home, 'tailspin'));
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(String(error.errorNo)).toBe('50079');
    expect(error.subError).toBe('basic_action');
    expect(JSON.parse(error.claims as string).access_token.capolids.values).toEqual([emulator.policyId('tailspin')]);
  });

  it('Security Defaults without P1 ignore the configured trust; with risk they ask MFA: 50076 without claims', async () => {
    const error = await failureOf(probe(client, home, 'proseware'));
    expect(String(error.errorNo)).toBe('50076');
    expect(error.claims ?? '').toBe('');
  });

  it('rule 7: no MFA demanded: a token without mfa although the session carries it (no trust)', async () => {
    const result = await probe(client, home, 'wingtip');
    expect(claimsOf(result.accessToken).amr).toEqual(['pwd']);
  });

  it('rule 7: leftover methods in a tenant that demands nothing: the Azure CLI token cannot read them (403)', async () => {
    const result = await probe(client, home, 'margies');
    expect(claimsOf(result.accessToken).amr).toEqual(['pwd']);
    const denied = await getJson(
      client,
      'https://graph.microsoft.com/v1.0/me/authentication/methods',
      result.accessToken,
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('accessDenied');
    expect(denied.body.error.message).toBe('Request Authorization failed');
  });

  it('rule 7: an own app with UserAuthenticationMethod.Read reads the leftover methods', async () => {
    const own = createClient(emulator, { clientId: OWN_CLIENT_ID });
    const ownHome = (await signIn(own, { claims: MFA_CLAIMS })).account!;
    const result = await probe(own, ownHome, 'margies', [METHODS_SCOPE]);
    own.close();
    const methods = await getJson(
      client,
      'https://graph.microsoft.com/v1.0/me/authentication/methods',
      result.accessToken,
    );
    expect(methods.status).toBe(200);
    expect(methods.body.value.map((m: { '@odata.type': string }) => m['@odata.type'])).toEqual([
      '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
      '#microsoft.graph.phoneAuthenticationMethod',
    ]);
    expect(methods.body.value[0].displayName).toBe('Pixel 7');
    expect(methods.body.value[1].id).toBe('3179e48a-750b-4051-897c-87b9720928f7');
  });

  it('Graph consent admin-only, own app: .default works, the methods call is refused with 403', async () => {
    const own = createClient(emulator, { clientId: OWN_CLIENT_ID });
    const ownHome = (await signIn(own, { claims: MFA_CLAIMS })).account!;
    const result = await probe(own, ownHome, 'relecloud');
    const claims = claimsOf(result.accessToken);
    expect(claims.amr).toContain('mfa');
    expect(claims.scp.split(' ')).toContain('User.Read');
    expect(claims.scp.split(' ')).not.toContain('UserAuthenticationMethod.Read');
    const methods = await getJson(
      own,
      'https://graph.microsoft.com/v1.0/me/authentication/methods',
      result.accessToken,
    );
    expect(methods.status).toBe(403);
    expect(methods.body.error.code).toBe('accessDenied');
    expect(methods.body.error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const sponsors = await getJson(own, 'https://graph.microsoft.com/v1.0/me/sponsors', result.accessToken);
    expect(sponsors.body.value[0].displayName).toBe('Alex Wilber');
    own.close();
  });

  it('Graph consent admin-only, own app: asking for UserAuthenticationMethod.Read by name gets 65001', async () => {
    const own = createClient(emulator, { clientId: OWN_CLIENT_ID });
    const ownHome = (await signIn(own, { claims: MFA_CLAIMS })).account!;
    const error = await failureOf(probe(own, ownHome, 'relecloud', [METHODS_SCOPE]));
    own.close();
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(error.errorCode).toBe('invalid_grant');
    expect(String(error.errorNo)).toBe('65001');
    expect(error.subError).toBe('consent_required');
  });

  it('the Azure CLI client naming UserAuthenticationMethod.Read is not pre-authorised: 65002', async () => {
    const error = await failureOf(probe(client, home, 'fabrikam', [METHODS_SCOPE]));
    expect(String(error.errorNo)).toBe('65002');
  });

  it('Graph consent granted, own app: a named methods scope works and the token carries it', async () => {
    const own = createClient(emulator, { clientId: OWN_CLIENT_ID });
    const ownHome = (await signIn(own, { claims: MFA_CLAIMS })).account!;
    const result = await probe(own, ownHome, 'fabrikam', ['UserAuthenticationMethod.Read']);
    own.close();
    expect(claimsOf(result.accessToken).scp.split(' ')).toContain('UserAuthenticationMethod.Read');
    const methods = await getJson(
      client,
      'https://graph.microsoft.com/v1.0/me/authentication/methods',
      result.accessToken,
    );
    expect(methods.status).toBe(200);
    expect(methods.body.value).toEqual([]);
  });
});

describe('home-no-mfa: the home session never carries MFA', () => {
  let emulator: Emulator;
  let client: Client;
  let home: AccountInfo;

  beforeAll(async () => {
    emulator = await start({ ...(await loadScenario(scenarioFile('home-no-mfa.json'))), claimsOnRefresh: true });
    client = createClient(emulator);
    home = (await signIn(client, { claims: MFA_CLAIMS })).account!;
  });
  afterAll(async () => {
    client?.close();
    await emulator?.close();
  });

  it('home sign-in: the claims request for MFA is ignored when the home tenant does not honour it', async () => {
    const result = await client.pca.acquireTokenSilent({ account: home, scopes: [ARM_DEFAULT] });
    expect(claimsOf(result.accessToken).amr).toEqual(['pwd']);
  });

  it('rule 5: MFA trusted but the session carries none: 50076 naming the MFA policy', async () => {
    const error = await failureOf(probe(client, home, 'fabrikam'));
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(String(error.errorNo)).toBe('50076');
    expect(JSON.parse(error.claims as string).access_token.capolids.values).toEqual([emulator.policyId('fabrikam')]);
  });

  it('rule 6: methods in T and no trust: 50076', async () => {
    expect(String((await failureOf(probe(client, home, 'northwind'))).errorNo)).toBe('50076');
  });

  it('rule 7: trust without a requirement, or no requirement at all: tokens without mfa', async () => {
    for (const key of ['margies', 'wingtip']) {
      const result = await probe(client, home, key);
      expect(claimsOf(result.accessToken).amr).toEqual(['pwd']);
      expect(result.tenantId).toBe(tenantId(emulator, key));
    }
  });
});

describe('home-compliant-device: compliant device at home (with a broker), MFA only on request', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start(scenarioFile('home-compliant-device.json'));
  });
  afterAll(async () => emulator?.close());

  it('rule 3: a tenant trusting compliant devices admits the brokered device; one not trusting them: 530003', async () => {
    const client = createClient(emulator);
    const home = (await signIn(client)).account!;
    expect(claimsOf((await probe(client, home, 'adatum')).accessToken).tid).toBe(tenantId(emulator, 'adatum'));
    const error = await failureOf(probe(client, home, 'trey'));
    expect(String(error.errorNo)).toBe('530003');
    expect(error.errorCode).toBe('invalid_grant');
    client.close();
  });

  it('home sign-in without an MFA request: no MFA, so a trusting tenant that requires MFA answers 50076', async () => {
    const client = createClient(emulator);
    const home = (await signIn(client)).account!;
    const homeToken = await client.pca.acquireTokenSilent({ account: home, scopes: [ARM_DEFAULT] });
    expect(claimsOf(homeToken.accessToken).amr).toEqual(['pwd']);
    expect(String((await failureOf(probe(client, home, 'fabrikam'))).errorNo)).toBe('50076');
    client.close();
  });

  it('home sign-in with the claims MFA request: MFA with Windows Hello, enough for passwordless strength', async () => {
    const client = createClient(emulator);
    const home = (await signIn(client, { claims: MFA_CLAIMS })).account!;
    const homeToken = await client.pca.acquireTokenSilent({ account: home, scopes: [ARM_DEFAULT] });
    expect(claimsOf(homeToken.accessToken).amr).toContain('mfa');
    expect(claimsOf((await probe(client, home, 'fabrikam')).accessToken).amr).toContain('mfa');
    expect(claimsOf((await probe(client, home, 'woodgrove')).accessToken).amr).toContain('mfa');
    client.close();
  });
});

describe('rules that need a scenario of their own', () => {
  const base = (overrides: Partial<ScenarioInput> = {}): ScenarioInput => ({
    name: 'inline',
    user: { upn: 'kim@home.example', homeTenant: 'home' },
    tenants: {
      home: { id: '11111111-2222-4333-8444-555555555555', displayName: 'Home', defaultDomain: 'home.example' },
      trusting: {
        id: '21111111-2222-4333-8444-555555555555',
        displayName: 'Trusting',
        defaultDomain: 'trusting.example',
        inboundTrust: { mfa: true },
        guest: {},
      },
      strict: {
        id: '31111111-2222-4333-8444-555555555555',
        displayName: 'Strict',
        defaultDomain: 'strict.example',
        policy: { requireMfa: true },
        guest: {},
      },
    },
    ...overrides,
  });

  it('rule 7: trust without a requirement passes the session MFA on (amr mfa)', async () => {
    const emulator = await start(base());
    const client = createClient(emulator);
    const home = (await signIn(client)).account!;
    expect(claimsOf((await probe(client, home, 'trusting')).accessToken).amr).toEqual(['pwd', 'rsa', 'mfa']);
    client.close();
    await emulator.close();
  });

  it('errorStyle interactionRequired: MFA answers come as interaction_required', async () => {
    const emulator = await start(base({ errorStyle: 'interactionRequired' }));
    const client = createClient(emulator);
    const home = (await signIn(client)).account!;
    const error = await failureOf(probe(client, home, 'strict'));
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(error.errorCode).toBe('interaction_required');
    expect(String(error.errorNo)).toBe('50079');
    expect(error.subError).toBe('basic_action');
    client.close();
    await emulator.close();
  });
});

describe('home-compliant-device-no-broker: the same home without a broker', () => {
  it('refuses the home sign-in itself in the browser (530033): no device identity reaches Entra', async () => {
    const emulator = await start(scenarioFile('home-compliant-device-no-broker.json'));
    const client = createClient(emulator);
    const error = await failureOf(signIn(client));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.errorCode).toBe('access_denied');
    expect(error.errorMessage).toContain('AADSTS530033:');
    expect(emulator.requestCount({ endpoint: 'token' })).toBe(0);
    client.close();
    await emulator.close();
  });
});
