/**
 * Microsoft's own published examples (test/fixtures/published, each with its repository, path and commit in
 * SOURCES.json) through the app's real transport, parsers and readers: ARM's GET /tenants examples (with Azure
 * Lighthouse categories), Graph's authentication-methods list and one item of every v1.0 method type, the
 * sponsors and organization examples, Graph's throttling sample (Retry-After: 2.128), and the claims-challenge
 * and CAE WWW-Authenticate headers. A local server answers as the example says; the app's transport reaches it
 * through its routing for the Microsoft hosts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readClaimsChallenge } from '../../../main/auth/claims-request';
import { createMsalNetworkClient, createTransport, type HttpTransport } from '../../../main/net/transport';
import { listTenants } from '../../../main/scan/arm';
import { getJson } from '../../../main/scan/http-json';
import { readMethods, readOrganization, readSponsors } from '../../../main/scan/graph';
import { isMfaCapable } from '../../../shared/methods';
import { isLighthouseTenant, isProbedTenant } from '../../../shared/tenant-category';
import {
  PUBLISHED_SOURCES,
  graphDescriptions,
  publishedAnswer,
  sourceOf,
  type PublishedAnswer,
} from '../../fixtures/published';
import { graphProblems } from '../../fixtures/published/conform';

const ARM = 'https://management.azure.com';
const GRAPH = 'https://graph.microsoft.com';
const noWait = { policy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterSeconds: 30 } };

/** What the local server answers next: one published answer, as published (status, headers, body). */
let answer: PublishedAnswer = { status: 200, headers: {}, body: {} };
const seen: string[] = [];
const server: Server = createServer((req, res) => {
  seen.push(`${req.headers.host ?? ''}${req.url ?? ''}`);
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(JSON.stringify(answer.body));
});
let transport: HttpTransport;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  transport = createTransport({
    routes: { 'management.azure.com': base, 'graph.microsoft.com': base, 'login.microsoftonline.com': base },
  });
});
afterAll(() => {
  transport?.close();
  server.closeAllConnections();
  server.close();
});

function serve(name: string): PublishedAnswer {
  answer = publishedAnswer(name);
  return answer;
}

