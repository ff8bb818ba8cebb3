/**
 * Faults and latency (faults.json): each fault kind through MSAL on the token endpoint, through the app's
 * transport on ARM and Graph, and through the headless browser on the authorize endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientAuthError, InteractionRequiredAuthError, ServerError, type AccountInfo } from '@azure/msal-node';
import { NetworkError } from '../../../main/net/transport';
import { parseScenario, type Emulator, type ScenarioError, type ScenarioInput } from '../../../tools/entra-emulator';
import {
  ARM_DEFAULT,
  claimsOf,
  createClient,
  failureOf,
  getJson,
  GRAPH_DEFAULT,
  probe,
  scenarioFile,
  signIn,
  start,
  tenantId,
  type Client,
} from './harness';

const GRAPH = 'https://graph.microsoft.com/v1.0';
const TENANTS = 'https://management.azure.com/tenants?api-version=2022-12-01';

describe('faults.json', () => {
  let emulator: Emulator;
  let client: Client;
  let home: AccountInfo;

  /** MSAL reports any transport failure as ClientAuthError `network_error`; the transport's error says which. */
  function expectNetworkFailure(error: Record<string, any>, kind: NetworkError['kind'], message?: RegExp): void {
    expect(error).toBeInstanceOf(ClientAuthError);
    expect(error.errorCode).toBe('network_error');
    const cause = client.networkErrors.at(-1) as NetworkError;
    expect(cause).toBeInstanceOf(NetworkError);
    expect(cause.kind).toBe(kind);
    if (message) expect(cause.message).toMatch(message);
  }

  beforeAll(async () => {
    emulator = await start(scenarioFile('faults.json'));
    // A generous time limit for answers that come (a busy machine must not turn them into timeouts); the
    // hanging answers are asked for with a short one of their own.
    client = createClient(emulator, { timeoutMs: 30_000 });
    home = (await signIn(client)).account!;
  });
  afterAll(async () => {
    client?.close();
    await emulator?.close();
  });

  describe('token endpoint, through MSAL', () => {
    it('status: 429 with Retry-After fails the probe; MSAL then throttles that request locally; times ends it', async () => {
      const error = await failureOf(probe(client, home, 'throttled'));
      expect(error).toBeInstanceOf(ServerError);
      expect(error.errorCode).toBe('temporarily_unavailable');
      expect(String(error.errorNo)).toBe('90055');
      expect(emulator.requestCount({ endpoint: 'token', tenant: 'throttled', status: 429 })).toBe(1);

      // MSAL's own throttling: the same request before Retry-After is refused without reaching the network.
      const local = await failureOf(probe(client, home, 'throttled'));
      expect(local).toBeInstanceOf(ServerError);
      expect(emulator.requestCount({ endpoint: 'token', tenant: 'throttled' })).toBe(1);

      // Another request (other scopes) reaches the emulator, and the fault has used up its `times`.
      const result = await probe(client, home, 'throttled', ['https://graph.microsoft.com/User.Read.All']);
      expect(claimsOf(result.accessToken).amr).toContain('mfa');
      expect(emulator.requestCount({ endpoint: 'token', tenant: 'throttled', status: 200 })).toBe(1);
    });

    it('hang: the token endpoint never answers; the probe fails when the transport gives up', async () => {
      // Its own client with a shorter time limit (and the signed-in cache of the first), so the hanging answer
      // ends the test in seconds; the answers that do come still have room on a busy machine.
      const hasty = createClient(emulator, { timeoutMs: 2_000 });
      try {
        hasty.pca.getTokenCache().deserialize(client.pca.getTokenCache().serialize());
        const started = performance.now();
        const error = await failureOf(probe(hasty, home, 'hanging'));
        expect(performance.now() - started).toBeGreaterThanOrEqual(1_900);
        expect(error).toBeInstanceOf(ClientAuthError);
        expect(error.errorCode).toBe('network_error');
        const cause = hasty.networkErrors.at(-1) as NetworkError;
        expect(cause.kind).toBe('timeout');
        expect(emulator.requestCount({ endpoint: 'token', tenant: 'hanging', fault: 'hang' })).toBe(1);
      } finally {
        hasty.close();
      }
      expect(emulator.requestCount({ endpoint: 'token', tenant: 'hanging', fault: 'hang' })).toBe(1);
    });

    it('malformed: a broken JSON body fails the probe once; the next one works', async () => {
      const error = await failureOf(probe(client, home, 'garbled'));
      expectNetworkFailure(error, 'other', /not JSON/);
      expect(emulator.requestCount({ endpoint: 'token', tenant: 'garbled', fault: 'malformed', status: 200 })).toBe(1);
      expect(claimsOf((await probe(client, home, 'garbled')).accessToken).tid).toBe(
        emulator.scenario.tenants.garbled!.id,
      );
    });

    it('reset: a dropped connection fails the probe once; the next one works', async () => {
      const error = await failureOf(probe(client, home, 'dropping'));
      expectNetworkFailure(error, 'reset');
      expect(emulator.requestCount({ endpoint: 'token', tenant: 'dropping', fault: 'reset' })).toBe(1);
      expect((await probe(client, home, 'dropping')).tenantId).toBe(emulator.scenario.tenants.dropping!.id);
    });
  });

  describe('ARM and Graph, through the transport', () => {
    it('status on ARM /tenants: 503 in ARM error shape with Retry-After, then the list', async () => {
      const token = (await client.pca.acquireTokenSilent({ account: home, scopes: [ARM_DEFAULT] })).accessToken;
      const failed = await getJson(client, TENANTS, token);
      expect(failed.status).toBe(503);
      expect(failed.headers['retry-after']).toBe('1');
      expect(failed.body).toEqual({ error: { code: 'ServiceUnavailable', message: expect.any(String) } });
      const listed = await getJson(client, TENANTS, token);
      expect(listed.status).toBe(200);
      expect(listed.body.value.length).toBe(Object.keys(emulator.scenario.tenants).length);
    });

    it('status on Graph: 429 with Retry-After and 5xx, in Graph error shape, once each', async () => {
      const token = (await probe(client, home, 'busygraph')).accessToken;
      const methods = await getJson(client, `${GRAPH}/me/authentication/methods`, token);
      expect(methods.status).toBe(429);
      expect(methods.headers['retry-after']).toBe('2');
      expect(methods.body.error).toMatchObject({
        code: 'TooManyRequests',
        innerError: { 'request-id': expect.any(String) },
      });
      const sponsors = await getJson(client, `${GRAPH}/me/sponsors`, token);
      expect(sponsors.status).toBe(503);
      expect(sponsors.headers['retry-after']).toBeUndefined();
      expect((await getJson(client, `${GRAPH}/organization`, token)).status).toBe(500);
      // Then the normal answers: the Azure CLI token reads sponsors and organization, never methods (403).
      expect((await getJson(client, `${GRAPH}/me/authentication/methods`, token)).status).toBe(403);
      for (const path of ['/me/sponsors', '/organization']) {
        expect((await getJson(client, `${GRAPH}${path}`, token)).status).toBe(200);
      }
    });

    it('hang, malformed and reset on Graph: timeout, a 200 that is not JSON, a dropped connection; then normal', async () => {
      const token = (await probe(client, home, 'flakygraph')).accessToken;
      const hang = await failureOf(getJson(client, `${GRAPH}/me/authentication/methods`, token, 2_000));
      expect(hang).toBeInstanceOf(NetworkError);
      expect(hang.kind).toBe('timeout');
      const malformed = await getJson(client, `${GRAPH}/me/sponsors`, token);
      expect(malformed.status).toBe(200);
      expect(malformed.body).toBeUndefined();
      expect(() => JSON.parse(malformed.text)).toThrow();
      const reset = await failureOf(getJson(client, `${GRAPH}/organization`, token));
      expect(reset).toBeInstanceOf(NetworkError);
      expect(reset.kind).toBe('reset');
      expect((await getJson(client, `${GRAPH}/me/authentication/methods`, token)).body.error.code).toBe('accessDenied');
      expect((await getJson(client, `${GRAPH}/me/sponsors`, token)).body.value[0].displayName).toBe('Megan Bowen');
      expect((await getJson(client, `${GRAPH}/organization`, token)).status).toBe(200);
    });

    it('hold: an answer waits until the test releases its tenant, then comes as usual; release drops untaken holds', async () => {
      // Past MSAL's cache (earlier tests hold tokens for these tenants), so that the token endpoint is asked.
      const fresh = { forceRefresh: true };
      emulator.addFault('busygraph', { endpoint: 'token', kind: 'hold', times: 1 });
      let answered = false;
      const pending = probe(client, home, 'busygraph', [GRAPH_DEFAULT], fresh).then((result) => {
        answered = true;
        return result;
      });
      await expect.poll(() => emulator.heldCount('busygraph')).toBe(1);
      expect(answered).toBe(false);
      expect(emulator.release('busygraph')).toBe(1);
      expect(claimsOf((await pending).accessToken).tid).toBe(tenantId(emulator, 'busygraph'));
      expect(emulator.requestCount({ endpoint: 'token', tenant: 'busygraph', fault: 'hold' })).toBe(1);

      // A hold not yet taken when the test releases is dropped: the next token request is answered at once.
      emulator.addFault('flakygraph', { endpoint: 'token', kind: 'hold' });
      expect(emulator.release('flakygraph')).toBe(0);
      const next = await probe(client, home, 'flakygraph', [GRAPH_DEFAULT], fresh);
      expect(claimsOf(next.accessToken).tid).toBe(tenantId(emulator, 'flakygraph'));
      expect(emulator.requestCount({ endpoint: 'token', tenant: 'flakygraph', fault: 'hold' })).toBe(0);
    });

    it("latency: a tenant's latencyMs is added before each of its answers", async () => {
      const token = (await probe(client, home, 'flakygraph')).accessToken;
      const started = performance.now();
      await getJson(client, `${GRAPH}/organization`, token);
      expect(performance.now() - started).toBeGreaterThanOrEqual(110);
      const quick = performance.now();
      await getJson(client, `${GRAPH}/organization`, (await probe(client, home, 'busygraph')).accessToken);
      const records = emulator.requests.filter((record) => record.tenant === 'flakygraph' && record.status === 200);
      expect(records.every((record) => record.durationMs >= 110)).toBe(true);
      expect(performance.now() - quick).toBeLessThan(2_000);
    });
  });

  describe('authorize endpoint, through the headless browser', () => {
    it.each([
      ['signindown', /HTTP 503/],
      ['brokenpage', /no form/],
      ['signinreset', /socket hang up|ECONNRESET|reset/i],
    ])('%s: the interactive sign-in fails instead of waiting forever', async (key, message) => {
      const error = await failureOf(signIn(client, { tenant: key, scopes: [GRAPH_DEFAULT] }));
      expect(String(error.message)).toMatch(message);
    });
  });
});

