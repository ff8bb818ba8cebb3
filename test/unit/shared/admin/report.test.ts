/**
 * The partner-admin report's readings on Graph-shaped inputs: a partner's null trust inherits the default,
 * sign-ins count by how MFA was met, guests who redeemed without an Entra organisation are ones trust cannot
 * help, and the CSV keeps a hostile display name inert.
 */
import { describe, expect, it } from 'vitest';
import { adminReportToCsv } from '../../../../shared/admin/export';
import {
  buildAdminReport,
  effectiveTrust,
  registrationFromMethods,
  signInKind,
  type AdminReads,
} from '../../../../shared/admin/report';

const HOME = '6f0d3b5e-4c1a-4d2e-9a7b-1c2d3e4f5a60';
const HERE = '2b6f1c4e-8d3a-4f7b-9c1e-5a4d3c2b1a0f';

function reads(overrides: Partial<AdminReads> = {}): AdminReads {
  return {
    tenantId: HERE,
    tenantDisplayName: 'Woodgrove',
    generatedAt: '2026-12-07T06:00:00.000Z',
    signInDays: 30,
    policy: {
      defaultTrust: {
        isMfaAccepted: false,
        isCompliantDeviceAccepted: true,
        isHybridAzureADJoinedDeviceAccepted: false,
      },
      partners: [{ tenantId: HOME, inboundTrust: null }],
    },
    guests: [
      {
        id: 'g1',
        displayName: '=HYPERLINK("http://evil.example")',
        mail: 'a@contoso.example',
        externalUserState: 'Accepted',
        identities: [{ signInType: 'federated', issuer: 'ExternalAzureAD', issuerAssignedId: null }],
      },
      {
        id: 'g2',
        displayName: 'Pat',
        mail: 'pat@outlook.example',
        externalUserState: 'Accepted',
        identities: [{ signInType: 'federated', issuer: 'MicrosoftAccount' }],
      },
    ],
    registrations: [
      { id: 'g1', isMfaRegistered: true, methodsRegistered: ['microsoftAuthenticatorPush'] },
      { id: 'g2', isMfaRegistered: true, methodsRegistered: ['mobilePhone'] },
    ],
    signIns: [
      {
        userId: 'g1',
        homeTenantId: HOME,
        crossTenantAccessType: 'b2bCollaboration',
        authenticationRequirement: 'multiFactorAuthentication',
        authenticationDetails: [
          { authenticationStepRequirement: 'Primary authentication', succeeded: true },
          {
            authenticationStepRequirement: 'Multifactor authentication',
            succeeded: true,
            authenticationStepResultDetail: 'MFA successfully completed',
          },
        ],
      },
    ],
    tenantInformation: { [HOME]: { displayName: 'Contoso', defaultDomainName: 'contoso.example' } },
    refusals: [],
    ...overrides,
  };
}

describe('the partner-admin report', () => {
  it('reads a partner value left null as inherited from the default, and a set one as the partner’s', () => {
    const defaults = {
      isMfaAccepted: false,
      isCompliantDeviceAccepted: true,
      isHybridAzureADJoinedDeviceAccepted: null,
    };
    expect(effectiveTrust(defaults, null)).toEqual({
      mfa: { value: false, source: 'default' },
      compliantDevice: { value: true, source: 'default' },
      hybridJoinedDevice: { value: false, source: 'default' },
    });
    const partner = {
      isMfaAccepted: true,
      isCompliantDeviceAccepted: null,
      isHybridAzureADJoinedDeviceAccepted: false,
    };
    expect(effectiveTrust(defaults, partner).mfa).toEqual({ value: true, source: 'partner' });
    expect(effectiveTrust(defaults, partner).compliantDevice).toEqual({ value: true, source: 'default' });
  });

  it('counts a sign-in whose MFA step says "satisfied by claim in the token" as met by the home claim', () => {
    expect(
      signInKind({
        authenticationRequirement: 'multiFactorAuthentication',
        authenticationDetails: [
          { authenticationStepResultDetail: 'MFA requirement satisfied by claim in the token', succeeded: true },
        ],
      }),
    ).toBe('claim');
    expect(signInKind({ authenticationRequirement: 'singleFactorAuthentication', authenticationDetails: [] })).toBe(
      'singleFactor',
    );
  });

  it('suggests the partner PATCH keeping the device trust that applies today, and sets aside a personal account', () => {
    const report = buildAdminReport(reads());
    const [org] = report.organisations;
    expect(org?.suggestion?.request.body).toEqual({
      inboundTrust: {
        isMfaAccepted: true,
        isCompliantDeviceAccepted: true,
        isHybridAzureADJoinedDeviceAccepted: false,
      },
    });
    expect(org?.suggestion?.removableRegistrations).toEqual(['g1']);
    expect(org?.counts.signIns).toEqual({ total: 1, satisfiedByClaim: 0, mfaHere: 1, singleFactor: 0 });
    expect(report.guestsWithoutHome.map((g) => [g.id, g.trustCannotHelp])).toEqual([['g2', true]]);
  });

  it('suggests nothing when the policy could not be read, rather than guess the trust', () => {
    const report = buildAdminReport(reads({ policy: null }));
    expect(report.organisations[0]?.suggestion).toBeNull();
    expect(report.defaultTrust).toBeNull();
  });

  it('reads a guest with only a password and an email method as not MFA-registered', () => {
    const password = { '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'p' };
    const email = { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id: 'e' };
    const phone = { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', id: 'm' };
    expect(registrationFromMethods('g', [password, email])).toEqual({
      id: 'g',
      isMfaRegistered: false,
      methodsRegistered: ['email'],
    });
    expect(registrationFromMethods('g', [password, phone]).isMfaRegistered).toBe(true);
  });

  it('exports CSV with a formula-looking display name made inert', () => {
    const csv = adminReportToCsv(buildAdminReport(reads()));
    const row = csv.split('\r\n')[1]!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(row.startsWith('Contoso,')).toBe(true);
  });
});
