import { describe, expect, it } from 'vitest';
import { buildDiagnostics, countAnswers, scrubSecrets, scrubTokens } from '../../../shared/diagnostics';
import type { AccountSummary, EntraAnswer, TenantRecord } from '../../../shared/model';

const ACCOUNT: AccountSummary = {
  accountId: 'oid.tid',
  username: 'adele@contoso.example',
  displayName: 'Adele Vance',
  homeTenantId: '0a1b2c3d-0000-4000-8000-000000000001',
  homeTenantName: 'Contoso',
  homeDomain: 'contoso.example',
  homeSessionMfa: false,
};

function tenant(answers: EntraAnswer[] | undefined, displayName = 'Northwind Traders'): TenantRecord {
  return {
    accountId: ACCOUNT.accountId,
    tenantId: '0a1b2c3d-0000-4000-8000-000000000002',
    displayName,
    defaultDomain: 'northwindtraders.example',
    domains: [],
    isHome: false,
    source: 'arm',
    listed: true,
    classification: null,
    methods: null,
    methodsNote: null,
    sponsors: [],
    technicalContacts: [],
    observedAt: null,
    history: [],
    notes: '',
    recipients: [],
    lastInteractiveSignInAt: null,
    ...(answers ? { answers } : {}),
  };
}

const answer = (overrides: Partial<EntraAnswer>): EntraAnswer => ({
  at: '2026-01-01T08:00:00.000Z',
  request: 'token',
  method: 'POST',
  endpoint: 'login.microsoftonline.com/0a1b2c3d-0000-4000-8000-000000000002/oauth2/v2.0/token',
  clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  correlationId: null,
  status: 400,
  errorCode: 'invalid_grant',
  body: '{"error":"invalid_grant"}',
  challenge: null,
  note: null,
  ...overrides,
});

const build = (tenants: TenantRecord[], clientId = '04b07795-8ddb-461a-bbee-02f9e1bf7b46') =>
  buildDiagnostics({
    generatedAt: new Date('2026-01-01T09:00:00Z'),
    appVersion: '1.2.3',
    clientId,
    account: ACCOUNT,
    scan: null,
    tenants,
  });

describe('the text of "Copy what Entra answered"', () => {
  it('blanks anything token-shaped that an answer might carry, and shows invisible characters as escapes', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGVsZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    expect(scrubSecrets(`{"access_token":"${jwt}","refresh_token":"0.AXo-opaque","code":"accessDenied"}`)).toBe(
      '{"access_token":"[removed]","refresh_token":"[removed]","code":"accessDenied"}',
    );
    expect(scrubSecrets(`Bearer ${jwt}`)).toBe('Bearer [token removed]');
    // A claims challenge is an object under access_token: evidence, kept.
    expect(scrubSecrets('{"access_token":{"capolids":{"values":["x"]}}}')).toBe(
      '{"access_token":{"capolids":{"values":["x"]}}}',
    );
    expect(scrubSecrets('evil\u202ename')).toBe('evil\\u202ename');
  });

  it('says which client id and whether it is the default, and an own registration otherwise', () => {
    expect(build([])).toContain('04b07795-8ddb-461a-bbee-02f9e1bf7b46 (Azure CLI, the default)');
    expect(build([], '11111111-2222-3333-4444-555555555555')).toContain('(your own app registration)');
  });

  it('quotes each answer: time, method, endpoint, status, code, correlation id, challenge, body', () => {
    const text = build([
      tenant([
        answer({ correlationId: 'c1' }),
        answer({
          request: 'methods',
          method: 'GET',
          endpoint: 'graph.microsoft.com/v1.0/me/authentication/methods',
          status: null,
          errorCode: null,
          body: null,
          note: 'graph.microsoft.com did not answer within 20 s',
        }),
      ]),
    ]);
    expect(text).toContain(
      '  2026-01-01 08:00:00 UTC  POST login.microsoftonline.com/0a1b2c3d-0000-4000-8000-000000000002/oauth2/v2.0/token  →  HTTP 400 invalid_grant',
    );
    expect(text).toContain('    correlation id sent: c1\n    body as received:\n    {"error":"invalid_grant"}');
    expect(text).toContain('GET graph.microsoft.com/v1.0/me/authentication/methods  →  no answer');
    expect(text).toContain('did not answer within 20 s');
    expect(text).toContain('home sign-in carried no MFA');
  });

  it('says so when a tenant was checked before answers were kept, and counts what it holds', () => {
    expect(build([tenant(undefined)])).toContain('Not checked yet.');
    expect(countAnswers({ scan: { progress: null, answers: [answer({})] }, tenants: [tenant([answer({})])] })).toBe(2);
  });

  it('keeps partner-supplied names on one inert line', () => {
    const text = build([tenant([], 'Evil\nAccount: someone@else.example')]);
    expect(text).not.toContain('\nAccount: someone@else');
  });
});

describe('tokens blanked from text that came from outside', () => {
  const refresh = `1.AXkA${'q7Z-_x'.repeat(30)}`;
  it('blanks known values in every form an echo gives them, and token-shaped text', () => {
    const opaque = 'opaque-access-token-without-shape';
    const echo =
      `POST /t/oauth2/v2.0/token\nauthorization: Bearer ${opaque}\n\n` +
      `grant_type=refresh_token&refresh_token=${encodeURIComponent(refresh)}&client_id=x&code=abcdef123456` +
      ` {"token":"${opaque}","note":"${JSON.stringify(refresh).slice(1, -1)}"} ${refresh}`;
    const out = scrubTokens(echo, [opaque, refresh]);
    expect(out).not.toContain(opaque);
    expect(out).not.toContain(refresh);
    expect(out).not.toContain(encodeURIComponent(refresh));
    expect(out).not.toContain('abcdef123456');
    expect(out).toContain('grant_type=refresh_token');
    // Without knowing the values: shaped like Entra's refresh tokens, or after `Bearer`, or in a token field.
    const unknown = scrubTokens(`${refresh} Authorization: Bearer ${opaque} refresh_token=${refresh}`);
    expect(unknown).not.toContain(refresh.slice(0, 30));
    expect(unknown).not.toContain(opaque);
  });

  it("keeps a challenge's parameters and a service's error code", () => {
    const challenge =
      'Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWV9fX0="';
    expect(scrubTokens(challenge)).toBe(challenge);
    const graph = '{"error":{"code":"InvalidAuthenticationToken","message":"Access token is empty."}}';
    expect(scrubTokens(graph)).toBe(graph);
  });
});