describe('global latency and closing with a hanging request', () => {
  const scenario = (latencyMs: number): ScenarioInput => ({
    name: 'latency',
    user: { upn: 'kim@home.example', homeTenant: 'home' },
    latencyMs,
    tenants: {
      home: { id: '11111111-2222-4333-8444-555555555559', displayName: 'Home', defaultDomain: 'home.example' },
      fast: {
        id: '21111111-2222-4333-8444-555555555559',
        displayName: 'Fast',
        defaultDomain: 'fast.example',
        latencyMs: 0,
        guest: {},
      },
      slow: {
        id: '31111111-2222-4333-8444-555555555559',
        displayName: 'Slow',
        defaultDomain: 'slow.example',
        guest: {},
      },
      stuck: {
        id: '41111111-2222-4333-8444-555555555559',
        displayName: 'Stuck',
        defaultDomain: 'stuck.example',
        guest: {},
        faults: [{ endpoint: 'token', kind: 'hang' }],
      },
    },
  });

  it('adds the global latency to every answer unless the tenant overrides it', async () => {
    const emulator = await start(scenario(150));
    const client = createClient(emulator);
    const home = (await signIn(client)).account!;
    await probe(client, home, 'slow');
    await probe(client, home, 'fast');
    const duration = (tenant: string) =>
      emulator.requests.find((record) => record.endpoint === 'token' && record.tenant === tenant)!.durationMs;
    expect(duration('slow')).toBeGreaterThanOrEqual(140);
    expect(duration('fast')).toBeLessThan(140);
    client.close();
    await emulator.close();
  });

  it('close() ends a hanging request: the client sees the connection dropped', async () => {
    const emulator = await start(scenario(0));
    const client = createClient(emulator, { timeoutMs: 30_000 });
    const home = (await signIn(client)).account!;
    const pending = failureOf(probe(client, home, 'stuck'));
    await expect.poll(() => emulator.requestCount({ fault: 'hang' })).toBe(1);
    await emulator.close();
    const error = await pending;
    expect(error).toBeInstanceOf(ClientAuthError);
    expect((client.networkErrors.at(-1) as NetworkError).kind).toBe('reset');
    client.close();
  });
});

