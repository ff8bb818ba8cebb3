/**
 * `replay` in scenarios: a tenant answers every token request (refresh token and authorization code) with a
 * recorded body, verbatim, and Graph paths with recorded answers. Through the real MSAL, so the tests show what
 * MSAL makes of a real Entra body: errorCode, subError, errorNo, correlationId, claims, timestamp, traceId.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionRequiredAuthError, type AccountInfo } from '@azure/msal-node';
import { parseScenario, ScenarioError, type Emulator, type ScenarioInput } from '../../../tools/entra-emulator';
import {
  createClient,
  failureOf,
  getJson,
  GRAPH_DEFAULT,
  postForm,
  probe,
  refreshTokenOf,
  signIn,
  start,
  tenantId,
  type Client,
} from './harness';

// B1 of the evidence: https://github.com/AzureAD/microsoft-authentication-library-for-js/issues/5491
const B1_BODY = {
  error: 'invalid_grant',
  error_description:
    "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access 'GUID'.\r\nTrace ID: 64ab9ad5-447a-432c-ba42-83784ad85800\r\nCorrelation ID: GUID\r\nTimestamp: 2023-01-04 19:44:18Z",
  error_codes: [50076],
  timestamp: '2023-01-04 19:44:18Z',
  trace_id: 'GUID',
  correlation_id: 'GUID',
  error_uri: 'https://login.microsoftonline.com/error?code=50076',
  suberror: 'basic_action',
  claims: '{"access_token":{"capolids":{"essential":true,"values":["GUID"]}}}',
};

// B19: https://github.com/microsoftgraph/msgraph-sdk-go/issues/441 (Graph's envelope around the published code).
const METHODS_403 = {
  error: {
    code: 'accessDenied',
    message: 'Request Authorization failed',
    innerError: { date: '2023-03-01T10:00:00', 'request-id': 'r', 'client-request-id': 'c' },
  },
};

function scenario(replay: NonNullable<ScenarioInput['tenants'][string]['replay']>): ScenarioInput {
  return {
    name: 'replay',
    user: { upn: 'kim@home.example', homeTenant: 'home' },
    tenants: {
      home: { id: '11111111-2222-4333-8444-555555555555', displayName: 'Home', defaultDomain: 'home.example' },
      fabrikam: {
        id: '21111111-2222-4333-8444-555555555555',
        displayName: 'Fabrikam',
        defaultDomain: 'fabrikam.example',
        guest: {},
        replay,
      },
      plain: {
        id: '31111111-2222-4333-8444-555555555555',
        displayName: 'Plain',
        defaultDomain: 'plain.example',
        guest: {},
      },
    },
  };
}

describe('replay of a recorded token answer', () => {
  let emulator: Emulator;
  let client: Client;
  let home: AccountInfo;

  beforeAll(async () => {
    emulator = await start(
      scenario({
        token: { status: 400, body: B1_BODY },
        graph: { '/me/authentication/methods': { status: 403, body: METHODS_403 } },
      }),
    );
    client = createClient(emulator);
    home = (await signIn(client)).account!;
  });
  afterAll(async () => {
    client?.close();
    await emulator?.close();
  });

  it('sends the body byte for byte with its status and application/json', async () => {
    const answer = await postForm(
      client,
      `https://login.microsoftonline.com/${tenantId(emulator, 'fabrikam')}/oauth2/v2.0/token`,
      {
        client_id: client.clientId,
        grant_type: 'refresh_token',
        refresh_token: refreshTokenOf(client),
        scope: `${GRAPH_DEFAULT} openid profile offline_access`,
      },
    );
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.text).toBe(JSON.stringify(B1_BODY));
  });

  it('MSAL surfaces the recorded fields: errorCode, subError, errorNo, correlationId, claims, timestamp, traceId', async () => {
    const error = await failureOf(probe(client, home, 'fabrikam', [GRAPH_DEFAULT], { forceRefresh: true }));
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(error.errorCode).toBe('invalid_grant');
    expect(error.subError).toBe('basic_action');
    expect(String(error.errorNo)).toBe('50076');
    expect(error.correlationId).toBe('GUID');
    expect(error.claims).toBe(B1_BODY.claims);
    expect(error.timestamp).toBe('2023-01-04 19:44:18Z');
    expect(error.traceId).toBe('GUID');
    expect(error.errorMessage).toBe(B1_BODY.error_description);
  });

  it('answers an authorization-code redemption in that tenant with the same body', async () => {
    const error = await failureOf(signIn(client, { tenant: 'fabrikam', scopes: [GRAPH_DEFAULT] }));
    expect(String(error.errorNo)).toBe('50076');
    expect(error.claims).toBe(B1_BODY.claims);
  });

  it('leaves other tenants to the model', async () => {
    const result = await probe(client, home, 'plain');
    expect(result.tenantId).toBe(tenantId(emulator, 'plain'));
  });

  it('replays a Graph path for tokens of that tenant', async () => {
    // The token replay above leaves no token of fabrikam to call Graph with: a second emulator replays Graph only.
    const graphOnly = await start(
      scenario({ graph: { '/me/authentication/methods': { status: 403, body: METHODS_403 } } }),
    );
    const other = createClient(graphOnly);
    try {
      const otherHome = (await signIn(other)).account!;
      const token = await probe(other, otherHome, 'fabrikam');
      const methods = await getJson(
        other,
        'https://graph.microsoft.com/v1.0/me/authentication/methods',
        token.accessToken,
      );
      expect(methods.status).toBe(403);
      expect(methods.body).toEqual(METHODS_403);
      const sponsors = await getJson(other, 'https://graph.microsoft.com/v1.0/me/sponsors', token.accessToken);
      expect(sponsors.status).toBe(200);
    } finally {
      other.close();
      await graphOnly.close();
    }
  });
});

describe('replay validation', () => {
  const problemsOf = (replay: unknown): string[] => {
    try {
      parseScenario(scenario(replay as never), 'bad.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      return [...(error as ScenarioError).problems];
    }
    throw new Error('accepted');
  };

  it('names the field of a bad replay', () => {
    expect(problemsOf({ token: { status: 200, body: {} } })).toEqual([
      'tenants.fabrikam.replay.token.status: Too small: expected number to be >=400',
    ]);
    expect(problemsOf({ token: { status: 400, body: 'text' } })).toEqual([
      'tenants.fabrikam.replay.token.body: expected record, got string',
    ]);
    expect(problemsOf({ token: { body: {} } })).toEqual(['tenants.fabrikam.replay.token.status: required']);
    expect(problemsOf({ graph: { '/me/photo': { status: 200, body: {} } } })).toEqual([
      'tenants.fabrikam.replay.graph./me/photo: unknown field',
    ]);
    expect(problemsOf({ tokens: {} })).toEqual(['tenants.fabrikam.replay.tokens: unknown field']);
  });

  it('keeps a replay through a second parse (its own output is valid input)', () => {
    const once = parseScenario(scenario({ token: { status: 400, body: B1_BODY } }));
    expect(parseScenario(once)).toEqual(once);
    expect(once.tenants.fabrikam!.replay!.token!.body).toEqual(B1_BODY);
  });
});
