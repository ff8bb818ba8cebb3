/**
 * Several home users in one scenario (`users[]`, per-user `guests`), with the real MSAL against the emulator:
 * the file format and its refusals, which account a sign-in is (login_hint, the default user, "Pick an account"
 * and `prompt=select_account`), and that refresh tokens, ARM listings, Graph answers and tokens are each the
 * signed-in account's own — also with both accounts in one MSAL cache, where removing one leaves the other.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerError } from '@azure/msal-node';
import {
  loadScenario,
  parseScenario,
  ScenarioError,
  scenarioUsers,
  type Emulator,
  type ScenarioInput,
} from '../../../tools/entra-emulator';
import {
  ARM_DEFAULT,
  CLIENT_ID,
  claimsOf,
  createClient,
  failureOf,
  getJson,
  GRAPH_DEFAULT,
  LOGIN,
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

const ADELE = 'adele@contoso.example';
const ALEX = 'alex@fourthcoffee.example';
const TENANTS = 'https://management.azure.com/tenants?api-version=2022-12-01';
const SPONSORS = 'https://graph.microsoft.com/v1.0/me/sponsors';
const METHODS = 'https://graph.microsoft.com/v1.0/me/authentication/methods';

const open: { emulators: Emulator[]; clients: Client[] } = { emulators: [], clients: [] };

async function emulatorFor(autoComplete = true, scenario: ScenarioInput | string = scenarioFile('two-users.json')) {
  const emulator = await start(scenario, { autoComplete });
  open.emulators.push(emulator);
  return emulator;
}

function clientOf(emulator: Emulator, clientId?: string): Client {
  const client = createClient(emulator, clientId ? { clientId } : {});
  open.clients.push(client);
  return client;
}

afterEach(async () => {
  for (const client of open.clients.splice(0)) client.close();
  await Promise.all(open.emulators.splice(0).map((emulator) => emulator.close()));
});

function pageOf(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      })
      .on('error', reject);
  });
}

function authorizeUrl(emulator: Emulator, segment: string, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    response_mode: 'form_post',
    redirect_uri: 'http://localhost:1/',
    scope: `${ARM_DEFAULT} openid profile offline_access`,
    state: 'xyz',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    ...extra,
  });
  return `${emulator.httpUrl}/${segment}/oauth2/v2.0/authorize?${query.toString()}`;
}

/** The tenant ids ARM lists for a home token, in the scenario's order. */
async function listed(client: Client, armToken: string): Promise<string[]> {
  const answer = await getJson(client, TENANTS, armToken);
  expect(answer.status).toBe(200);
  return (answer.body.value as { tenantId: string }[]).map((tenant) => tenant.tenantId);
}

function minimalUsers(): ScenarioInput {
  return {
    name: 'users',
    users: [
      { upn: 'kim@home.example', homeTenant: 'home' },
      { upn: 'lee@other.example', homeTenant: 'other' },
    ],
    tenants: {
      home: { id: '11111111-2222-4333-8444-555555555555', displayName: 'Home', defaultDomain: 'home.example' },
      other: { id: '31111111-2222-4333-8444-555555555555', displayName: 'Other', defaultDomain: 'other.example' },
      partner: {
        id: '21111111-2222-4333-8444-555555555555',
        displayName: 'Partner',
        defaultDomain: 'partner.example',
        guests: { 'kim@home.example': {}, 'LEE@other.example': { state: 'removed' } },
      },
    },
  };
}

