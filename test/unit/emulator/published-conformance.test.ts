/**
 * The emulator's answers checked against Microsoft's published descriptions themselves, not the team's reading
 * of them: ARM's TenantListResult / TenantIdDescription / TenantCategory and ErrorResponse (azure-rest-api-specs),
 * Graph v1.0's authenticationMethod types, organization, user and group (msgraph-metadata CSDL), Graph's error
 * envelope (concepts/errors.md) and Entra's token error body (reference-error-codes.md, kept as real-answers b20).
 * The descriptions are the data in test/fixtures/published, each with its source and commit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInfo } from '@azure/msal-node';
import type { Emulator, ScenarioInput } from '../../../tools/entra-emulator';
import { armDescriptions, graphDescriptions, publishedAnswer } from '../../fixtures/published';
import { armProblems, graphProblems } from '../../fixtures/published/conform';
import { realAnswer } from '../../fixtures/real-answers';
import {
  ARM_DEFAULT,
  CLIENT_ID,
  createClient,
  getJson,
  GRAPH_DEFAULT,
  LOGIN,
  METHODS_SCOPE,
  OWN_CLIENT_ID,
  postForm,
  probe,
  refreshTokenOf,
  signIn,
  start,
  tenantId,
  type Client,
} from './harness';

const ARM_TENANTS = 'https://management.azure.com/tenants?api-version=2022-12-01';
const GRAPH = 'https://graph.microsoft.com/v1.0';
const USER_READ = 'https://graph.microsoft.com/User.Read';

const scenario: ScenarioInput = {
  name: 'published-conformance',
  user: { upn: 'kim@home.example', homeTenant: 'home' },
  tenants: {
    home: {
      id: '10000000-2222-4333-8444-000000000001',
      displayName: 'Home',
      defaultDomain: 'home.example',
      faults: [{ endpoint: 'tenants', kind: 'status', status: 429, retryAfter: 2.128, times: 1 }],
      contacts: { technicalNotificationMails: ['it@home.example'] },
    },
    fabrikam: {
      id: '10000000-2222-4333-8444-000000000002',
      displayName: 'Fabrikam',
      defaultDomain: 'fabrikam.example',
      policy: { requireMfa: true },
      inboundTrust: { mfa: true },
      contacts: { technicalNotificationMails: ['it@fabrikam.example'] },
      guest: {
        methods: [
          { type: 'microsoftAuthenticator', displayName: 'Pixel 8', createdDateTime: '2024-02-01T10:00:00Z' },
          { type: 'phone', phoneNumber: '+1 2065555555' },
          { type: 'softwareOath' },
          { type: 'fido2', displayName: 'Red key', model: 'NFC key', createdDateTime: '2020-08-10T06:44:09Z' },
          { type: 'email', emailAddress: 'kim@home.example' },
          { type: 'windowsHelloForBusiness', displayName: 'Surface Book' },
          { type: 'temporaryAccessPass', createdDateTime: '2024-01-10T09:00:00Z' },
          { type: 'password' },
          { type: 'platformCredential', displayName: 'MacBook Air', platform: 'macOS' },
          { type: 'qrCodePin', createdDateTime: '2024-04-01T08:30:00Z' },
          { type: 'external', displayName: 'Partner MFA', configurationId: 'f7a8b9c0-3d4e-4f5a-9b6c-7d8e9f0a1b2c' },
        ],
        sponsors: [
          { type: 'user', displayName: 'Sara Davis', mail: 'sarad@fabrikam.example', jobTitle: 'Finance VP' },
          { type: 'group', displayName: 'Partner desk', mail: 'partners@fabrikam.example' },
          { type: 'group', displayName: 'Security group' },
          { type: 'unreadable' },
        ],
      },
    },
    managed: {
      id: '10000000-2222-4333-8444-000000000003',
      displayName: 'Managed customer',
      defaultDomain: 'managed.example',
      tenantCategory: 'ManagedBy',
    },
  },
};

let emulator: Emulator;
let cli: Client;
let own: Client;
let cliHome: AccountInfo;
let ownHome: AccountInfo;

beforeAll(async () => {
  emulator = await start(scenario);
  cli = createClient(emulator);
  own = createClient(emulator, { clientId: OWN_CLIENT_ID });
  cliHome = (await signIn(cli)).account!;
  ownHome = (await signIn(own, { scopes: [USER_READ, METHODS_SCOPE] })).account!;
});
afterAll(async () => {
  cli?.close();
  own?.close();
  await emulator?.close();
});

describe("ARM answers against azure-rest-api-specs' descriptions", () => {
  it('GET /tenants: a TenantListResult of TenantIdDescriptions, categories from TenantCategory', async () => {
    const arm = await cli.pca.acquireTokenSilent({ account: cliHome, scopes: [ARM_DEFAULT] });
    const definitions = armDescriptions();
    // The first request meets the home tenant's 429 fault: ARM's ErrorResponse, and the decimal Retry-After.
    const throttled = await getJson(cli, ARM_TENANTS, arm.accessToken);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('2.128');
    expect(armProblems(definitions, 'ErrorResponse', throttled.body)).toEqual([]);
    expect(typeof throttled.body.error.code).toBe('string');

    const listed = await getJson(cli, ARM_TENANTS, arm.accessToken);
    expect(listed.status).toBe(200);
    expect(armProblems(definitions, 'TenantListResult', listed.body)).toEqual([]);
    const categories = Object.fromEntries(
      (listed.body.value as { displayName: string; tenantCategory: string }[]).map((t) => [
        t.displayName,
        t.tenantCategory,
      ]),
    );
    expect(categories).toEqual({ Home: 'Home', Fabrikam: 'Home', 'Managed customer': 'ManagedBy' });
    // Microsoft's own example fits the same descriptions (the checker is no stricter than the source).
    expect(armProblems(definitions, 'TenantListResult', publishedAnswer('arm-get-tenants.json').body)).toEqual([]);
  });

  it('a refusal without a token is an ErrorResponse too', async () => {
    const refused = await getJson(cli, ARM_TENANTS);
    expect(refused.status).toBe(401);
    expect(armProblems(armDescriptions(), 'ErrorResponse', refused.body)).toEqual([]);
  });
});

describe("Graph answers against the v1.0 CSDL (msgraph-metadata) and Graph's error envelope", () => {
  const envelope = (body: unknown) => {
    const problems: string[] = [];
    if (typeof body !== 'object' || body === null) return ['not an object'];
    const keys = Object.keys(body);
    if (keys.join() !== 'error') problems.push(`top-level keys ${keys.join()}`);
    const error = (body as { error: Record<string, unknown> }).error;
    if (typeof error?.code !== 'string') problems.push('error.code is not a string');
    if (typeof error?.message !== 'string') problems.push('error.message is not a string');
    if (error?.innerError !== undefined && typeof error.innerError !== 'object') problems.push('innerError');
    return problems;
  };

  it('authentication methods: every item is a v1.0 authenticationMethod type, with its properties and enums', async () => {
    const token = (await probe(own, ownHome, 'fabrikam', [USER_READ, METHODS_SCOPE])).accessToken;
    const methods = await getJson(own, `${GRAPH}/me/authentication/methods`, token);
    expect(methods.status).toBe(200);
    const descriptions = graphDescriptions();
    const items = methods.body.value as Record<string, unknown>[];
    // One item of every type the CSDL derives from authenticationMethod.
    const derived = Object.entries(descriptions.entityTypes)
      .filter(([, t]) => t.baseType === 'graph.authenticationMethod')
      .map(([name]) => `#microsoft.graph.${name}`)
      .sort();
    expect(items.map((i) => i['@odata.type']).sort()).toEqual(derived);
    for (const item of items) expect(graphProblems(descriptions, 'authenticationMethod', item)).toEqual([]);
  });

  it('sponsors: users, groups and unreadable directory objects, as the CSDL types them', async () => {
    const token = (await probe(own, ownHome, 'fabrikam', [USER_READ, METHODS_SCOPE])).accessToken;
    const sponsors = await getJson(own, `${GRAPH}/me/sponsors`, token);
    expect(sponsors.status).toBe(200);
    const descriptions = graphDescriptions();
    for (const item of sponsors.body.value as unknown[]) {
      expect(graphProblems(descriptions, 'directoryObject', item)).toEqual([]);
    }
  });

  it('organization: non-nullable collections are arrays in the full and the reduced view alike', async () => {
    const descriptions = graphDescriptions();
    for (const [client, account] of [
      [own, ownHome],
      [cli, cliHome],
    ] as const) {
      for (const key of ['home', 'fabrikam']) {
        const scopes = client === own ? [USER_READ] : [GRAPH_DEFAULT];
        const token = (await probe(client, account, key, scopes)).accessToken;
        const organization = await getJson(client, `${GRAPH}/organization`, token);
        expect(organization.status).toBe(200);
        const value = organization.body.value as unknown[];
        expect(value).toHaveLength(1);
        expect(graphProblems(descriptions, 'organization', value[0])).toEqual([]);
        // Neither token has Organization.Read.All: the reduced view, whether home or guest.
        expect((value[0] as { technicalNotificationMails: unknown }).technicalNotificationMails).toEqual([]);
      }
    }
    // What the emulator used to send (null collections) is what the CSDL rules out.
    const withNull = {
      ...(publishedAnswer('graph-organization-get.json').body as object),
      technicalNotificationMails: null,
    };
    expect(graphProblems(descriptions, 'organization', withNull)).toContain(
      '$.technicalNotificationMails: null, but organization.technicalNotificationMails is not nullable (Collection(Edm.String))',
    );
  });

  it("refusals and throttling use Graph's error envelope", async () => {
    const token = (await probe(cli, cliHome, 'fabrikam')).accessToken;
    const denied = await getJson(cli, `${GRAPH}/me/authentication/methods`, token);
    expect(denied.status).toBe(403);
    expect(envelope(denied.body)).toEqual([]);
    emulator.addFault('fabrikam', { endpoint: 'sponsors', kind: 'status', status: 429, retryAfter: 2.128, times: 1 });
    const throttled = await getJson(cli, `${GRAPH}/me/sponsors`, token);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('2.128');
    expect(envelope(throttled.body)).toEqual([]);
    // Microsoft's own samples fit the same envelope.
    expect(envelope(publishedAnswer('graph-throttling-429.json').body)).toEqual([]);
    expect(envelope(publishedAnswer('graph-error-example.json').body)).toEqual([]);
  });
});

describe("token error bodies against Microsoft's documented sample (reference-error-codes.md)", () => {
  it('carry the documented fields with their types, plus suberror where Entra sends one', async () => {
    const documented = realAnswer('b20-70011-documented-sample').body;
    const allowed = new Set([...Object.keys(documented), 'suberror', 'claims']);
    const { status, body } = await postForm(cli, `${LOGIN}/${tenantId(emulator, 'managed')}/oauth2/v2.0/token`, {
      client_id: CLIENT_ID,
      grant_type: 'refresh_token',
      refresh_token: refreshTokenOf(cli),
      scope: `${GRAPH_DEFAULT} openid profile offline_access`,
    });
    expect(status).toBeGreaterThanOrEqual(400);
    for (const key of Object.keys(body)) expect(allowed.has(key), key).toBe(true);
    for (const [key, value] of Object.entries(documented)) {
      if (key in body) expect(typeof body[key], key).toBe(typeof value);
    }
    expect(Array.isArray(body.error_codes)).toBe(true);
    expect(body.error_description).toMatch(/^AADSTS\d+: /);
  });
});
