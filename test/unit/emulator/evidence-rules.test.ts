/**
 * The rules that follow the public evidence (tools/entra-emulator/README.md names each source), one test per rule and
 * per scenario switch, through the real MSAL and the app's transport.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import type { Emulator, ScenarioInput } from '../../../tools/entra-emulator';
import {
  ARM_DEFAULT,
  claimsOf,
  createClient,
  failureOf,
  getJson,
  GRAPH_CLI_CLIENT_ID,
  GRAPH_DEFAULT,
  METHODS_SCOPE,
  MFA_CLAIMS,
  OWN_CLIENT_ID,
  POWERSHELL_CLIENT_ID,
  probe,
  signIn,
  start,
  tenantId,
  type Client,
} from './harness';

type TenantInput = ScenarioInput['tenants'][string];
const TENANTS = 'https://management.azure.com/tenants?api-version=2022-12-01';
const GRAPH = 'https://graph.microsoft.com/v1.0';

let serial = 0;
/** A scenario with a home tenant and the given guest tenants (ids made up from the key). */
function scenario(
  tenants: Record<string, Partial<TenantInput>>,
  extra: Omit<Partial<ScenarioInput>, 'user'> & { user?: Partial<ScenarioInput['user']> } = {},
): ScenarioInput {
  serial += 1;
  const id = (n: number) => `${String(n).padStart(8, '0')}-2222-4333-8444-${String(serial).padStart(12, '0')}`;
  const { user, ...rest } = extra;
  const built: ScenarioInput['tenants'] = {
    home: { id: id(0), displayName: 'Home', defaultDomain: 'home.example', policy: { requireMfa: true } },
  };
  Object.entries(tenants).forEach(([key, tenant], index) => {
    built[key] = {
      id: id(index + 1),
      displayName: key,
      defaultDomain: `${key}.example`,
      ...(key === 'home' ? {} : { guest: {} }),
      ...tenant,
    } as TenantInput;
    if (key === 'home') built.home = { ...built.home!, ...tenant, id: id(0) } as TenantInput;
  });
  return { name: 'rules', ...rest, user: { upn: 'kim@home.example', homeTenant: 'home', ...user }, tenants: built };
}

const open: { emulators: Emulator[]; clients: Client[] } = { emulators: [], clients: [] };
afterEach(async () => {
  for (const client of open.clients.splice(0)) client.close();
  await Promise.all(open.emulators.splice(0).map((emulator) => emulator.close()));
});

async function setUp(input: ScenarioInput, clientId?: string, autoComplete = true) {
  const emulator = await start(input, { autoComplete });
  open.emulators.push(emulator);
  const client = createClient(emulator, clientId ? { clientId } : {});
  open.clients.push(client);
  return { emulator, client };
}

const policyIdsIn = (error: Record<string, any>) => {
  const challenge = JSON.parse(error.claims as string).access_token;
  const entry = challenge.capolids ?? challenge.polids;
  return entry.values ?? entry.Values;
};

describe('claims challenges name the Conditional Access policies that fired', () => {
  it('polids with values or Values behind policy.claimsStyle; the scenario may name the policy ids', async () => {
    const given = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    const { client, emulator } = await setUp(
      scenario(
        {
          lower: { policy: { requireMfa: true, claimsStyle: 'polids', policyIds: { requireMfa: given } } },
          upper: { policy: { requireMfa: true, claimsStyle: 'polidsValues' } },
        },
        { claimsOnRefresh: true },
      ),
    );
    const home = (await signIn(client)).account!;
    const lower = await failureOf(probe(client, home, 'lower'));
    expect(JSON.parse(lower.claims)).toEqual({ access_token: { polids: { essential: true, values: [given] } } });
    expect(emulator.policyId('lower')).toBe(given);
    const upper = await failureOf(probe(client, home, 'upper'));
    expect(JSON.parse(upper.claims)).toEqual({
      access_token: { polids: { essential: true, Values: [emulator.policyId('upper')] } },
    });
  });

  it('legacy per-user MFA demands MFA in the tenant without claims: 50076 (registered) / 50079 (not)', async () => {
    const { client } = await setUp(
      scenario({
        registered: {
          policy: { perUserMfa: true },
          inboundTrust: { mfa: true },
          guest: { methods: [{ type: 'microsoftAuthenticator', displayName: 'Pixel 8' }] },
        },
        fresh: { policy: { perUserMfa: true } },
      }),
    );
    const home = (await signIn(client)).account!;
    const registered = await failureOf(probe(client, home, 'registered'));
    expect([String(registered.errorNo), registered.claims]).toEqual(['50076', '']);
    const fresh = await failureOf(probe(client, home, 'fresh'));
    expect([String(fresh.errorNo), fresh.claims]).toEqual(['50079', '']);
  });

  it('errorStyle interactionRequired sends 53003 as interaction_required too', async () => {
    const { client } = await setUp(
      scenario({ closed: { policy: { blockGuests: true } } }, { errorStyle: 'interactionRequired' }),
    );
    const home = (await signIn(client)).account!;
    const error = await failureOf(probe(client, home, 'closed'));
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect([error.errorCode, String(error.errorNo), error.subError]).toEqual([
      'interaction_required',
      '53003',
      'message_only',
    ]);
  });

  it('without trust, a strength beyond MFA can answer an MFA demand with claims (policy.untrustedStrength)', async () => {
    const { client, emulator } = await setUp(
      scenario(
        {
          strict: { policy: { requireMfa: true, authStrength: 'passwordless', untrustedStrength: 'mfaRequired' } },
        },
        { claimsOnRefresh: true },
      ),
    );
    const home = (await signIn(client)).account!;
    const error = await failureOf(probe(client, home, 'strict'));
    expect(String(error.errorNo)).toBe('50079');
    expect(policyIdsIn(error)).toEqual([emulator.policyId('strict')]);
  });
});

