import { describe, expect, it } from 'vitest';
import {
  AnswerLog,
  endpointOf,
  recordingTransport,
  rememberSecret,
  scrubKnownTokens,
  toEntraAnswer,
  type RawAnswer,
} from '../../../../main/net/answer-log';
import { createMsalNetworkClient, NetworkError } from '../../../../main/net/transport';
import { fakeTransport, json } from '../../../support/fake-transport';

const LOGIN = 'https://login.microsoftonline.com';
const TENANT = '11111111-2222-3333-4444-555555555555';
const TOKEN_URL = `${LOGIN}/${TENANT}/oauth2/v2.0/token`;
const CLIENT = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

describe('answers the app keeps', () => {
  it('keeps an error body as received and only the status of a success', async () => {
    const errorBody = { error: 'invalid_grant', error_description: 'AADSTS50076: use MFA', error_codes: [50076] };
    const transport = fakeTransport({
      [TOKEN_URL]: [json(400, errorBody), json(200, { access_token: 'eyJhbGciOi.secret.token', refresh_token: 'rt' })],
    });
    const log = new AnswerLog();
    const client = createMsalNetworkClient(transport, undefined, undefined, log.record);
    log.begin('c1');
    await client.sendPostRequestAsync(TOKEN_URL, {
      body: 'refresh_token=rt-secret',
      headers: { 'client-request-id': 'c1' },
    });
    await client.sendPostRequestAsync(TOKEN_URL, {
      body: 'refresh_token=rt-secret',
      headers: { 'client-request-id': 'c1' },
    });
    const answers = log.take('c1').map((raw) => toEntraAnswer(raw, CLIENT));
    expect(answers.map((a) => [a.request, a.status, a.errorCode])).toEqual([
      ['token', 400, 'invalid_grant'],
      ['token', 200, null],
    ]);
    expect(answers[0]!.body).toBe(JSON.stringify(errorBody));
    expect(answers[0]).toMatchObject({
      method: 'POST',
      endpoint: `login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
      clientId: CLIENT,
      correlationId: 'c1',
    });
    expect(answers[1]!.body).toBeNull();
    expect(JSON.stringify(answers)).not.toMatch(/secret|rt-secret|eyJ/);
    // Taken once: the id is no longer kept.
    expect(log.take('c1')).toEqual([]);
  });

  it('keeps nothing for correlation ids nobody is waiting for, and a bounded number per id', async () => {
    const log = new AnswerLog();
    const answer = (id: string): RawAnswer => ({
      at: new Date(),
      method: 'POST',
      url: TOKEN_URL,
      correlationId: id,
      status: 400,
      errorBody: '{}',
      wwwAuthenticate: null,
      networkError: null,
    });
    log.record(answer('unknown'));
    expect(log.take('unknown')).toEqual([]);
    log.begin('busy');
    for (let i = 0; i < 20; i += 1) log.record(answer('busy'));
    expect(log.take('busy').length).toBeLessThanOrEqual(8);
  });

  it('records Graph and ARM answers through a transport view: status, error code, challenge, no query', async () => {
    const challenge = 'Bearer realm="", error="insufficient_claims", claims="eyJ9"';
    const transport = fakeTransport({
      'https://graph.microsoft.com/v1.0/me/authentication/methods': json(403, {
        error: { code: 'accessDenied', message: 'Request Authorization failed' },
      }),
      'https://graph.microsoft.com/v1.0/me/sponsors': json(200, { value: [{ displayName: 'Sam', mail: 's@x' }] }),
      'https://management.azure.com/tenants': json(
        401,
        { error: { code: 'InvalidAuthenticationToken' } },
        {
          'www-authenticate': challenge,
        },
      ),
      'https://graph.microsoft.com/v1.0/organization': () => new NetworkError('timeout', 'graph did not answer'),
    });
    const seen: RawAnswer[] = [];
    const view = recordingTransport(transport, (a) => seen.push(a));
    await view.request({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/me/authentication/methods' });
    await view.request({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/me/sponsors?$select=displayName' });
    await view.request({
      method: 'GET',
      url: 'https://management.azure.com/tenants?api-version=2022-12-01&$skiptoken=x',
    });
    await expect(
      view.request({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/organization' }),
    ).rejects.toThrow();
    const answers = seen.map((raw) => toEntraAnswer(raw, CLIENT));
    expect(answers.map((a) => [a.request, a.status, a.errorCode])).toEqual([
      ['methods', 403, 'accessDenied'],
      ['sponsors', 200, null],
      ['tenants', 401, 'InvalidAuthenticationToken'],
      ['organization', null, null],
    ]);
    expect(answers[1]!.body).toBeNull();
    expect(answers[1]!.endpoint).toBe('graph.microsoft.com/v1.0/me/sponsors');
    expect(answers[2]!.challenge).toBe(challenge);
    expect(answers[2]!.endpoint).toBe('management.azure.com/tenants');
    expect(answers[3]!.note).toContain('did not answer');
    expect(JSON.stringify(answers)).not.toContain('Sam');
  });

  it('never shows a query in an endpoint', () => {
    expect(endpointOf(`${LOGIN}/organizations/oauth2/v2.0/authorize?code_challenge=abc&state=xyz`)).toBe(
      'login.microsoftonline.com/organizations/oauth2/v2.0/authorize',
    );
  });
});

describe('secrets echoed back', () => {
  it('blanks every remembered secret in each echo form, however many a scan remembered, and only those', () => {
    // Opaque values (no JWT shape), so that only the remembered list can catch them.
    const secret = (n: number) => `opaque+secret/${n.toString().padStart(6, '0')}==tail`;
    for (let n = 0; n < 2_000; n += 1) rememberSecret(secret(n));
    const oldest = secret(0);
    const text =
      `echo ${oldest} and ${encodeURIComponent(secret(1_000))} and ${JSON.stringify(secret(1_999)).slice(1, -1)}` +
      ` and ${secret(1_500).replace(/\//g, '\\/')} but not opaque+secret/999999==tail`;
    expect(scrubKnownTokens(text)).toBe(
      'echo [token removed] and [token removed] and [token removed] and [token removed] but not opaque+secret/999999==tail',
    );
    // Past the limit the oldest is forgotten; one remembered again counts as new.
    rememberSecret(secret(1));
    rememberSecret('opaque+secret/newest==tail');
    expect(scrubKnownTokens(`${oldest} ${secret(1)}`)).toBe(`${oldest} [token removed]`);
  });
});
