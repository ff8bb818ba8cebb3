/**
 * "Copy what Entra answered" through the app's real services, real MSAL and the emulator replaying recorded
 * real answers: the copied text holds the token endpoint's error body exactly as Entra sent it (test/fixtures/real-answers,
 * B1, https://github.com/AzureAD/microsoft-authentication-library-for-js/issues/5491) and Graph's refusal of
 * the methods read (B19, https://github.com/microsoftgraph/msgraph-sdk-go/issues/441), with time, endpoint and
 * client id, and none of the tokens or codes the emulator issued on the way. The answers outlive a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../tools/entra-emulator/scenario';
import { startEmulator, type Emulator } from '../../tools/entra-emulator';
import { realAnswer, replayTenant } from '../fixtures/real-answers';
import { startApp, tenantsOf, type AppHarness } from '../support/app-harness';

const B1 = realAnswer('b01-50076-invalid-grant-capolids');
const B19 = realAnswer('b19-graph-methods-access-denied');

function scenario(): ScenarioInput {
  return {
    name: 'diagnostics',
    user: { upn: 'adele@contoso.example', displayName: 'Adele Vance', homeTenant: 'contoso' },
    tenants: {
      contoso: {
        id: '0a1b2c3d-0000-4000-8000-000000000001',
        displayName: 'Contoso',
        defaultDomain: 'contoso.example',
        policy: { requireMfa: true },
      },
      northwind: replayTenant(B1, {
        id: '0a1b2c3d-0000-4000-8000-000000000002',
        displayName: 'Northwind Traders',
        defaultDomain: 'northwindtraders.example',
      }),
      fabrikam: replayTenant(B19, {
        id: '0a1b2c3d-0000-4000-8000-000000000003',
        displayName: 'Fabrikam, Inc.',
        defaultDomain: 'fabrikam.example',
        inboundTrust: { mfa: true },
      }),
    },
  };
}

describe('Copy what Entra answered', () => {
  const secrets = new Set<string>();
  let emulator: Emulator;
  let app: AppHarness;
  let accountId: string;
  const tenantId = (domain: string) => tenantsOf(app, accountId).find((t) => t.defaultDomain === domain)!.tenantId;

  beforeAll(async () => {
    emulator = await startEmulator({
      scenario: scenario(),
      autoComplete: true,
      onAnswer: (record, body) => {
        if (record.endpoint === 'token' && record.status === 200) {
          const answer = JSON.parse(body) as Record<string, unknown>;
          for (const key of ['access_token', 'refresh_token', 'id_token']) {
            if (typeof answer[key] === 'string') secrets.add(answer[key]);
          }
        }
        for (const match of body.matchAll(/name="code" value="([^"]+)"/g)) secrets.add(match[1]!);
      },
    });
    app = await startApp(scenario(), { emulator });
    accountId = (await app.services.handlers.signIn(undefined)).accountId;
    await app.services.handlers.startScan({ accountId });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  const copy = async (tenant?: string) => {
    const result = await app.services.handlers.copyDiagnostics({
      accountId,
      ...(tenant ? { tenantId: tenantId(tenant) } : {}),
    });
    return { text: app.env.clipboardText(), answers: result.answers };
  };

  function expectNoSecret(text: string): void {
    expect(secrets.size).toBeGreaterThan(2);
    for (const secret of secrets) {
      expect(text.includes(secret)).toBe(false);
      // A JWT is caught by its signature alone too.
      if (secret.split('.').length === 3) expect(text.includes(secret.split('.')[2]!)).toBe(false);
    }
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}\.eyJ/);
  }

  it("one tenant's copy holds the token endpoint's error body exactly as received", async () => {
    const { text, answers } = await copy('northwindtraders.example');
    expect(answers).toBeGreaterThanOrEqual(1);
    // The body as the emulator replayed it: the published text, byte for byte.
    expect(text).toContain(B1.verbatim);
    expect(text).toContain(`POST login.microsoftonline.com/${tenantId('northwindtraders.example')}/oauth2/v2.0/token`);
    expect(text).toContain('HTTP 400 invalid_grant');
    expect(text).toContain('Application (client) id: 04b07795-8ddb-461a-bbee-02f9e1bf7b46 (Azure CLI, the default)');
    expect(text).toMatch(/correlation id sent: [0-9a-f-]{36}/);
    expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC {2}POST/);
    expect(text).toContain('Northwind Traders · northwindtraders.example');
    // Only this tenant.
    expect(text).not.toContain('Fabrikam');
    expectNoSecret(text);
  });

  it("Graph's refusal of the methods read comes with its status, code and body; successes with their status only", async () => {
    const { text } = await copy('fabrikam.example');
    expect(text).toContain('GET graph.microsoft.com/v1.0/me/authentication/methods  →  HTTP 403 accessDenied');
    expect(text).toContain(JSON.stringify(B19.body));
    // The token answer there was a success: its status, never its body.
    expect(text).toMatch(/oauth2\/v2\.0\/token {2}→ {2}HTTP 200 /);
    expect(text).toMatch(/me\/sponsors {2}→ {2}HTTP 200/);
    expectNoSecret(text);
  });

  it('the whole scan: the tenant list, every organisation, no secret', async () => {
    const { text, answers } = await copy();
    expect(text).toContain('GET management.azure.com/tenants  →  HTTP 200');
    expect(text).toContain('Scan\n  Started ');
    for (const name of ['Contoso', 'Northwind Traders', 'Fabrikam, Inc.']) expect(text).toContain(name);
    expect(text).toContain(B1.verbatim);
    expect(answers).toBeGreaterThan(5);
    expectNoSecret(text);
    // The renderer gets records without the answers; the store keeps them.
    const state = await app.services.handlers.getState(undefined);
    expect(state.tenants.every((t) => t.answers === undefined)).toBe(true);
    expect(tenantsOf(app, accountId).some((t) => (t.answers ?? []).length > 0)).toBe(true);
  });

  it("keeps each tenant's answers across a restart", async () => {
    await app.restart();
    const { text } = await copy('northwindtraders.example');
    expect(text).toContain(B1.verbatim);
  });
});