describe('the MFA request of the home sign-in', () => {
  const noMfaHome = (extra: Omit<Partial<ScenarioInput>, 'user'> = {}) =>
    scenario(
      { home: { policy: {} }, trusting: { policy: { requireMfa: true }, inboundTrust: { mfa: true } } },
      { user: { homeMfa: 'none' }, ...extra },
    );

  it('amr_values is refused with AADSTS901002 by default: the sign-in fails as MSAL sees it', async () => {
    const { client, emulator } = await setUp(noMfaHome());
    const error = await failureOf(signIn(client, { amrValues: 'ngcmfa' }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.errorCode).toBe('invalid_request');
    expect(error.errorMessage).toContain('AADSTS901002:');
    expect(emulator.requestCount({ endpoint: 'token' })).toBe(0);
    // The same app without amr_values signs in.
    expect((await signIn(client)).account).toBeTruthy();
  });

  it('amrValues "honour" keeps the old reading: MFA at home', async () => {
    const { client } = await setUp(noMfaHome({ amrValues: 'honour' }));
    const result = await signIn(client, { amrValues: 'ngcmfa' });
    expect(claimsOf(result.accessToken).amr).toContain('mfa');
  });

  it('the claims amr request is honoured by default: MFA at home, accepted by a trusting tenant', async () => {
    const { client } = await setUp(noMfaHome());
    const result = await signIn(client, { claims: MFA_CLAIMS });
    expect(claimsOf(result.accessToken).amr).toEqual(['pwd', 'rsa', 'mfa']);
    expect(claimsOf((await probe(client, result.account!, 'trusting')).accessToken).amr).toContain('mfa');
  });

  it('homeMfaRequest "ignore": the sign-in succeeds without MFA (the app must read amr)', async () => {
    const { client } = await setUp(noMfaHome({ homeMfaRequest: 'ignore' }));
    const result = await signIn(client, { claims: MFA_CLAIMS });
    expect(claimsOf(result.accessToken).amr).toEqual(['pwd']);
    expect(String((await failureOf(probe(client, result.account!, 'trusting'))).errorNo)).toBe('50076');
  });

  it('homeMfaRequest "refuse": the authorize answer is an error (a guess: AADSTS90100); without claims it works', async () => {
    const { client } = await setUp(noMfaHome({ homeMfaRequest: 'refuse' }));
    const error = await failureOf(signIn(client, { claims: MFA_CLAIMS }));
    expect(error.errorCode).toBe('invalid_request');
    expect(error.errorMessage).toContain('AADSTS90100:');
    const fallback = await signIn(client);
    expect(claimsOf(fallback.accessToken).amr).toEqual(['pwd']);
  });

  it('a silent request carrying the MFA claims on a session without MFA needs interaction (50076)', async () => {
    const { client } = await setUp(noMfaHome());
    const home = (await signIn(client)).account!;
    const error = await failureOf(
      client.pca.acquireTokenSilent({ account: home, scopes: [ARM_DEFAULT], claims: MFA_CLAIMS }),
    );
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(String(error.errorNo)).toBe('50076');
  });
});

describe('granted scopes are keyed on the client id', () => {
  const tenants = {
    open: { guest: { methods: [{ type: 'microsoftAuthenticator' as const, displayName: 'Pixel 8' }] } },
  };

  it.each([
    ['Azure CLI', undefined],
    ['Azure PowerShell', POWERSHELL_CLIENT_ID],
  ])('%s: the fixed Graph .default set, and methods refused with 403 accessDenied', async (_name, clientId) => {
    const { client } = await setUp(scenario(tenants), clientId);
    const home = (await signIn(client)).account!;
    const token = await probe(client, home, 'open');
    const scp = claimsOf(token.accessToken).scp.split(' ');
    expect(scp).toEqual(expect.arrayContaining(['Directory.AccessAsUser.All', 'User.Read.All', 'AuditLog.Read.All']));
    expect(scp.some((scope: string) => scope.startsWith('UserAuthenticationMethod'))).toBe(false);
    const methods = await getJson(client, `${GRAPH}/me/authentication/methods`, token.accessToken);
    expect(methods.status).toBe(403);
    expect(methods.body.error).toMatchObject({ code: 'accessDenied', message: 'Request Authorization failed' });
    expect((await getJson(client, `${GRAPH}/me/sponsors`, token.accessToken)).status).toBe(200);
  });

  it.each([
    ['an own app', OWN_CLIENT_ID],
    ['Graph CLI Tools (after consent)', GRAPH_CLI_CLIENT_ID],
  ])('%s asking UserAuthenticationMethod.Read reads the methods', async (_name, clientId) => {
    const { client } = await setUp(scenario(tenants), clientId);
    const home = (await signIn(client)).account!;
    const token = await probe(client, home, 'open', [METHODS_SCOPE]);
    const methods = await getJson(client, `${GRAPH}/me/authentication/methods`, token.accessToken);
    expect(methods.status).toBe(200);
    expect(methods.body.value[0].displayName).toBe('Pixel 8');
  });
});

describe('device compliance is a property of the client path', () => {
  const devices = (user: Partial<ScenarioInput['user']>, deviceErrorCode?: 530003 | 53000) =>
    scenario(
      {
        managed: {
          policy: { requireCompliantDevice: true, ...(deviceErrorCode ? { deviceErrorCode } : {}) },
          inboundTrust: { compliantDevice: true },
        },
      },
      { user },
    );

  it('a compliant device behind a broker is admitted by a tenant trusting device compliance', async () => {
    const { client } = await setUp(devices({ deviceCompliant: true, broker: true }));
    const home = (await signIn(client)).account!;
    expect((await probe(client, home, 'managed')).tenantId).toBeTruthy();
  });

  it('the same device without a broker: 530003 on refresh, 530033 in the browser', async () => {
    const { client } = await setUp(devices({ deviceCompliant: true }), undefined, false);
    const home = (await signIn(client)).account!;
    const silent = await failureOf(probe(client, home, 'managed'));
    expect(silent).toBeInstanceOf(ServerError);
    expect([silent.errorCode, String(silent.errorNo)]).toEqual(['invalid_grant', '530003']);
    const interactive = await failureOf(signIn(client, { tenant: 'managed', scopes: [GRAPH_DEFAULT] }));
    expect(interactive.errorMessage).toContain('AADSTS530033:');
  });

  it('policy.deviceErrorCode 53000: the older answer, additional_action', async () => {
    const { client } = await setUp(devices({}, 53000));
    const home = (await signIn(client)).account!;
    const error = await failureOf(probe(client, home, 'managed'));
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect([String(error.errorNo), error.subError]).toEqual(['53000', 'additional_action']);
  });
});

describe('Security Defaults register guests but do not demand MFA on every Graph token', () => {
  const sd = (extra: Partial<TenantInput> = {}): Partial<TenantInput> => ({
    license: 'free',
    securityDefaults: true,
    ...extra,
  });
  const method = [{ type: 'microsoftAuthenticator' as const, displayName: 'Pixel 8' }];

  it('registered: a token without MFA; unregistered: 50079 without claims; with risk: 50076 without claims', async () => {
    const { client } = await setUp(
      scenario({
        registered: sd({ guest: { methods: method } }),
        fresh: sd(),
        risky: sd({ securityDefaultsRisk: true, guest: { methods: method } }),
      }),
    );
    const home = (await signIn(client)).account!;
    expect(claimsOf((await probe(client, home, 'registered')).accessToken).amr).toEqual(['pwd']);
    const fresh = await failureOf(probe(client, home, 'fresh'));
    expect([String(fresh.errorNo), fresh.claims]).toEqual(['50079', '']);
    const risky = await failureOf(probe(client, home, 'risky'));
    expect([String(risky.errorNo), risky.claims]).toEqual(['50076', '']);
  });

  it('signing in to an unregistered tenant registers the guest there, then tokens come without a prompt', async () => {
    const { client, emulator } = await setUp(scenario({ fresh: sd() }), undefined, false);
    await signIn(client);
    const result = await signIn(client, { tenant: 'fresh', scopes: [GRAPH_DEFAULT] });
    expect(client.signIns[1]!.steps).toEqual(['password', 'home-mfa', 'tenant-register']);
    expect(emulator.guestMethods('fresh')).toHaveLength(1);
    expect(result.tenantId).toBe(tenantId(emulator, 'fresh'));
    const later = createClient(emulator);
    open.clients.push(later);
    const laterHome = (await signIn(later)).account!;
    expect(claimsOf((await probe(later, laterHome, 'fresh')).accessToken).amr).toEqual(['pwd']);
  });
});

describe('authentication strengths and the home method', () => {
  const strength = (authStrength: 'passwordless' | 'phishingResistant') => ({
    policy: { requireMfa: true, authStrength },
    inboundTrust: { mfa: true },
  });

  it('Authenticator push does not meet passwordless; phone sign-in does (and Graph does not show the flag)', async () => {
    const push = await setUp(scenario({ bank: strength('passwordless') }));
    const pushHome = (await signIn(push.client)).account!;
    expect(String((await failureOf(probe(push.client, pushHome, 'bank'))).errorNo)).toBe('50076');

    const phone = await setUp(
      scenario(
        { bank: strength('passwordless') },
        { user: { homeMethods: [{ type: 'microsoftAuthenticator', displayName: 'Pixel 8', phoneSignIn: true }] } },
      ),
      OWN_CLIENT_ID,
    );
    const phoneHome = (await signIn(phone.client)).account!;
    expect(claimsOf((await probe(phone.client, phoneHome, 'bank')).accessToken).amr).toContain('mfa');
    const homeToken = await phone.client.pca.acquireTokenSilent({ account: phoneHome, scopes: [METHODS_SCOPE] });
    const methods = await getJson(phone.client, `${GRAPH}/me/authentication/methods`, homeToken.accessToken);
    expect(methods.body.value[0]).not.toHaveProperty('phoneSignIn');
  });

  it('a too-weak home method: the sign-in registers a stronger one at home when the home allows it', async () => {
    const { client, emulator } = await setUp(scenario({ bank: strength('passwordless') }), undefined, false);
    await signIn(client);
    const result = await signIn(client, { tenant: 'bank', scopes: [GRAPH_DEFAULT] });
    expect(client.signIns[1]!.steps).toEqual(['password', 'home-register', 'home-mfa']);
    expect(emulator.homeMethods()[0]!.type).toBe('fido2');
    expect(claimsOf(result.accessToken).amr).toContain('mfa');
  });

  it('phone sign-in is registered where the home allows only Authenticator', async () => {
    const { client, emulator } = await setUp(
      scenario({ bank: strength('passwordless') }, { user: { homeAllowedMethods: ['microsoftAuthenticator'] } }),
    );
    await signIn(client, { tenant: 'bank', scopes: [GRAPH_DEFAULT] });
    expect(emulator.homeMethods()[0]).toMatchObject({ type: 'microsoftAuthenticator', phoneSignIn: true });
  });

  it('refused (53003) only when the home allows no qualifying method', async () => {
    const { client } = await setUp(
      scenario(
        { bank: strength('phishingResistant') },
        { user: { homeAllowedMethods: ['microsoftAuthenticator', 'phone'] } },
      ),
    );
    const error = await failureOf(signIn(client, { tenant: 'bank', scopes: [GRAPH_DEFAULT] }));
    expect(error.errorCode).toBe('access_denied');
    expect(error.errorMessage).toContain('AADSTS53003:');
  });
});

describe('Graph for a guest: organisation and sponsors', () => {
  it('/organization without an organisation-wide permission: id, displayName, verifiedDomains; collections empty, never null', async () => {
    const contacts = { technicalNotificationMails: ['it@open.example'] };
    const { client } = await setUp(
      scenario({ closed: { contacts }, open: { contacts: { ...contacts, readableByGuests: true } } }),
    );
    const home = (await signIn(client)).account!;
    const read = async (key: string) =>
      (await getJson(client, `${GRAPH}/organization`, (await probe(client, home, key)).accessToken)).body.value[0];
    const closed = await read('closed');
    // The Azure CLI token has Directory.AccessAsUser.All, not Organization.Read.All: the reduced view.
    expect(closed.technicalNotificationMails).toEqual([]);
    expect(closed.businessPhones).toEqual([]);
    expect(closed.countryLetterCode).toBeNull();
    expect(closed.verifiedDomains.length).toBeGreaterThan(0);
    expect((await read('open')).technicalNotificationMails).toEqual(['it@open.example']);
  });

  it('sponsors: the inviter by default, groups without mail unless mail-enabled, unreadable objects as id only', async () => {
    const { client } = await setUp(
      scenario({
        invited: { guest: { invitedBy: { displayName: 'Megan Bowen', mail: 'megan@invited.example' } } },
        mixed: {
          guest: {
            sponsors: [
              { type: 'group', displayName: 'Partner desk' },
              { type: 'group', displayName: 'Partner mail', mail: 'partners@mixed.example' },
              { type: 'unreadable', id: 'b0b0b0b0-1111-4222-8333-444455556666' },
            ],
          },
        },
      }),
    );
    const home = (await signIn(client)).account!;
    const sponsorsOf = async (key: string, select = '') =>
      (await getJson(client, `${GRAPH}/me/sponsors${select}`, (await probe(client, home, key)).accessToken)).body.value;
    expect(await sponsorsOf('invited')).toEqual([
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.user',
        displayName: 'Megan Bowen',
        mail: 'megan@invited.example',
      }),
    ]);
    const mixed = await sponsorsOf('mixed', '?$select=displayName,mail,userPrincipalName');
    expect(mixed).toEqual([
      { '@odata.type': '#microsoft.graph.group', id: expect.any(String), displayName: 'Partner desk', mail: null },
      {
        '@odata.type': '#microsoft.graph.group',
        id: expect.any(String),
        displayName: 'Partner mail',
        mail: 'partners@mixed.example',
      },
      { '@odata.type': '#microsoft.graph.directoryObject', id: 'b0b0b0b0-1111-4222-8333-444455556666' },
    ]);
  });
});

