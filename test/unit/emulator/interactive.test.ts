/**
 * Interactive sign-in through the emulator's pages (autoComplete off), driven by the headless browser the
 * way a person would click through them, with the real MSAL `acquireTokenInteractive` waiting on its loopback
 * server: "Sign in to this tenant" (MFA, registration, redemption), refusals, the MFA request, home registration,
 * and the pages themselves (headings, button names, escaping of hostile scenario strings).
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import type { Emulator, ScenarioInput } from '../../../tools/entra-emulator';
import {
  CLIENT_ID,
  claimsOf,
  createClient,
  failureOf,
  GRAPH_DEFAULT,
  LOGIN,
  MFA_CLAIMS,
  OWN_CLIENT_ID,
  probe,
  scenarioFile,
  signIn,
  start,
  tenantId,
  type Client,
} from './harness';

const open: { emulators: Emulator[]; clients: Client[] } = { emulators: [], clients: [] };

async function pagesOf(scenario: ScenarioInput | string): Promise<Emulator> {
  const emulator = await start(scenario, { autoComplete: false });
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

/** GETs a page from the emulator's plain-HTTP listener, as a browser would. */
function fetchPage(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      })
      .on('error', reject);
  });
}

function authorizeUrl(emulator: Emulator, tenantSegment: string, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    response_mode: 'form_post',
    redirect_uri: 'http://localhost:1/',
    scope: `${GRAPH_DEFAULT} openid profile offline_access`,
    state: 'xyz',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    ...extra,
  });
  return `${emulator.httpUrl}/${tenantSegment}/oauth2/v2.0/authorize?${query.toString()}`;
}

describe('home sign-in through the pages', () => {
  it('password, then MFA on the default home method; the home token carries MFA', async () => {
    const emulator = await pagesOf(scenarioFile('seed-blog.json'));
    const client = clientOf(emulator);
    const result = await signIn(client);
    expect(client.signIns[0]!.steps).toEqual(['password', 'home-mfa']);
    expect(client.signIns[0]!.redirectStatus).toBe(200);
    expect(client.signIns[0]!.posted.state).toBeTruthy();
    expect(claimsOf(result.accessToken).amr).toEqual(['pwd', 'rsa', 'mfa']);
  });

  it('the claims MFA request on a home without methods: registers one at home first, then does MFA', async () => {
    const emulator = await pagesOf(scenarioFile('home-security-defaults.json'));
    const client = clientOf(emulator);
    expect(emulator.homeMethods()).toEqual([]);
    const result = await signIn(client, { claims: MFA_CLAIMS });
    expect(client.signIns[0]!.steps).toEqual(['password', 'home-register', 'home-mfa']);
    expect(emulator.homeMethods()).toHaveLength(1);
    expect(emulator.homeMethods()[0]!.type).toBe('microsoftAuthenticator');
    expect(claimsOf(result.accessToken).amr).toContain('mfa');
    // The MFA session is accepted by a trusting tenant.
    expect(claimsOf((await probe(client, result.account!, 'fabrikam')).accessToken).amr).toContain('mfa');
  });

  it('without an MFA request the same home gives a session without MFA: no MFA page at all', async () => {
    const emulator = await pagesOf(scenarioFile('home-security-defaults.json'));
    const client = clientOf(emulator);
    const result = await signIn(client);
    expect(client.signIns[0]!.steps).toEqual(['password']);
    expect(claimsOf(result.accessToken).amr).toEqual(['pwd']);
  });
});

