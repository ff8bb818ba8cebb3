/**
 * Partner-admin mode through the real services, msal-node and transport against the emulator's resource
 * tenant (test/scenarios/resource-tenant-admin.json): the report per home organisation, refusals explained
 * (not an empty report), paging, and a change that is sent only after its confirmation and then read back.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchIpc } from '../../main/ipc-dispatch';
import { GRAPH_CLI_CLIENT_ID } from '../../main/auth/admin-auth';
import type { ScenarioInput } from '../../tools/entra-emulator/scenario';
import { startApp, type AppHarness } from '../support/app-harness';

const SCENARIO = path.join(__dirname, '..', 'scenarios', 'resource-tenant-admin.json');
const CONTOSO = '6f0d3b5e-4c1a-4d2e-9a7b-1c2d3e4f5a60';
const FOURTH_COFFEE = '0e9a7c5b-3d1f-4e2a-8b6c-9d8e7f6a5b4c';
const FABRIKAM = '4c3b2a19-0f8e-4d7c-a6b5-c4d3e2f1a0b9';
const NORTHWIND = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';

function scenario(change: (woodgrove: Record<string, any>) => void = () => undefined): ScenarioInput {
  const json = JSON.parse(readFileSync(SCENARIO, 'utf8')) as ScenarioInput & { tenants: Record<string, any> };
  change(json.tenants.woodgrove);
  return json;
}

let app: AppHarness | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function signedIn(input: ScenarioInput = scenario()): Promise<AppHarness> {
  app = await startApp(input);
  const account = await app.services.handlers.adminSignIn({});
  expect(account.username).toBe('megan@woodgrove.example');
  expect(account.clientId).toBe(GRAPH_CLI_CLIENT_ID);
  expect(account.canWrite).toBe(false);
  return app;
}

describe('partner-admin mode', () => {
  it('reports, per home organisation, guests, registrations here, how sign-ins met MFA and the effective trust', async () => {
    const harness = await signedIn();
    const report = await harness.services.handlers.readAdminReport({});
    expect(report.refusals).toEqual([]);
    expect(report.tenantDisplayName).toBe('Woodgrove Bank');
    const org = (id: string) => report.organisations.find((o) => o.tenantId === id)!;

    const contoso = org(CONTOSO);
    expect(contoso.displayName).toBe('Contoso');
    expect(contoso.hasPartnerConfiguration).toBe(true);
    // inboundTrust null on the partner: every value inherited from the default (no MFA trust).
    expect(contoso.trust.mfa).toEqual({ value: false, source: 'default' });
    expect(contoso.counts).toEqual({
      guests: 2,
      trustCannotHelp: 0,
      registeredHere: 2,
      signIns: { total: 4, satisfiedByClaim: 0, mfaHere: 4, singleFactor: 0 },
    });
    expect(contoso.suggestion?.action).toBe('update-partner');
    expect(contoso.suggestion?.request).toEqual({
      method: 'PATCH',
      url: `https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners/${CONTOSO}`,
      body: {
        inboundTrust: {
          isMfaAccepted: true,
          isCompliantDeviceAccepted: false,
          isHybridAzureADJoinedDeviceAccepted: false,
        },
      },
    });
    expect(contoso.suggestion?.powershell).toContain(
      `Update-MgPolicyCrossTenantAccessPolicyPartner -CrossTenantAccessPolicyConfigurationPartnerTenantId '${CONTOSO}'`,
    );
    expect(contoso.suggestion?.stillInForce.join(' ')).toMatch(/Conditional Access/);
    expect(contoso.suggestion?.removableRegistrations).toHaveLength(2);

    // No partner entry: the change creates one.
    const fourthCoffee = org(FOURTH_COFFEE);
    expect(fourthCoffee.hasPartnerConfiguration).toBe(false);
    expect(fourthCoffee.suggestion?.request.method).toBe('POST');
    expect(fourthCoffee.suggestion?.request.body).toMatchObject({ tenantId: FOURTH_COFFEE });
    expect(fourthCoffee.suggestion?.powershell).toMatch(/^New-MgPolicyCrossTenantAccessPolicyPartner /);

    // MFA trust set for Fabrikam: sign-ins satisfied by the home claim, nothing registered, nothing to change.
    const fabrikam = org(FABRIKAM);
    expect(fabrikam.trust.mfa).toEqual({ value: true, source: 'partner' });
    expect(fabrikam.trust.hybridJoinedDevice).toEqual({ value: false, source: 'default' });
    expect(fabrikam.counts.signIns).toEqual({ total: 3, satisfiedByClaim: 3, mfaHere: 0, singleFactor: 0 });
    expect(fabrikam.counts.registeredHere).toBe(0);
    expect(fabrikam.suggestion).toBeNull();

    // A pending guest with no sign-in: its home found by its mail domain.
    expect(org(NORTHWIND).guests.map((g) => g.externalUserState)).toEqual(['PendingAcceptance']);

    // Personal account and one-time passcode: marked as ones trust cannot help.
    const without = report.guestsWithoutHome;
    expect(without.map((g) => [g.redemption, g.trustCannotHelp])).toEqual([
      ['microsoft-account', true],
      ['email-otp', true],
    ]);
    expect(without[0]!.trustCannotHelpReason).toMatch(/personal Microsoft account/);

    // Exports for a change ticket: one CSV row per guest, the whole report as JSON; no token in either or in
    // what the renderer can ask for.
    const csv = await harness.services.handlers.exportAdminReport({ format: 'csv' });
    const csvText = readFileSync(csv.path!, 'utf8');
    expect(csvText.trim().split('\r\n')).toHaveLength(1 + 7);
    expect(csvText).toMatch(
      /^Contoso,6f0d3b5e-4c1a-4d2e-9a7b-1c2d3e4f5a60,not accepted,default \(inherited\),Adele Vance,/m,
    );
    const json = await harness.services.handlers.exportAdminReport({ format: 'json' });
    const exported = JSON.parse(readFileSync(json.path!, 'utf8')) as { organisations: unknown[] };
    expect(exported.organisations).toHaveLength(report.organisations.length);
    const status = JSON.stringify(await harness.services.handlers.getAdminStatus(undefined));
    for (const text of [csvText, readFileSync(json.path!, 'utf8'), status]) expect(text).not.toMatch(/eyJ[\w-]+\.eyJ/);

    // Two organisations inherit a default without MFA trust: the default is suggested too.
    expect(report.defaultSuggestion?.request).toMatchObject({
      method: 'PATCH',
      url: 'https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/default',
    });
  });

  it('follows @odata.nextLink through every page of guests, registrations and sign-ins', async () => {
    const harness = await signedIn();
    const report = await harness.services.handlers.readAdminReport({});
    const guests = report.organisations.reduce((n, o) => n + o.guests.length, 0) + report.guestsWithoutHome.length;
    expect(guests).toBe(7);
    const pages = harness.emulator.requests.filter((r) => r.path === '/v1.0/users' && r.status === 200);
    expect(pages.length).toBe(3); // 7 guests, 3 a page
    const signIns = harness.emulator.requests.filter((r) => r.path === '/v1.0/auditLogs/signIns').length;
    expect(signIns).toBeGreaterThan(1);
  });

  it('sends no change without the confirmation of its preview, and reads the policy back after one', async () => {
    const harness = await signedIn();
    await harness.services.handlers.readAdminReport({});
    const writes = () =>
      harness.emulator.requests
        .filter((r) => r.method === 'PATCH' || r.method === 'POST')
        .filter((r) => r.host.startsWith('graph'));

    const preview = await harness.services.handlers.previewAdminChange({ target: 'partner', tenantId: CONTOSO });
    expect(preview.change.request.method).toBe('PATCH');
    expect(preview.requiredScope).toBe('Policy.ReadWrite.CrossTenantAccess');
    expect(writes()).toEqual([]);

    // A made-up confirmation is refused and nothing is written.
    const forged = await dispatchIpc(harness.services.handlers, 'applyAdminChange', {
      confirmationId: 'not-the-confirmation-0000',
    });
    expect(forged.ok === false && forged.error.code).toBe('not-found');
    expect(writes()).toEqual([]);

    const result = await harness.services.handlers.applyAdminChange({ confirmationId: preview.confirmationId });
    expect(result).toMatchObject({ applied: true, tookEffect: true });
    expect(writes().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `PATCH /v1.0/policies/crossTenantAccessPolicy/partners/${CONTOSO} 204`,
    ]);
    expect(await harness.services.handlers.getAdminStatus(undefined)).toMatchObject({ account: { canWrite: true } });

    // The next report shows it, set for the partner now; the confirmation was for one use.
    const after = await harness.services.handlers.readAdminReport({});
    const contoso = after.organisations.find((o) => o.tenantId === CONTOSO)!;
    expect(contoso.trust.mfa).toEqual({ value: true, source: 'partner' });
    expect(contoso.suggestion).toBeNull();
    const again = await dispatchIpc(harness.services.handlers, 'applyAdminChange', {
      confirmationId: preview.confirmationId,
    });
    expect(again.ok === false && again.error.code).toBe('not-found');
    expect(writes()).toHaveLength(1);
  });

  it('creates the partner entry when there is none, and the report then shows it set', async () => {
    const harness = await signedIn();
    await harness.services.handlers.readAdminReport({});
    const preview = await harness.services.handlers.previewAdminChange({ target: 'partner', tenantId: FOURTH_COFFEE });
    const result = await harness.services.handlers.applyAdminChange({ confirmationId: preview.confirmationId });
    expect(result).toMatchObject({ applied: true, tookEffect: true });
    const after = await harness.services.handlers.readAdminReport({});
    const org = after.organisations.find((o) => o.tenantId === FOURTH_COFFEE)!;
    expect(org.hasPartnerConfiguration).toBe(true);
    expect(org.trust.mfa).toEqual({ value: true, source: 'partner' });
  });

  it('explains a tenant without a P1 licence instead of showing empty sign-in counts', async () => {
    const harness = await signedIn(scenario((t) => (t.license = 'free')));
    const report = await harness.services.handlers.readAdminReport({});
    expect(report.refusals.map((r) => [r.section, r.kind, r.code])).toEqual([
      ['registrations', 'no-licence', 'Authentication_RequestFromNonPremiumTenantOrB2CTenant'],
      ['signIns', 'no-licence', 'Authentication_RequestFromNonPremiumTenantOrB2CTenant'],
    ]);
    expect(report.refusals[1]!.message).toMatch(/P1 or P2/);
    const contoso = report.organisations.find((o) => o.tenantId === CONTOSO)!;
    // Guests and trust are still there; what could not be read is null, not 0.
    expect(contoso.counts.guests).toBe(2);
    expect(contoso.counts.signIns).toBeNull();
    expect(contoso.counts.registeredHere).toBeNull();
  });

  it('without a licence reads the registrations from each guest’s methods where the role allows it', async () => {
    const harness = await signedIn(
      scenario((t) => {
        t.license = 'free';
        t.resourceAdmin.adminRole = 'globalReader';
      }),
    );
    const report = await harness.services.handlers.readAdminReport({});
    expect(report.refusals.map((r) => [r.section, r.kind])).toEqual([['signIns', 'no-licence']]);
    const contoso = report.organisations.find((o) => o.tenantId === CONTOSO)!;
    expect(contoso.counts.registeredHere).toBe(2);
    expect(contoso.guests.map((g) => g.registeredHere?.methods)).toEqual([
      ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'],
      ['mobilePhone'],
    ]);
    expect(contoso.counts.signIns).toBeNull();
  });

  it('ends an admin sign-in that waits for the browser when the user cancels', async () => {
    let opened!: () => void;
    const browserOpened = new Promise<void>((resolve) => (opened = resolve));
    // A browser that shows the sign-in page and never completes it.
    app = await startApp(scenario(), { env: { browser: async () => opened() } });
    const signIn = dispatchIpc(app.services.handlers, 'adminSignIn', {});
    await browserOpened;
    await app.services.handlers.cancelSignIn(undefined);
    const result = await signIn;
    expect(result.ok === false && result.error.code).toBe('cancelled');
    expect((await app.services.handlers.getAdminStatus(undefined)).account).toBeNull();
  });

  it('explains a missing role and a missing consent with a 403 each', async () => {
    const noRole = await signedIn(scenario((t) => (t.resourceAdmin.adminRole = 'reportsReader')));
    const report = await noRole.services.handlers.readAdminReport({});
    expect(report.refusals.map((r) => [r.section, r.kind, r.code])).toEqual([
      ['policy', 'no-role', 'Authorization_RequestDenied'],
    ]);
    expect(report.refusals[0]!.message).toMatch(/Security Reader/);
    expect(report.organisations.every((o) => o.suggestion === null)).toBe(true);
    await noRole.close();
    app = null;

    const noConsent = await signedIn(scenario((t) => (t.resourceAdmin.withheldScopes = ['AuditLog.Read.All'])));
    const partial = await noConsent.services.handlers.readAdminReport({});
    expect(partial.refusals.map((r) => [r.section, r.kind])).toEqual([
      ['registrations', 'no-consent'],
      ['signIns', 'no-consent'],
    ]);
    expect(partial.refusals[1]!.message).toMatch(/AuditLog\.Read\.All/);
    // The rest of the report is read: guests and the trust per organisation.
    expect(partial.organisations.find((o) => o.tenantId === CONTOSO)?.counts.guests).toBe(2);
  });
});