describe('aadsts faults: the codes a tenant can be made to answer, in their real shapes', () => {
  const tenant = (n: number, code: number, retryAfter?: number): ScenarioInput['tenants'][string] => ({
    id: `${n}1111111-2222-4333-8444-55555555555a`,
    displayName: `Code ${code}`,
    defaultDomain: `code${code}.example`,
    guest: {},
    faults: [{ endpoint: 'token', kind: 'aadsts', code, ...(retryAfter !== undefined ? { retryAfter } : {}) }],
  });
  const scenario: ScenarioInput = {
    name: 'aadsts',
    user: { upn: 'kim@home.example', homeTenant: 'home' },
    tenants: {
      home: { id: '01111111-2222-4333-8444-55555555555a', displayName: 'Home', defaultDomain: 'home.example' },
      revoked: tenant(2, 70000),
      expired: tenant(3, 70008),
      inactive: tenant(4, 700082),
      loop: tenant(5, 50196),
      throttled: tenant(6, 90055, 30),
      crosscloud: tenant(7, 1000104),
    },
  };
  let emulator: Emulator;
  let client: Client;
  let home: AccountInfo;

  beforeAll(async () => {
    emulator = await start(scenario);
    client = createClient(emulator);
    home = (await signIn(client)).account!;
  });
  afterAll(async () => {
    client?.close();
    await emulator?.close();
  });

  it.each([
    // 70000/70008 InvalidGrant / ExpiredOrRevokedGrant, 1000104 cross-cloud B2B: invalid_grant, no suberror.
    ['revoked', 70000, 'invalid_grant'],
    ['expired', 70008, 'invalid_grant'],
    ['crosscloud', 1000104, 'invalid_grant'],
    // 50196 LoopDetected: HTTP 400 (https://github.com/AzureAD/microsoft-authentication-library-for-dotnet/issues/2353).
    ['loop', 50196, 'invalid_grant'],
  ])('%s: AADSTS%s as %s, a ServerError', async (key, code, errorValue) => {
    const error = await failureOf(probe(client, home, key));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.errorCode).toBe(errorValue);
    expect(String(error.errorNo)).toBe(String(code));
    expect(emulator.requestCount({ endpoint: 'token', tenant: key, fault: 'aadsts', status: 400 })).toBe(1);
  });

  it('throttled: 90055 as HTTP 429 temporarily_unavailable with Retry-After', async () => {
    const error = await failureOf(probe(client, home, 'throttled'));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.errorCode).toBe('temporarily_unavailable');
    expect(String(error.errorNo)).toBe('90055');
    expect(emulator.requestCount({ endpoint: 'token', tenant: 'throttled', status: 429, fault: 'aadsts' })).toBe(1);
  });

  it('inactive: 700082 with suberror bad_token, which MSAL reads as interaction required', async () => {
    // https://github.com/microsoft/foundry-dev-tools/issues/707 shows msal-node surfacing it so.
    const error = await failureOf(probe(client, home, 'inactive'));
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(error.errorCode).toBe('invalid_grant');
    expect(error.subError).toBe('bad_token');
    expect(String(error.errorNo)).toBe('700082');
    // MSAL drops the refresh token on bad_token: the next probe anywhere finds none until a new sign-in.
    const after = await failureOf(probe(client, home, 'revoked'));
    expect(after.errorCode).toBe('no_tokens_found');
  });

  it('is refused where it cannot apply, naming the field', () => {
    const bad = structuredClone(scenario);
    bad.tenants.revoked!.faults = [{ endpoint: 'methods', kind: 'aadsts', code: 70000 }];
    bad.tenants.expired!.faults = [{ endpoint: 'token', kind: 'aadsts', code: 12345 }];
    const problems = (() => {
      try {
        parseScenario(bad);
      } catch (error) {
        return (error as ScenarioError).problems;
      }
      return [];
    })();
    expect(problems).toEqual(
      expect.arrayContaining([
        'tenants.revoked.faults.0.endpoint: an aadsts fault answers on the token endpoint',
        'tenants.expired.faults.0.code: expected one of 70000, 70008, 700082, 50196, 90055, 1000104',
      ]),
    );
  });
});