function problemFor(edit: (scenario: any) => void): string {
  const scenario = minimalUsers();
  edit(scenario);
  try {
    parseScenario(scenario, 'users.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error('the scenario was accepted');
}

describe('the users[] format', () => {
  it('keeps each guest object under its user, upns matched case-insensitively, and parses to itself', async () => {
    const scenario = parseScenario(minimalUsers());
    expect(scenario.user).toBeUndefined();
    expect(scenarioUsers(scenario).map((user) => [user.upn, user.displayName, user.homeTenant])).toEqual([
      ['kim@home.example', 'kim@home.example', 'home'],
      ['lee@other.example', 'lee@other.example', 'other'],
    ]);
    // The key is re-spelt as users[] spells it; defaults (sponsor: a generated inviter) are filled per guest.
    expect(Object.keys(scenario.tenants.partner!.guests!)).toEqual(['kim@home.example', 'lee@other.example']);
    expect(scenario.tenants.partner!.guests!['lee@other.example']).toMatchObject({ state: 'removed', methods: [] });
    expect(scenario.tenants.partner!.guests!['kim@home.example']!.sponsors).toHaveLength(1);
    expect(scenario.tenants.home).not.toHaveProperty('guests');
    expect(parseScenario(scenario)).toEqual(scenario);
    const committed = await loadScenario(scenarioFile('two-users.json'));
    expect(scenarioUsers(committed).map((user) => user.upn)).toEqual([ADELE, ALEX]);
  });

  it.each([
    ['both user and users', (s: any) => (s.user = { upn: 'x@y', homeTenant: 'home' }), 'users: give either user'],
    ['neither', (s: any) => delete s.users, 'user: required (or users: [...] for several home users)'],
    ['two users with one upn', (s: any) => (s.users[1].upn = 'KIM@home.example'), 'users.1.upn: same upn as users.0'],
    [
      'a home tenant that is not a tenant',
      (s: any) => (s.users[1].homeTenant = 'nowhere'),
      'users.1.homeTenant: "nowhere" is not a key of tenants',
    ],
    [
      'a single guest object',
      (s: any) => (s.tenants.partner.guest = {}),
      'tenants.partner.guest: with users[], say whose guest object this is',
    ],
    [
      'a guest object of nobody',
      (s: any) => (s.tenants.partner.guests['kim@elsewhere.example'] = {}),
      'tenants.partner.guests.kim@elsewhere.example: not the upn of any of users',
    ],
    [
      "a guest object in the user's own home",
      (s: any) => (s.tenants.home.guests = { 'kim@home.example': {} }),
      "tenants.home.guests.kim@home.example: this is that user's home tenant",
    ],
    [
      'a partner tenant that says nothing of its guests',
      (s: any) => delete s.tenants.partner.guests,
      'tenants.partner.guests: required: the users who are guests here',
    ],
    [
      'a tenants fault on a partner',
      (s: any) => (s.tenants.partner.faults = [{ endpoint: 'tenants', status: 503 }]),
      'tenants.partner.faults.0.endpoint: "tenants" faults belong on a home tenant',
    ],
  ])('refuses %s', (_label, edit, expected) => {
    expect(problemFor(edit)).toContain(expected);
  });

  it('refuses guests in a single-user scenario', () => {
    expect(() =>
      parseScenario(
        {
          name: 'one',
          user: { upn: 'kim@home.example', homeTenant: 'home' },
          tenants: {
            home: { id: '11111111-2222-4333-8444-555555555555', displayName: 'Home', defaultDomain: 'home.example' },
            partner: {
              id: '21111111-2222-4333-8444-555555555555',
              displayName: 'Partner',
              defaultDomain: 'partner.example',
              guests: { 'kim@home.example': {} },
            },
          },
        },
        'one.json',
      ),
    ).toThrow('one.json: tenants.partner.guests: guests goes with users[]; with one user write guest');
  });
});

describe('which account signs in', () => {
  it('auto mode: the default user without a hint, the hinted user with one, AADSTS50034 for a stranger', async () => {
    const emulator = await emulatorFor();
    const first = await signIn(clientOf(emulator));
    expect(first.account?.username).toBe(ADELE);
    expect(first.tenantId).toBe(tenantId(emulator, 'contoso'));

    const second = await signIn(clientOf(emulator), { loginHint: 'Alex@FourthCoffee.example' });
    expect(second.account?.username).toBe(ALEX);
    // `organizations` resolves to the signing-in user's home: the code is redeemed there, the token is from there.
    expect(second.tenantId).toBe(tenantId(emulator, 'fourthcoffee'));
    expect(claimsOf(second.accessToken)).toMatchObject({ tid: tenantId(emulator, 'fourthcoffee'), upn: ALEX });

    const stranger = await failureOf(signIn(clientOf(emulator), { loginHint: 'nobody@contoso.example' }));
    expect(stranger).toBeInstanceOf(ServerError);
    expect(stranger.errorCode).toBe('access_denied');
    expect(stranger.errorMessage).toContain('AADSTS50034');
    expect(stranger.errorMessage).toContain('nobody@contoso.example');
  });

  it('the headless browser told an account signs in as that account, also under prompt=select_account', async () => {
    const emulator = await emulatorFor();
    const client = clientOf(emulator);
    const result = await signIn(client, { account: ALEX, prompt: 'select_account' });
    expect(result.account?.username).toBe(ALEX);
  });

  it('pages: "Pick an account" lists every user when no account is named or select_account asks', async () => {
    const emulator = await emulatorFor(false);
    for (const extra of [{}, { prompt: 'select_account', login_hint: ALEX }] as Record<string, string>[]) {
      const page = await pageOf(authorizeUrl(emulator, 'organizations', extra));
      expect(page.status).toBe(200);
      expect(page.body).toContain('<h1>Pick an account</h1>');
      expect(page.body).toContain(`<button type="submit" name="account" value="${ADELE}"><bdi>Adele Vance</bdi>`);
      expect(page.body).toContain(`<button type="submit" name="account" value="${ALEX}"><bdi>Alex Wilber</bdi>`);
    }
    // A known hint without select_account goes straight to that account's password page.
    const hinted = await pageOf(authorizeUrl(emulator, 'organizations', { login_hint: ALEX }));
    expect(hinted.body).toContain('<h1>Sign in</h1>');
    expect(hinted.body).toContain(`value="${ALEX}" readonly`);
    expect(hinted.body).toContain('<bdi>Fourth Coffee</bdi>');
  });

  it('pages: the headless browser picks its account and MSAL gets that account from its home', async () => {
    const emulator = await emulatorFor(false);
    const client = clientOf(emulator);
    const alex = await signIn(client, { account: ALEX, prompt: 'select_account' });
    expect(client.signIns[0]).toMatchObject({ picked: ALEX, steps: ['account', 'password', 'home-mfa'] });
    expect(alex.account).toMatchObject({ username: ALEX, tenantId: tenantId(emulator, 'fourthcoffee') });
    // Not told: the first account offered, as a person who takes the top one.
    const adele = await signIn(clientOf(emulator), { prompt: 'select_account' });
    expect(adele.account?.username).toBe(ADELE);
  });

  it('a single-user scenario never shows the account page', async () => {
    const emulator = await emulatorFor(false, scenarioFile('seed-blog.json'));
    const page = await pageOf(authorizeUrl(emulator, 'organizations', { prompt: 'select_account' }));
    expect(page.body).toContain('<h1>Sign in</h1>');
    expect(page.body).not.toContain('Pick an account');
  });
});

describe('each account is its own', () => {
  it('lists its own tenants, redeems only its own refresh token and meets its own guest object', async () => {
    const emulator = await emulatorFor();
    const adeleClient = clientOf(emulator);
    const alexClient = clientOf(emulator);
    const adele = await signIn(adeleClient);
    const alex = await signIn(alexClient, { account: ALEX });
    const id = (key: string) => tenantId(emulator, key);

    // ARM: each home token lists that account's home and the tenants where it is a guest (not removed).
    expect(await listed(adeleClient, adele.accessToken)).toEqual(
      ['contoso', 'fabrikam', 'northwind', 'tailspin', 'wingtip'].map(id),
    );
    expect(await listed(alexClient, alex.accessToken)).toEqual(
      ['contoso', 'fourthcoffee', 'fabrikam', 'northwind', 'litware'].map(id),
    );

    // A shared partner answers each by their own guest object: Adele has an entry in Northwind, Alex none.
    const adeleNorthwind = await failureOf(probe(adeleClient, adele.account!, 'northwind'));
    expect(adeleNorthwind.errorMessage).toContain('AADSTS50076');
    const alexNorthwind = await failureOf(probe(alexClient, alex.account!, 'northwind'));
    expect(alexNorthwind.errorMessage).toContain('AADSTS50079');
    // Fabrikam trusts both homes' MFA: a token for each, naming that account.
    const adeleFabrikam = await probe(adeleClient, adele.account!, 'fabrikam');
    const alexFabrikam = await probe(alexClient, alex.account!, 'fabrikam');
    expect(claimsOf(adeleFabrikam.accessToken)).toMatchObject({ unique_name: ADELE, tid: id('fabrikam') });
    expect(claimsOf(alexFabrikam.accessToken)).toMatchObject({ unique_name: ALEX, tid: id('fabrikam') });
    expect(claimsOf(adeleFabrikam.accessToken).oid).not.toBe(claimsOf(alexFabrikam.accessToken).oid);
    // Where an account was never invited, there is no account to sign in with (50020); Alex's own home says the
    // same to Adele's session, and Adele's home lets Alex in as a guest (registration, no trust).
    expect((await failureOf(probe(alexClient, alex.account!, 'tailspin'))).errorMessage).toContain('AADSTS50020');
    expect((await failureOf(probe(adeleClient, adele.account!, 'fourthcoffee'))).errorMessage).toContain('AADSTS50020');
    expect((await failureOf(probe(alexClient, alex.account!, 'contoso'))).errorMessage).toContain('AADSTS50079');
    expect((await failureOf(probe(alexClient, alex.account!, 'wingtip'))).errorMessage).toContain('AADSTS50020');

    // A refresh token belongs to its session and so to one user: redeemed at `organizations`, Alex's gives a
    // token of Alex's home, for Alex.
    const alexRefresh = refreshTokenOf(alexClient);
    const redeemed = await postForm(alexClient, `${LOGIN}/organizations/oauth2/v2.0/token`, {
      client_id: CLIENT_ID,
      grant_type: 'refresh_token',
      refresh_token: alexRefresh,
      scope: `${ARM_DEFAULT} openid offline_access`,
    });
    expect(redeemed.status).toBe(200);
    expect(claimsOf(redeemed.body.access_token)).toMatchObject({ upn: ALEX, tid: id('fourthcoffee') });
  });

  it('Graph answers each account with its own sponsors and home methods, and the organisation by its scopes', async () => {
    const emulator = await emulatorFor();
    const adeleClient = clientOf(emulator, OWN_CLIENT_ID);
    const alexClient = clientOf(emulator, OWN_CLIENT_ID);
    const scopes = [
      'https://graph.microsoft.com/User.Read',
      'https://graph.microsoft.com/UserAuthenticationMethod.Read',
    ];
    const adele = await signIn(adeleClient, { scopes });
    const alex = await signIn(alexClient, { scopes, account: ALEX });
    const adeleToken = (await probe(adeleClient, adele.account!, 'fabrikam', scopes)).accessToken;
    const alexToken = (await probe(alexClient, alex.account!, 'fabrikam', scopes)).accessToken;
    const sponsorsOf = async (client: Client, token: string) =>
      ((await getJson(client, SPONSORS, token)).body.value as { displayName: string }[]).map((s) => s.displayName);
    expect(await sponsorsOf(adeleClient, adeleToken)).toEqual(['Megan Bowen']);
    expect(await sponsorsOf(alexClient, alexToken)).toEqual(['Diego Siciliani']);
    // Home methods: each account's own phone.
    const homeMethods = async (client: Client, token: string) =>
      ((await getJson(client, METHODS, token)).body.value as { displayName: string }[]).map((m) => m.displayName);
    const adeleAtHome = (await probe(adeleClient, adele.account!, 'contoso', scopes)).accessToken;
    const alexAtHome = (await probe(alexClient, alex.account!, 'fourthcoffee', scopes)).accessToken;
    expect(await homeMethods(adeleClient, adeleAtHome)).toEqual(['iPhone 15']);
    expect(await homeMethods(alexClient, alexAtHome)).toEqual(['Pixel 8']);
    // Contoso is Adele's home, but her token has User.Read only: id, name and domains, as for any such token
    // (organization-get.md keys the view on the permission, not on guest status); collections are empty.
    const organization = async (client: Client, token: string) =>
      (await getJson(client, 'https://graph.microsoft.com/v1.0/organization', token)).body.value[0];
    const home = await organization(adeleClient, adeleAtHome);
    expect(home.technicalNotificationMails).toEqual([]);
    expect(home.displayName).toBe('Contoso');
    const alexInContoso = await failureOf(probe(alexClient, alex.account!, 'contoso', scopes));
    expect(alexInContoso.errorMessage).toContain('AADSTS50079');
  });

  it('registering in a shared partner changes only the account that registered', async () => {
    const emulator = await emulatorFor(false);
    const alexClient = clientOf(emulator);
    await signIn(alexClient, { tenant: 'northwind', scopes: [GRAPH_DEFAULT], account: ALEX });
    expect(alexClient.signIns[0]!.steps).toContain('tenant-register');
    expect(emulator.guestMethods('northwind', ALEX)).toHaveLength(1);
    expect(emulator.guestMethods('northwind', ADELE)).toHaveLength(1);
    expect(emulator.guestMethods('northwind')).toEqual(emulator.guestMethods('northwind', ADELE));
    expect(emulator.homeMethods(ALEX)).toEqual([expect.objectContaining({ displayName: 'Pixel 8' })]);
    expect(() => emulator.guestMethods('tailspin', ALEX)).toThrow('alex@fourthcoffee.example has no guest object');
  });

  it('two accounts in one MSAL cache: removing one keeps the other signed in and its refresh token working', async () => {
    const emulator = await emulatorFor();
    const client = clientOf(emulator);
    await signIn(client);
    await signIn(client, { account: ALEX });
    const cache = client.pca.getTokenCache();
    const homes = (await cache.getAllAccounts()).filter((a) => a.tenantId === a.homeAccountId.split('.')[1]);
    expect(homes.map((a) => a.username).sort()).toEqual([ADELE, ALEX]);
    const adele = homes.find((a) => a.username === ADELE)!;
    const alex = homes.find((a) => a.username === ALEX)!;
    expect(refreshTokenOf(client, adele.homeAccountId)).not.toBe(refreshTokenOf(client, alex.homeAccountId));

    await cache.removeAccount(adele);
    expect((await cache.getAllAccounts()).map((a) => a.username)).toEqual([ALEX]);
    const refreshed = await client.pca.acquireTokenSilent({
      account: alex,
      scopes: [ARM_DEFAULT],
      forceRefresh: true,
    });
    expect(claimsOf(refreshed.accessToken)).toMatchObject({ upn: ALEX });
    expect(await listed(client, refreshed.accessToken)).toContain(tenantId(emulator, 'litware'));
  });
});
