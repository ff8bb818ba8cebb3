/**
 * The emulator's wire formats: Entra's error body and what MSAL makes of it, the probe trap (the home account alone is answered from the home cache),
 * discovery documents and JWKS (also through MSAL for a host it does not know), PKCE and code checks, scope
 * handling, ARM `/tenants` with paging, and Graph's shapes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { InteractionRequiredAuthError, PublicClientApplication, type AccountInfo } from '@azure/msal-node';
import { createMsalNetworkClient } from '../../../main/net/transport';
import { loadScenario, type Emulator } from '../../../tools/entra-emulator';
import { completeSignInAutomatically } from '../../../tools/entra-emulator/auto-browser';
import {
  ARM_DEFAULT,
  CLIENT_ID,
  claimsOf,
  createClient,
  failureOf,
  getJson,
  GRAPH_DEFAULT,
  LOGIN,
  METHODS_SCOPE,
  OWN_CLIENT_ID,
  postForm,
  probe,
  refreshTokenOf,
  scenarioFile,
  signIn,
  start,
  tenantId,
  type Client,
} from './harness';

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ENTRA_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/;

describe('with seed-blog and a signed-in home session', () => {
  let emulator: Emulator;
  let client: Client;
  let home: AccountInfo;
  let refreshToken: string;

  beforeAll(async () => {
    // With the opt-in `claimsOnRefresh`: the claims challenge's shape is what these tests read (the default,
    // no claims on refresh answers, is checked below).
    emulator = await start({ ...(await loadScenario(scenarioFile('seed-blog.json'))), claimsOnRefresh: true });
    client = createClient(emulator);
    home = (await signIn(client)).account!;
    refreshToken = refreshTokenOf(client);
  });
  afterAll(async () => {
    client?.close();
    await emulator?.close();
  });

  const redeem = (segment: string, scope = `${GRAPH_DEFAULT} openid profile offline_access`, headers = {}) =>
    postForm(
      client,
      `${LOGIN}/${segment}/oauth2/v2.0/token`,
      { client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: refreshToken, scope, client_info: '1' },
      headers,
    );

  it("error bodies have Entra's fields; the description embeds trace id, correlation id and timestamp", async () => {
    const correlationId = '0f1e2d3c-4b5a-4697-8877-665544332211';
    const { status, body } = await redeem(tenantId(emulator, 'northwind'), undefined, {
      'client-request-id': correlationId,
    });
    expect(status).toBe(400);
    // northwind is the third tenant of the file: CRLF separators and no error_uri (like B6).
    expect(Object.keys(body).sort()).toEqual([
      'claims',
      'correlation_id',
      'error',
      'error_codes',
      'error_description',
      'suberror',
      'timestamp',
      'trace_id',
    ]);
    expect(body.error).toBe('invalid_grant');
    expect(body.error_codes).toEqual([50076]);
    expect(body.suberror).toBe('basic_action');
    expect(body.correlation_id).toBe(correlationId);
    expect(body.trace_id).toMatch(new RegExp(`^${GUID}$`));
    expect(body.timestamp).toMatch(ENTRA_TIMESTAMP);
    expect(body.error_description).toMatch(
      new RegExp(
        `^AADSTS50076: [^\\r\\n]+\\r\\nTrace ID: ${body.trace_id}\\r\\nCorrelation ID: ${correlationId}\\r\\nTimestamp: ${body.timestamp}$`,
      ),
    );
  });

  it('alternates the separators by tenant: the next tenant in the file uses spaces', async () => {
    const { body } = await redeem(tenantId(emulator, 'tailspin'));
    expect(body.error_codes).toEqual([50079]);
    expect(body.correlation_id).toMatch(new RegExp(`^${GUID}$`));
    expect(body.error_description).not.toContain('\r\n');
    expect(body.error_description).toMatch(
      new RegExp(`^AADSTS50079: .+ Trace ID: ${GUID} Correlation ID: ${GUID} Timestamp: ${body.timestamp}$`),
    );
  });

  it('alternates the error_uri host by tenant: login.microsoftonline.com, login.microsoft.com, none', async () => {
    // tailspin (4th), woodgrove (5th), litware (6th): https://github.com/Azure/azure-cli/issues/5566 has none.
    expect((await redeem(tenantId(emulator, 'tailspin'))).body.error_uri).toBe(
      'https://login.microsoftonline.com/error?code=50079',
    );
    expect((await redeem(tenantId(emulator, 'woodgrove'))).body.error_uri).toBe(
      'https://login.microsoft.com/error?code=50076',
    );
    expect((await redeem(tenantId(emulator, 'litware'))).body).not.toHaveProperty('error_uri');
  });

  it('names the Conditional Access policies that fired on every CA error, and only there', async () => {
    const capolids = (ids: string[]) => ({ access_token: { capolids: { essential: true, values: ids } } });
    for (const key of ['woodgrove', 'northwind', 'tailspin', 'litware']) {
      expect(JSON.parse((await redeem(tenantId(emulator, key))).body.claims)).toEqual(
        capolids([emulator.policyId(key)]),
      );
    }
    expect(JSON.parse((await redeem(tenantId(emulator, 'lucerne'))).body.claims)).toEqual(
      capolids([emulator.policyId('lucerne', 'blockGuests')]),
    );
    expect(JSON.parse((await redeem(tenantId(emulator, 'adatum'))).body.claims)).toEqual(
      capolids([emulator.policyId('adatum', 'requireCompliantDevice')]),
    );
    expect(emulator.policyId('lucerne', 'blockGuests')).toMatch(new RegExp(`^${GUID}$`));
    // Not Conditional Access: Security Defaults, the guest object, consent.
    for (const key of ['proseware', 'alpineski', 'coho']) {
      expect((await redeem(tenantId(emulator, key))).body.claims).toBeUndefined();
    }
  });

  it('MSAL turns them into InteractionRequiredAuthError with errorNo, subError, correlationId, claims', async () => {
    const correlationId = '11112222-3333-4444-8555-666677778888';
    const error = await failureOf(
      client.pca.acquireTokenSilent({
        account: { ...home, tenantId: tenantId(emulator, 'woodgrove') },
        authority: `${LOGIN}/${tenantId(emulator, 'woodgrove')}`,
        scopes: [GRAPH_DEFAULT],
        correlationId,
      }),
    );
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(error.errorCode).toBe('invalid_grant');
    expect(String(error.errorNo)).toBe('50076');
    expect(error.subError).toBe('basic_action');
    expect(error.correlationId).toBe(correlationId);
    expect(error.timestamp).toMatch(ENTRA_TIMESTAMP);
    expect(error.traceId).toMatch(new RegExp(`^${GUID}$`));
    expect(JSON.parse(error.claims).access_token.capolids.essential).toBe(true);
  });

  it("the probe of T reaches T's token endpoint and gets T's tid; the home account alone would not", async () => {
    const fabrikam = tenantId(emulator, 'fabrikam');
    const before = emulator.requestCount({ endpoint: 'token', tenant: 'fabrikam' });
    const result = await probe(client, home, 'fabrikam');
    expect(emulator.requestCount({ endpoint: 'token', tenant: 'fabrikam' })).toBe(before + 1);
    expect(result.fromCache).toBe(false);
    expect(result.tenantId).toBe(fabrikam);
    expect(claimsOf(result.accessToken).tid).toBe(fabrikam);
    expect(result.account?.tenantProfiles?.has(fabrikam)).toBe(true);

    // The trap: the home account with T's authority is answered from the home cache.
    const trap = await client.pca.acquireTokenSilent({
      account: home,
      authority: `${LOGIN}/${fabrikam}`,
      scopes: [ARM_DEFAULT],
    });
    expect(trap.fromCache).toBe(true);
    expect(claimsOf(trap.accessToken).tid).toBe(tenantId(emulator, 'contoso'));
    expect(emulator.requestCount({ endpoint: 'token', tenant: 'fabrikam' })).toBe(before + 1);
  });

  it('accepts any of the tenant domains in the path, including the derived onmicrosoft.com one', async () => {
    for (const segment of ['fabrikam.example', 'FABRIKAM.example', 'fabrikam.onmicrosoft.com']) {
      const { status, body } = await redeem(segment);
      expect(status).toBe(200);
      expect(claimsOf(body.access_token).tid).toBe(tenantId(emulator, 'fabrikam'));
    }
    const unknown = await redeem('nobody.example');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error_codes).toEqual([90002]);
  });

  it('token answers carry the fields MSAL reads, client_info naming the home identity in every tenant', async () => {
    const { status, body } = await redeem(tenantId(emulator, 'fabrikam'));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: expect.any(Number),
      ext_expires_in: expect.any(Number),
    });
    for (const field of ['access_token', 'refresh_token', 'id_token', 'client_info', 'scope']) {
      expect(typeof body[field]).toBe('string');
    }
    expect(JSON.parse(Buffer.from(body.client_info, 'base64url').toString())).toEqual({
      uid: home.localAccountId,
      utid: tenantId(emulator, 'contoso'),
    });
    expect(body.scope.split(' ')).toContain('https://graph.microsoft.com/.default');
    const id = claimsOf(body.id_token);
    expect(id).toMatchObject({
      aud: CLIENT_ID,
      iss: `https://login.microsoftonline.com/${tenantId(emulator, 'fabrikam')}/v2.0`,
      tid: tenantId(emulator, 'fabrikam'),
      preferred_username: 'adele@contoso.example',
      name: 'Adele Vance',
      home_oid: home.localAccountId,
      ver: '2.0',
    });
    const access = claimsOf(body.access_token);
    expect(access).toMatchObject({ ver: '1.0', appid: CLIENT_ID, aud: 'https://graph.microsoft.com' });
    expect(access.exp - access.iat).toBe(body.expires_in);
  });

  it('signs tokens with the key its JWKS publishes, found through the OpenID configuration', async () => {
    const config = await getJson(client, `${LOGIN}/fabrikam.example/v2.0/.well-known/openid-configuration`);
    expect(config.status).toBe(200);
    const fabrikam = tenantId(emulator, 'fabrikam');
    expect(config.body).toMatchObject({
      issuer: `https://login.microsoftonline.com/${fabrikam}/v2.0`,
      token_endpoint: `https://login.microsoftonline.com/${fabrikam}/oauth2/v2.0/token`,
      authorization_endpoint: `https://login.microsoftonline.com/${fabrikam}/oauth2/v2.0/authorize`,
      jwks_uri: `https://login.microsoftonline.com/${fabrikam}/discovery/v2.0/keys`,
    });
    expect(config.body.response_modes_supported).toContain('form_post');
    const jwks = await getJson(client, config.body.jwks_uri);
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', use: 'sig', alg: 'ES256' });
    const { body } = await redeem(fabrikam);
    const keySet = createLocalJWKSet(jwks.body);
    const verifiedId = await jwtVerify(body.id_token, keySet, { issuer: config.body.issuer, audience: CLIENT_ID });
    expect(verifiedId.payload.tid).toBe(fabrikam);
    const verifiedAccess = await jwtVerify(body.access_token, keySet, { audience: 'https://graph.microsoft.com' });
    expect(verifiedAccess.payload.iss).toBe(`https://sts.windows.net/${fabrikam}/`);

    const common = await getJson(client, `${LOGIN}/common/v2.0/.well-known/openid-configuration`);
    expect(common.body.issuer).toBe('https://login.microsoftonline.com/{tenantid}/v2.0');
  });

  it('answers instance discovery like Entra, and refuses an unknown instance', async () => {
    const ok = await getJson(
      client,
      `${LOGIN}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${LOGIN}/common/oauth2/v2.0/authorize`)}`,
    );
    expect(ok.body.tenant_discovery_endpoint).toBe(
      'https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration',
    );
    expect(ok.body.metadata[0]).toEqual({
      preferred_network: 'login.microsoftonline.com',
      preferred_cache: 'login.windows.net',
      aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
    });
    const bad = await getJson(
      client,
      `${LOGIN}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent('https://login.evil.example/common/oauth2/v2.0/authorize')}`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid_instance');
  });

  it('scopes: ARM under both audiences, one resource per request, unknown resources refused', async () => {
    const core = await redeem(
      tenantId(emulator, 'contoso'),
      'https://management.core.windows.net//.default offline_access',
    );
    expect(core.status).toBe(200);
    expect(claimsOf(core.body.access_token).aud).toBe('https://management.core.windows.net/');
    expect(core.body.scope).toBe(
      'https://management.core.windows.net//user_impersonation https://management.core.windows.net//.default',
    );
    expect(core.body.id_token).toBeUndefined();
    const two = await redeem(tenantId(emulator, 'contoso'), `${ARM_DEFAULT} ${GRAPH_DEFAULT}`);
    expect(two.body.error_codes).toEqual([28000]);
    const unknown = await redeem(tenantId(emulator, 'contoso'), 'api://unknown-app/.default');
    expect(unknown.body).toMatchObject({ error: 'invalid_resource', error_codes: [500011] });
    const oidcOnly = await redeem(tenantId(emulator, 'contoso'), 'openid profile offline_access');
    expect(claimsOf(oidcOnly.body.access_token)).toMatchObject({ aud: 'https://graph.microsoft.com' });
    expect(claimsOf(oidcOnly.body.access_token).scp).toContain('User.Read');
    const notConsented = await redeem(tenantId(emulator, 'fabrikam'), 'https://graph.microsoft.com/Mail.Read');
    expect(notConsented.body).toMatchObject({ error_codes: [65001], suberror: 'consent_required' });
    // The Azure CLI client gets its fixed Graph set for .default, and 65002 for a scope outside it.
    const fixed = await redeem(tenantId(emulator, 'fabrikam'));
    expect(claimsOf(fixed.body.access_token).scp.split(' ')).toEqual(
      expect.arrayContaining(['Directory.AccessAsUser.All', 'User.Read.All', 'Group.ReadWrite.All']),
    );
    expect(fixed.body.scope).toContain('https://graph.microsoft.com/Directory.AccessAsUser.All');
    const outside = await redeem(tenantId(emulator, 'fabrikam'), METHODS_SCOPE);
    expect(outside.body.error_codes).toEqual([65002]);
  });

  it('ARM lists the home tenant and every guest tenant except removed ones, in ARM shape', async () => {
    const token = (await client.pca.acquireTokenSilent({ account: home, scopes: [ARM_DEFAULT] })).accessToken;
    const list = await getJson(client, 'https://management.azure.com/tenants?api-version=2022-12-01', token);
    expect(list.status).toBe(200);
    const ids = list.body.value.map((entry: { tenantId: string }) => entry.tenantId);
    expect(ids).toHaveLength(13);
    expect(ids).toContain(tenantId(emulator, 'alpineski'));
    expect(ids).not.toContain(tenantId(emulator, 'coho'));
    expect(list.body.nextLink).toBeUndefined();
    const fabrikam = list.body.value.find(
      (entry: { tenantId: string }) => entry.tenantId === tenantId(emulator, 'fabrikam'),
    );
    expect(fabrikam).toEqual({
      id: `/tenants/${tenantId(emulator, 'fabrikam')}`,
      tenantId: tenantId(emulator, 'fabrikam'),
      countryCode: expect.stringMatching(/^[A-Z]{2}$/),
      displayName: 'Fabrikam, Inc.',
      domains: ['fabrikam.example', 'fabrikam.onmicrosoft.com'],
      tenantCategory: 'Home',
      defaultDomain: 'fabrikam.example',
      tenantType: 'AAD',
    });
    const old = await getJson(client, 'https://management.azure.com/tenants?api-version=2016-06-01', token);
    expect(Object.keys(old.body.value[0]).sort()).toEqual(['id', 'tenantId']);
  });

  it('ARM refuses a request without a token, with a Graph token, or without api-version', async () => {
    const none = await getJson(client, 'https://management.azure.com/tenants?api-version=2022-12-01');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('AuthenticationFailed');
    expect(none.headers['www-authenticate']).toContain('Bearer');
    const graphToken = (await probe(client, home, 'wingtip')).accessToken;
    const wrong = await getJson(client, 'https://management.azure.com/tenants?api-version=2022-12-01', graphToken);
    expect(wrong.body.error.code).toBe('InvalidAuthenticationTokenAudience');
    const token = (await client.pca.acquireTokenSilent({ account: home, scopes: [ARM_DEFAULT] })).accessToken;
    const noVersion = await getJson(client, 'https://management.azure.com/tenants', token);
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.code).toBe('MissingApiVersionParameter');
  });

  it('Graph answers sponsors and organization in their shapes, and reads home methods with a home token', async () => {
    const token = (await probe(client, home, 'fabrikam')).accessToken;
    const sponsors = await getJson(client, 'https://graph.microsoft.com/v1.0/me/sponsors', token);
    expect(sponsors.body.value).toEqual([
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.user',
        id: expect.stringMatching(new RegExp(`^${GUID}$`)),
        displayName: 'Megan Bowen',
        mail: 'megan@fabrikam.example',
        jobTitle: 'Partner Manager',
      }),
    ]);
    // Without Organization.Read.All (the Azure CLI token has Directory.AccessAsUser.All) only id, displayName and
    // verifiedDomains are read; the rest is null, collections empty (the CSDL makes them non-nullable).
    const organization = await getJson(client, 'https://graph.microsoft.com/v1.0/organization', token);
    const org = organization.body.value[0];
    expect(org).toMatchObject({
      id: tenantId(emulator, 'fabrikam'),
      displayName: 'Fabrikam, Inc.',
      technicalNotificationMails: [],
      verifiedDomains: [
        { name: 'fabrikam.example', isDefault: true, isInitial: false, type: 'Managed' },
        { name: 'fabrikam.onmicrosoft.com', isDefault: false, isInitial: true, type: 'Managed' },
      ].map((domain) => expect.objectContaining(domain)),
    });
    for (const [name, value] of Object.entries(org)) {
      if (!['id', 'displayName', 'verifiedDomains'].includes(name)) {
        expect([name, value]).toEqual([name, Array.isArray(value) ? [] : null]);
      }
    }
    // The view follows the token's permissions, not guest status: the home organisation reads the same way.
    const homeGraph = await client.pca.acquireTokenSilent({ account: home, scopes: [GRAPH_DEFAULT] });
    const homeOrg = await getJson(client, 'https://graph.microsoft.com/v1.0/organization', homeGraph.accessToken);
    expect(homeOrg.body.value[0].technicalNotificationMails).toEqual([]);
    expect(homeOrg.body.value[0].countryLetterCode).toBeNull();
    // The Azure CLI token cannot read methods, not even at home.
    const denied = await getJson(
      client,
      'https://graph.microsoft.com/v1.0/me/authentication/methods',
      homeGraph.accessToken,
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('accessDenied');
    const own = createClient(emulator, { clientId: OWN_CLIENT_ID });
    const ownHome = (await signIn(own)).account!;
    const ownGraph = await own.pca.acquireTokenSilent({ account: ownHome, scopes: [GRAPH_DEFAULT] });
    own.close();
    const methods = await getJson(
      client,
      'https://graph.microsoft.com/v1.0/me/authentication/methods',
      ownGraph.accessToken,
    );
    expect(methods.body['@odata.context']).toContain('/authentication/methods');
    expect(methods.body.value).toEqual([
      {
        '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
        id: expect.stringMatching(new RegExp(`^${GUID}$`)),
        displayName: 'iPhone 15',
        deviceTag: 'SoftwareTokenActivated',
        phoneAppVersion: '6.8.12',
        createdDateTime: '2023-11-14T08:12:00Z',
      },
      {
        '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
        id: '3179e48a-750b-4051-897c-87b9720928f7',
        phoneNumber: '+1 4255550100',
        phoneType: 'mobile',
        smsSignInState: 'notAllowedByPolicy',
      },
    ]);
    const armToken = (await client.pca.acquireTokenSilent({ account: home, scopes: [ARM_DEFAULT] })).accessToken;
    const wrong = await getJson(client, 'https://graph.microsoft.com/v1.0/organization', armToken);
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('InvalidAuthenticationToken');
  });
});

describe('authorization codes', () => {
  let emulator: Emulator;
  let client: Client;

  beforeAll(async () => {
    emulator = await start(scenarioFile('seed-blog.json'));
    client = createClient(emulator);
  });
  afterAll(async () => {
    client?.close();
    await emulator?.close();
  });

  async function authorize(verifier: string, nonce?: string): Promise<Record<string, string>> {
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const query = new URLSearchParams({
      client_id: CLIENT_ID,
      response_type: 'code',
      response_mode: 'form_post',
      redirect_uri: 'http://localhost:7/',
      scope: `${GRAPH_DEFAULT} openid profile offline_access`,
      state: 's1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...(nonce ? { nonce } : {}),
    });
    const page = await fetch(`${emulator.httpUrl}/contoso.example/oauth2/v2.0/authorize?${query.toString()}`);
    const html = await page.text();
    const fields: Record<string, string> = {};
    for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
      fields[match[1]!] = match[2]!;
    }
    expect(html).toContain('action="http://localhost:7/"');
    return fields;
  }

  const redeemCode = (code: string, verifier: string, overrides: Record<string, string> = {}) =>
    postForm(client, `${LOGIN}/contoso.example/oauth2/v2.0/token`, {
      client_id: CLIENT_ID,
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: 'http://localhost:7/',
      scope: `${GRAPH_DEFAULT} openid profile offline_access`,
      client_info: '1',
      ...overrides,
    });

  it('checks PKCE (S256), the redirect URI and the client, and redeems a code once', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const fields = await authorize(verifier, 'n-0S6_WzA2Mj');
    expect(fields.state).toBe('s1');
    expect(Object.keys(fields).sort()).toEqual(['client_info', 'code', 'session_state', 'state']);
    const code = fields.code!;
    expect((await redeemCode(code, 'not-the-verifier')).body.error_codes).toEqual([501481]);
    expect((await redeemCode(code, verifier, { redirect_uri: 'http://localhost:8/' })).body.error_codes).toEqual([
      50011,
    ]);
    expect(
      (await redeemCode(code, verifier, { client_id: 'ffffffff-0000-4000-8000-000000000000' })).body.error_codes,
    ).toEqual([70000]);
    const ok = await redeemCode(code, verifier);
    expect(ok.status).toBe(200);
    expect(claimsOf(ok.body.id_token).nonce).toBe('n-0S6_WzA2Mj');
    const again = await redeemCode(code, verifier);
    expect(again.body).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
  });

  it('refuses a request without PKCE, posting the error back', async () => {
    const query = new URLSearchParams({
      client_id: CLIENT_ID,
      response_type: 'code',
      response_mode: 'form_post',
      redirect_uri: 'http://localhost:7/',
      scope: 'openid',
      state: 's2',
    });
    const html = await (await fetch(`${emulator.httpUrl}/common/oauth2/v2.0/authorize?${query.toString()}`)).text();
    expect(html).toContain('name="error" value="invalid_request"');
    expect(html).toContain('name="state" value="s2"');
  });
});

describe('an authority host MSAL does not know', () => {
  it('goes through instance discovery, the OpenID configuration and the token endpoint of that host', async () => {
    const emulator = await start(scenarioFile('seed-blog.json'));
    const port = new URL(emulator.httpsUrl).port;
    const client = createClient(emulator, { routes: { localhost: emulator.httpsUrl } });
    const authority = `https://localhost:${port}/${tenantId(emulator, 'contoso')}`;
    const pca = new PublicClientApplication({
      auth: { clientId: CLIENT_ID, authority },
      system: { networkClient: createMsalNetworkClient(client.transport) },
    });
    const result = await pca.acquireTokenInteractive({
      scopes: [ARM_DEFAULT],
      openBrowser: async (url) => {
        expect(url.startsWith(`https://localhost:${port}/`)).toBe(true);
        await completeSignInAutomatically(url, emulator);
      },
    });
    expect(result.tenantId).toBe(tenantId(emulator, 'contoso'));
    expect(emulator.requestCount({ endpoint: 'instance-discovery' })).toBeGreaterThan(0);
    expect(emulator.requestCount({ endpoint: 'openid-configuration' })).toBeGreaterThan(0);
    const silent = await pca.acquireTokenSilent({ account: result.account!, scopes: [GRAPH_DEFAULT] });
    expect(claimsOf(silent.accessToken).aud).toBe('https://graph.microsoft.com');
    client.close();
    await emulator.close();
  });
});

describe('ARM paging', () => {
  it('pages /tenants with nextLink over 50 entries and leaves removed and pending tenants out', async () => {
    const emulator = await start(scenarioFile('large-200.json'));
    const client = createClient(emulator);
    const home = (await signIn(client)).account!;
    const token = (await client.pca.acquireTokenSilent({ account: home, scopes: [ARM_DEFAULT] })).accessToken;
    const removed = Object.values(emulator.scenario.tenants).filter(
      (tenant) => tenant.guest?.state === 'removed' || tenant.guest?.state === 'pendingRedemption',
    );
    expect(removed.some((tenant) => tenant.guest?.state === 'pendingRedemption')).toBe(true);
    const pages: number[] = [];
    const seen: string[] = [];
    let url: string | undefined = 'https://management.azure.com/tenants?api-version=2022-12-01';
    while (url) {
      const page = await getJson(client, url, token);
      expect(page.status).toBe(200);
      pages.push(page.body.value.length);
      seen.push(...page.body.value.map((entry: { tenantId: string }) => entry.tenantId));
      url = page.body.nextLink;
      if (url)
        expect(url.startsWith('https://management.azure.com/tenants?api-version=2022-12-01&$skiptoken=')).toBe(true);
    }
    const expected = Object.keys(emulator.scenario.tenants).length - removed.length;
    expect(seen).toHaveLength(expected);
    expect(new Set(seen).size).toBe(expected);
    expect(pages.slice(0, -1).every((size) => size === 50)).toBe(true);
    for (const tenant of removed) expect(seen).not.toContain(tenant.id);
    client.close();
    await emulator.close();
  });
});

describe('refresh-token answers to the Azure CLI public client, by default', () => {
  it('carry no claims challenge on Conditional Access errors, and foci "1" on tokens', async () => {
    const emulator = await start(scenarioFile('seed-blog.json'));
    const client = createClient(emulator);
    try {
      await signIn(client);
      const refreshToken = refreshTokenOf(client);
      const redeem = (key: string) =>
        postForm(client, `${LOGIN}/${tenantId(emulator, key)}/oauth2/v2.0/token`, {
          client_id: CLIENT_ID,
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          scope: `${GRAPH_DEFAULT} openid profile offline_access`,
          client_info: '1',
        });
      // Every public-client refresh body found carries no claims (test/fixtures/real-answers b03, b05-b07, b10, b11).
      for (const key of ['northwind', 'tailspin', 'woodgrove', 'lucerne', 'adatum']) {
        const { status, body } = await redeem(key);
        expect(status, key).toBe(400);
        expect(body, key).not.toHaveProperty('claims');
        expect(body.error_codes, key).toHaveLength(1);
      }
      // A token answer names the family: msal-common reads `foci` and keeps the refresh token as the family's.
      const { status, body } = await redeem('fabrikam');
      expect(status).toBe(200);
      expect(body.foci).toBe('1');
      // An own app is no family client.
      const own = createClient(emulator, { clientId: OWN_CLIENT_ID });
      try {
        await signIn(own, { scopes: ['https://graph.microsoft.com/User.Read'] });
        const ownAnswer = await postForm(own, `${LOGIN}/${tenantId(emulator, 'fabrikam')}/oauth2/v2.0/token`, {
          client_id: OWN_CLIENT_ID,
          grant_type: 'refresh_token',
          refresh_token: refreshTokenOf(own),
          scope: 'https://graph.microsoft.com/User.Read openid profile offline_access',
        });
        expect(ownAnswer.status).toBe(200);
        expect(ownAnswer.body).not.toHaveProperty('foci');
      } finally {
        own.close();
      }
    } finally {
      client.close();
      await emulator.close();
    }
  });
});