describe('the published fixtures', () => {
  it('each name their repository, path and commit', () => {
    expect(PUBLISHED_SOURCES.length).toBeGreaterThanOrEqual(12);
    for (const source of PUBLISHED_SOURCES) {
      expect(source.repo).toMatch(/^(Azure|microsoftgraph|MicrosoftDocs)\//);
      expect(source.commit).toMatch(/^[0-9a-f]{40}$/);
    }
  });
});

describe("ARM's GET /tenants examples (Microsoft.Resources subscriptions 2022-12-01)", () => {
  it('GetTenants.json: reads all three tenants and their categories; only the Home one is a guest tenant to probe', async () => {
    serve('arm-get-tenants.json');
    expect(sourceOf('arm-get-tenants.json').path).toMatch(/examples\/GetTenants\.json$/);
    const result = await listTenants(transport, ARM, 'token', noWait);
    if (!result.ok) throw new Error(result.message);
    const byName = Object.fromEntries(result.tenants.map((t) => [t.displayName, t]));
    expect(Object.keys(byName).sort()).toEqual(['Contoso Corp.', 'TEST_TEST_RDV', 'Test_Test_aad50']);
    expect(byName['Test_Test_aad50']!.tenantCategory).toBe('ManagedBy');
    expect(byName['TEST_TEST_RDV']!.tenantCategory).toBe('ProjectedBy');
    expect(byName['Contoso Corp.']!.tenantCategory).toBe('Home');
    expect(byName['TEST_TEST_RDV']!.domains).toEqual([
      'rdvmohoro.ccsctp.net',
      'rdvmohoro.mail.ccsctp.net',
      'rdvmohoro.com',
    ]);
    const records = result.tenants.map((t) => ({ tenantCategory: t.tenantCategory, isHome: false }));
    expect(records.filter(isProbedTenant)).toHaveLength(1);
    expect(records.filter(isLighthouseTenant)).toHaveLength(2);
    // The example's nextLink ("http://nextlink") is not ARM: the token goes nowhere else and the list says it is partial.
    expect(result.incomplete?.reason).toBe('foreign-link');
    expect(seen.filter((s) => s.includes('nextlink'))).toEqual([]);
  });

  it('GetTenantsWith$selectParameter.json: id and tenantId only, read as a Home tenant with its id for a name', async () => {
    serve('arm-get-tenants-select.json');
    const result = await listTenants(transport, ARM, 'token', noWait);
    if (!result.ok) throw new Error(result.message);
    expect(result.tenants).toEqual([
      expect.objectContaining({
        tenantId: 'a70a1586-9c4a-4373-b907-1d310660dbd1',
        tenantCategory: 'Home',
        displayName: '',
        domains: [],
      }),
    ]);
    expect(result.skipped).toBe(0);
  });
});

describe("Graph's authentication methods (v1.0)", () => {
  it('the list example: a FIDO2 key and Windows Hello, both MFA-capable, named as the user knows them', async () => {
    serve('graph-authentication-methods-list.json');
    const read = await readMethods(transport, GRAPH, 'token', noWait);
    if (read.status !== 'ok') throw new Error(read.message);
    expect(read.value.map((m) => [m.type, m.displayName])).toEqual([
      ['fido2', 'Red key'],
      ['windowsHelloForBusiness', "Jordan's Surface Book"],
    ]);
    expect(read.value.every(isMfaCapable)).toBe(true);
    // The published FIDO2 item spells its date "creationDateTime": read as no date, never as a wrong one.
    expect(read.value[0]!.createdDateTime).toBeNull();
    expect(read.value[1]!.createdDateTime).toBe('2020-11-27T23:12:49Z');
  });

  it('one item of every v1.0 type: password, email and TAP never count as MFA; unknown types are "other"', async () => {
    const served = serve('graph-authentication-method-items.json');
    const items = (served.body as { value: { '@odata.type': string }[] }).value;
    // The fixture holds one item of each type the CSDL derives from authenticationMethod, and fits the CSDL.
    const descriptions = graphDescriptions();
    const derived = Object.entries(descriptions.entityTypes)
      .filter(([, t]) => t.baseType === 'graph.authenticationMethod')
      .map(([name]) => `#microsoft.graph.${name}`)
      .sort();
    expect(items.map((i) => i['@odata.type']).sort()).toEqual(derived);
    for (const item of items) expect(graphProblems(descriptions, 'authenticationMethod', item)).toEqual([]);

    const read = await readMethods(transport, GRAPH, 'token', noWait);
    if (read.status !== 'ok') throw new Error(read.message);
    const byType = new Map(read.value.map((m, i) => [items[i]!['@odata.type'].replace('#microsoft.graph.', ''), m]));
    expect(read.value).toHaveLength(items.length);
    for (const notMfa of [
      'passwordAuthenticationMethod',
      'emailAuthenticationMethod',
      'temporaryAccessPassAuthenticationMethod',
    ]) {
      expect(isMfaCapable(byType.get(notMfa)!), notMfa).toBe(false);
    }
    for (const mfa of [
      'microsoftAuthenticatorAuthenticationMethod',
      'phoneAuthenticationMethod',
      'softwareOathAuthenticationMethod',
      'fido2AuthenticationMethod',
      'windowsHelloForBusinessAuthenticationMethod',
    ]) {
      expect(isMfaCapable(byType.get(mfa)!), mfa).toBe(true);
    }
    // Types the app does not name are "other" and never counted as MFA.
    for (const other of [
      'platformCredentialAuthenticationMethod',
      'qrCodePinAuthenticationMethod',
      'externalAuthenticationMethod',
    ]) {
      expect(byType.get(other)!.type, other).toBe('other');
      expect(isMfaCapable(byType.get(other)!)).toBe(false);
    }
    expect(byType.get('phoneAuthenticationMethod')).toMatchObject({ displayName: '+1 2065555555', detail: 'mobile' });
    expect(byType.get('emailAuthenticationMethod')).toMatchObject({ displayName: 'kim@home.example' });
  });
});

describe("Graph's sponsors and organization examples", () => {
  it('sponsors: the user and the mail-enabled group, each with its address', async () => {
    serve('graph-sponsors-list.json');
    const read = await readSponsors(transport, GRAPH, 'token', noWait);
    if (read.status !== 'ok') throw new Error(read.message);
    expect(read.value).toEqual([
      { displayName: 'Sara Davis', mail: 'SaraD@contoso.com' },
      { displayName: 'groupforsponsors@contoso.com', mail: 'groupforsponsors@contoso.com' },
    ]);
  });

  it('organization (a full read, as a collection of one): name, verified domains and technical contacts', async () => {
    const published = publishedAnswer('graph-organization-get.json');
    // The page shows GET /organization/{id}; the app reads GET /organization, which answers a collection of one.
    answer = { ...published, body: { value: [published.body] } };
    const read = await readOrganization(transport, GRAPH, 'token', noWait);
    if (read.status !== 'ok') throw new Error(read.message);
    expect(read.value).toEqual({
      displayName: 'Contoso',
      verifiedDomains: ['Contoso.com'],
      technicalNotificationMails: ['admin@contoso.com'],
    });
  });

  it('organization with only User.Read (the page: other properties null), and with empty arrays: no contacts', async () => {
    const published = publishedAnswer('graph-organization-get.json').body as Record<string, unknown>;
    for (const contacts of [null, []]) {
      answer = {
        status: 200,
        headers: {},
        body: { value: [{ ...published, technicalNotificationMails: contacts, businessPhones: contacts }] },
      };
      const read = await readOrganization(transport, GRAPH, 'token', noWait);
      if (read.status !== 'ok') throw new Error(read.message);
      expect(read.value.technicalNotificationMails).toEqual([]);
      expect(read.value.verifiedDomains).toEqual(['Contoso.com']);
    }
  });
});

describe("Graph's throttling sample (429, Retry-After: 2.128)", () => {
  it('the ARM/Graph reader keeps the decimal wait and the error code', async () => {
    serve('graph-throttling-429.json');
    const result = await getJson(transport, `${GRAPH}/v1.0/me/sponsors`, 'token');
    expect(result).toMatchObject({ ok: false, status: 429, code: 'TooManyRequests', retryAfterSeconds: 2.128 });
  });

  it('MSAL is told to wait whole seconds, rounded up, never less than asked', async () => {
    serve('graph-throttling-429.json');
    const outcomes: { retryAfterSeconds: number | null }[] = [];
    const client = createMsalNetworkClient(transport, undefined, (_id, outcome) => outcomes.push(outcome));
    const response = await client.sendPostRequestAsync('https://login.microsoftonline.com/t/oauth2/v2.0/token', {
      body: 'grant_type=refresh_token',
    });
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('3');
    expect(outcomes[0]?.retryAfterSeconds).toBe(3);
  });
});

describe('claims-challenge and CAE WWW-Authenticate headers (entra-docs)', () => {
  it("the claims-challenge page's header: insufficient_claims and the acrs claims request", () => {
    const { headers, claims } = publishedAnswer('claims-challenge-www-authenticate.json');
    const challenge = readClaimsChallenge(headers['WWW-Authenticate']);
    expect(challenge).toEqual({ error: 'insufficient_claims', claims });
    expect(JSON.parse(challenge!.claims)).toEqual({ access_token: { acrs: { essential: true, value: 'cp1' } } });
  });

  it("the CAE page's header (no realm, login.windows.net): the nbf claims request", () => {
    const { headers } = publishedAnswer('cae-www-authenticate.json');
    const challenge = readClaimsChallenge(headers['WWW-Authenticate']);
    expect(challenge?.error).toBe('insufficient_claims');
    expect(JSON.parse(challenge!.claims)).toEqual({ access_token: { nbf: { essential: true, value: '1604106651' } } });
  });

  it('ARM refusing the tenant list with the published challenge: the listing says MFA is asked, with the claims', async () => {
    const published = publishedAnswer('claims-challenge-www-authenticate.json');
    answer = {
      status: 401,
      headers: published.headers,
      body: { error: { code: 'InvalidAuthenticationToken', message: 'The access token is missing claims.' } },
    };
    const result = await listTenants(transport, ARM, 'token', noWait);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.challenge?.claims).toBe('{"access_token":{"acrs":{"essential":true,"value":"cp1"}}}');
  });
});