describe('Azure Resource Manager', () => {
  it('mandatory MFA: a token without MFA gets 401 with a claims challenge; a sign-in with those claims lists', async () => {
    const { client } = await setUp(
      scenario({ home: { policy: {} }, guest1: {} }, { user: { homeMfa: 'none' }, arm: { mandatoryMfa: true } }),
    );
    const first = await signIn(client);
    const refused = await getJson(client, TENANTS, first.accessToken);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('InvalidAuthenticationToken');
    const header = refused.headers['www-authenticate']!;
    expect(header).toMatch(
      /^Bearer realm="", authorization_uri="https:\/\/login\.microsoftonline\.com\/common\/oauth2\/authorize", error="insufficient_claims", claims="[A-Za-z0-9+/=]+"$/,
    );
    const claims = Buffer.from(/claims="([^"]+)"/.exec(header)![1]!, 'base64').toString('utf8');
    expect(JSON.parse(claims)).toEqual({ access_token: { acrs: { essential: true, values: ['p1'] } } });

    const again = await signIn(client, { claims });
    const token = claimsOf(again.accessToken);
    expect(token.amr).toContain('mfa');
    expect(token.acrs).toEqual(['p1']);
    const listed = await getJson(client, TENANTS, again.accessToken);
    expect(listed.status).toBe(200);
    expect(listed.body.value).toHaveLength(2);
  });

  it('pending invitations are listed only behind arm.listPendingGuests', async () => {
    const tenants = { waiting: { guest: { state: 'pendingRedemption' as const } }, member: {} };
    for (const listPendingGuests of [false, true]) {
      const { client, emulator } = await setUp(scenario(tenants, { arm: { listPendingGuests } }));
      const result = await signIn(client);
      const ids = (await getJson(client, TENANTS, result.accessToken)).body.value.map(
        (t: { tenantId: string }) => t.tenantId,
      );
      expect(ids.includes(tenantId(emulator, 'waiting'))).toBe(listPendingGuests);
      expect(ids).toContain(tenantId(emulator, 'member'));
    }
  });
});