describe('"Sign in to this tenant"', () => {
  it('MFA in T where the guest has an Authenticator: a token of T with mfa; a forced refresh in T keeps working', async () => {
    const emulator = await pagesOf(scenarioFile('seed-blog.json'));
    const client = clientOf(emulator);
    const home = (await signIn(client)).account!;
    expect(String((await failureOf(probe(client, home, 'northwind'))).errorNo)).toBe('50076');

    const result = await signIn(client, { tenant: 'northwind', scopes: [GRAPH_DEFAULT] });
    expect(client.signIns[1]!.steps).toEqual(['password', 'home-mfa', 'tenant-mfa']);
    expect(result.tenantId).toBe(tenantId(emulator, 'northwind'));
    expect(claimsOf(result.accessToken).amr).toContain('mfa');
    const again = await probe(client, result.account!, 'northwind', [GRAPH_DEFAULT], { forceRefresh: true });
    expect(claimsOf(again.accessToken).tid).toBe(tenantId(emulator, 'northwind'));
  });

  it('registration in T adds the method for the rest of the run: a later session gets 50076 instead of 50079', async () => {
    const emulator = await pagesOf(scenarioFile('seed-blog.json'));
    const client = clientOf(emulator);
    const home = (await signIn(client)).account!;
    expect(String((await failureOf(probe(client, home, 'tailspin'))).errorNo)).toBe('50079');
    expect(emulator.guestMethods('tailspin')).toEqual([]);

    await signIn(client, { tenant: 'tailspin', scopes: [GRAPH_DEFAULT] });
    expect(client.signIns[1]!.steps).toEqual(['password', 'home-mfa', 'tenant-register']);
    const methods = emulator.guestMethods('tailspin');
    expect(methods).toHaveLength(1);
    expect(methods[0]).toMatchObject({ type: 'microsoftAuthenticator', displayName: 'iPhone 15' });

    const later = clientOf(emulator);
    const laterHome = (await signIn(later)).account!;
    const error = await failureOf(probe(later, laterHome, 'tailspin'));
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(String(error.errorNo)).toBe('50076');
  });

  it('redeems a pending invitation: terms page, then the guest is active and probes succeed', async () => {
    const emulator = await pagesOf(scenarioFile('seed-blog.json'));
    const client = clientOf(emulator);
    const home = (await signIn(client)).account!;
    expect(String((await failureOf(probe(client, home, 'alpineski'))).errorNo)).toBe('50014');

    const result = await signIn(client, { tenant: 'alpineski', scopes: [GRAPH_DEFAULT] });
    expect(client.signIns[1]!.steps).toEqual(['password', 'terms', 'home-mfa']);
    expect(emulator.guestState('alpineski')).toBe('active');
    expect(claimsOf(result.accessToken).tid).toBe(tenantId(emulator, 'alpineski'));
    const later = clientOf(emulator);
    const laterHome = (await signIn(later)).account!;
    expect(claimsOf((await probe(later, laterHome, 'alpineski')).accessToken).amr).toContain('mfa');
  });

  it('a trusting tenant with a home session without MFA: MFA is done at home during the sign-in to T', async () => {
    const emulator = await pagesOf(scenarioFile('home-no-mfa.json'));
    const client = clientOf(emulator);
    const home = (await signIn(client)).account!;
    expect(client.signIns[0]!.steps).toEqual(['password']);
    expect(String((await failureOf(probe(client, home, 'fabrikam'))).errorNo)).toBe('50076');
    const result = await signIn(client, { tenant: 'fabrikam', scopes: [GRAPH_DEFAULT] });
    expect(client.signIns[1]!.steps).toEqual(['password', 'home-mfa']);
    expect(claimsOf(result.accessToken).amr).toEqual(['pwd', 'rsa', 'mfa']);
  });

  it('a strength challenge is met with a stronger home method when the user has one', async () => {
    const scenario: ScenarioInput = {
      name: 'step-up',
      user: {
        upn: 'kim@home.example',
        homeTenant: 'home',
        homeMethods: [
          { type: 'microsoftAuthenticator', displayName: 'Pixel 8' },
          { type: 'fido2', displayName: 'YubiKey 5C NFC', model: 'YubiKey 5 Series' },
        ],
      },
      tenants: {
        home: { id: '11111111-2222-4333-8444-555555555551', displayName: 'Home', defaultDomain: 'home.example' },
        bank: {
          id: '21111111-2222-4333-8444-555555555551',
          displayName: 'Bank',
          defaultDomain: 'bank.example',
          policy: { requireMfa: true, authStrength: 'phishingResistant' },
          inboundTrust: { mfa: true },
          guest: {},
        },
      },
    };
    const emulator = await pagesOf(scenario);
    const client = clientOf(emulator);
    const home = (await signIn(client)).account!;
    const challenge = await failureOf(probe(client, home, 'bank'));
    expect(String(challenge.errorNo)).toBe('50076');
    const result = await signIn(client, { tenant: 'bank', scopes: [GRAPH_DEFAULT], claims: challenge.claims });
    expect(claimsOf(result.accessToken).amr).toEqual(['pwd', 'fido', 'mfa']);
  });

  it.each([
    ['lucerne', '53003', 'message_only'],
    ['adatum', '530033', undefined],
    ['coho', '50020', undefined],
    ['litware', '53003', 'message_only'],
  ])('refuses where the model blocks (%s): the error reaches MSAL as AADSTS%s', async (key, code, subError) => {
    const emulator = await pagesOf(scenarioFile('seed-blog.json'));
    const client = clientOf(emulator);
    const error = await failureOf(signIn(client, { tenant: key, scopes: [GRAPH_DEFAULT] }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.errorCode).toBe('access_denied');
    expect(error.errorMessage).toContain(`AADSTS${code}:`);
    expect(error.subError || undefined).toBe(subError);
    expect(client.signIns[0]!.posted.error).toBe('access_denied');
  });

  it('with autoComplete the refusal is posted back at once, without a page to read', async () => {
    const emulator = await start(scenarioFile('seed-blog.json'));
    open.emulators.push(emulator);
    const client = clientOf(emulator);
    const error = await failureOf(signIn(client, { tenant: 'coho', scopes: [GRAPH_DEFAULT] }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.errorMessage).toContain('AADSTS50020:');
    expect(client.signIns[0]!.steps).toEqual([]);
  });

  it('woodgrove (phishing-resistant strength, trust): the sign-in registers a passkey at home, then uses it', async () => {
    const emulator = await pagesOf(scenarioFile('seed-blog.json'));
    const client = clientOf(emulator);
    const home = (await signIn(client)).account!;
    expect(String((await failureOf(probe(client, home, 'woodgrove'))).errorNo)).toBe('50076');
    const result = await signIn(client, { tenant: 'woodgrove', scopes: [GRAPH_DEFAULT] });
    expect(client.signIns[1]!.steps).toEqual(['password', 'home-register', 'home-mfa']);
    expect(emulator.homeMethods()[0]).toMatchObject({ type: 'fido2', displayName: 'Passkey' });
    expect(claimsOf(result.accessToken).amr).toEqual(['pwd', 'fido', 'mfa']);
  });

  it('refuses a named methods scope where consent is admin-only (own app: 90094; Azure CLI: 65002)', async () => {
    const emulator = await pagesOf(scenarioFile('seed-blog.json'));
    const cli = clientOf(emulator);
    const notPreauthorised = await failureOf(
      signIn(cli, { tenant: 'relecloud', scopes: ['https://graph.microsoft.com/UserAuthenticationMethod.Read'] }),
    );
    expect(notPreauthorised.errorMessage).toContain('AADSTS65002:');
    const client = clientOf(emulator, OWN_CLIENT_ID);
    const error = await failureOf(
      signIn(client, { tenant: 'relecloud', scopes: ['https://graph.microsoft.com/UserAuthenticationMethod.Read'] }),
    );
    expect(error.errorMessage).toContain('AADSTS90094:');
  });
});

describe('the pages', () => {
  it('have one h1, labelled fields and named buttons, and keep hostile strings inert', async () => {
    const emulator = await pagesOf(scenarioFile('hostile.json'));
    const signInPage = await fetchPage(authorizeUrl(emulator, tenantId(emulator, 'markup')));
    expect(signInPage.status).toBe(200);
    expect(signInPage.headers['content-type']).toContain('text/html');
    expect(signInPage.headers['content-security-policy']).toContain("default-src 'none'");
    expect(signInPage.body.match(/<h1>/g)).toHaveLength(1);
    expect(signInPage.body).toContain('<label for="password">Password</label>');
    expect(signInPage.body).toContain('<button type="submit">Sign in</button>');
    expect(signInPage.body).toContain('value="adele@contoso.example"');
    expect(signInPage.body).not.toContain('<script>alert');
    expect(signInPage.body).not.toContain('<img src=x');
    expect(signInPage.body).toContain(
      '&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;',
    );

    const rtl = await fetchPage(authorizeUrl(emulator, 'rtl.example'));
    expect(rtl.body).toContain('<bdi>Safe Bank \u202egnp.exe\u202c Ltd</bdi>');
    const long = await fetchPage(authorizeUrl(emulator, 'long.example'));
    expect(long.body).toContain('Very Long Subsidiary Name Very Long');
  });

  it('shows the MFA and refusal pages with escaped names, CR/LF kept out of markup', async () => {
    const emulator = await pagesOf(scenarioFile('hostile.json'));
    const client = clientOf(emulator);
    const home = (await signIn(client)).account!;
    expect(home.tenantId).toBe(tenantId(emulator, 'contoso'));

    // Walk the crlf tenant's pages by hand to see the MFA prompt with the hostile device name.
    const first = await fetchPage(authorizeUrl(emulator, tenantId(emulator, 'crlf')));
    const flow = /name="flow" value="([^"]+)"/.exec(first.body)![1]!;
    const post = (fields: Record<string, string>) =>
      new Promise<string>((resolve, reject) => {
        const body = new URLSearchParams(fields).toString();
        const request = http.request(
          `${emulator.httpUrl}/_emulator/flow`,
          { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => resolve(Buffer.concat(chunks).toString()));
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    const homeMfa = await post({ flow, step: 'password', password: 'x' });
    expect(homeMfa).toContain('<h1>Approve sign in request</h1>');
    expect(homeMfa).toContain('<button type="submit">Approve</button>');
    const tenantMfa = await post({ flow, step: 'home-mfa' });
    expect(tenantMfa).toContain(
      'Approve the sign-in request in Microsoft Authenticator on <bdi>Phone\r\nBcc: device@evil.example</bdi>',
    );
    expect(tenantMfa).toContain('<bdi>Evil Corp\r\nBcc: everyone@evil.example\r\nSubject: urgent</bdi>');

    const refused = await fetchPage(authorizeUrl(emulator, 'quotes.example'));
    const flowId = /name="flow" value="([^"]+)"/.exec(refused.body)![1]!;
    const refusal = await post({ flow: flowId, step: 'password', password: 'x' });
    expect(refusal).toContain("<h1>You can't get there from here</h1>");
    expect(refusal).toContain('&quot;Quoted&quot; &amp; &#39;Apostrophe&#39; Ltd&#39;); DROP TABLE tenants;--');
    expect(refusal).toContain('<button type="submit">Return to the application</button>');
    expect(refusal).toContain('action="http://localhost:1/"');
    expect(refusal).toContain('name="error" value="access_denied"');
  });

  it('registration and terms pages name the organisation and use the buttons a person expects', async () => {
    const emulator = await pagesOf(scenarioFile('seed-blog.json'));
    const post = async (url: string, fields: Record<string, string>) => {
      const response = await fetch(url, { method: 'POST', body: new URLSearchParams(fields) });
      return response.text();
    };
    const terms = await fetchPage(authorizeUrl(emulator, 'alpineskihouse.example'));
    const termsFlow = /name="flow" value="([^"]+)"/.exec(terms.body)![1]!;
    const termsPage = await post(`${emulator.httpUrl}/_emulator/flow`, {
      flow: termsFlow,
      step: 'password',
      password: 'x',
    });
    expect(termsPage).toContain('<h1>Review permissions</h1>');
    expect(termsPage).toContain('<button type="submit">Accept</button>');
    expect(termsPage).toContain('<bdi>Alpine Ski House</bdi> invited you');

    const reg = await fetchPage(authorizeUrl(emulator, 'tailspintoys.example'));
    const regFlow = /name="flow" value="([^"]+)"/.exec(reg.body)![1]!;
    await post(`${emulator.httpUrl}/_emulator/flow`, { flow: regFlow, step: 'password', password: 'x' });
    const regPage = await post(`${emulator.httpUrl}/_emulator/flow`, { flow: regFlow, step: 'home-mfa' });
    expect(regPage).toContain('<bdi>Tailspin Toys</bdi> requires you to set up Microsoft Authenticator');
    expect(regPage).toContain('<button type="submit">Finish setup</button>');
    // A stale form (double click) shows the current step again instead of skipping it.
    const stale = await post(`${emulator.httpUrl}/_emulator/flow`, { flow: regFlow, step: 'home-mfa' });
    expect(stale).toContain('Finish setup');
    expect(emulator.guestMethods('tailspin')).toEqual([]);
  });

  it('answers a bad request with a page and no post-back (unknown tenant, foreign redirect URI)', async () => {
    const emulator = await pagesOf(scenarioFile('seed-blog.json'));
    const unknown = await fetchPage(authorizeUrl(emulator, 'unknown.example'));
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('AADSTS90002');
    expect(unknown.body).not.toContain('data-emulator-form');
    const foreign = await fetchPage(
      authorizeUrl(emulator, 'contoso.example', { redirect_uri: 'https://attacker.example/cb' }),
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body).toContain('AADSTS50011');
    expect(foreign.body).not.toContain('attacker.example/cb"');
  });

  it('the browser base URL takes the authorize URL MSAL builds for login.microsoftonline.com', async () => {
    const emulator = await pagesOf(scenarioFile('seed-blog.json'));
    const url = `${LOGIN}/organizations/oauth2/v2.0/authorize?client_id=x`;
    expect(emulator.toBrowserUrl(url)).toBe(`${emulator.httpUrl}/organizations/oauth2/v2.0/authorize?client_id=x`);
    expect(emulator.browserBaseUrl).toBe(emulator.httpUrl);
  });
});
